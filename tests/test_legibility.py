"""Every diagram of the real site, drawn by the real viewer with the pinned Mermaid in Chromium
(issue 13): it renders, its smallest label is at least 11 CSS px in the page's default view at
1400 px, and on a 390 px phone its own controls reach 11 px labels while its default view stays
inside the window.

The site is built and served once per session (sitebuild.py; the build whose site_url is its served
address, so a tab moves from page to page by Material's instant navigation, as a reader does, and
loads Mermaid once); one pass over every page measures every diagram at both sizes
(atlas.bench.legibility, the measurement `make bench` reports), and each diagram is then one test
per check, named by its page and Markdown line.
"""

from __future__ import annotations

import pytest

from atlas.bench.legibility import LEGIBLE_PX, TOLERANCE_PX as TOLERANCE, instant_navigation, measure_site, site_diagrams
from browser import needs_chromium

DIAGRAMS = site_diagrams()

# The module's one measuring pass grows with the site (every diagram, two sizes); the hang guard grows with it.
pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.timeout(max(600, 4 * len(DIAGRAMS)))]
IDS = [d.id for d in DIAGRAMS]


@pytest.fixture(scope="module")
def measured(chromium, instant_site_url) -> dict[str, dict[str, dict]]:
    """{"laptop": {id: row}, "phone": {id: row}} for every diagram of the site."""
    assert instant_navigation(instant_site_url), "the instant-navigation build's sitemap does not list its own address"
    results = measure_site(chromium, instant_site_url, DIAGRAMS, best_of_all=False)
    return {view: {row["id"]: row for row in rows} for view, rows in results.items()}


def test_the_site_has_its_diagrams():
    assert len(DIAGRAMS) >= 250 and len(set(IDS)) == len(IDS)


@pytest.mark.parametrize("diagram_id", IDS)
def test_renders(measured, diagram_id):
    for view in ("laptop", "phone"):
        error = measured[view][diagram_id]["error"]
        assert error is None, f"{diagram_id}: Mermaid could not draw it ({view}): {error}"


@pytest.mark.parametrize("diagram_id", IDS)
def test_labels_are_legible_in_the_default_view_at_1400px(measured, diagram_id):
    row = measured["laptop"][diagram_id]
    assert row["error"] is None, row["error"]
    assert row["labels"] > 0
    assert row["min_px"] >= LEGIBLE_PX - TOLERANCE, (
        f"{diagram_id}: smallest label {row['min_px']:.2f} px ({row['min_text']!r}) at 1400 px")
    assert row["box_right"] <= row["window_w"] and row["box_w"] <= row["frame_w"] + 2 + 0.5  # inside the column


@pytest.mark.parametrize("diagram_id", IDS)
def test_a_phone_reaches_legible_labels_and_its_default_view_fits_the_window(measured, diagram_id):
    row = measured["phone"][diagram_id]
    assert row["error"] is None, row["error"]
    assert not row["overflow"], f"{diagram_id}: wider than the phone's window ({row['box_left']}..{row['box_right']})"
    assert row["reach_px"] >= LEGIBLE_PX - TOLERANCE, (
        f"{diagram_id}: its controls reach {row['reach_px']:.2f} px labels at most on a 390 px phone")
