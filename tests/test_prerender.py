"""Diagrams drawn when the site is built (atlas.site.prerender), in real headless Chromium.

A small site is built with the real build (build_site); its drawings are checked in the HTML, in a
browser with and without JavaScript, and against the drawing the reader's browser makes of the same
source. The cache is checked on a copy of a built site with a cache folder of its own. tests/test_viewer.py
checks the viewer's features on the real site, drawn both ways.
"""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest

from atlas.site import prerender as prerender_module
from atlas.site.build import SiteBuildError, build_site
from atlas.site.fence import fence_mermaid
from atlas.site.prerender import prerender, sources_of, undrawn
from atlas.site.server import serve
from browser import close, drawn_by_the_browser, mermaid_loads, needs_chromium, open_offline
from pagebuilder import PLANE_CLASSDEFS, Tree

FLOW = f"""flowchart LR
    subgraph Edge["🌐 Edge"]
        LB["Load balancer<br/>TLS & HTTP/2"]
    end
    subgraph Service["⚙️ Service"]
        API["API"]
    end
    subgraph State["💾 State"]
        DB[("PostgreSQL 16")]
    end
    LB -->|"p99 < 40 ms"| API --> DB
    click DB "../other/" "Where the data lives"
{PLANE_CLASSDEFS}
    class LB edgeStyle
    class API serviceStyle
    class DB stateStyle
"""
SEQUENCE = """sequenceDiagram
    participant C as Client
    participant S as Server
    C->>S: GET /health
    S-->>C: 200 OK
"""
BROKEN = "flowchart LR\n    A --> B\n    click A call\n    B -->|unclosed label A\n"
DIAGRAMS_PAGE = f"# Diagrams\n\n```mermaid\n{FLOW}```\n\nBetween.\n\n```mermaid\n{SEQUENCE}```\n"
BROKEN_PAGE = f"# Broken\n\n```mermaid\n{BROKEN}```\n"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("prerender") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write("diagrams.md", DIAGRAMS_PAGE)
    tree.write("broken.md", BROKEN_PAGE)
    tree.write("other.md", "# Other\n")
    try:
        site = build_site(tree.root / "site", docs=tree.docs)
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    with serve(site) as url:
        yield site, url


