"""Chromium for the browser tests: Debian's chromium (or ATLAS_CHROMIUM), headless, with every request
to a host other than 127.0.0.1/localhost aborted and recorded (atlas.site.server holds the settings
the benchmarks share).

One Chromium serves the whole session (the `chromium` fixture, registered in conftest.py). A missing
Chromium or Playwright is an error, never a skip: `make test` installs Debian's chromium, and a CI
runner without one must fail loudly rather than pass with the browser tests silently left out. To
run the rest of the suite on a machine without Chromium, deselect them: `pytest -m "not browser"`.
"""

from __future__ import annotations

import os
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from atlas.site.prerender import undrawn
from atlas.site.server import CHROMIUM, LOCAL_HOSTS, launch_chromium

browser_test = pytest.mark.browser
needs_chromium = browser_test  # the fixture fails when Chromium is missing; the mark lets `-m "not browser"` deselect


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install it (`make browser`, or apt-get install chromium), point "
                    f"ATLAS_CHROMIUM at another Chromium, or deselect the browser tests with -m 'not browser'",
                    pytrace=False)
    try:
        from playwright import sync_api
    except ImportError as exc:
        pytest.fail(f"playwright is not installed ({exc}): run `make setup`", pytrace=False)
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            yield browser
        finally:
            browser.close()


def open_offline(chromium, cls=SimpleNamespace, **options):
    """A new context and page that abort every non-local request; returns cls(context, page, blocked,
    requests, errors) with the URLs blocked, every URL requested and the page errors seen."""
    options = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light", "service_workers": "block",
               **options}
    context = chromium.new_context(**options)
    blocked: list[str] = []
    requests: list[str] = []
    errors: list[str] = []

    def route(r):
        if urlsplit(r.request.url).hostname in LOCAL_HOSTS:
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    context.on("request", lambda req: requests.append(req.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return cls(context=context, page=page, blocked=blocked, requests=requests, errors=errors)


def close(context) -> None:
    """Close a context opened by open_offline. Its routes go first, with errors ignored: a request still
    in flight (instant navigation prefetches) would otherwise fail its fetch or fulfill on a context
    being closed, and Playwright reports that as an error of whichever test tears down."""
    context.unroute_all(behavior="ignoreErrors")
    context.close()


def drawn_by_the_browser(context) -> None:
    """Serve the context's pages with the drawings the build made taken out (as `mkdocs serve`, or a
    build without Chromium, serves them), so the reader's browser draws each diagram with Mermaid.
    Material's instant navigation fetches pages too: every HTML response is rewritten."""
    def route(r):
        if urlsplit(r.request.url).hostname not in LOCAL_HOSTS:
            return r.fallback()  # open_offline's route aborts and records it
        response = r.fetch()
        if "text/html" not in response.headers.get("content-type", ""):
            return r.fulfill(response=response)
        r.fulfill(response=response, body=undrawn(response.text()))

    context.route("**/*", route)


def mermaid_loads(page) -> int:
    """How many times the page has fetched Mermaid (0 where the build drew every diagram)."""
    return page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.endsWith('/mermaid.min.js')).length")


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
        close(opened.context)
