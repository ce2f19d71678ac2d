"""The 404 page, served as GitHub Pages serves it for a project site: under a sub-path (/atlas/), for any
missing URL. In Chromium it loads every asset, offers the search and links each main section."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from atlas.site.build import SiteBuildError, build_site
from atlas.site.server import SiteServer
from browser import browser_test, close, needs_chromium, open_offline
from pagebuilder import Tree, valid_page

PREFIX = "/atlas/"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("subpath") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write("debugging/index.md", "# Debugging\n")
    tree.write("debugging/infrastructure/postgres-connections.md", valid_page())
    out = tree.root / "site"
    try:  # MkDocs takes the 404 page's link prefix from the path of site_url: the port does not matter
        build_site(out, docs=tree.docs, site_url="http://127.0.0.1" + PREFIX)
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    real = SiteServer(out, prefix=PREFIX, pages_404=True).start()
    try:
        yield real.url
    finally:
        real.stop()


@browser_test
@needs_chromium
def test_a_missing_page_under_a_sub_path_loads_the_404_with_its_assets(chromium, subpath_site):
    opened = open_offline(chromium)
    failed = []
    opened.page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "no/such" not in r.url else None)
    response = opened.page.goto(subpath_site + "no/such/page/")
    assert response.status == 404
    page = opened.page
    assert page.locator("h1").inner_text() == "This page is not here"
    page.wait_for_load_state("networkidle")
    assert failed == [], f"assets that did not load: {failed}"
    css = page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position")
    assert css in ("sticky", "fixed")  # Material's stylesheet applied
    links = page.locator(".atlas-404-sections a")
    hrefs = [urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())]
    assert hrefs[0] == PREFIX and all(h.startswith(PREFIX) for h in hrefs)
    assert any("debugging" in h for h in hrefs)
    page.locator("label[for='__search'].md-button").click()
    assert page.evaluate("() => document.getElementById('__search').checked")
    page.goto(subpath_site + hrefs[-1].removeprefix(PREFIX))
    assert page.locator("h1").first.inner_text() != "This page is not here"
    assert opened.blocked == [] and opened.errors == []
    close(opened.context)