def test_a_built_page_carries_each_diagram_drawn_and_the_dark_drawing_is_a_file(built):
    site, _ = built
    page = (site / "diagrams" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="atlas-diagram"[^>]*data-prerendered[^>]*>.*?</svg></div></div></div>', page, re.S)
    assert len(blocks) == 2
    for block in blocks:
        light = re.search(r'<div class="atlas-diagram__svg"><svg[^>]* id="(atlas-d[0-9a-f]{16})"', block)
        url = re.search(r'data-drawn-dark="(\.\./assets/diagrams/[0-9a-f]{32}\.svg)"', block)
        assert light and url, block[:300]
        dark = (site / "diagrams" / url.group(1)).resolve().read_text(encoding="utf-8")
        dark_id = re.match(r'<svg[^>]* id="(atlas-d[0-9a-f]{16})"', dark)
        assert dark_id and dark_id.group(1) != light.group(1)
        assert 'data-pagefind-ignore="all"' in block  # labels are not search text
        assert " data-points=" not in block  # compacted: what nothing reads once drawn
    # the source stays, byte for byte as the fence wrote it (copy-source, print fallback, search exclusion)
    assert sources_of(undrawn(page)) == [FLOW.rstrip("\n"), SEQUENCE.rstrip("\n")]
    assert sources_of(page) == []  # nothing left for the browser to draw


def test_a_diagram_mermaid_cannot_draw_is_left_to_the_browser_and_named(built, tmp_path):
    site, _ = built
    broken = (site / "broken" / "index.html").read_text(encoding="utf-8")
    assert "data-prerendered" not in broken and sources_of(broken) == [BROKEN.rstrip("\n")]
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    result = prerender(copy, tmp_path / "cache")
    assert result.failed == ["broken/index.html, diagram 1"]
    assert (copy / "broken" / "index.html").read_text(encoding="utf-8") == broken


def undrawn_copy(site, tmp_path):
    """A copy of the built site whose diagrams page is as it was before drawing: (copy, page, its HTML)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "diagrams" / "index.html"
    plain = undrawn(page.read_text(encoding="utf-8"))
    page.write_text(plain, encoding="utf-8")
    return copy, page, plain


def test_the_cache_draws_only_what_changed(built, tmp_path):
    site, _ = built
    copy, page, plain = undrawn_copy(site, tmp_path)
    first = prerender(copy, tmp_path / "cache")
    assert (first.diagrams, first.drawn, first.cached) == (3, 4, 0)  # 2 drawable × 2 schemes; broken drawn by no one
    drawn_once = page.read_text(encoding="utf-8")

    page.write_text(plain, encoding="utf-8")
    again = prerender(copy, tmp_path / "cache")
    assert (again.drawn, again.cached) == (0, 4)
    assert page.read_text(encoding="utf-8") == drawn_once

    page.write_text(plain.replace("GET /health", "GET /ready"), encoding="utf-8")  # one diagram edited
    edited = prerender(copy, tmp_path / "cache")
    assert (edited.drawn, edited.cached) == (2, 2)

    viewer = copy / "javascripts" / "mermaid-interactive.js"  # what shapes every drawing changed
    viewer.write_text(viewer.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    page.write_text(plain, encoding="utf-8")
    redrawn = prerender(copy, tmp_path / "cache")
    assert (redrawn.drawn, redrawn.cached) == (4, 0)


def test_a_drawing_no_build_has_used_for_two_weeks_leaves_the_cache(built, tmp_path):
    site, _ = built
    copy, page, plain = undrawn_copy(site, tmp_path)
    cache = tmp_path / "cache"
    prerender(copy, cache)
    stale = cache / ("0" * 32 + ".svg")  # an old diagram's drawing, no longer on any page
    stale.write_text("<svg/>", encoding="utf-8")
    weeks_ago = time.time() - 20 * 86400
    for drawing in cache.glob("*.svg"):
        os.utime(drawing, (weeks_ago, weeks_ago))

    page.write_text(plain, encoding="utf-8")
    again = prerender(copy, cache)
    assert (again.drawn, again.cached) == (0, 4)  # those the page uses are kept, and fresh again
    assert not stale.exists()
    kept = list(cache.glob("*.svg"))
    assert len(kept) == 4 and all(d.stat().st_mtime > weeks_ago for d in kept)


def test_without_chromium_the_pages_are_left_for_the_browser(built, tmp_path, monkeypatch):
    site, _ = built
    copy, page, plain = undrawn_copy(site, tmp_path)
    monkeypatch.setattr(prerender_module, "CHROMIUM", str(tmp_path / "no-chromium"))
    result = prerender(copy, tmp_path / "cache")
    assert "no Chromium" in result.skipped and result.failed == [] and result.pages == 0
    assert page.read_text(encoding="utf-8") == plain


def test_without_javascript_the_drawing_shows_and_the_source_does_not(chromium, built):
    _, url = built
    opened = open_offline(chromium, java_script_enabled=False)
    try:
        opened.page.goto(url + "diagrams/")
        svg = opened.page.locator(".atlas-diagram__svg > svg").first
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        assert not opened.page.locator(".atlas-diagram__source").first.is_visible()
        assert opened.page.locator(".atlas-diagram__svg > svg").first.locator("text=PostgreSQL 16").count() == 1
    finally:
        close(opened.context)
    assert opened.blocked == []


LAYOUT = """() => [...document.querySelectorAll('.atlas-diagram')].map(b => {
    const svg = b.querySelector('.atlas-diagram__svg > svg');
    return {theme: b.dataset.theme, base: b.dataset.baseScale, pannable: b.dataset.pannable,
            viewBox: svg.getAttribute('viewBox'), nodes: svg.querySelectorAll('g.node, .actor').length,
            links: [...svg.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href')),
            labels: [...svg.querySelectorAll('.nodeLabel, text')].map(t => [t.textContent, getComputedStyle(t).color]
                      .join(' ')).sort()}; })"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_builds_drawing_is_the_one_the_browser_draws(chromium, built, scheme):
    """Same layout, same default view, same links and label colours (the contrast pass included) as
    Mermaid in the reader's browser: the drawing survives being written into HTML and read back."""
    _, url = built
    seen = {}
    for drawn_by in ("build", "browser"):
        opened = open_offline(chromium, color_scheme=scheme)
        if drawn_by == "browser":
            drawn_by_the_browser(opened.context)
        try:
            opened.page.goto(url + "diagrams/")
            theme = "dark" if scheme == "dark" else "default"
            for i in range(2):
                opened.page.locator(".atlas-diagram").nth(i).scroll_into_view_if_needed()
                opened.page.wait_for_function("([i, t]) => document.querySelectorAll('.atlas-diagram')[i].dataset.theme === t",
                                              arg=[i, theme], timeout=20_000)
            opened.page.evaluate("() => window.atlasViewer.idle()")
            seen[drawn_by] = opened.page.evaluate(LAYOUT)
            loads = mermaid_loads(opened.page)
            assert loads == (0 if drawn_by == "build" else 1)
        finally:
            close(opened.context)
        assert opened.blocked == [] and opened.errors == []
    assert seen["build"] == seen["browser"]
    assert seen["build"][0]["links"] == ["../other/"] and seen["build"][0]["nodes"] == 3


def test_a_long_pages_later_drawings_are_files_fetched_and_an_img_without_javascript(chromium, built, tmp_path, monkeypatch):
    site, _ = built
    copy, page, _ = undrawn_copy(site, tmp_path)
    monkeypatch.setattr(prerender_module, "INLINE_BYTES", 1)  # only the first drawing in the HTML
    prerender(copy, tmp_path / "cache")
    text = page.read_text(encoding="utf-8")
    assert text.count('<div class="atlas-diagram__svg"><svg') == 1 and text.count("<noscript><img") == 1
    with serve(copy) as url:
        opened = open_offline(chromium)
        try:
            opened.page.goto(url + "diagrams/")
            second = opened.page.locator(".atlas-diagram").nth(1)
            second.scroll_into_view_if_needed()
            opened.page.wait_for_function("() => document.querySelectorAll('.atlas-diagram')[1].dataset.renders === '1'")
            assert second.locator(".atlas-diagram__svg > svg").get_attribute("id").startswith("atlas-d")
            assert second.locator(".atlas-diagram__svg > svg").locator("text=GET /health").count() == 1
            assert mermaid_loads(opened.page) == 0
            fetched = opened.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
            assert any("/assets/diagrams/" in u for u in fetched)
        finally:
            close(opened.context)
        assert opened.blocked == [] and opened.errors == []
        no_js = open_offline(chromium, java_script_enabled=False)
        try:
            no_js.page.goto(url + "diagrams/")
            img = no_js.page.locator("img.atlas-diagram__noscript")
            img.scroll_into_view_if_needed()
            no_js.page.wait_for_function("() => document.querySelector('img.atlas-diagram__noscript').naturalWidth > 0")
            assert img.bounding_box()["width"] > 100
        finally:
            close(no_js.context)


def test_another_chromium_or_other_fonts_draw_every_diagram_again(tmp_path, monkeypatch):
    """The cache key holds the Chromium version and the fonts it measures labels with: a drawing made by
    another version, or with other fonts, may place its nodes differently, so it is not taken again."""
    site = tmp_path / "site"
    site.mkdir()
    before = prerender_module.shapers_digest(site)
    assert prerender_module.shapers_digest(site) == before  # stable while nothing changes
    assert b"Chromium" in prerender_module.renderer() and b".ttf" in prerender_module.renderer()
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\necho Chromium 1.0.0.0\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(prerender_module, "CHROMIUM", str(fake))
    other_chromium = prerender_module.shapers_digest(site)
    assert other_chromium != before
    fonts = tmp_path / "fonts.conf"  # fontconfig with no font folder: no fonts at all
    fonts.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts))
    assert prerender_module.shapers_digest(site) not in (before, other_chromium)
