"""Diagrams drawn when the site is built, so a page shows them before any script runs (issue 23 item 3).

Each diagram of the built HTML is drawn in headless Chromium by the site's own viewer
(`atlasViewer.prerender` in mermaid-interactive.js: the pinned Mermaid, the viewer's configuration,
its label-contrast pass) on a page of the built site, so with the site's own CSS and fonts; once in
the light scheme and once in the dark one. Each drawing is also a file of its own under
assets/diagrams/. A page's HTML carries the light drawings of its first diagrams in place (up to
INLINE_BYTES, and always the first): those show as the HTML arrives, before any script runs, and
without JavaScript. The others, and every dark drawing, are addressed by the block and fetched by the
viewer (the dark ones when the page is dark; the rest when they come near, and all once the page has
loaded): in the HTML they would multiply the bytes and the parse a reader waits for. Without
JavaScript those show as an <img> of the file. The viewer binds zoom, pan and the buttons to a drawing
at once and loads Mermaid only for a diagram the build could not draw.

Drawings are cached in `.cache/prerender/`, one file per diagram and scheme, keyed by the source, the
scheme and everything that shapes a drawing (the bytes of Mermaid, the viewer and the site's CSS; the
Chromium version and the fonts it measures labels with), so a build re-draws only new or changed diagrams. Without Chromium the build warns and leaves the diagrams
to the reader's browser, as before (`make serve` never pre-renders: the viewer draws them).
"""

from __future__ import annotations

import fcntl
import hashlib
import html
import itertools
import multiprocessing
import os
import re
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .server import CHROMIUM, launch_chromium, serve

THEMES = ("default", "dark")  # the viewer's names for Material's `default` and `slate` schemes
DRAWINGS = "assets/diagrams"  # where every drawing is served from, as a file of its own
INLINE_BYTES = 100_000        # light drawings carried in a page's HTML, in order, up to this many bytes
BATCH = 25                    # diagrams per call into the page
PARALLEL_FROM = 40            # this many drawings or more are shared among browsers, one per CPU (at most 4)
STALE_DAYS = 14               # a cached drawing no build has used for this long is removed
# What the build's fence writes (atlas.site.fence) and nothing else: a page's own text never matches.
_BLOCK = re.compile(r'<div class="atlas-diagram" data-search-exclude><pre class="atlas-diagram__source">'
                    r'(?P<source>[^<]*)</pre></div>')
# Everything whose bytes shape a drawing: a change to any of them draws every diagram again.
SHAPERS = ("assets/vendor/mermaid/mermaid.min.js", "javascripts/mermaid-interactive.js",
           "stylesheets/mermaid-beautiful.css", "assets/vendor/emoji/emoji.css")


@dataclass
class Prerendered:
    diagrams: int = 0                  # diagram blocks in the site's pages
    unique: int = 0                    # distinct sources among them
    drawn: int = 0                     # drawings made now (each source × scheme)
    cached: int = 0                    # drawings taken from the cache
    failed: list[str] = field(default_factory=list)  # "page.html, diagram N" Mermaid could not draw (left to the browser)
    pages: int = 0                     # pages rewritten
    seconds: float = 0.0
    skipped: str = ""                  # why nothing was drawn, if so


def renderer() -> bytes:
    """The Chromium that draws and the fonts it lays labels out with (file and version of each, as
    fontconfig lists them): another version of either may size a label, so place a node, differently."""
    out = []
    for cmd in ([CHROMIUM, "--version"], ["fc-list", "--format", "%{file} %{fontversion}\\n"]):
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=60)
            out.append(b"\n".join(sorted(run.stdout.splitlines())) if run.returncode == 0 else b"-")
        except (OSError, subprocess.TimeoutExpired):
            out.append(b"-")
    return b"\n--\n".join(out)


def shapers_digest(site_dir: Path) -> str:
    h = hashlib.sha256(b"atlas-prerender-1\n" + renderer() + b"\n")
    for rel in SHAPERS:
        path = site_dir / rel
        h.update(rel.encode() + b"\n" + (path.read_bytes() if path.is_file() else b"-") + b"\n")
    for css in sorted((site_dir / "assets" / "stylesheets").glob("*.css")):  # Material's own
        h.update(css.name.encode() + b"\n" + css.read_bytes() + b"\n")
    return h.hexdigest()


def drawing_key(digest: str, theme: str, source: str) -> str:
    return hashlib.sha256(f"{digest}\n{theme}\n{source}".encode()).hexdigest()[:32]


