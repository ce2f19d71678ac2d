"""`atlas site generate | finish | build`: the site's build steps (atlas.site), engine-neutral."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ..site.build import SiteBuildError, build_site
from ..site.finish import finish
from ..site.generate import BUILD_DIR, generate


def run(args) -> int:
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file() or not (root / "docs").is_dir():
        print(f"atlas site: {root} has no mkdocs.yml and docs/ (run from the repository root or pass --root)",
              file=sys.stderr)
        return 2
    out = Path(args.build_dir).resolve() if args.build_dir else root / BUILD_DIR
    site_dir = Path(args.site_dir).resolve() if args.site_dir else root / "site"
    started = time.perf_counter()
    try:
        if args.step == "generate":
            result = generate(root, out, site_dir=site_dir)
            for warning in result.warnings:
                print(f"atlas site: warning: {warning}", file=sys.stderr)
            print(f"{out}: {result.written} files written, {result.removed} removed, "
                  f"{len(result.indexed)} pages for search; build it with `mkdocs build -f {out / 'mkdocs.yml'}` "
                  f"or `zensical build -f {out / 'mkdocs.yml'}`, then `atlas site finish`", file=sys.stderr)
        elif args.step == "finish":
            if not (site_dir / "index.html").is_file():
                print(f"atlas site: {site_dir} holds no built site (index.html): build it first", file=sys.stderr)
                return 2
            marked = finish(site_dir, out)
            print(f"{site_dir}: finished ({marked} pages indexed for search)", file=sys.stderr)
        else:
            build_site(site_dir, root=root, engine=args.engine, build_dir=out,
                       say=lambda line: print(f"atlas site: {line}", file=sys.stderr))
            print(f"{site_dir}: built with {args.engine} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    except (SiteBuildError, FileNotFoundError, OSError) as exc:
        print(f"atlas site {args.step}: {exc}", file=sys.stderr)
        return 1
    return 0
