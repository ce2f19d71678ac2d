import re
from urllib.parse import urlsplit

from ..rule import Rule

HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^\[[0-9a-f:]+\]$", re.I)


class ExternalLinkForm(Rule):
    code = "LNK002"
    name = "external-links-well-formed"
    summary = "External links are well-formed http(s) URLs with a real host name."
    rationale = ("The linter runs offline, so it cannot fetch external links; it can make sure each one is "
                 "a URL a browser can open. Typos such as 'https//' or spaces are caught here.")
    good = "[AWS Summary of the Amazon S3 Service Disruption](https://aws.amazon.com/message/41926/)"
    bad = "[postmortem](https//aws.amazon.com/message/41926/)"

    def check(self, page, ctx):
        for link in page.links:
            t = link.target.strip()
            parts = urlsplit(t)
            if parts.scheme in ("http", "https"):
                if not parts.hostname or not HOST.match(parts.hostname) or " " in t:
                    yield self.at(page, link.line, f"malformed URL {t!r}")
            elif re.match(r"^https?//|^https?:/[^/]|^www\.", t, re.I):
                yield self.at(page, link.line, f"malformed URL {t!r} (missing '://'?)")


RULE = ExternalLinkForm()