def svg_id(key: str) -> str:
    """The drawing's SVG id: Mermaid scopes its styles and markers under it, so it is unique per drawing."""
    return "atlas-d" + key[:16]


def sources_of(page_html: str) -> list[str]:
    return [html.unescape(m.group("source")) for m in _BLOCK.finditer(page_html)]


END = "<!--/atlas-diagram-->"  # closes a drawn block, so the page's text never needs parsing to find its end


def block_html(escaped_source: str, urls: tuple[str, str], light: str | None) -> str:
    """A drawn diagram: its source (kept for copy and search exclusion), the addresses of its light and
    dark drawings, and the light drawing itself if the page carries it (else an <img> for readers
    without JavaScript)."""
    head = ('<div class="atlas-diagram" data-search-exclude data-pagefind-ignore="all" data-prerendered'
            + (' data-theme="default"' if light else "")
            + f' data-drawn-default="{html.escape(urls[0])}" data-drawn-dark="{html.escape(urls[1])}">'
            f'<pre class="atlas-diagram__source">{escaped_source}</pre>')
    if light:
        body = f'<div class="atlas-diagram__viewport"><div class="atlas-diagram__svg">{light}</div></div>'
    else:
        body = (f'<noscript><img class="atlas-diagram__noscript" src="{html.escape(urls[0])}" loading="lazy" '
                'alt="The diagram, drawn when the site was built"></noscript>')
    return head + body + "</div>" + END


_DRAWN = re.compile(r'<div class="atlas-diagram" data-search-exclude data-pagefind-ignore="all" data-prerendered[^>]*>'
                    r'(?P<pre><pre class="atlas-diagram__source">[^<]*</pre>).*?' + re.escape(END), re.S)


def undrawn(page_html: str) -> str:
    """The page as the build had it before its diagrams were drawn (as `mkdocs serve` serves it): for
    the tests and the benchmark of the diagrams a reader's browser draws."""
    return _DRAWN.sub(lambda m: f'<div class="atlas-diagram" data-search-exclude>{m.group("pre")}</div>', page_html)


def served_under(site_dir: Path) -> str:
    """The path the site is built to be served under: its 404 page links its assets absolutely (from
    site_url), so it is opened where they resolve; "/" for a site without site_url."""
    page = site_dir / "404.html"
    m = re.search(r'(?:href|src)="(/[^"]*?)assets/', page.read_text(encoding="utf-8")) if page.is_file() else None
    return m.group(1) if m else "/"


@contextmanager
def drawing_page(site_dir: Path):
    """The built site's 404 page (its CSS and fonts, no diagram of its own) open in Chromium, every
    request off the site refused, the viewer loaded: the page `draw_batch` draws on."""
    from playwright.sync_api import sync_playwright

    with serve(site_dir, served_under(site_dir)) as url, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                       else route.abort())
            page.goto(url + "404.html", wait_until="load")
            page.wait_for_function("!!(window.atlasViewer && window.atlasViewer.prerender)")
            yield page
        finally:
            browser.close()


def draw_batch(page, sources: list[str], ids: list[str], theme: str) -> list[str | None]:
    """Each source drawn in `theme` with its SVG id, on a drawing_page: svg markup, or None where Mermaid failed."""
    return page.evaluate("([s, ids, t]) => window.atlasViewer.prerender(s, ids, t)", [sources, ids, theme])


def draw(site_dir: Path, jobs: list[tuple[str, str, str]]) -> dict[tuple[str, str], str | None]:
    """Draw each (theme, source, key) in Chromium on a drawing_page, BATCH at a time.
    Returns {(theme, source): svg markup, or None where Mermaid failed}."""
    out: dict[tuple[str, str], str | None] = {}
    with drawing_page(site_dir) as page:
        for theme in THEMES:
            todo = [(source, key) for t, source, key in jobs if t == theme]
            for i in range(0, len(todo), BATCH):
                batch = todo[i:i + BATCH]
                svgs = draw_batch(page, [s for s, _ in batch], [svg_id(k) for _, k in batch], theme)
                for (source, _), svg in zip(batch, svgs):
                    out[(theme, source)] = svg
    return out


