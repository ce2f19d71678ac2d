"""A whole build, for either engine: generate (atlas.site.generate) -> the engine's own build of the
folder it wrote -> finish (atlas.site.finish) -> the diagrams drawn into the pages (atlas.site.prerender).
`atlas site build` and `make build [ENGINE=zensical]` run it; so do the tests and the benches, so what
they check is what is published."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .finish import finish
from .generate import BUILD_DIR, generate
from .prerender import prerender

ENGINES = ("mkdocs", "zensical")
ZENSICAL_SITE = "zensical-site"
REPO = Path(__file__).resolve().parents[3]


class SiteBuildError(RuntimeError):
    pass


def engine_command(engine: str, config: Path, site_dir: Path) -> list[str]:
    exe = Path(sys.executable).parent / engine
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", engine]
    if engine == "mkdocs":
        return [*base, "build", "--clean", "--quiet", "--config-file", str(config), "--site-dir", str(site_dir)]
    if engine == "zensical":  # site_dir comes from the generated config; --clean drops Zensical's cache
        return [*base, "build", "--clean", "--config-file", str(config)]
    raise SiteBuildError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")


def build_site(dest: Path, root: Path = REPO, engine: str = "mkdocs", docs: Path | None = None,
               site_url: str | None = None, extra_yaml: str = "", build_dir: Path | None = None,
               say=None, draw: bool = True) -> Path:
    """Build the site of `root` (its mkdocs.yml; `docs` another tree, if given) into `dest` with `engine`,
    its diagrams drawn (unless `draw` is false) with the cache in `root`/.cache/prerender. `say(line)`, if given, hears what the
    drawing did; a diagram left undrawn (no Chromium, or Mermaid failed) is always told on stderr.
    Raises SiteBuildError with the engine's output when a step fails."""
    dest = dest.resolve()
    out = build_dir or (root / BUILD_DIR if docs is None and dest == (root / "site").resolve()
                        else dest.parent / f"{dest.name}-build")
    if site_url is not None:
        extra_yaml = f"site_url: {site_url}\n" + extra_yaml
    # Zensical writes only inside its project (the generated folder); its site is moved to `dest` after.
    engine_site = out.resolve() / ZENSICAL_SITE if engine == "zensical" else dest
    generated = generate(root, out, site_dir=engine_site, docs=docs, extra_yaml=extra_yaml)
    proc = subprocess.run(engine_command(engine, generated.config, engine_site), cwd=generated.out,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                          timeout=900)
    if proc.returncode != 0 or not (engine_site / "index.html").is_file():
        raise SiteBuildError(f"{engine} build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if engine_site != dest:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.move(str(engine_site), str(dest))
    finish(dest, generated.out)
    if not draw:
        return dest
    drawn = prerender(dest, root / ".cache" / "prerender")
    if say is not None:
        say(f"{drawn.diagrams} diagrams ({drawn.unique} distinct): {drawn.drawn} drawings made, {drawn.cached} "
            f"from the cache, {drawn.pages} pages written, {drawn.seconds:.1f} s")
    for line in ([drawn.skipped] if drawn.skipped else []) + [
            f"{where}: Mermaid could not draw it at build time (left to the reader's browser, which shows why)"
            for where in drawn.failed]:
        print(f"atlas site: warning: {line}", file=sys.stderr)
    return dest
