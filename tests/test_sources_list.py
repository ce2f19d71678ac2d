"""The Sources list a page's citations turn into on the built site (atlas.site.provenance), in Chromium:
each [^id] reference links to its entry, the entry links to the source's URL and back to the reference,
the reference shows the source's title on hover and on keyboard focus, and a declared not-applicable
gate element is shown with its reason."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from atlas.site.build import SiteBuildError, build_site
from atlas.site.server import serve
from browser import browser_test, close, needs_chromium, open_offline
from pagebuilder import SOURCES, Tree, valid_page

PAGE = "systems/netflix/failure-domains"
REASON = "read-only path: no write is accepted, so none can be lost"


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("cited") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write(f"{PAGE}.md", valid_page("systems", system="netflix", kind="failure-domains",
                                        drop_sections=("Data loss",), not_applicable={"data-loss": REASON}))
    try:
        site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    with serve(site) as url:
        yield url


@pytest.fixture
def page(chromium, cited_site):
    opened = open_offline(chromium)
    opened.page.goto(cited_site + PAGE + "/")
    try:
        yield opened.page
    finally:
        assert opened.blocked == [], opened.blocked
        close(opened.context)


@browser_test
@needs_chromium
def test_the_page_ends_with_a_numbered_sources_list_of_its_sources(page):
    heading = page.locator("h2#sources")
    assert heading.inner_text().startswith("Sources")
    entries = page.locator("div.footnote ol > li")
    assert entries.count() == len(SOURCES)
    for i, source in enumerate(SOURCES):
        entry = entries.nth(i)
        assert entry.get_attribute("id") == f"fn:{source['id']}"
        link = entry.locator("a").first
        assert link.get_attribute("href") == source["url"] and link.inner_text() == source["title"]
        text = entry.inner_text()
        assert source["publisher"] in text and f"confidence {source['confidence']}" in text
        assert f"accessed {source['accessed'].isoformat()}" in text


@browser_test
@needs_chromium
def test_a_reference_links_to_its_entry_and_the_entry_links_back(page):
    refs = page.locator("a.footnote-ref")
    assert refs.count() >= len(SOURCES)
    first = refs.first
    target = urlsplit(first.get_attribute("href"))  # Material's script may make it absolute
    assert target.fragment == f"fn:{SOURCES[0]['id']}" and target.path in ("", f"/{PAGE}/")
    assert first.inner_text() == "1"
    first.click()
    assert urlsplit(page.url).fragment == f"fn:{SOURCES[0]['id']}"
    back = page.locator(f"li[id='fn:{SOURCES[0]['id']}'] a.footnote-backref").first
    ref_id = urlsplit(back.get_attribute("href")).fragment
    assert page.locator(f"[id='{ref_id}'] a.footnote-ref").count() == 1


@browser_test
@needs_chromium
@pytest.mark.parametrize("how", ["hover", "focus"])
def test_a_reference_shows_its_sources_title(page, how):
    ref = page.locator("a.footnote-ref").first
    ref.scroll_into_view_if_needed()
    getattr(ref, how)()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert SOURCES[0]["title"] in tooltip.inner_text()


@browser_test
@needs_chromium
def test_a_gate_element_declared_not_applicable_shows_its_reason(page):
    box = page.locator(".admonition", has_text="Does not apply to this page")
    assert box.count() == 1
    assert "Data loss" in box.inner_text() and REASON in box.inner_text()