def draw_all(site_dir: Path, jobs: list[tuple[str, str, str]]) -> dict[tuple[str, str], str | None]:
    """draw() in worker processes, one Chromium each: one per CPU (up to 4) for a long list, since
    Mermaid draws on one thread per page. Always in another process, and spawned, not forked: the
    caller may be running Playwright itself (the tests do), and its sync API allows one per thread."""
    workers = min(4, os.cpu_count() or 1, max(1, len(jobs) // (PARALLEL_FROM // 2)))
    out: dict[tuple[str, str], str | None] = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for part in pool.map(draw, [site_dir] * workers, [jobs[i::workers] for i in range(workers)]):
            out.update(part)
    return out


def prerender(site_dir: Path, cache_dir: Path) -> Prerendered:
    """Draw every diagram of the built site at `site_dir` (cached in `cache_dir`) and write the drawings
    into its pages. Returns what was done."""
    started = time.monotonic()
    result = Prerendered()
    pages = {}
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        found = sources_of(text)
        if found:
            pages[page] = text
            result.diagrams += len(found)
    sources = sorted({s for text in pages.values() for s in sources_of(text)})
    result.unique = len(sources)
    if not sources:
        return result
    digest = shapers_digest(site_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # One build draws at a time per cache (the tests build two sites at once): the second waits, then
    # finds the first one's drawings in the cache instead of drawing them again.
    with open(cache_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        drawings = _draw_missing(site_dir, cache_dir, digest, sources, result)
        prune_cache(cache_dir)
    if result.skipped:
        result.seconds = time.monotonic() - started
        return result
    _write_pages(site_dir, pages, digest, drawings, result)
    result.seconds = time.monotonic() - started
    return result


def _draw_missing(site_dir: Path, cache_dir: Path, digest: str, sources: list[str],
                  result: Prerendered) -> dict[tuple[str, str], str | None]:
    """Every (scheme, source) drawing, from the cache or drawn now (and cached)."""
    drawings: dict[tuple[str, str], str | None] = {}
    jobs = []
    for theme in THEMES:
        for source in sources:
            key = drawing_key(digest, theme, source)
            cached = cache_dir / f"{key}.svg"
            if cached.is_file():
                drawings[(theme, source)] = cached.read_text(encoding="utf-8")
                result.cached += 1
                os.utime(cached)  # used: its age counts from now (prune_cache)
            else:
                jobs.append((theme, source, key))
    if jobs:
        if not Path(CHROMIUM).exists():
            result.skipped = f"no Chromium at {CHROMIUM}: diagrams are drawn in the reader's browser"
            return drawings
        made = draw_all(site_dir, jobs)
        for theme, source, key in jobs:
            svg = made.get((theme, source))
            drawings[(theme, source)] = svg
            if svg is None:
                continue
            part = cache_dir / f"{key}.svg.{os.getpid()}"  # whole or absent: another build may read it now
            part.write_text(svg, encoding="utf-8")
            part.replace(cache_dir / f"{key}.svg")
            result.drawn += 1
    return drawings


def prune_cache(cache_dir: Path, days: float = STALE_DAYS) -> int:
    """Remove the drawings no build has used for `days` (an edited diagram's old drawings, those of a
    Mermaid or CSS since replaced): the cache would otherwise grow by every version of every diagram.
    Returns how many were removed. Called under the cache's lock."""
    cutoff = time.time() - days * 86400
    removed = 0
    for path in cache_dir.glob("*.svg"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _write_pages(site_dir: Path, pages: dict[Path, str], digest: str,
                 drawings: dict[tuple[str, str], str | None], result: Prerendered) -> None:
    """Each page's diagram blocks replaced by their drawn form; the drawings' files under DRAWINGS."""
    served = site_dir / DRAWINGS

    def serve_file(theme: str, source: str, svg: str) -> Path:
        path = served / (drawing_key(digest, theme, source) + ".svg")
        if not path.is_file():
            served.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")
        return path

    for page, text in pages.items():
        numbers = itertools.count(1)
        inline = {"bytes": 0, "open": True}  # light drawings carried so far; closed at the first left out

        def replace(m: re.Match, page=page, numbers=numbers, inline=inline) -> str:
            n = next(numbers)
            source = html.unescape(m.group("source"))
            light, dark = drawings.get(("default", source)), drawings.get(("dark", source))
            if light and dark:
                urls = tuple(Path(os.path.relpath(serve_file(t, source, svg), page.parent)).as_posix()
                             for t, svg in (("default", light), ("dark", dark)))
                carried = inline["open"] and (not inline["bytes"] or inline["bytes"] + len(light) <= INLINE_BYTES)
                inline["bytes"] += len(light) if carried else 0
                inline["open"] = carried
                return block_html(m.group("source"), urls, light if carried else None)
            if not result.skipped:
                result.failed.append(f"{page.relative_to(site_dir).as_posix()}, diagram {n}")
            return m.group(0)

        out = _BLOCK.sub(replace, text)
        if out != text:
            page.write_text(out, encoding="utf-8")
            result.pages += 1
