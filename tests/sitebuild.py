"""Build the real site once per test session and serve it on 127.0.0.1.

The fixtures are registered in conftest.py, so every test module shares one build; a test module
must not import them itself (pytest would then build the site again for that module):

* built_site       -- Path of the real site, `mkdocs build` once per session into a tmp folder;
* site_url         -- that site served by a threaded http.server on 127.0.0.1 (base URL, ends '/');
* instant_site_url -- the real site built with site_url = its own served address, so Material's
                      instant navigation is active (see the fixture).

`build_site` is a plain helper; `SiteServer` and `serve` come from atlas.site.server.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from atlas.site.build import SiteBuildError
from atlas.site.build import build_site as _build
from atlas.site.server import SiteServer, serve  # noqa: F401 - re-exported for the tests


def build_site(dest: Path, site_url: str | None = None, **options) -> Path:
    """The real site built into `dest` (atlas.site.build.build_site: generate, MkDocs, finish; `options`
    are its other arguments: docs, draw ...); fails the test with the engine's output if the build fails."""
    try:
        return _build(dest, site_url=site_url, **options)
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)


class _Builds:
    """The two builds a session needs, started together on first use: the instant-navigation site (only
    if a collected test asks for it) builds in a thread while the plain one builds, so on two cores the
    second build costs little wall time."""

    def __init__(self, tmp_path_factory, instant: bool):
        self.plain_dir = tmp_path_factory.mktemp("atlas-site") / "site"
        self.instant_dir = tmp_path_factory.mktemp("atlas-site-instant") / "site"
        self.server = SiteServer(self.instant_dir)  # bound now: the URL is known before the build
        self._instant_error: BaseException | None = None
        self._thread = threading.Thread(target=self._build_instant, daemon=True) if instant else None
        if self._thread:
            self._thread.start()
        self.plain = build_site(self.plain_dir)

    def _build_instant(self) -> None:
        try:
            _build(self.instant_dir, site_url=self.server.url)
        except BaseException as exc:  # reported to the test that asks for the site
            self._instant_error = exc

    def instant_url(self) -> str:
        if self._thread is None:  # no collected test asked for it up front (e.g. a fixture added later)
            build_site(self.instant_dir, site_url=self.server.url)
        else:
            self._thread.join()
            if self._instant_error is not None:
                pytest.fail(str(self._instant_error), pytrace=False)
        self.server.start()
        return self.server.url


@pytest.fixture(scope="session")
def _site_builds(request, tmp_path_factory):
    instant = any("instant_site_url" in item.fixturenames for item in request.session.items)
    builds = _Builds(tmp_path_factory, instant)
    yield builds
    builds.server.stop()


@pytest.fixture(scope="session")
def built_site(_site_builds) -> Path:
    """The real site, built once per session into a temporary folder."""
    return _site_builds.plain


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served over HTTP on 127.0.0.1."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def instant_site_url(_site_builds):
    """The real site built with site_url set to the address it is served at, so Material's
    instant navigation is active (it intercepts only links listed in sitemap.xml, rebased by
    protocol and host name but not port)."""
    return _site_builds.instant_url()
