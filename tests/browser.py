"""Chromium for the browser tests: Debian's chromium (or ATLAS_CHROMIUM), headless, with every request
to a host other than 127.0.0.1/localhost aborted and recorded (atlas.site.server holds the settings
the benchmarks share)."""

from __future__ import annotations

import os
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from atlas.site.server import CHROMIUM, LOCAL_HOSTS, launch_chromium

browser_test = pytest.mark.browser
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason=f"{CHROMIUM} is missing (apt-get install chromium)")


@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
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
