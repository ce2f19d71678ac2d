"""The diagram viewer (docs/javascripts/mermaid-interactive.js) in real headless Chromium.

The real site is built once per session (sitebuild.py) and served on 127.0.0.1; every request to
another host is aborted and fails the test. Each behaviour of issues 3 and 13 is asserted through
the DOM: the transform the viewer applies, document.fullscreenElement, the SVG's links, colours
and label sizes (atlas.bench.legibility's measurement), the clipboard, the downloaded file, the
page as laid out for print. No timing is asserted. tests/test_legibility.py checks the label
budget on every diagram of the site.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

import pytest

from atlas.bench.legibility import LEGIBLE_PX, MEASURE_JS
from atlas.pages import load_page
from browser import close, drawn_by_the_browser, mermaid_loads, needs_chromium, open_offline
from pagebuilder import REPO

GUIDE = "mermaid-style-guide/"
PLANE_FILLS = {"edgeStyle": "rgb(59, 130, 246)", "serviceStyle": "rgb(16, 185, 129)",
               "stateStyle": "rgb(245, 158, 11)", "controlStyle": "rgb(139, 92, 246)"}
WHEEL_STEP = math.exp(0.2)  # one Ctrl + wheel notch of deltaY 100 (mermaid-interactive.js: exp(-delta * 0.002))

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def browser_page(chromium):
    opened = open_offline(chromium)
    yield opened
    close(opened.context)
    assert opened.blocked == [], f"requests to other hosts: {opened.blocked}"
    assert opened.errors == [], f"page errors: {opened.errors}"


@pytest.fixture
def guide(browser_page, site_url):
    """The style guide with its first diagram rendered; returns the page."""
    page = browser_page.page
    page.goto(site_url + GUIDE)
    show(page, 0)
    return page


# The built site carries each diagram drawn by the build (atlas.site.prerender); `mkdocs serve` (and a
# build without Chromium) leaves the drawing to the reader's browser. Tests of what differs run both.
DRAWN_BY = ["build", "browser"]



# --- helpers (all read the DOM) ----------------------------------------------------------------------


def guide_source(index: int) -> str:
    """The Mermaid source of the style guide's diagram `index`, from its Markdown (counts are read, not hard-coded)."""
    return load_page(REPO / "docs" / "mermaid-style-guide.md", REPO / "docs").diagrams[index].source


def plane_nodes(source: str) -> set[str]:
    """The node ids a diagram's `class A,B <plane>Style` lines put in a plane."""
    return {node.strip() for m in re.finditer(r"^\s*class\s+(.+?)\s+(\w+Style)\s*$", source, re.M)
            if m.group(2) in PLANE_FILLS for node in m.group(1).split(",")}


def wait_rendered(page, index, theme="default"):
    page.wait_for_function(
        """([i, theme]) => { const b = document.querySelectorAll('.atlas-diagram')[i];
             return b && b.dataset.theme === theme && b.querySelector('.atlas-diagram__svg > svg') && b.dataset.renders; }""",
        arg=[index, theme], timeout=20_000)
    page.evaluate("() => window.atlasViewer.idle()")


def diagram(page, index=0):
    return page.locator(".atlas-diagram").nth(index)


def transform(page, index=0) -> dict:
    """The matrix the browser applies to the diagram (scale, translation), and the viewer's data-scale."""
    return page.evaluate("""i => {
        const b = document.querySelectorAll('.atlas-diagram')[i];
        const m = new DOMMatrix(getComputedStyle(b.querySelector('.atlas-diagram__svg')).transform);
        return {scale: m.a, skew: m.b, x: m.e, y: m.f, data: parseFloat(b.dataset.scale)};
    }""", index)


def centre(page, index=0) -> tuple[float, float]:
    box = page.evaluate("""i => { const r = document.querySelectorAll('.atlas-diagram__viewport')[i].getBoundingClientRect();
                                  return [r.left + r.width / 2, r.top + r.height / 2]; }""", index)
    return box[0], box[1]


def smallest_label(page, index=0) -> float:
    """The smallest label of a diagram as drawn now, in CSS px on the screen."""
    return diagram(page, index).evaluate(MEASURE_JS)["min_px"]


def zoom_range(page, index=0) -> tuple[float, float]:
    block = diagram(page, index)
    return float(block.get_attribute("data-min-scale")), float(block.get_attribute("data-max-scale"))


def drawing_in_frame(page, index=0) -> dict:
    """The drawn SVG's box against its frame's (the viewport), in client px."""
    return page.evaluate("""i => { const b = document.querySelectorAll('.atlas-diagram')[i];
        const f = b.querySelector('.atlas-diagram__viewport').getBoundingClientRect();
        const s = b.querySelector('.atlas-diagram__svg > svg').getBoundingClientRect();
        return {left: s.left - f.left, right: f.right - s.right, top: s.top - f.top, bottom: f.bottom - s.bottom,
                width: s.width, height: s.height, frame_w: f.width, frame_h: f.height}; }""", index)


def show(page, index):
    """Scroll a diagram into the middle of the window and wait for its render."""
    diagram(page, index).evaluate("b => b.scrollIntoView({block: 'center'})")
    wait_rendered(page, index, page.evaluate("document.body.dataset.mdColorScheme === 'slate' ? 'dark' : 'default'"))


