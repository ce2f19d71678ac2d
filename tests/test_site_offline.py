"""Nothing is fetched from another host when a page is opened (Mermaid included).

Tested twice: statically, by scanning the built HTML, CSS and JS (atlas.site.offline), and in
Chromium, with every request to a host other than 127.0.0.1/localhost aborted and recorded.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest

from atlas.commands.offline import run as check_offline
from atlas.site.nav import build_nav, nav_paths
from atlas.site.offline import ALLOWED, is_external, scan_site
from atlas.pages import load_page

from atlas.pages import load_page
from atlas.site.server import LOCAL_HOSTS
from browser import browser_test, drawn_by_the_browser, needs_chromium, open_offline
from pagebuilder import REPO

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


# Every way a stylesheet makes the browser fetch: url() in any quoting (fonts, cursors, backgrounds),
# @import with a string or url(), and image-set() / -webkit-image-set(), whose candidates may be bare
# strings rather than url(). Comments are not loads.
LOADER_CSS = """/* url(https://in.a.comment.example.com/x.png) */
@font-face { font-family: X; src: url(https://fonts.example.com/x.woff2) format("woff2"); }
@import url(https://cdn.example.com/by-url.css) screen;
@import "https://cdn.example.com/by-string.css";
@import 'https://cdn.example.com/by-single-quotes.css';
.a { background-image: image-set("https://img.example.com/a.png" 1x, 'https://img.example.com/a2.png' 2x); }
.b { background-image: -webkit-image-set("https://img.example.com/b.png" 1x, "local-2x.png" 2x); }
.c { cursor: url('https://cur.example.com/c.cur'), auto; }
.d { background: IMAGE-SET("https://img.example.com/d.avif" type("image/avif")) }
.e { background: url("../img/local.png"), image-set("local.png" 1x) }
"""
LOADER_FOUND = [
    (2, "https://fonts.example.com/x.woff2", "css url()"),
    (3, "https://cdn.example.com/by-url.css", "css url()"),
    (4, "https://cdn.example.com/by-string.css", "css @import"),
    (5, "https://cdn.example.com/by-single-quotes.css", "css @import"),
    (6, "https://img.example.com/a.png", "css image-set()"),
    (6, "https://img.example.com/a2.png", "css image-set()"),
    (7, "https://img.example.com/b.png", "css image-set()"),
    (8, "https://cur.example.com/c.cur", "css url()"),
    (9, "https://img.example.com/d.avif", "css image-set()"),
]


def test_every_css_loader_is_found_at_its_line(tmp_path):
    (tmp_path / "site.css").write_text(LOADER_CSS, encoding="utf-8")
    assert [(f.line, f.url, f.why) for f in scan_site(tmp_path)] == LOADER_FOUND


def test_css_loaders_inside_html_are_found_in_style_blocks_and_attributes(tmp_path):
    (tmp_path / "index.html").write_text(
        "<!doctype html>\n<html><head>\n<style>\n" + LOADER_CSS + "</style>\n</head><body>\n"
        """<div style="background: image-set('https://img.example.com/inline.png' 1x)"></div>\n"""
        "</body></html>\n", encoding="utf-8")
    found = [(f.line, f.url, f.why) for f in scan_site(tmp_path)]
    offset = 3  # LOADER_CSS starts on line 4 of the page, inside the <style> block opened on line 3
    assert found == sorted([(line + offset, url, f"inline <style> {why}") for line, url, why in LOADER_FOUND]
                           + [(len(LOADER_CSS.splitlines()) + 6, "https://img.example.com/inline.png",
                               "<div style> css image-set()")])


# Every other HTML construct that loads, one per line, and the near misses that do not.
LOADER_HTML = """<!doctype html>
<html manifest="https://app.example.com/cache.manifest">
<head><base href="https://base.example.com/">
<link rel="icon" href="https://ico.example.com/favicon.ico"><link rel="canonical" href="https://c.example.com/">
<link rel="preload" as="image" href="local.png" imagesrcset="https://pre.example.com/a.png 1x, local-2x.png 2x">
</head><body background="https://bg.example.com/tile.png">
<video src="https://v.example.com/a.mp4" poster="https://v.example.com/poster.jpg"></video>
<audio src="https://a.example.com/a.mp3"></audio><embed src="https://e.example.com/x.swf">
<object data="https://o.example.com/x.pdf" codebase="https://o.example.com/base/"></object>
<track src="https://t.example.com/subs.vtt"><input type="image" src="https://i.example.com/go.png">
<input type="text" src="https://not-an-image-input.example.com/x.png"><img src="local.png" />
<svg><image href="https://svg.example.com/a.png"/><use xlink:href="https://svg.example.com/s.svg#i"/></svg>
<script type="application/json">{"u": "https://json.example.com/data"}</script>
<script type="module">
  import("https://mod.example.com/m.js");
  const ns = "http://www.w3.org/2000/svg";
</script>
<script src="local.js">var ignored = "https://inside-a-src-script.example.com/";</script>
<p>https://text.example.com/ in a paragraph is no load, nor "https://quoted.example.com/x" after a script</p>
</body></html>
"""


def test_every_html_loader_is_found_at_its_line(tmp_path):
    (tmp_path / "index.html").write_text(LOADER_HTML, encoding="utf-8")
    assert [(f.line, f.url, f.why) for f in scan_site(tmp_path)] == [
        (2, "https://app.example.com/cache.manifest", "<html manifest>"),
        (3, "https://base.example.com/", "<base href>"),
        (4, "https://ico.example.com/favicon.ico", "<link rel=icon>"),
        (5, "https://pre.example.com/a.png", "<link rel=preload> imagesrcset"),
        (6, "https://bg.example.com/tile.png", "<body background>"),
        (7, "https://v.example.com/a.mp4", "<video src>"),
        (7, "https://v.example.com/poster.jpg", "<video poster>"),
        (8, "https://a.example.com/a.mp3", "<audio src>"),
        (8, "https://e.example.com/x.swf", "<embed src>"),
        (9, "https://o.example.com/base/", "<object codebase>"),
        (9, "https://o.example.com/x.pdf", "<object data>"),
        (10, "https://i.example.com/go.png", "<input src>"),
        (10, "https://t.example.com/subs.vtt", "<track src>"),
        (12, "https://svg.example.com/a.png", "<image href>"),
        (12, "https://svg.example.com/s.svg#i", "<use xlink:href>"),
        (15, "https://mod.example.com/m.js", "inline <script> js string literal"),
    ]


def test_a_self_closing_tag_ends_a_raw_block(tmp_path):
    """`<style/>` opens nothing: the text after it is not read as CSS."""
    (tmp_path / "index.html").write_text('<style/><p>url(https://not-css.example.com/x.png)</p>\n'
                                         '<script>\n\nvar u = "https://third-line.example.com/x.js";</script>\n',
                                         encoding="utf-8")
    assert [(f.line, f.url) for f in scan_site(tmp_path)] == [(4, "https://third-line.example.com/x.js")]


def test_js_literals_that_name_a_host_are_found_and_others_are_not(tmp_path):
    (tmp_path / "app.js").write_text(
        'a("//cdn.example.com/lib.js");\n'          # protocol-relative with a host
        "b(`https://${host}/api`);\n"               # the host is a substitution
        "c('//nbsp');\n"                             # no dot: not a host
        'd("https://" + host);\n'                   # concatenation: no host in the literal
        "e('https:///path');\n"
        "f('https://a.example.com/');\n", encoding="utf-8")  # a one-letter host name
    assert [(f.line, f.url) for f in scan_site(tmp_path)] == [(1, "//cdn.example.com/lib.js"),
                                                                (2, "https://${host}/api"),
                                                                (6, "https://a.example.com/")]


def test_a_comment_over_several_lines_keeps_the_line_numbers(tmp_path):
    (tmp_path / "site.css").write_text("/* one\ntwo\nthree */ .a { background: url(https://x.example.com/a.png) }\n"
                                       ".b { background: url(https://x.example.com/b.png) }\n", encoding="utf-8")
    assert [(f.line, f.url) for f in scan_site(tmp_path)] == [(3, "https://x.example.com/a.png"),
                                                                (4, "https://x.example.com/b.png")]


def test_srcset_candidates(tmp_path):
    (tmp_path / "index.html").write_text(
        '<img src="a.png" srcset="a-1x.png 1x, , https://x.example.com/a-2x.png 2x,https://x.example.com/a-3x.png">\n'
        '<source srcset="https://x.example.com/s.webp">\n', encoding="utf-8")
    assert [(f.line, f.url, f.why) for f in scan_site(tmp_path)] == [
        (1, "https://x.example.com/a-2x.png", "<img srcset>"), (1, "https://x.example.com/a-3x.png", "<img srcset>"),
        (2, "https://x.example.com/s.webp", "<source srcset>")]


def test_only_the_right_tags_and_attributes_load(tmp_path):
    """Near misses of each HTML rule: none of these makes the browser fetch anything."""
    (tmp_path / "index.html").write_text(
        '<a rel="stylesheet preload" href="https://a.example.com/not-a-link-tag.css">a</a>\n'
        '<input type="button" src="https://b.example.com/button.png">\n'
        '<meta http-equiv="Content-Security-Policy" content="https://c.example.com/">\n'
        '<meta http-equiv="set-cookie" content="https://d.example.com/">\n'
        '<link http-equiv="refresh" content="0; url=https://e.example.com/">\n'
        '<nav http-equiv="refresh" content="0; url=https://f.example.com/">\n'
        "<title>url(https://g.example.com/t.png)</title><table><td>url(https://h.example.com/t.png)</td></table>\n"
        '<style></style><p>url(https://i.example.com/after-style.png)</p>\n'
        '<span rel="stylesheet" href="https://j.example.com/span.css">s</span><td>"https://k.example.com/x"</td>\n',
        encoding="utf-8")
    assert scan_site(tmp_path) == []


def test_a_script_type_with_parameters_is_still_javascript(tmp_path):
    (tmp_path / "index.html").write_text('<script type="text/javascript; charset=utf-8">'
                                         'load("https://x.example.com/a.js")</script>', encoding="utf-8")
    assert [f.url for f in scan_site(tmp_path)] == ["https://x.example.com/a.js"]


def test_the_mermaid_allowance_is_void_only_for_a_pre_mermaid(tmp_path):
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text('_t("https://unpkg.com/mermaid@11/dist/mermaid.min.js")')
    (tmp_path / "index.html").write_text('<p class="mermaid">x</p><span class="mermaid">y</span><pre>z</pre>'
                                         '<div class="atlas-diagram mermaid-like">w</div>')
    assert scan_site(tmp_path) == []


def test_image_set_candidates_over_several_lines_keep_their_lines(tmp_path):
    (tmp_path / "site.css").write_text('.a {\n  background-image: image-set(\n    "https://x.example.com/a.png" 1x,\n'
                                       '    "https://x.example.com/a-2x.png" 2x);\n}\n', encoding="utf-8")
    assert [(f.line, f.url) for f in scan_site(tmp_path)] == [(3, "https://x.example.com/a.png"),
                                                                (4, "https://x.example.com/a-2x.png")]


def test_folders_named_like_pages_are_not_read(tmp_path):
    for name in ("old.html", "app.js", "theme.css", "sitemap.xml"):
        (tmp_path / name).mkdir()
    (tmp_path / "index.html").write_text('<img src="https://x.example.com/a.png">', encoding="utf-8")
    assert [f.url for f in scan_site(tmp_path)] == ["https://x.example.com/a.png"]


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
    ("//", False), ("///cdn.example.com/x", False), ("https://", False), ("https:/\\cdn.example.com/x", True),
    ("https:\\/cdn.example.com/x", True), ("ftp://files.example.com/f", True), ("ws://h.example.com", True),
    ("file://host/x", False), ("  https://cdn.example.com/x  ", True), ("https:cdn.example.com", False),
    ("//x", True), ("https://x", True),  # the shortest names of a host
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

def diagrams_in(source: str) -> int:
    """How many ```mermaid blocks a page of docs/ holds (read from its Markdown, not hard-coded)."""
    return len(load_page(REPO / "docs" / source, REPO / "docs").diagrams)


def assert_all_rendered(diagrams, theme="default"):
    assert diagrams, "no .atlas-diagram on the page"
    for d in diagrams:
        assert d["error"] is None, f"diagram {d['source']!r} failed: {d['error']}"
        assert d["rendered"] == "true", d
        assert d["theme"] == theme, d
        assert d["svgId"], f"diagram {d['source']!r} has no <svg>"
        assert d["nodes"] > 0, f"diagram {d['source']!r} drew no node: {d}"


# The built site carries every diagram drawn by the build (atlas.site.prerender): Mermaid is never
# loaded. Served as `mkdocs serve` serves it (drawn_by_the_browser), the site's own Mermaid draws them.
@browser_test
@needs_chromium
@pytest.mark.parametrize("drawn_by", ["build", "browser"])
@pytest.mark.parametrize("path, source", [("", "index.md"), (STYLE_GUIDE, "mermaid-style-guide.md")])
def test_diagrams_render_with_every_other_host_blocked(offline_page, site_url, path, source, drawn_by):
    if drawn_by == "browser":
        drawn_by_the_browser(offline_page.context)
    offline_page.page.goto(site_url + path)
    diagrams = offline_page.diagrams()
    offline_page.page.wait_for_load_state("networkidle")
    assert len(diagrams) == diagrams_in(source) > 0
    assert_all_rendered(diagrams)
    offline_page.assert_nothing_blocked()
    mermaid = [u for u in offline_page.requests if u.endswith("/mermaid.min.js")]
    if drawn_by == "build":
        assert mermaid == [], "the build drew every diagram: Mermaid is not needed"
    else:
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
    page.wait_for_function("n => document.querySelectorAll('.atlas-diagram').length === n",
                           arg=diagrams_in("mermaid-style-guide.md"))
    return page


@browser_test
@needs_chromium
@pytest.mark.parametrize("drawn_by", ["build", "browser"])
def test_diagrams_render_after_instant_navigation(offline_page, instant_site_url, drawn_by):
    if drawn_by == "browser":
        drawn_by_the_browser(offline_page.context)
    page = _navigate_to_style_guide(offline_page, instant_site_url)
    # The window survived: Material swapped the content in place (instant navigation), no page load.
    assert page.evaluate("window.__atlasSamePage") is True
    assert_all_rendered(offline_page.diagrams())
    page.wait_for_load_state("networkidle")
    offline_page.assert_nothing_blocked()
    loads = sum(u.endswith("/mermaid.min.js") for u in offline_page.requests)
    assert loads == (0 if drawn_by == "build" else 1), f"Mermaid loaded {loads} times"


@browser_test
@needs_chromium
def test_clicking_a_nav_link_on_the_real_site_reaches_rendered_diagrams(offline_page, site_url):
    """Whatever the navigation (instant or a full load), the diagrams at the end render."""
    _navigate_to_style_guide(offline_page, site_url)
    assert_all_rendered(offline_page.diagrams())
    offline_page.assert_nothing_blocked()


def page_url(base: str, rel: str) -> str:
    """Where MkDocs (use_directory_urls) serves docs/<rel>."""
    path = rel.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return base + path


def test_real_site_can_use_instant_navigation(built_site):
    """Material's instant navigation follows only links listed in sitemap.xml: every page the derived
    nav reaches, and every link of the nav the built home page shows, must be there."""
    base = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url unless ATLAS_SITE_URL is set
    locs = set(re.findall(r"<loc>([^<]+)</loc>", (built_site / "sitemap.xml").read_text(encoding="utf-8")))
    reached = nav_paths(build_nav(REPO / "docs"))
    assert len(reached) > 1 and locs
    missing = sorted(rel for rel in reached if page_url(base, rel) not in locs)
    assert missing == [], f"nav pages missing from sitemap.xml: {missing}"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]*)" class="md-nav__link', home)
    assert "status/" in links and "mermaid-style-guide/" in links
    assert sorted(set(urljoin(base, href) for href in links) - locs) == []


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
