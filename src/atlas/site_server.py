"""The real site built into a folder, served on 127.0.0.1 and opened in Debian's Chromium: what the
tests and the benchmarks share. Every host but 127.0.0.1/localhost is unreachable."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


REPO = Path(__file__).resolve().parents[2]


class SiteBuildError(RuntimeError):
    pass


def build_site(dest: Path, docs: Path | None = None, site_url: str | None = None, extra_yaml: str = "") -> Path:
    """`mkdocs build` of the real configuration into `dest`, from a throw-away config that INHERITs
    mkdocs.yml with absolute paths (so it builds from anywhere) and may set another docs tree, the
    site_url (Material's instant navigation needs a sitemap matching the served origin) or more YAML.
    Raises SiteBuildError with MkDocs' output when the build fails."""
    lines = [f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}",
             f"docs_dir: {json.dumps(str(docs or REPO / 'docs'))}",
             f"theme:\n  name: material\n  custom_dir: {json.dumps(str(REPO / 'overrides'))}",
             f"hooks:\n  - {json.dumps(str(REPO / 'src' / 'atlas' / 'mkdocs_hooks.py'))}"]
    if site_url is not None:
        lines.append(f"site_url: {json.dumps(site_url)}")
    config = dest.parent / f"{dest.name}-mkdocs.yml"
    dest.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("\n".join(lines) + "\n" + extra_yaml, encoding="utf-8")
    exe = Path(sys.executable).parent / "mkdocs"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs"]
    proc = subprocess.run([*cmd, "build", "--quiet", "--site-dir", str(dest), "--config-file", str(config)],
                          cwd=REPO, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                          timeout=600)
    if proc.returncode != 0 or not (dest / "index.html").is_file():
        raise SiteBuildError(f"mkdocs build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return dest


CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")  # Debian's; CI elsewhere may point at another build
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync",
                 # belt and braces: even a request a route never sees cannot reach another host
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def launch_chromium(playwright):
    """Headless Chromium with the settings above (a Playwright sync API instance)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class SiteServer:
    """A threaded HTTP server for a folder on 127.0.0.1, bound to a free port on creation (so the URL
    is known before the folder is built) and serving once started."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> "SiteServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="atlas-site-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 on a free port; yields the base URL (ends with '/')."""
    server = SiteServer(directory).start()
    try:
        yield server.url
    finally:
        server.stop()
