"""The plane emoji come from the site's own font (atlas.site.emoji), so they are drawn on a machine with no
colour-emoji font (this one has none): the subset is small, declared only for its code points, and loaded
by a page that shows them."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from atlas.site.emoji import EMOJI, FAMILY, OUT
from browser import browser_test, needs_chromium


def test_the_subset_holds_every_plane_emoji_and_little_else(built_site):
    fonts = sorted((built_site / OUT).glob("*.woff2"))
    covered = set()
    for path in fonts:
        covered |= set(TTFont(path).getBestCmap())
    assert {ord(ch) for ch in EMOJI} <= covered
    assert sum(p.stat().st_size for p in fonts) < 20_000
    assert (built_site / OUT / "OFL.txt").read_text().startswith("Copyright")


@browser_test
@needs_chromium
def test_a_page_with_plane_emoji_draws_them_with_the_sites_font(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url + "mermaid-style-guide/")
    page.evaluate("() => document.fonts.ready")
    cell = page.locator("td", has_text="🌐 Edge").first
    assert FAMILY in cell.evaluate("e => getComputedStyle(e).fontFamily")
    page.wait_for_function(f"() => document.fonts.check('16px \"{FAMILY}\"', '🌐')")
    loaded = page.evaluate(f"() => [...document.fonts].filter(f => f.family.replace(/\"/g, '') === '{FAMILY}')"
                           ".map(f => f.status)")
    assert "loaded" in loaded
    offline_page.assert_nothing_blocked()