def ctrl_wheel(page, x, y, delta_y, notches=1):
    page.mouse.move(x, y)
    page.keyboard.down("Control")
    for _ in range(notches):
        page.mouse.wheel(0, delta_y)
    page.keyboard.up("Control")
    next_frame(page)


def next_frame(page):
    """Wait for the next animation frame: input events sent before it have been handled."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")


def diagram_point(page, x, y, index=0) -> tuple[float, float]:
    """The point of the (unscaled) drawing under the client point (x, y)."""
    return tuple(page.evaluate("""([i, x, y]) => {
        const h = document.querySelectorAll('.atlas-diagram__svg')[i], r = h.getBoundingClientRect();
        const s = new DOMMatrix(getComputedStyle(h).transform).a;
        return [(x - r.left) / s, (y - r.top) / s];
    }""", [index, x, y]))


CONTRAST_JS = """
const rgba = css => { const m = css.match(/[\\d.]+/g).map(Number); return m.length === 4 ? m : [...m, 1]; };
const lum = ([r, g, b]) => { const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                             return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const over = (top, bottom) => top.slice(0, 3).map((v, k) => v * top[3] + bottom[k] * (1 - top[3]));
// What lies behind an HTML element inside the diagram: its own and its ancestors' backgrounds
// composited over the container's.
const behind = (el, block) => { const layers = [];
  for (let n = el; n && n !== block; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c[3] > 0) layers.push(c); }
  return layers.reverse().reduce((acc, c) => over(c, acc), rgba(getComputedStyle(block).backgroundColor).slice(0, 3)); };
