"""Nothing is fetched from another host when a page is opened (Mermaid included).

Tested twice: statically, by scanning the built HTML, CSS and JS (atlas.offline), and in
Chromium, with every request to a host other than 127.0.0.1/localhost aborted and recorded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from atlas.commands.offline import run as check_offline
from atlas.offline import ALLOWED, is_external, scan_site

from atlas.pages import load_page
from atlas.site_server import LOCAL_HOSTS
from pagebuilder import REPO
from browser import browser_test, chromium, needs_chromium, open_offline  # noqa: F401 - fixtures
from sitebuild import built_site, instant_site_url, site_url  # noqa: F401 - fixtures

STYLE_GUIDE = "mermaid-style-guide/"
# as many diagrams as the guide's Markdown holds
STYLE_GUIDE_DIAGRAMS = len(load_page(REPO / "docs" / "mermaid-style-guide.md").diagrams)



# --- static scan ---------------------------------------------------------------------------------


def test_real_site_loads_nothing_from_another_host(built_site):
    findings = scan_site(built_site)
    assert findings == [], "\n".join(f"{f.file.relative_to(built_site)}:{f.line}: {f.url} ({f.why})"
                                     for f in findings)


def test_every_allow_list_entry_is_still_needed(built_site):
    """A stale allowance would hide a future regression: each one must match something."""
    hits = [(f.file.relative_to(built_site).as_posix(), f.url) for f in scan_site(built_site, allowed=())]
    unused = [a.pattern for a in ALLOWED if not any(a.matches(rel, url) for rel, url in hits)]
    assert unused == [], f"allow-list entries that match nothing in the built site: {unused}"


def test_real_site_serves_mermaid_itself(built_site):
    assert (built_site / "assets/vendor/mermaid/mermaid.min.js").stat().st_size > 100_000
    html = (built_site / STYLE_GUIDE / "index.html").read_text(encoding="utf-8")
    assert 'class="atlas-diagram"' in html
    assert 'class="mermaid"' not in html  # Material's own fence would load Mermaid from unpkg


BAD_HTML = """<!doctype html>
<html>
<head>
  <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
  <link rel="preconnect" href="https://fonts.gstatic.com">
  <link rel="canonical" href="https://atlas.example.org/">
  <link rel="next" href="https://atlas.example.org/next/">
  <script src="https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js"></script>
  <script src="assets/local.js"></script>
  <style>.hero { background: url("https://images.example.com/hero.png") }</style>
  <meta http-equiv="refresh" content="5; url=https://elsewhere.example.com/">
</head>
<body>
  <a href="https://github.com/example/atlas">a plain link is not a load</a>
  <a href="//example.org/also-a-link">neither is this</a>
  <img src="https://img.example.com/diagram.png" alt="">
  <img src="local.png" srcset="local-2x.png 2x, https://img.example.com/3x.png 3x" alt="">
  <div style="background-image: url(//tracker.example.net/pixel.gif)"></div>
  <iframe src="https://www.youtube.com/embed/xyz"></iframe>
  <img src="data:image/png;base64,AAAA" alt="">
  <script>var analytics = "https://analytics.example.com/collect.js";</script>
