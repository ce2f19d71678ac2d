"""Find what a built site would fetch from another host when a page is opened.

The Atlas serves everything itself (Mermaid included): `scan_site(site_dir)` walks a built
site and reports every external URL a browser would *load* -- not mere links:

* HTML (parsed with the stdlib's html.parser): src/href/srcset/poster/data/background of
  script, loading <link>s (stylesheet, preload, modulepreload, icon, manifest, prefetch,
  prerender, dns-prefetch, preconnect), img, source, video, audio, iframe, embed, object,
  track, input[type=image], SVG image/use/feImage, <base href>, <html manifest>;
  `style="...url()"` attributes and <style> blocks; `<meta http-equiv=refresh>`; inline
  JavaScript blocks.  <a href> and <link rel=canonical/next/alternate> are not loads.
* CSS: url(...) and @import (comments skipped, so `sourceMappingURL` is not a load).
* JavaScript: pragmatic -- every string literal that *is* an absolute URL (or a
  protocol-relative `//host.tld/...`), since we cannot tell statically which literals reach
  a loader.  Literals known not to load on this site are in ALLOWED, each with its reason;
  some hold only while a condition about the built HTML holds (e.g. Material's Mermaid CDN
  URL is harmless only while no page has a `pre.mermaid`).  The browser test
  (tests/test_site_offline.py, every non-local request blocked) is the ground truth.

sitemap.xml, search_index.json and source maps are not loaded by a page and are skipped.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable, NamedTuple


class Finding(NamedTuple):
    """One external resource: where it is referenced, the URL, and which construct loads it."""

    file: Path
    line: int
    url: str
    why: str


# Files a page never loads as a resource.
SKIP_NAMES = {"sitemap.xml", "sitemap.xml.gz", "search_index.json"}
SKIP_SUFFIXES = {".map"}
HTML_SUFFIXES = {".html", ".htm"}
CSS_SUFFIXES = {".css"}
JS_SUFFIXES = {".js", ".mjs", ".cjs"}

# --- what counts as external ----------------------------------------------------------------

_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}


def is_external(url: str) -> bool:
    """True for a URL that names another host: http(s)/ws(s)/ftp with a host, or `//host`.

    Relative URLs, `#frag`, data:, blob:, about:, javascript:, mailto: and friends are local.
    A built site has no business naming itself by absolute URL, so any host counts."""
    u = url.strip()
    if u.startswith("//"):
        return len(u) > 2 and u[2] not in "/\\"
    m = _SCHEME_RE.match(u)
    if not m or m.group(1).lower() not in _NETWORK_SCHEMES:
        return False
    rest = u[m.end():]
    # Browsers treat `https:\\host` like `https://host`; `https:///x` has no host.
    return rest[:2] in ("//", "\\\\", "/\\", "\\/") and len(rest) > 2 and rest[2] not in "/\\"


# --- allow-list for JavaScript literals ------------------------------------------------------


@dataclass(frozen=True)
class SiteFacts:
    """What the HTML pages of the site contain that an allow-list condition may depend on."""

    pre_mermaid: list[tuple[Path, int]]      # Material loads Mermaid from unpkg for these
    source_component: list[tuple[Path, int]]  # Material fetches repo facts from GitHub/GitLab for these


@dataclass(frozen=True)
class Allowed:
    """A JS string literal known not to be loaded on this site."""

    pattern: str                 # regular expression, fullmatch against the literal
    reason: str
    files: str = "*"             # glob on the path relative to the site dir
    holds: Callable[[SiteFacts], bool] | None = None  # the allowance is void if this is False
    void_reason: str = ""

    def matches(self, rel: str, url: str) -> bool:
        return fnmatch.fnmatch(rel, self.files) and re.fullmatch(self.pattern, url) is not None


MATERIAL_BUNDLE = "assets/javascripts/bundle.*.js"
MERMAID_VENDOR = "assets/vendor/mermaid/*.js"
PAGEFIND = "pagefind/pagefind*.js"

ALLOWED: tuple[Allowed, ...] = (
    Allowed(
        r"https://unpkg\.com/mermaid@11/dist/mermaid\.min\.js",
        "Material loads Mermaid from unpkg only for `pre.mermaid` blocks (its own mermaid fence) and "
        "only when window.mermaid is unset; our fence (atlas.site.fence.fence_mermaid) emits "
        "div.atlas-diagram, rendered by the self-hosted assets/vendor/mermaid/mermaid.min.js",
        files=MATERIAL_BUNDLE,
        holds=lambda facts: not facts.pre_mermaid,
        void_reason="a page has a <pre class=\"mermaid\">, so Material would load Mermaid from unpkg",
    ),
    Allowed(
        r"https://unpkg\.com/resize-observer-polyfill",
        "Material loads this polyfill only when window.ResizeObserver is missing; every browser the "
        "site supports has had ResizeObserver since 2020",
        files=MATERIAL_BUNDLE,
    ),
    Allowed(
        r"https://api\.github\.com/(repos/\$\{\w+\}/\$\{\w+\}|users/\$\{\w+\})"
        r"|https://\$\{\w+\}/api/v4/projects/\$\{encodeURIComponent\(\w+\)\}",
        "Material's repository facts (stars, forks, latest release) from GitHub's or GitLab's API, "
        "fetched only for the header's source link, which exists only when mkdocs.yml sets "
        "repo_url; it does not",
        files=MATERIAL_BUNDLE,
        holds=lambda facts: not facts.source_component,
        void_reason="a page has a [data-md-component=source] (repo_url is set), so Material would "
        "fetch repository facts from GitHub/GitLab",
    ),
    Allowed(
        r"http://www\.w3\.org/(2000/svg|1999/xhtml|1999/xlink|1998/Math/MathML|XML/1998/namespace|2000/xmlns/)",
        "XML namespace names (createElementNS/setAttributeNS); a namespace URI is an identifier, "
        "never fetched",
    ),
    Allowed(
        r"http://www\.w3\.org/2001/XMLSchema#\w+",
        "XML Schema datatype identifiers in the ELK layout engine bundled with Mermaid; never fetched",
        files=MERMAID_VENDOR,
    ),
    Allowed(
        r"http://www\.eclipse\.org/(emf/2002/Ecore|emf/2003/XMLType|elk/ElkGraph)",
        "EMF/ELK package namespace URIs in the ELK layout engine bundled with Mermaid; identifiers, "
        "never fetched",
        files=MERMAID_VENDOR,
    ),
    Allowed(
        r"https://example\.com\$\{(anchored_url|normalized)\}",
        "Pagefind builds a result's URL relative to the site (a path starting with '/'), parses it "
        "against this dummy origin with new URL() to set its #anchor or highlight parameter, and "
        "keeps only the path; the origin is never requested",
        files=PAGEFIND,
    ),
)

# --- HTML ------------------------------------------------------------------------------------

# rel tokens of <link> that make the browser fetch (or connect to) the href.
LINK_LOADING_RELS = {
    "stylesheet", "preload", "modulepreload", "prefetch", "prerender", "dns-prefetch", "preconnect",
    "icon", "apple-touch-icon", "apple-touch-icon-precomposed", "apple-touch-startup-image",
    "mask-icon", "manifest",
}

# element -> attributes whose value the browser loads (srcset-like ones are handled apart).
LOADING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset", "lowsrc"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data", "codebase"),
    "track": ("src",),
    "input": ("src",),           # type=image
    "base": ("href",),           # makes every relative URL on the page external
    "html": ("manifest",),
    "image": ("href", "xlink:href"),    # SVG
    "use": ("href", "xlink:href"),      # SVG
    "feimage": ("href", "xlink:href"),  # SVG
}
SRCSET_ATTRS = {"srcset", "imagesrcset"}

_REFRESH_URL_RE = re.compile(r"""^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(?P<url>[^'"]*)\1\s*$""", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
             "application/ecmascript", "text/jscript"}


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset: comma-separated candidates, each `url [descriptor]`."""
    return [parts[0] for parts in (c.split() for c in value.split(",")) if parts]


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []   # (line, url, why)
        self.pre_mermaid: list[int] = []
        self.source_component: list[int] = []
        self._raw: tuple[str, str] | None = None       # ("css"|"js"|"", tag) inside <style>/<script>

    def _add(self, line: int, url: str, why: str) -> None:
        if url and is_external(url):
            self.found.append((line, url.strip(), why))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)
        self._raw = None

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        a = {k.lower(): (v or "") for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "pre" and "mermaid" in classes:
            self.pre_mermaid.append(line)
        if a.get("data-md-component") == "source":
            self.source_component.append(line)

        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            loading = rels & LINK_LOADING_RELS
            if loading:
                why = f"<link rel={'/'.join(sorted(loading))}>"
                self._add(line, a.get("href", ""), why)
                for u in srcset_urls(a.get("imagesrcset", "")):
                    self._add(line, u, why + " imagesrcset")
        for attr in LOADING_ATTRS.get(tag, ()):
            if attr not in a:
                continue
            if tag == "input" and a.get("type", "").lower() != "image":
                continue
            why = f"<{tag} {attr}>"
            if attr in SRCSET_ATTRS:
                for u in srcset_urls(a[attr]):
                    self._add(line, u, why)
            else:
                self._add(line, a[attr], why)
        if "background" in a:                       # legacy <body/table/td background>
            self._add(line, a["background"], f"<{tag} background>")
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = _REFRESH_URL_RE.match(a.get("content", ""))
            if m:
                self._add(line, m.group("url"), "<meta http-equiv=refresh>")
        if a.get("style"):
            for _, url, why in scan_css_text(a["style"]):
                self._add(line, url, f"<{tag} style> {why}")

        if tag == "style":
            self._raw = ("css", tag)
        elif tag == "script":
            kind = a.get("type", "").lower().split(";")[0].strip()
            self._raw = ("js" if kind in _JS_TYPES and "src" not in a else "", tag)

    def handle_endtag(self, tag):
        if self._raw and self._raw[1] == tag:
            self._raw = None

    def handle_data(self, data):
        if not self._raw or not self._raw[0]:
            return
        first = self.getpos()[0]
        scan = scan_css_text if self._raw[0] == "css" else scan_js_text
        for rel_line, url, why in scan(data):
            self._add(first + rel_line - 1, url, f"inline <{self._raw[1]}> {why}")


# --- CSS ---------------------------------------------------------------------------------------

_CSS_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_CSS_URL_RE = re.compile(r"""url\(\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<b>[^)'"\s]*))\s*\)""", re.I)
_CSS_IMPORT_RE = re.compile(r"""@import\s+(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)')""", re.I)
# Lazy up to the `)` that ends the value (nested `url()`/`type()` close earlier), which is followed by `;`,
# `,`, `}`, `!important`, or the end of a style attribute.
_CSS_IMAGE_SET_RE = re.compile(r"""(?:-webkit-)?image-set\((?P<body>[^;{}]*?)\)\s*(?:[;,}!]|\Z)""", re.I)
_CSS_STRING_RE = re.compile(r""""([^"]*)"|'([^']*)'""")


def _blank_comments(text: str, pattern: re.Pattern) -> str:
    """Replace comments by as many newlines as they span, so offsets still give line numbers."""
    return pattern.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def scan_css_text(text: str) -> list[tuple[int, str, str]]:
    """(line, url, why) for the external url(...) and @import of a stylesheet."""
    text = _blank_comments(text, _CSS_COMMENT_RE)
    out = []
    for m in _CSS_URL_RE.finditer(text):
        url = m.group("d") if m.group("d") is not None else m.group("s") if m.group("s") is not None else m.group("b")
        if is_external(url):
            out.append((_line_at(text, m.start()), url.strip(), "css url()"))
    for m in _CSS_IMPORT_RE.finditer(text):
        url = m.group("d") if m.group("d") is not None else m.group("s")
        if is_external(url):
            out.append((_line_at(text, m.start()), url.strip(), "css @import"))
    for m in _CSS_IMAGE_SET_RE.finditer(text):      # image-set("a.png" 1x) takes bare strings
        for s in _CSS_STRING_RE.finditer(m.group("body")):
            url = s.group(1) if s.group(1) is not None else s.group(2)
            if is_external(url):
                out.append((_line_at(text, m.start("body") + s.start()), url.strip(), "css image-set()"))
    return sorted(set(out))


# --- JavaScript -------------------------------------------------------------------------------

# A string or template literal whose text starts with `scheme://` or `//`; `_js_url` then keeps
# those with a host, which may be a template substitution (`https://${host}/`).
_JS_URL_LITERAL_RE = re.compile(
    r"""(?P<q>["'`])(?P<url>(?:(?:https?|wss?|ftp):)?//(?:\\.|(?!(?P=q))[^\\\n])*)(?P=q)""", re.I)
_PROTOCOL_RELATIVE_RE = re.compile(r"//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:[/:?#]|$)")


def _js_url(url: str) -> bool:
    if url.startswith("//"):           # "//" + host is concatenation, not a literal host; "//nbsp" no URL
        return _PROTOCOL_RELATIVE_RE.match(url) is not None
    rest = url.split("//", 1)[1]
    return rest[:1].isalnum() or rest.startswith("${")


def scan_js_text(text: str) -> list[tuple[int, str, str]]:
    """(line, url, why) for every string literal of a script that is an absolute URL."""
    return [(_line_at(text, m.start()), m.group("url"), "js string literal")
            for m in _JS_URL_LITERAL_RE.finditer(text) if _js_url(m.group("url"))]


# --- the site -----------------------------------------------------------------------------------


def _site_files(site_dir: Path) -> Iterable[Path]:
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.name in SKIP_NAMES or path.suffix in SKIP_SUFFIXES:
            continue
        if path.suffix.lower() in HTML_SUFFIXES | CSS_SUFFIXES | JS_SUFFIXES:
            yield path


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def scan_site(site_dir: Path | str, allowed: Iterable[Allowed] = ALLOWED) -> list[Finding]:
    """Every external resource the built site at `site_dir` would load, as Findings.

    JS literals matched by `allowed` are left out, unless the allowance's condition about the
    site's HTML fails, in which case they are reported with the reason the allowance is void."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise FileNotFoundError(f"{site_dir} is not a folder (build the site first: mkdocs build)")
    allowed = tuple(allowed)
    findings: list[Finding] = []
    js_hits: list[tuple[Path, int, str, str]] = []
    pre_mermaid: list[tuple[Path, int]] = []
    source_component: list[tuple[Path, int]] = []

    for path in _site_files(site_dir):
        suffix = path.suffix.lower()
        text = _read(path)
        if suffix in HTML_SUFFIXES:
            parser = _PageParser()
            parser.feed(text)
            parser.close()
            pre_mermaid += [(path, n) for n in parser.pre_mermaid]
            source_component += [(path, n) for n in parser.source_component]
            for line, url, why in parser.found:
                if why.startswith("inline <script>"):
                    js_hits.append((path, line, url, why))
                else:
                    findings.append(Finding(path, line, url, why))
        elif suffix in CSS_SUFFIXES:
            findings += [Finding(path, line, url, why) for line, url, why in scan_css_text(text)]
        else:
            js_hits += [(path, line, url, why) for line, url, why in scan_js_text(text)]

    facts = SiteFacts(pre_mermaid=pre_mermaid, source_component=source_component)
    for path, line, url, why in js_hits:
        rel = path.relative_to(site_dir).as_posix()
        rule = next((a for a in allowed if a.matches(rel, url)), None)
        if rule is None:
            findings.append(Finding(path, line, url, why))
        elif rule.holds is not None and not rule.holds(facts):
            findings.append(Finding(path, line, url, f"{why}; allow-list entry void: {rule.void_reason}"))
    findings.sort(key=lambda f: (str(f.file), f.line, f.url))
    return findings