"""

PLANE_LABELS_JS = CONTRAST_JS + """i => {
  const block = document.querySelectorAll('.atlas-diagram')[i];
  const planes = 'g.node.edgeStyle, g.node.serviceStyle, g.node.stateStyle, g.node.controlStyle';
  return [...block.querySelectorAll(planes)].map(node => {
    const shape = node.querySelector('.label-container');
    const text = node.querySelector('.nodeLabel p') || node.querySelector('.nodeLabel');
    return {cls: node.getAttribute('class'), fill: getComputedStyle(shape).fill,
            contrast: ratio(rgba(getComputedStyle(text).color), rgba(getComputedStyle(shape).fill)),
            text: text.textContent};
  });
}"""

EDGE_LABELS_JS = CONTRAST_JS + """i => {
  const block = document.querySelectorAll('.atlas-diagram')[i];
  return [...block.querySelectorAll('.edgeLabel p')].filter(p => p.textContent.trim()).map(p =>
    ({text: p.textContent, contrast: ratio(rgba(getComputedStyle(p).color), behind(p, block))}));
}"""

SEQUENCE_TEXT_JS = CONTRAST_JS + """i => {
  const block = document.querySelectorAll('.atlas-diagram')[i], svg = block.querySelector('.atlas-diagram__svg > svg');
  const boxes = [...svg.querySelectorAll(':scope > g > rect.rect')];
  const page = rgba(getComputedStyle(block).backgroundColor);
  const texts = [...svg.querySelectorAll('text.messageText, :scope > g > rect.rect + text')].map(t => {
    const b = t.getBBox(), x = b.x + b.width / 2, y = b.y + b.height / 2;
    const box = boxes.filter(r => { const q = r.getBBox(); return x >= q.x && x <= q.x + q.width && y >= q.y && y <= q.y + q.height; }).pop();
    const bg = box ? rgba(getComputedStyle(box).fill) : page;
    return {text: t.textContent, onBox: !!box, contrast: ratio(rgba(getComputedStyle(t).fill), bg)};
  });
  return {texts, boxes: boxes.map(r => getComputedStyle(r).fill)};
}"""


# --- zoom ---------------------------------------------------------------------------------------------


def test_ctrl_wheel_zooms_around_the_pointer(guide):
    x, y = centre(guide)
    x -= 100  # off-centre, so zooming around the pointer differs from zooming around the centre
    before = diagram_point(guide, x, y)
    ctrl_wheel(guide, x, y, -100)
    t = transform(guide)
    assert t["scale"] == pytest.approx(WHEEL_STEP, rel=1e-3) and t["skew"] == 0
    assert t["data"] == pytest.approx(WHEEL_STEP, abs=1e-3)
    assert diagram_point(guide, x, y) == pytest.approx(before, abs=0.5), "the point under the pointer moved"


@pytest.mark.parametrize("index", [0, 1])  # drawn legibly in a frame that pans; fitted to the column
def test_zoom_runs_from_the_whole_diagram_to_44px_labels(guide, index):
    """The zoom range follows the diagram: in, until its smallest label is 44 px (4 x the 11 px
    budget); out, until the whole drawing fits its frame, or to half the default view."""
    show(guide, index)
    low, high = zoom_range(guide, index)
    x, y = centre(guide, index)
    ctrl_wheel(guide, x, y, -300, notches=16)
    assert transform(guide, index)["scale"] == pytest.approx(high, abs=1e-3)
    assert smallest_label(guide, index) == pytest.approx(4 * LEGIBLE_PX, rel=1e-3) or high == 1
    ctrl_wheel(guide, x, y, 300, notches=30)
    assert transform(guide, index)["scale"] == pytest.approx(low, abs=1e-3)
    assert low <= 0.5 + 1e-3
    if low < 0.5 - 1e-3:  # zooming out stops where the whole drawing fits
        box = drawing_in_frame(guide, index)
        assert box["width"] <= box["frame_w"] + 1 and box["height"] <= box["frame_h"] + 1
        assert box["width"] == pytest.approx(box["frame_w"], abs=1) or box["height"] == pytest.approx(box["frame_h"], abs=1)


def test_plain_wheel_scrolls_the_page_and_does_not_zoom(guide):
    x, y = centre(guide)
    guide.mouse.move(x, y)
    guide.mouse.wheel(0, 300)
    guide.wait_for_function("() => window.scrollY > 0")
    assert transform(guide)["scale"] == 1


def test_buttons_zoom_reset_and_toggle_fullscreen(guide):
    block = diagram(guide)
    block.hover()
    block.locator("[data-action=zoom-in]").click()
    assert transform(guide)["scale"] == pytest.approx(1.25)
    block.locator("[data-action=zoom-out]").click()
    block.locator("[data-action=zoom-out]").click()
    assert transform(guide)["scale"] == pytest.approx(0.8)
    block.locator("[data-action=reset]").click()
    assert transform(guide) == {"scale": 1, "skew": 0, "x": 0, "y": 0, "data": 1}
    block.locator("[data-action=fullscreen]").click()
    guide.wait_for_function("() => document.fullscreenElement === document.querySelector('.atlas-diagram')")
    block.locator("[data-action=fullscreen]").click()
    guide.wait_for_function("() => document.fullscreenElement === null")


def test_keyboard_zooms_resets_and_pans_when_the_diagram_has_focus(guide):
    block = diagram(guide)
    block.focus()
    scrolled = guide.evaluate("window.scrollY")
    guide.keyboard.press("+")
    guide.keyboard.press("+")
    assert transform(guide)["scale"] == pytest.approx(1.5625)
    guide.keyboard.press("-")
    assert transform(guide)["scale"] == pytest.approx(1.25)
    guide.keyboard.press("0")
    guide.keyboard.press("ArrowRight")
    guide.keyboard.press("ArrowDown")
    guide.keyboard.press("ArrowDown")
    assert transform(guide) == {"scale": 1, "skew": 0, "x": -40, "y": -80, "data": 1}
    assert guide.evaluate("window.scrollY") == scrolled, "arrow keys on a focused diagram scrolled the page"


def test_keys_do_nothing_without_focus(guide):
    guide.locator("body").click(position={"x": 5, "y": 300})
    guide.keyboard.press("+")
    assert transform(guide)["scale"] == 1


# --- pan ----------------------------------------------------------------------------------------------


def test_drag_pans_by_the_distance_dragged(guide):
    x, y = centre(guide)
    guide.mouse.move(x, y)
    guide.mouse.down()
    guide.mouse.move(x + 60, y + 20, steps=4)
    guide.mouse.move(x + 120, y + 60, steps=4)
    guide.mouse.up()
    t = transform(guide)
    assert (t["x"], t["y"], t["scale"]) == (120, 60, 1)


def test_dragging_a_node_link_pans_and_does_not_follow_it(guide):
    show(guide, 1)  # the debugging flowchart: fitted, so its link is in view
    link = diagram(guide, 1).locator("svg a").first.bounding_box()
    lx, ly = link["x"] + link["width"] / 2, link["y"] + link["height"] / 2
    guide.mouse.move(lx, ly)
    guide.mouse.down()
    guide.mouse.move(lx - 30, ly, steps=5)  # the node moves with the pointer: released over the link
    guide.mouse.up()
    next_frame(guide)
    assert urlsplit(guide.url).path.endswith(GUIDE)
    assert transform(guide, 1)["x"] == -30


# --- legible by default, "Fit" to see it whole (issue 13) ----------------------------------------------


def test_a_diagram_too_wide_to_fit_legibly_is_drawn_legibly_in_a_frame_that_pans(guide):
    """The guide's first flowchart, fitted to its column, would draw labels under 11 px: it is
    drawn with its smallest label at 11 px, wider than its frame, inside the column."""
    block = diagram(guide)
    assert block.get_attribute("data-pannable") == "true"
    assert smallest_label(guide) == pytest.approx(LEGIBLE_PX, abs=0.01)
    box = drawing_in_frame(guide)
    assert box["width"] > box["frame_w"] + 10 and box["left"] == pytest.approx(0, abs=1)
    fit = block.locator("[data-action=fit]")
    assert fit.is_visible() and fit.text_content() == "Fit"
    # the button row is not faint here, hovered or not (waited for: its opacity has a transition)
    guide.mouse.move(1, 1)
    guide.wait_for_function("() => getComputedStyle(document.querySelector('.atlas-diagram__toolbar')).opacity === '1'")
    show(guide, 1)  # the debugging flowchart fits its column legibly: no frame to pan, no Fit
    assert diagram(guide, 1).get_attribute("data-pannable") == "false"
    assert smallest_label(guide, 1) >= LEGIBLE_PX
    assert not diagram(guide, 1).locator("[data-action=fit]").is_visible()


def test_fit_shows_the_whole_diagram_and_pressed_again_goes_back(guide):
    block = diagram(guide)
    block.locator("[data-action=fit]").click()
    box = drawing_in_frame(guide)
    assert min(box["left"], box["right"], box["top"], box["bottom"]) >= -1, box
    assert box["left"] == pytest.approx(box["right"], abs=1) and box["top"] == pytest.approx(box["bottom"], abs=1)
    assert box["width"] == pytest.approx(box["frame_w"], abs=1) or box["height"] == pytest.approx(box["frame_h"], abs=1)
    assert block.locator("[data-action=fit]").get_attribute("aria-pressed") == "true"
    assert transform(guide)["scale"] == pytest.approx(zoom_range(guide)[0], abs=1e-3)
    block.locator("[data-action=fit]").click()
    assert transform(guide) == {"scale": 1, "skew": 0, "x": 0, "y": 0, "data": 1}
    assert block.locator("[data-action=fit]").get_attribute("aria-pressed") == "false"


def test_a_sideways_wheel_pans_a_legible_frame_and_a_vertical_one_scrolls(guide):
    x, y = centre(guide)
    scroll = guide.evaluate("window.scrollY")
    guide.mouse.move(x, y)
    guide.mouse.wheel(120, 0)  # a trackpad's sideways swipe
    next_frame(guide)
    assert transform(guide)["x"] == -120 and guide.evaluate("window.scrollY") == scroll
    guide.mouse.wheel(0, 300)
    guide.wait_for_function("s => window.scrollY > s", arg=scroll)
    assert transform(guide)["x"] == -120


# --- fullscreen ---------------------------------------------------------------------------------------


def test_f_opens_the_hovered_diagram_fullscreen_fitted_and_esc_leaves(guide):
    block = diagram(guide)
    block.hover()
    guide.keyboard.press("f")
    guide.wait_for_function("() => document.fullscreenElement === document.querySelector('.atlas-diagram')")
    guide.wait_for_function("() => document.querySelector('.atlas-diagram').dataset.pannable === 'false'")
    # the frame is the screen below the button row; the drawing fits it, larger than in the column
    box = drawing_in_frame(guide)
    W, H = guide.evaluate("[innerWidth, innerHeight]")
    assert box["frame_w"] == pytest.approx(W, abs=1) and box["frame_h"] > H - 60
    assert min(box["left"], box["right"], box["top"], box["bottom"]) >= -1
    assert box["width"] == pytest.approx(W, abs=1) or box["height"] == pytest.approx(box["frame_h"], abs=1)
    assert smallest_label(guide) > LEGIBLE_PX
    # ... and stays zoomable in fullscreen
    ctrl_wheel(guide, W / 2, H / 2, -100)
    assert transform(guide)["scale"] == pytest.approx(WHEEL_STEP, rel=1e-3)
    guide.keyboard.press("Escape")
    guide.wait_for_function("() => document.fullscreenElement === null")
    # leaving fullscreen resets the view (fullscreenchange fires after the element has left)
    guide.wait_for_function("() => document.querySelector('.atlas-diagram').dataset.scale === '1'")
    assert transform(guide)["scale"] == 1


def test_f_uses_the_focused_diagram(guide):
    show(guide, 1)
    diagram(guide, 1).focus()
    guide.mouse.move(1, 1)  # nothing hovered
    guide.keyboard.press("F")
    guide.wait_for_function("() => document.fullscreenElement === document.querySelectorAll('.atlas-diagram')[1]")
    guide.keyboard.press("Escape")
    guide.wait_for_function("() => document.fullscreenElement === null")


def test_f_in_a_text_field_types_an_f(guide):
    diagram(guide).hover()
    guide.evaluate("""() => { const i = document.createElement('input'); i.id = 'probe';
                              document.querySelector('.md-content').prepend(i); i.focus(); }""")
    guide.keyboard.press("f")
    assert guide.input_value("#probe") == "f"
    assert guide.evaluate("document.fullscreenElement") is None


# --- clickable nodes ----------------------------------------------------------------------------------


def test_clickable_nodes_link_and_look_clickable(guide, site_url):
    first = diagram(guide).locator("svg a").first
    assert first.get_attribute("xlink:href") == "https://www.postgresql.org/docs/16/runtime-config-connection.html"
    look = first.evaluate("""a => { const p = a.querySelector('.nodeLabel p');
        return {cursor: getComputedStyle(a.querySelector('g.node')).cursor,
                underline: getComputedStyle(p).textDecorationLine}; }""")
    assert look == {"cursor": "pointer", "underline": "underline"}
    plain = diagram(guide).locator("g.node:not(.clickable) .nodeLabel p").first
    assert plain.evaluate("p => getComputedStyle(p).textDecorationLine") == "none"

    show(guide, 1)  # the debugging flowchart: its first check links to the Debugging section
    atlas_link = diagram(guide, 1).locator("svg a").first
    assert atlas_link.get_attribute("xlink:href") == "../debugging/"
    atlas_link.click()
    guide.wait_for_url(site_url + "debugging/")


# --- dark mode ----------------------------------------------------------------------------------------


def toggle_dark(page):
    page.click("form[data-md-component=palette] label[for='__palette_1']")  # "Switch to dark mode"
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")


def near_diagrams(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.atlas-diagram')].map((b, i) => ({
        i, theme: b.dataset.theme || null, renders: +(b.dataset.renders || 0),
        svg: (b.querySelector('.atlas-diagram__svg > svg') || {}).id || null}))""")


