"""What Material readers expect, on the real built site in Chromium (issue 17): keyboard shortcuts and
their list, search terms marked on the opened page, previous/next links, each page's version, review and
edit link, on-call signals visible without a click, no tab to an empty section, and the phone drawer."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from atlas.catalog import CATEGORIES, is_catalogued_rel
from browser import browser_test, close, needs_chromium, open_offline
from pagebuilder import REPO
from test_search import _pages_with_signatures, _search

pytestmark = [browser_test, needs_chromium]


def _search_open(page) -> bool:
    return page.evaluate("() => document.getElementById('__search').checked")


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_each_search_key_opens_the_search(offline_page, site_url, key):
    page = offline_page.page
    page.goto(site_url + "debugging/")
    page.keyboard.press(key)
    assert _search_open(page)
    assert page.evaluate("() => document.activeElement.classList.contains('atlas-search__input')")


def test_f_over_a_diagram_is_the_viewers_fullscreen_not_the_search(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url)
    block = page.locator(".atlas-diagram").first
    block.scroll_into_view_if_needed()
    page.wait_for_selector(".atlas-diagram[data-rendered='true']")
    block.hover()
    page.keyboard.press("f")
    assert not _search_open(page)
    page.wait_for_function("() => document.fullscreenElement !== null")
    page.keyboard.press("Escape")


def test_question_mark_lists_every_shortcut_including_the_viewers(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url)
    page.keyboard.press("?")
    dialog = page.locator("dialog.atlas-shortcuts")
    assert dialog.evaluate("d => d.open")
    text = dialog.inner_text()
    for listed in ("Search", "Fullscreen", "Zoom in", "Pan", "Previous page", "Next page"):
        assert listed in text
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")


def test_n_and_p_and_the_footer_move_between_pages(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url + "debugging/")
    footer_next = page.locator("a.md-footer__link--next")
    assert footer_next.count() == 1
    target = urlsplit(footer_next.get_attribute("href")).path
    page.keyboard.press("n")
    page.wait_for_url(re.compile(re.escape(target.rstrip("/").split("/")[-1])))
    page.keyboard.press("p")
    page.wait_for_url("**/debugging/")


def test_the_search_terms_are_marked_on_the_opened_page(offline_page, site_url):
    entry, signature = _pages_with_signatures()[0]
    page = offline_page.page
    page.goto(site_url)
    found = _search(page, signature)
    assert found
    page.locator(".atlas-search__results a").first.click()
    page.wait_for_selector("article mark.atlas-hit")
    marked = page.evaluate("() => [...document.querySelectorAll('article mark.atlas-hit')].map(m => m.textContent.toLowerCase())")
    words = page.evaluate("q => window.atlasSearch.words(q)", signature)
    assert set(words) & set(marked)
    offline_page.assert_nothing_blocked()


def test_a_page_shows_its_version_review_and_sources(offline_page, site_url):
    rel = next(p.relative_to(REPO / "docs").as_posix() for p in sorted((REPO / "docs" / "debugging").rglob("*.md"))
               if is_catalogued_rel(p.relative_to(REPO / "docs").as_posix()))
    page = offline_page.page
    page.goto(site_url + rel.removesuffix(".md") + "/")
    facts = page.locator(".atlas-page-facts").inner_text()
    assert facts.startswith("Page version ") and ("last reviewed" in facts or "not reviewed yet" in facts)
    assert page.locator("h2#sources").count() == 1


def test_the_on_call_signals_are_visible_without_a_click(offline_page, site_url):
    entry, signature = _pages_with_signatures()[0]
    page = offline_page.page
    page.goto(site_url + entry.rel.removesuffix(".md") + "/")
    block = page.locator("details.atlas-signals")
    assert block.evaluate("d => d.open")
    assert page.locator("details.atlas-signals li code", has_text=signature).first.is_visible()


def test_no_tab_leads_to_a_section_without_pages(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url)
    tabs = page.evaluate("() => [...document.querySelectorAll('.md-tabs__link')].map(a => a.textContent.trim())")
    titles = {title: folder for folder, (title, _) in CATEGORIES.items()}
    for tab in tabs:
        folder = titles.get(tab)
        if folder:
            pages = [p for p in (REPO / "docs" / folder).rglob("*.md") if is_catalogued_rel(p.relative_to(REPO / "docs").as_posix())]
            assert pages, f"the {tab} tab leads to a section with no pages"
    assert "Systems" in tabs and "Debugging" in tabs


def test_on_a_phone_the_drawer_opens_on_the_main_sections(chromium, site_url):
    opened = open_offline(chromium, viewport={"width": 390, "height": 844})
    page = opened.page
    page.goto(site_url)
    page.locator(".md-header label[for='__drawer']").click()
    page.wait_for_timeout(600)  # the drawer slides in
    visible = page.evaluate("() => [...document.querySelectorAll('.md-nav--primary .md-nav__link')].filter(a => {"
                            " const r = a.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= 390; })"
                            ".map(a => a.textContent.trim())")
    assert {"Systems", "Incidents", "Debugging"} <= set(visible), visible
    assert "Mermaid style guide" not in visible, "the drawer opened on the Home folder, not the main sections"
    page.goto(site_url + "systems/")
    links = page.locator("article li a")
    assert links.count() >= 8 and links.first.is_visible()
    close(opened.context)


CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                     return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const b = document.querySelector('.atlas-diagram__button');
  let opacity = 1;
  for (let e = b; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
  const fg = getComputedStyle(b).color, bg = getComputedStyle(b).backgroundColor;
  const [a, c] = [lum(fg), lum(bg)];
  return {ratio: (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05), opacity};
}"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_diagram_toolbar_keeps_3_to_1_in_both_schemes(offline_page, site_url, scheme):
    page = offline_page.page
    page.goto(site_url + "mermaid-style-guide/")
    page.evaluate(f"() => document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.locator(".atlas-diagram").first.scroll_into_view_if_needed()
    page.wait_for_selector(".atlas-diagram[data-rendered='true'] .atlas-diagram__button")
    page.mouse.move(0, 0)  # not hovered: the toolbar must not fade
    measured = page.evaluate(CONTRAST)
    assert measured["opacity"] == 1 and measured["ratio"] >= 3.0, measured
