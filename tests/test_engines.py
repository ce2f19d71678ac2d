"""One site, two engines: the same generated folder built by MkDocs + Material (the default) and by
Zensical (`make build ENGINE=zensical`) gives the same pages, URLs and nav, and in Chromium the Zensical
site renders every diagram offline, has the viewer's buttons and finds a page by its error string.

What Zensical 0.0.73 does differently is named in ZENSICAL_DIFFERENCES (README, "Site build")."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from atlas.site.build import SiteBuildError, build_site
from atlas.site.server import serve
from browser import browser_test, needs_chromium
from test_search import _pages_with_signatures, _search
from test_site_offline import assert_all_rendered

# Files one engine writes and the other does not, with the reason. Nothing else may differ.
ZENSICAL_DIFFERENCES = {
    "search.json": "Zensical writes its own search index whatever the config says; the site's search is "
                   "Pagefind (the header override), so no page requests it (checked below)",
    "sitemap.xml.gz": "MkDocs also writes a gzipped sitemap; Zensical only sitemap.xml",
}
PAGES = ["index.html", "systems/stripe/architecture/index.html", "debugging/index.html",
         "incidents/index.html", "technologies/index.html", "status/index.html"]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    try:
        # Without the build's drawings (atlas.site.prerender, engine-neutral, tested on the MkDocs site):
        # they would be drawn again for Zensical's own CSS, ~2 min, and the viewer test below then checks
        # that the reader's browser draws every diagram on a Zensical page.
        return build_site(tmp_path_factory.mktemp("atlas-zensical") / "site", engine="zensical", draw=False)
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and not p.relative_to(site).as_posix().startswith(("pagefind/", "assets/javascripts/", "assets/stylesheets/"))}


def _nav(site: Path, page: str) -> list[str]:
    """The primary nav's links on a page, resolved against the page's URL (engines spell them apart:
    '.', './', '')."""
    html = (site / page).read_text(encoding="utf-8")
    start = html.find("md-nav--primary")
    block = html[start: html.find("md-sidebar--secondary", start)]  # the primary sidebar, nested navs included
    base = "http://site/" + page.removesuffix("index.html")
    return [urlsplit(urljoin(base, href)).path + ("#" + urlsplit(urljoin(base, href)).fragment
                                                  if "#" in href else "") for href in re.findall(r'href="([^"]*)"', block)]


def test_both_engines_build_the_same_pages_and_urls(built_site, zensical_site):
    mkdocs, zensical = _files(built_site), _files(zensical_site)
    # the MkDocs site is drawn (assets/diagrams/, atlas.site.prerender); the Zensical test build is not
    extra = {Path(f).name for f in mkdocs ^ zensical if not f.startswith("assets/diagrams/")}
    assert extra <= set(ZENSICAL_DIFFERENCES), f"unnamed differences: {sorted(mkdocs ^ zensical)}"
    assert {f for f in mkdocs if f.endswith(".html")} == {f for f in zensical if f.endswith(".html")}
    assert len([f for f in mkdocs if f.endswith(".html")]) > 100


@pytest.mark.parametrize("page", PAGES)
def test_both_engines_give_the_same_nav(built_site, zensical_site, page):
    assert _nav(built_site, page) == _nav(zensical_site, page)
    assert _nav(built_site, page), f"no primary nav on {page}"


def test_both_engines_index_the_same_pages_for_search(built_site, zensical_site):
    def marked(site):
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
                if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert marked(built_site) == marked(zensical_site) != set()


@browser_test
@needs_chromium
def test_the_zensical_site_renders_diagrams_offline_with_the_viewer(offline_page, zensical_site):
    with serve(zensical_site) as url:
        offline_page.page.goto(url + "mermaid-style-guide/")
        diagrams = offline_page.diagrams()
        assert_all_rendered(diagrams)
        buttons = offline_page.page.locator(".atlas-diagram").first.locator(".atlas-diagram__button")
        assert buttons.count() >= 5
        offline_page.page.wait_for_load_state("networkidle")
        offline_page.assert_nothing_blocked()
        assert not [u for u in offline_page.requests if u.endswith("search.json")]


@browser_test
@needs_chromium
def test_the_zensical_site_finds_a_page_by_its_error_string(offline_page, zensical_site):
    entry, signature = _pages_with_signatures()[0]
    with serve(zensical_site) as url:
        offline_page.page.goto(url)
        found = _search(offline_page.page, signature)
        assert "/" + entry.rel.removesuffix(".md") + "/" in found[:3]
        offline_page.assert_nothing_blocked()
