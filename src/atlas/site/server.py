"""The built site served on 127.0.0.1 and opened in Debian's Chromium: what the tests and the benchmarks
share. Every host but 127.0.0.1/localhost is unreachable."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
    prefix = "/"  # the sub-path the site is served under, as on a GitHub Pages project site
    not_found: bytes | None = None  # the site's 404.html, sent for any missing path (as Pages does)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def translate_path(self, path):
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.not_found is not None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(self.not_found)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(self.not_found)
            return
        super().send_error(code, message, explain)


class SiteServer:
    """A threaded HTTP server for a folder on 127.0.0.1, bound to a free port on creation (so the URL
    is known before the folder is built) and serving once started. With `prefix`, the site is served
    under that sub-path; with `pages_404`, a missing path gets the site's 404.html, as GitHub Pages does."""

    def __init__(self, directory: Path, prefix: str = "/", pages_404: bool = False):
        prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        not_found = (Path(directory) / "404.html").read_bytes() if pages_404 else None
        handler = type("Handler", (_QuietHandler,), {"prefix": prefix, "not_found": not_found})
        handler = functools.partial(handler, directory=str(directory))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{prefix}"

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
def serve(directory: Path, prefix: str = "/", pages_404: bool = False):
    """Serve `directory` on 127.0.0.1 on a free port (under `prefix`); yields the base URL (ends with '/')."""
    server = SiteServer(directory, prefix, pages_404).start()
    try:
        yield server.url
    finally:
        server.stop()