@pytest.mark.parametrize("drawn_by", DRAWN_BY)
def test_palette_toggle_re_renders_each_rendered_diagram_exactly_once(browser_page, site_url, drawn_by):
    if drawn_by == "browser":
        drawn_by_the_browser(browser_page.context)
    guide = browser_page.page
    guide.goto(site_url + GUIDE)
    show(guide, 0)
    show(guide, 1)
    light = [d for d in near_diagrams(guide) if d["renders"]]
    assert len(light) >= 2 and all(d["renders"] == 1 and d["theme"] == "default" for d in light)
    toggle_dark(guide)
    for d in light:
        wait_rendered(guide, d["i"], "dark")
    guide.evaluate("() => window.atlasViewer.idle()")
    after = {d["i"]: d for d in near_diagrams(guide)}
    for d in light:
        assert after[d["i"]]["theme"] == "dark"
        assert after[d["i"]]["renders"] == 2, f"diagram {d['i']} rendered {after[d['i']]['renders']} times"
        assert after[d["i"]]["svg"] != d["svg"]
    assert mermaid_loads(guide) == (0 if drawn_by == "build" else 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plane_colours_are_the_contracts_and_labels_read_at_4_5_to_1(guide, scheme):
    if scheme == "dark":
        toggle_dark(guide)
    # architecture, debugging (decision diamonds) and state diagrams: every node is in a plane
    for index in (0, 1, 3):
        show(guide, index)
        nodes = guide.evaluate(PLANE_LABELS_JS, index)
        assert len(nodes) == len(plane_nodes(guide_source(index))) > 0
        for node in nodes:
            plane = next(c for c in PLANE_FILLS if c in node["cls"].split())
            assert node["fill"] == PLANE_FILLS[plane], node
            assert node["contrast"] >= 4.5, node
    show(guide, 0)
    edges = guide.evaluate(EDGE_LABELS_JS, 0)
    assert {e["text"] for e in edges} == {"HTTPS", "SQL", "pooled connections", "scrape /metrics"}
    assert all(e["contrast"] >= 4.5 for e in edges), edges


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sequence_box_titles_and_messages_read_at_4_5_to_1(guide, scheme):
    if scheme == "dark":
        toggle_dark(guide)
    show(guide, 2)
    drawn = guide.evaluate(SEQUENCE_TEXT_JS, 2)
    assert sorted(drawn["boxes"]) == sorted(PLANE_FILLS[p] for p in ("edgeStyle", "serviceStyle", "stateStyle"))
    texts = drawn["texts"]
    source = guide_source(2)
    messages = re.findall(r"^\s*[^\s:]+\s*(?:-->>|->>|-->|->|--x|-x|--\)|-\))", source, re.M)
    assert len(texts) == len(messages) + len(re.findall(r"^\s*box\b", source, re.M)) and any(t["onBox"] for t in texts)
    assert all(t["contrast"] >= 4.5 for t in texts), texts


# --- touch --------------------------------------------------------------------------------------------


@pytest.fixture
def phone(chromium, site_url):
    opened = open_offline(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                          device_scale_factor=2)
    opened.page.goto(site_url + GUIDE)
    show(opened.page, 0)
    opened.cdp = opened.context.new_cdp_session(opened.page)
    yield opened
    close(opened.context)
    assert opened.blocked == [] and opened.errors == [], (opened.blocked, opened.errors)


def touch(cdp, kind, *points):
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": i, "radiusX": 1, "radiusY": 1, "force": 1} for i, (x, y) in enumerate(points)]})


def test_pinch_zooms_and_two_fingers_pan(phone):
    page, cdp = phone.page, phone.cdp
    diagram(page).evaluate("b => b.scrollIntoView({block: 'center'})")
    x, y = centre(page)
    scroll = page.evaluate("window.scrollY")
    before = diagram_point(page, x, y)
    touch(cdp, "touchStart", (x - 40, y), (x + 40, y))
    for step in range(1, 11):  # fingers 80 px -> 160 px apart, midpoint moving 30 px down
        touch(cdp, "touchMove", (x - 40 - 4 * step, y + 3 * step), (x + 40 + 4 * step, y + 3 * step))
    touch(cdp, "touchEnd")
    t = transform(page)
    assert t["scale"] == pytest.approx(2.0, rel=1e-3)
    # zoomed around the fingers' first midpoint, then moved with it 30 px down
    assert diagram_point(page, x, y + 30) == pytest.approx(before, abs=0.5)
    assert page.evaluate("window.scrollY") == scroll, "the pinch scrolled the page"
    assert page.evaluate("visualViewport.scale") == 1, "the browser zoomed the page instead of the diagram"


def test_pinch_is_clamped(phone):
    page, cdp = phone.page, phone.cdp
    x, y = centre(page)
    touch(cdp, "touchStart", (x - 150, y), (x + 150, y))
    touch(cdp, "touchMove", (x - 5, y), (x + 5, y))
    touch(cdp, "touchEnd")
    low, high = zoom_range(page)
    assert low < 0.5 and transform(page)["scale"] == pytest.approx(low, abs=1e-3)  # the whole diagram
    touch(cdp, "touchStart", (x - 5, y), (x + 5, y))
    touch(cdp, "touchMove", (x - 180, y), (x + 180, y))
    touch(cdp, "touchMove", (x - 190, y), (x + 190, y))
    touch(cdp, "touchEnd")
    assert transform(page)["scale"] == pytest.approx(high, abs=1e-3)


def test_one_finger_scrolls_the_page_not_the_diagram(phone):
    page, cdp = phone.page, phone.cdp
    x, y = centre(page)
    touch(cdp, "touchStart", (x, y + 150))
    for step in range(1, 16):
        touch(cdp, "touchMove", (x, y + 150 - 20 * step))
    touch(cdp, "touchEnd")
    page.wait_for_function("() => window.scrollY > 100")
    assert transform(page) == {"scale": 1, "skew": 0, "x": 0, "y": 0, "data": 1}
    # on a phone the guide's first diagram is drawn legibly in a frame that pans: the browser keeps
    # vertical moves (the page scrolls), the viewer takes sideways ones
    assert diagram(page).get_attribute("data-pannable") == "true"
    assert diagram(page).evaluate("b => getComputedStyle(b.querySelector('.atlas-diagram__viewport')).touchAction") \
        == "pan-y"
    show(page, 1)  # fitted: every one-finger move is the page's
    assert diagram(page, 1).get_attribute("data-pannable") == "false"
    assert diagram(page, 1).evaluate("b => getComputedStyle(b.querySelector('.atlas-diagram__viewport')).touchAction") \
        == "pan-x pan-y"


def test_one_finger_sideways_swipe_pans_a_legible_frame(phone):
    page, cdp = phone.page, phone.cdp
    diagram(page).evaluate("b => b.scrollIntoView({block: 'center'})")
    x, y = centre(page)
    scroll = page.evaluate("window.scrollY")
    touch(cdp, "touchStart", (x + 100, y))
    for step in range(1, 11):
        touch(cdp, "touchMove", (x + 100 - 15 * step, y + step))  # 150 px left, 10 px down
    touch(cdp, "touchEnd")
    t = transform(page)
    assert (t["x"], t["y"], t["scale"]) == (-150, 0, 1)
    assert page.evaluate("window.scrollY") == scroll


NO_ELEMENT_FULLSCREEN = "delete Element.prototype.requestFullscreen; Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false});"


@pytest.mark.parametrize("kind", ["element fullscreen", "overlay (no element fullscreen, as iPhone Safari)"])
def test_phone_fullscreen_takes_the_whole_screen_in_both_orientations(chromium, site_url, kind):
    opened = open_offline(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                          device_scale_factor=2)
    page = opened.page
    try:
        if kind.startswith("overlay"):
            opened.context.add_init_script(NO_ELEMENT_FULLSCREEN)
        page.goto(site_url + GUIDE)
        show(page, 0)
        block = diagram(page)
        block.locator("[data-action=fullscreen]").click()
        page.wait_for_function("() => document.fullscreenElement || document.querySelector('.atlas-diagram.is-overlay')")
        assert page.evaluate("!!document.fullscreenElement") == kind.startswith("element")
        for width, height in [(390, 844), (844, 390)]:  # portrait, then turned to landscape
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function("w => Math.abs(document.querySelector('.atlas-diagram__viewport').clientWidth - w) < 1", arg=width)
            next_frame(page)
            rect = block.evaluate("b => { const r = b.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }")
            assert rect == pytest.approx([0, 0, width, height], abs=1), (width, height, rect)
            assert smallest_label(page) >= LEGIBLE_PX - 0.01
            box = drawing_in_frame(page)
            assert box["frame_w"] == pytest.approx(width, abs=1) and box["frame_h"] > height - 60
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.keyboard.press("Escape") if kind.startswith("overlay") else block.locator("[data-action=fullscreen]").click()
        page.wait_for_function("() => !document.fullscreenElement && !document.querySelector('.atlas-diagram.is-overlay')")
        assert page.evaluate("getComputedStyle(document.documentElement).overflow") != "hidden"
        assert block.evaluate("b => b.getBoundingClientRect().width") < 844
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


def test_the_overlay_opens_and_closes_with_its_button_and_f(chromium, site_url):
    opened = open_offline(chromium)
    page = opened.page
    try:
        opened.context.add_init_script(NO_ELEMENT_FULLSCREEN)
        page.goto(site_url + GUIDE)
        show(page, 0)
        block = diagram(page)
        block.hover()
        page.keyboard.press("f")
        assert block.evaluate("b => b.classList.contains('is-overlay')")
        assert page.evaluate("getComputedStyle(document.documentElement).overflow") == "hidden"  # the page stays put
        block.locator("[data-action=fullscreen]").click()
        assert not block.evaluate("b => b.classList.contains('is-overlay')")
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


# --- print --------------------------------------------------------------------------------------------

# Registered after the viewer's own listener, this runs when the browser is about to lay the page
# out for print: what it records is what is printed.
RECORD_AT_PRINT = """() => { window.__atPrint = null;
  addEventListener('beforeprint', () => { window.__atPrint = [...document.querySelectorAll('.atlas-diagram')].map(b =>
    ({drawn: !!b.querySelector('.atlas-diagram__svg > svg g'), error: b.getAttribute('data-error')})); }); }"""

PRINT_LAYOUT = """() => [...document.querySelectorAll('.atlas-diagram')].map(b => {
  const svg = b.querySelector('.atlas-diagram__svg > svg'), column = document.querySelector('.md-content__inner').getBoundingClientRect();
  return {source: getComputedStyle(b.querySelector('.atlas-diagram__source')).display,
          toolbar: getComputedStyle(b.querySelector('.atlas-diagram__toolbar')).display,
          width: svg ? svg.getBoundingClientRect().width : null, column: column.width,
          transform: getComputedStyle(b.querySelector('.atlas-diagram__svg')).transform}; })"""


@pytest.mark.parametrize("drawn_by", DRAWN_BY)
def test_printing_draws_every_diagram_first_and_prints_no_source(chromium, site_url, drawn_by):
    opened = open_offline(chromium, viewport={"width": 1280, "height": 600})
    page = opened.page
    if drawn_by == "browser":
        drawn_by_the_browser(opened.context)
    try:
        page.goto(site_url + GUIDE)
        show(page, 0)
        undrawn = page.evaluate("() => [...document.querySelectorAll('.atlas-diagram')].filter(b => !b.dataset.renders).length")
        assert undrawn >= 3 if drawn_by == "browser" else undrawn == 0, "the browser draws only what came near"
        page.evaluate(RECORD_AT_PRINT)
        page.pdf()  # prints as the browser does: beforeprint, layout for print, afterprint
        at_print = page.evaluate("window.__atPrint")
        assert at_print and all(d["drawn"] and not d["error"] for d in at_print), at_print
        assert page.evaluate("window.setTimeout.toString()").endswith("{ [native code] }")  # put back
        page.emulate_media(media="print")
        for d in page.evaluate(PRINT_LAYOUT):
            assert d["source"] == "none" and d["toolbar"] == "none" and d["transform"] == "none", d
            assert 0 < d["width"] <= d["column"] + 0.5, d
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


def test_ctrl_p_draws_every_diagram_then_prints(chromium, site_url):
    # Only where the browser draws: with the build's drawings every diagram is drawn already, and
    # Ctrl + P is left to the browser (the printing test above checks that page as printed).
    opened = open_offline(chromium, viewport={"width": 1280, "height": 600})
    page = opened.page
    drawn_by_the_browser(opened.context)
    try:
        opened.context.add_init_script("window.print = () => { window.__printedWith = [...document.querySelectorAll('.atlas-diagram')]"
                                       ".map(b => !!b.querySelector('.atlas-diagram__svg > svg g')); };")
        page.goto(site_url + GUIDE)
        show(page, 0)
        page.keyboard.press("Control+p")
        page.wait_for_function("() => window.__printedWith")
        printed = page.evaluate("window.__printedWith")
        assert len(printed) >= 5 and all(printed), printed
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


# --- layout -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_containers_are_400px_high_rounded_and_inside_the_column(chromium, site_url, width):
    opened = open_offline(chromium, viewport={"width": width, "height": 900})
    page = opened.page
    try:
        page.goto(site_url + GUIDE)
        count = page.locator(".atlas-diagram").count()
        for i in range(count):
            show(page, i)
        ctrl_wheel(page, *centre(page, 0), -300, notches=16)  # zoomed in to the limit: still clipped to the column
        layout = page.evaluate("""() => {
            const column = document.querySelector('.md-content__inner').getBoundingClientRect();
            return {overflow: document.documentElement.scrollWidth - innerWidth,
                    blocks: [...document.querySelectorAll('.atlas-diagram')].map(b => {
                        const r = b.getBoundingClientRect();
                        return {h: r.height, left: r.left - column.left, right: column.right - r.right}; }),
                    rx: [...document.querySelectorAll('.atlas-diagram g.node rect.label-container')]
                        .map(r => getComputedStyle(r).rx)}; }""")
        assert layout["overflow"] <= 0, "the page scrolls sideways"
        assert len(layout["blocks"]) == count >= 5
        for b in layout["blocks"]:
            assert b["h"] >= 400 and b["left"] >= -0.5 and b["right"] >= -0.5, b
        assert layout["rx"] and set(layout["rx"]) == {"8px"}
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


# --- copy and download --------------------------------------------------------------------------------


def test_copy_puts_the_mermaid_source_on_the_clipboard(guide, site_url, browser_page):
    browser_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    block = diagram(guide)
    source = block.locator(".atlas-diagram__source").text_content()
    assert source.startswith("flowchart LR") and 'click PG "https://www.postgresql.org/' in source
    block.hover()
    block.locator("[data-action=copy]").click()
    guide.wait_for_function("() => document.querySelector('[data-action=copy]').title === 'Copied'")
    assert guide.evaluate("() => navigator.clipboard.readText()") == source


def test_download_saves_the_rendered_svg(guide):
    block = diagram(guide)
    block.hover()
    with guide.expect_download() as info:
        block.locator("[data-action=download]").click()
    download = info.value
    assert download.suggested_filename == "mermaid-style-guide-diagram-1.svg"
    text = open(download.path(), encoding="utf-8").read()
    svg_id = block.locator(".atlas-diagram__svg > svg").get_attribute("id")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    assert f'id="{svg_id}"' in text and 'xmlns="http://www.w3.org/2000/svg"' in text
    assert "PgBouncer 1.22" in text and "fill:#F59E0B" in text
    width = block.locator(".atlas-diagram__svg > svg").evaluate("s => s.viewBox.baseVal.width")
    drawn_at = re.search(r'<svg [^>]*style="[^"]*max-width: ([\d.]+)px', text)  # Mermaid's own size, as it drew it
    assert drawn_at and float(drawn_at.group(1)) == pytest.approx(width, abs=0.01)
    assert "--atlas-natural-width" not in text and not re.search(r'<svg [^>]*style="[^"]*[^-]width: ', text)


# --- lazy render and instant navigation ---------------------------------------------------------------


def test_the_builds_drawings_are_shown_and_usable_at_load_with_no_mermaid(chromium, site_url):
    opened = open_offline(chromium, viewport={"width": 1280, "height": 600})
    page = opened.page
    try:
        page.goto(site_url + GUIDE, wait_until="domcontentloaded")
        page.wait_for_function("() => window.atlasViewer")
        state = page.evaluate("""() => [...document.querySelectorAll('.atlas-diagram')].map(b => ({
            built: b.hasAttribute('data-prerendered'), inHtml: b.hasAttribute('data-theme'), renders: b.dataset.renders,
            toolbar: !!b.querySelector(':scope > .atlas-diagram__toolbar'),
            svg: (b.querySelector('.atlas-diagram__svg > svg') || {}).id || ''}))""")
        # the first drawings are in the HTML and usable as soon as the viewer runs; the rest are files
        assert len(state) >= 5 and all(d["built"] and d["toolbar"] for d in state), state
        carried = [d for d in state if d["inHtml"]]
        assert carried and state[0]["inHtml"], state
        assert all(d["svg"].startswith("atlas-d") and d["renders"] == "1" for d in carried), state
        # once the page has loaded, every other drawing is fetched (none drawn by Mermaid)
        page.wait_for_function("""() => [...document.querySelectorAll('.atlas-diagram')]
            .every(b => b.dataset.renders === '1' && b.querySelector('.atlas-diagram__svg > svg'))""")
        assert all(page.evaluate("""() => [...document.querySelectorAll('.atlas-diagram__svg > svg')]
            .map(s => s.id.startsWith('atlas-d'))"""))
        last = len(state) - 1  # far below the fold
        show(page, last)
        diagram(page, last).locator("[data-action=zoom-in]").click()
        assert transform(page, last)["scale"] == pytest.approx(1.25, rel=1e-3)
        page.wait_for_load_state("load")
        assert mermaid_loads(page) == 0
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


def test_diagrams_render_only_when_they_come_near_the_viewport(chromium, site_url):
    opened = open_offline(chromium, viewport={"width": 1280, "height": 600})
    page = opened.page
    drawn_by_the_browser(opened.context)  # the built site's are drawn already (the test above)
    try:
        page.goto(site_url + GUIDE)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                      ".then(() => window.atlasViewer.idle())")  # the observer has reported; renders done
        state = page.evaluate("""() => [...document.querySelectorAll('.atlas-diagram')].map(b => ({
            top: b.getBoundingClientRect().top, rendered: !!b.querySelector('.atlas-diagram__svg > svg')}))""")
        far = [i for i, d in enumerate(state) if d["top"] > 600 + 400 + 200]
        assert far, f"no diagram far below the fold to test with: {state}"
        assert not any(state[i]["rendered"] for i in far)
        show(page, far[-1])
        assert diagram(page, far[-1]).get_attribute("data-renders") == "1"
    finally:
        close(opened.context)
    assert opened.blocked == [] and opened.errors == []


