"""Site search (src/atlas/site/search.py, docs/javascripts/search.js): the Pagefind index built with the
real site finds a page by an exact error string, offline, in Chromium; diagram sources are not
indexed; the on-call signals block is weighted and shows each error string verbatim."""

from __future__ import annotations

from html import unescape
from urllib.parse import urlsplit

import pytest

from atlas.entries import entries
from atlas.site.search import build_index, mark_body, signals_block, with_signals
from atlas.site.server import serve
from pagebuilder import REPO

from browser import browser_test, close, needs_chromium, open_offline


def test_signals_block_lists_error_strings_verbatim_and_is_weighted():
    block = signals_block({"symptoms": ["Checkout fails with HTTP 500"],
                           "error_signatures": ["FATAL: sorry, too many clients already", "a <b> & c"]})
    assert 'data-pagefind-weight="' in block
    assert "<code>FATAL: sorry, too many clients already</code>" in block
    assert "<code>a &lt;b&gt; &amp; c</code>" in block  # escaped: an error string is text, never markup
    assert "2 error strings, 1 symptom" in block
    assert signals_block({"symptoms": [], "error_signatures": []}) == ""


def test_signals_block_goes_right_after_the_title():
    out = with_signals("intro line\n# Kafka lag\n\nBody.\n", {"symptoms": ["Lag grows"]})
    lines = out.splitlines()
    assert lines[1] == "# Kafka lag" and "atlas-signals" in lines[3]
    assert with_signals("# T\n", {}) == "# T\n"


def test_only_the_article_is_marked_for_indexing():
    html = '<nav>menu</nav><article class="md-content__inner md-typeset"><h1>T</h1></article>'
    assert mark_body(html) == ('<nav>menu</nav><article data-pagefind-body class="md-content__inner md-typeset">'
                               "<h1>T</h1></article>")


def test_the_built_site_has_a_pagefind_index_and_no_material_index(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert any((built_site / "pagefind" / "index").iterdir())
    assert not (built_site / "search" / "search_index.json").exists()  # would be 2.8 MB at 1,000 pages


def _pages_with_signatures():
    found = [(e, str(s)) for c in ("debugging", "incidents", "systems") for e in entries(REPO / "docs", c)
             for s in e.meta.get("error_signatures") or [] if len(str(s)) >= 12]
    if not found:
        pytest.fail("no committed page lists an error signature of 12+ characters to search for")
    return found


def _search(page, query):
    page.keyboard.press("/")
    box = page.locator(".atlas-search__input")
    assert page.evaluate("() => document.getElementById('__search').checked")  # the dialog is open
    assert box.is_visible()
    box.fill(query)
    page.wait_for_function("q => document.querySelector('.atlas-search__results').dataset.query === q", arg=query)
    return page.evaluate("() => Array.from(document.querySelectorAll('.atlas-search__results a'))"
                         ".map(a => new URL(a.href).pathname)")


@browser_test
@needs_chromium
def test_an_exact_error_string_finds_its_page_offline(offline_page, site_url):
    entry, signature = _pages_with_signatures()[0]
    page = offline_page.page
    page.goto(site_url)
    found = _search(page, signature)
    expected = "/" + entry.rel.removesuffix(".md") + "/"
    assert expected in found[:3], f"{signature!r}: expected {expected} in the top 3 of {found}"
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_enter_opens_the_first_result_and_escape_closes_search(offline_page, site_url):
    entry, signature = _pages_with_signatures()[0]
    page = offline_page.page
    page.goto(site_url)
    found = _search(page, signature)
    page.keyboard.press("Escape")
    assert page.evaluate("() => [document.getElementById('__search').checked, "
                         "document.activeElement.classList.contains('atlas-search__input')]") == [False, False]
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == found[0])  # the query string marks the search terms
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_diagram_source_is_not_indexed(offline_page, site_url):
    """`serviceStyle` is in every diagram's source; in prose only on the style guide, which shows sources
    as text on purpose. No other page may match it."""
    with_diagrams = [p for c in ("systems", "incidents", "debugging")
                     for p in (REPO / "docs" / c).rglob("*.md") if "serviceStyle" in p.read_text(encoding="utf-8")]
    assert with_diagrams, "no committed page has a diagram to test against"
    page = offline_page.page
    page.goto(site_url)
    assert _search(page, "serviceStyle") == ["/mermaid-style-guide/"]
    assert _search(page, "zzqxvw") == []
    assert unescape(page.locator(".atlas-search__meta").inner_text()) == "No matching pages"


# --- the signals weight, measured through the real Pagefind index ------------------------------------

def _material_page(title: str, article: str) -> str:
    """A page shaped like Material's output (its <article>), marked for indexing as the build marks it."""
    return mark_body(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                     f'<body><article class="md-content__inner md-typeset"><h1>{title}</h1>{article}</article>'
                     "</body></html>")


FILLER = "<p>The orders service keeps its connections in a pool and the pool drains under load.</p>"

RANKED_JS = """async (q) => {
  const pf = await import('/pagefind/pagefind.js');
  const found = await pf.search(q);
  return Promise.all(found.results.map(async r => (await r.data()).url));
}"""


@browser_test
@needs_chromium
def test_a_word_in_the_signals_block_outranks_the_same_word_five_times_in_body_text(tmp_path, chromium):
    """`xylogram` once in the signals block (data-pagefind-weight = SIGNALS_WEIGHT) must outrank a page
    with it five times in plain body text (weight 1). With the pinned Pagefind the body page wins when
    the signals weigh 4 or less, so an error string pasted at 3 AM finds the page that lists it."""
    site = tmp_path / "site"
    pages = {
        "signals": _material_page("Pool exhaustion", FILLER + signals_block({"error_signatures": ["xylogram overflow"]})),
        "body": _material_page("Pool sizing", FILLER + "<p>" + " ".join(["A xylogram."] * 5) + "</p>"),
    }
    for name, html in pages.items():
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(html, encoding="utf-8")
    build_index(site, REPO / "node_modules")
    with serve(site) as url:
        opened = open_offline(chromium)
        try:
            opened.page.goto(url + "body/")
            ranked = opened.page.evaluate(RANKED_JS, "xylogram")
        finally:
            close(opened.context)
    assert ranked == ["/signals/", "/body/"]
    assert opened.blocked == [] and opened.errors == []
