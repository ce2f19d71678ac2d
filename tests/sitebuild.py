"""Build the real site once per test session and serve it on 127.0.0.1.

Import the fixtures into a test module (`from sitebuild import built_site, site_url`) or,
later, into conftest.py:

* built_site       -- Path of the real site, `mkdocs build` once per session into a tmp folder;
* site_url         -- that site served by a threaded http.server on 127.0.0.1 (base URL, ends '/');
* instant_site_url -- the real site built with site_url = its own served address, so Material's
                      instant navigation is active (see the fixture).

`build_site` is a plain helper; `SiteServer` and `serve` come from atlas.site_server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.site_server import SiteServer, serve  # noqa: F401 - re-exported for the tests

ROOT = Path(__file__).resolve().parents[1]


def _mkdocs() -> list[str]:
    exe = ROOT / ".venv" / "bin" / "mkdocs"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs"]


def build_site(dest: Path, site_url: str | None = None) -> Path:
    """`mkdocs build --site-dir dest` of the real site, from the repository root.

    With `site_url`, the build uses a throw-away config that INHERITs mkdocs.yml and only sets
    site_url (Material's instant navigation needs a sitemap whose URLs match the served origin).
    Fails the test with mkdocs' output if the build fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [*_mkdocs(), "build", "--site-dir", str(dest)]
    if site_url is not None:
        config = dest.parent / f"{dest.name}-mkdocs.yml"
        config.write_text(
            f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\n"
            f"site_url: {json.dumps(site_url)}\n"
            f"docs_dir: {json.dumps(str(ROOT / 'docs'))}\n"
            f"theme:\n  name: material\n  custom_dir: {json.dumps(str(ROOT / 'overrides'))}\n"
            f"hooks:\n  - {json.dumps(str(ROOT / 'src' / 'atlas' / 'mkdocs_hooks.py'))}\n",
            encoding="utf-8")
        cmd += ["--config-file", str(config)]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not (dest / "index.html").is_file():
        pytest.fail(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return dest


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per session into a temporary folder."""
    return build_site(tmp_path_factory.mktemp("atlas-site") / "site")


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served over HTTP on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def instant_site_url(tmp_path_factory):
    """The real site built with site_url set to the address it is served at, so Material's
    instant navigation is active (it intercepts only links listed in sitemap.xml, rebased by
    protocol and host name but not port)."""
    directory = tmp_path_factory.mktemp("atlas-site-instant") / "site"
    server = SiteServer(directory)
    try:
        build_site(directory, site_url=server.url)
        server.start()
        yield server.url
    finally:
        server.stop()