@pytest.mark.parametrize("drawn_by", DRAWN_BY)
def test_instant_navigation_keeps_one_viewer_per_diagram(browser_page, instant_site_url, drawn_by):
    if drawn_by == "browser":
        drawn_by_the_browser(browser_page.context)
    page = browser_page.page
    page.goto(instant_site_url)
    show(page, 0)  # the home page's diagram may sit below the fold: rendering is lazy
    page.evaluate("window.__samePage = true")
    home = page.locator(".atlas-diagram").count()

    def to_guide():
        page.click(f"nav.md-nav--primary a.md-nav__link[href$='{GUIDE}']")
        page.wait_for_url(f"**/{GUIDE}")
        page.wait_for_function("n => document.querySelectorAll('.atlas-diagram').length > n", arg=home)  # swapped in
        show(page, 0)

    for _ in range(2):  # there and back twice, each time through Material's instant navigation
        to_guide()
        page.go_back()
        page.wait_for_function("n => document.querySelectorAll('.atlas-diagram').length === n", arg=home)
        show(page, 0)
    to_guide()
    assert page.evaluate("window.__samePage") is True, "a full page load happened: not instant navigation"
    assert page.evaluate("""() => [...document.querySelectorAll('.atlas-diagram')].every(b =>
        b.querySelectorAll(':scope > .atlas-diagram__toolbar').length === 1 &&
        b.querySelectorAll(':scope > .atlas-diagram__viewport').length === 1)""")
    assert diagram(page).get_attribute("data-renders") == "1"
    ctrl_wheel(page, *centre(page), -100)  # a handler bound twice would zoom twice
    assert transform(page)["scale"] == pytest.approx(WHEEL_STEP, rel=1e-3)
    diagram(page).focus()
    page.keyboard.press("+")
    assert transform(page)["scale"] == pytest.approx(WHEEL_STEP * 1.25, rel=1e-3)
    assert mermaid_loads(page) == (0 if drawn_by == "build" else 1)
    show(page, 1)  # a node's atlas link, followed from an instantly-navigated page
    diagram(page, 1).locator("svg a").first.click()
    page.wait_for_url(instant_site_url + "debugging/")
    page.wait_for_function("() => document.querySelector('.md-content h1').textContent.includes('Debugging')")
