"""Build the real site once per test session and serve it on 127.0.0.1.

The fixtures are registered in conftest.py, so every test module shares one build; a test module
must not import them itself (pytest would then build the site again for that module):

* built_site       -- Path of the real site, `mkdocs build` once per session into a tmp folder;
* site_url         -- that site served by a threaded http.server on 127.0.0.1 (base URL, ends '/');
* instant_site_url -- the real site built with site_url = its own served address, so Material's
                      instant navigation is active (see the fixture).

`build_site` is a plain helper; `SiteServer` and `serve` come from atlas.site_server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas import site_server
from atlas.site_server import SiteServer, serve  # noqa: F401 - re-exported for the tests


def build_site(dest: Path, site_url: str | None = None) -> Path:
    """The real site built into `dest` (atlas.site_server.build_site); fails the test with MkDocs'
    output if the build fails."""
    try:
        return site_server.build_site(dest, site_url=site_url)
    except site_server.SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)


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