</body>
</html>
"""

BAD_CSS = """/* https://in.a.comment.example.com/ is not a load */
@import url("https://fonts.googleapis.com/css2?family=Inter");
@import 'https://cdn.example.com/reset.css';
body {
  background: url(https://images.example.com/bg.png) no-repeat;
}
.ok { background: url("../img/local.png"), url(data:image/svg+xml;utf8,<svg/>) }
"""

BAD_JS = """(function () {
  var s = document.createElement('script');
  s.src = "https://cdn.unknown.example.com/lib.js";
  var ns = "http://www.w3.org/2000/svg";          // allowed: a namespace name
  var local = "../assets/vendor/mermaid/mermaid.min.js";
  var proto = location.protocol + "//" + location.host;
  // https://docs.example.com/ in a comment is not a literal
})();
"""


@pytest.fixture
def bad_site(tmp_path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(BAD_HTML, encoding="utf-8")
    (tmp_path / "assets" / "site.css").write_text(BAD_CSS, encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text(BAD_JS, encoding="utf-8")
    (tmp_path / "assets" / "app.js.map").write_text('{"sources": ["https://cdn.example.com/x.js"]}')
    (tmp_path / "sitemap.xml").write_text("<urlset><url><loc>https://atlas.example.org/</loc></url></urlset>")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": [{"location": "https://x.example.com/"}]}')
    return tmp_path


def test_scanner_finds_external_loads_in_a_bad_site(bad_site):
    found = {(f.file.relative_to(bad_site).as_posix(), f.url) for f in scan_site(bad_site)}
    expected = {
        ("index.html", "https://fonts.googleapis.com/css2?family=Roboto"),
        ("index.html", "https://fonts.gstatic.com"),
        ("index.html", "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js"),
        ("index.html", "https://images.example.com/hero.png"),
        ("index.html", "https://elsewhere.example.com/"),
        ("index.html", "https://img.example.com/diagram.png"),
        ("index.html", "https://img.example.com/3x.png"),
        ("index.html", "//tracker.example.net/pixel.gif"),
        ("index.html", "https://www.youtube.com/embed/xyz"),
        ("index.html", "https://analytics.example.com/collect.js"),
        ("assets/site.css", "https://fonts.googleapis.com/css2?family=Inter"),
        ("assets/site.css", "https://cdn.example.com/reset.css"),
        ("assets/site.css", "https://images.example.com/bg.png"),
        ("assets/app.js", "https://cdn.unknown.example.com/lib.js"),
    }
    assert found == expected, f"missing: {expected - found}\nunexpected: {found - expected}"


def test_scanner_reports_lines_and_reasons(bad_site):
    by_url = {f.url: f for f in scan_site(bad_site)}
    assert by_url["https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js"][1:] == (
        8, "https://cdn.jsdelivr.net/npm/mermaid@11/dist/mermaid.min.js", "<script src>")
    assert by_url["https://fonts.googleapis.com/css2?family=Roboto"].why == "<link rel=stylesheet>"
    assert by_url["https://fonts.googleapis.com/css2?family=Inter"].line == 2
    assert by_url["https://images.example.com/bg.png"].line == 5
    assert by_url["https://cdn.unknown.example.com/lib.js"].line == 3
    assert by_url["https://cdn.unknown.example.com/lib.js"].why == "js string literal"


def test_scanner_ignores_plain_links(bad_site):
    urls = {f.url for f in scan_site(bad_site)}
    for link in ("https://github.com/example/atlas", "//example.org/also-a-link",
                 "https://atlas.example.org/", "https://atlas.example.org/next/"):
        assert link not in urls


def test_material_allowances_are_void_when_their_condition_fails(tmp_path):
    """Material's unpkg Mermaid URL is harmless only while no page has a pre.mermaid."""
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text('function as(){return _t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")}'
                      'var r=`https://api.github.com/repos/${e}/${t}`;')
    (tmp_path / "index.html").write_text("<p>no diagrams</p>")
    assert scan_site(tmp_path) == []
    (tmp_path / "index.html").write_text('<pre class="mermaid">graph LR; A-->B</pre>'
                                         '<a data-md-component="source" href="https://github.com/x/y">x/y</a>')
    reported = {f.url: f.why for f in scan_site(tmp_path)}
    assert set(reported) == {"https://unpkg.com/mermaid@11/dist/mermaid.min.js",
                             "https://api.github.com/repos/${e}/${t}"}
    assert all("allow-list entry void" in why for why in reported.values())


def test_the_same_literal_in_our_own_js_is_reported(tmp_path):
    """Allowances for Material's bundle do not cover our own scripts."""
    (tmp_path / "javascripts").mkdir()
    (tmp_path / "javascripts" / "mine.js").write_text('load("https://unpkg.com/mermaid@11/dist/mermaid.min.js")')
    assert [f.url for f in scan_site(tmp_path)] == ["https://unpkg.com/mermaid@11/dist/mermaid.min.js"]


@pytest.mark.parametrize("url, external", [
    ("https://cdn.example.com/x.js", True), ("HTTP://EXAMPLE.COM", True), ("//cdn.example.com/x", True),
    ("wss://example.com/socket", True), ("https:\\\\example.com/x", True),
    ("assets/x.js", False), ("/assets/x.js", False), ("#top", False), ("data:image/png;base64,AA", False),
    ("mailto:a@example.com", False), ("javascript:void(0)", False), ("blob:https://x/1", False),
    ("https:///no-host", False), ("", False),
])
def test_is_external(url, external):
    assert is_external(url) is external


def test_cli_reports_findings_and_exits_1(bad_site, capsys):
    assert check_offline(SimpleNamespace(site_dir=str(bad_site))) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{bad_site}/assets/app.js:3:1 OFF001 external resource https://cdn.unknown.example.com/lib.js" in out
    assert all(" OFF001 external resource " in line for line in out)
    assert len(out) == 14


def test_cli_is_quiet_and_exits_0_on_the_real_site(built_site, capsys):
    assert check_offline(SimpleNamespace(site_dir=str(built_site))) == 0
    assert capsys.readouterr().out == ""


def test_cli_missing_site_dir_exits_2(tmp_path, capsys):
    assert check_offline(SimpleNamespace(site_dir=str(tmp_path / "nope"))) == 2
    assert "not a folder" in capsys.readouterr().err


def test_cli_module_runs_as_a_process(bad_site):
    code = "import sys, types; from atlas.commands.offline import run; sys.exit(run(types.SimpleNamespace(site_dir=sys.argv[1])))"
    proc = subprocess.run([sys.executable, "-c", code, str(bad_site)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "OFF001 external resource https://fonts.gstatic.com" in proc.stdout


# --- in Chromium, every non-local request blocked -----------------------------------------------

# Diagrams render when they come near the viewport: each is scrolled into view, then awaited.
SETTLED = """([i, theme]) => {
  const b = document.querySelectorAll('.atlas-diagram')[i];
  return b.hasAttribute('data-error') || (b.dataset.rendered === 'true' && (!theme || b.dataset.theme === theme));
}"""

DIAGRAM_STATE = """() => [...document.querySelectorAll('.atlas-diagram')].map(b => {
  const svg = b.querySelector('.atlas-diagram__svg > svg');
  return {
    rendered: b.getAttribute('data-rendered'), theme: b.getAttribute('data-theme'),
    error: b.getAttribute('data-error'), svgId: svg && svg.id,
    // flowchart and state nodes, sequence actors, gantt tasks, xychart bars and lines
    nodes: svg ? svg.querySelectorAll('g.node, .actor, rect.task, g.task, g.plot rect, g.plot path').length : 0,
    source: (b.querySelector('.atlas-diagram__source') || {}).textContent.split('\\n')[0],
  };
})"""


class OfflinePage(SimpleNamespace):
    """A page whose context aborts (and records) every request to a host other than 127.0.0.1."""

    def diagrams(self, theme=None):
        """Every diagram of the page, scrolled to one by one until rendered (in `theme`, if given)."""
        blocks = self.page.locator(".atlas-diagram")
        blocks.first.wait_for(state="attached")
        for i in range(blocks.count()):
            blocks.nth(i).evaluate("b => b.scrollIntoView({block: 'center'})")
            self.page.wait_for_function(SETTLED, arg=[i, theme], timeout=20_000)
        return self.page.evaluate(DIAGRAM_STATE)

    def assert_nothing_blocked(self):
        assert self.blocked == [], "requests to other hosts (blocked):\n" + "\n".join(self.blocked)
        assert self.errors == [], "page errors:\n" + "\n".join(self.errors)


@pytest.fixture
def offline_page(chromium):
    opened = open_offline(chromium, cls=OfflinePage)
    try:
        yield opened
    finally:
        opened.context.close()


def assert_all_rendered(diagrams, theme="default"):
    assert diagrams, "no .atlas-diagram on the page"
    for d in diagrams:
        assert d["error"] is None, f"diagram {d['source']!r} failed: {d['error']}"
        assert d["rendered"] == "true", d
        assert d["theme"] == theme, d
        assert d["svgId"], f"diagram {d['source']!r} has no <svg>"
        assert d["nodes"] > 0, f"diagram {d['source']!r} drew no node: {d}"


@browser_test
@needs_chromium
@pytest.mark.parametrize("path, count", [("", 1), (STYLE_GUIDE, STYLE_GUIDE_DIAGRAMS)])
def test_diagrams_render_with_every_other_host_blocked(offline_page, site_url, path, count):
    offline_page.page.goto(site_url + path)
    diagrams = offline_page.diagrams()
    offline_page.page.wait_for_load_state("networkidle")
    assert len(diagrams) == count
    assert_all_rendered(diagrams)
    offline_page.assert_nothing_blocked()
    mermaid = [u for u in offline_page.requests if u.endswith("/mermaid.min.js")]
    assert mermaid, f"Mermaid was never requested: {offline_page.requests}"
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in mermaid), mermaid
    assert all(urlsplit(u).hostname in LOCAL_HOSTS for u in offline_page.requests), offline_page.requests


def _navigate_to_style_guide(offline_page, base):
    page = offline_page.page
    page.goto(base)
    assert_all_rendered(offline_page.diagrams())
    page.evaluate("window.__atlasSamePage = true")
    page.click(f"nav.md-nav--primary a.md-nav__link[href$='{STYLE_GUIDE}']")
    page.wait_for_url(f"**/{STYLE_GUIDE}")
    page.wait_for_function("n => document.querySelectorAll('.atlas-diagram').length === n", arg=STYLE_GUIDE_DIAGRAMS)
    return page


@browser_test
@needs_chromium
def test_diagrams_render_after_instant_navigation(offline_page, instant_site_url):
    page = _navigate_to_style_guide(offline_page, instant_site_url)
    # The window survived: Material swapped the content in place (instant navigation), no page load.
    assert page.evaluate("window.__atlasSamePage") is True
    assert_all_rendered(offline_page.diagrams())
    page.wait_for_load_state("networkidle")
    offline_page.assert_nothing_blocked()
    assert sum(u.endswith("/mermaid.min.js") for u in offline_page.requests) == 1, "Mermaid loaded twice"


@browser_test
@needs_chromium
def test_clicking_a_nav_link_on_the_real_site_reaches_rendered_diagrams(offline_page, site_url):
    """Whatever the navigation (instant or a full load), the diagrams at the end render."""
    _navigate_to_style_guide(offline_page, site_url)
    assert_all_rendered(offline_page.diagrams())
    offline_page.assert_nothing_blocked()


def test_real_site_can_use_instant_navigation(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap, "sitemap.xml lists no page, so navigation.instant is inert"


@browser_test
@needs_chromium
def test_palette_toggle_re_renders_diagrams(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url + STYLE_GUIDE)
    light = offline_page.diagrams()
    assert_all_rendered(light, theme="default")

    page.click("form[data-md-component=palette] label[for='__palette_1']")  # "Switch to dark mode"
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = offline_page.diagrams(theme="dark")
    assert_all_rendered(dark, theme="dark")
    assert all(a["svgId"] != b["svgId"] for a, b in zip(light, dark)), "the SVGs were not re-rendered"

    page.click("form[data-md-component=palette] label[for='__palette_0']")  # "Switch to light mode"
    assert_all_rendered(offline_page.diagrams(theme="default"), theme="default")
    offline_page.assert_nothing_blocked()
