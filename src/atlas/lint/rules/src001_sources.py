import datetime as dt
import re
from urllib.parse import urlsplit

from ..rule import Rule

PLACEHOLDER_HOSTS = {"example.com", "example.org", "example.net", "localhost", "test", "invalid", "example"}
SHORTENERS = {"bit.ly", "t.co", "goo.gl", "tinyurl.com", "ow.ly", "buff.ly", "lnkd.in", "is.gd", "rb.gy",
              "cutt.ly", "shorturl.at", "tiny.cc", "rebrand.ly", "s.id", "amzn.to", "youtu.be", "dlvr.it"}


# A note that says why an http URL is cited: "served only over http", "http only", "only over http".
HTTP_ONLY = re.compile(r"\bhttp[- ]only\b|\bonly (?:over|by|via|on) http\b|\bserved (?:only )?over http\b", re.I)


class Sources(Rule):
    code = "SRC001"
    name = "sources-honest"
    summary = ("A page cites at least 2 sources, at least one primary with confidence A, by https URL (http only for "
               "a source served only over http, said in its note) with an ISO date.")
    applies_to = "catalogued"
    rationale = ("The atlas's numbers are only as good as their sources. Primary sources (the company's own "
                 "engineering blog, status page or postmortem, a paper, a talk by its engineers, official docs) "
                 "are confidence A; reputable secondary reports B; our own estimates C. Shortened or "
                 "placeholder URLs cannot be checked by a reader. Some originals (an exchange's 2012 trader alert, an old "
                 "company blog) are served only over http: citing them beats citing a re-host or a press summary, so an "
                 "http URL passes when its `note` says the source is served only over http.")
    good = ("sources:\n  - {url: 'https://netflixtechblog.com/...', title: ..., publisher: Netflix Technology Blog, "
            "published: 2016-03-07, confidence: A}\n  - {url: 'https://www.usenix.org/...', ..., confidence: B}")
    bad = "sources:\n  - {url: 'http://bit.ly/x', title: Blog, publisher: Someone, published: 'last year', confidence: B}"

    def check(self, page, ctx):
        sources = page.meta.get("sources")
        line = page.line_of("sources")
        if not isinstance(sources, list):
            yield self.at(page, line, "cite at least 2 sources under `sources`")
            return
        if len(sources) < 2:
            yield self.at(page, line, f"cites {len(sources)} source(s); the contract needs at least 2")
        good = [s for s in sources if isinstance(s, dict)]
        if not any(s.get("confidence") == "A" for s in good):
            yield self.at(page, line, "no primary source with `confidence: A` (the company's own blog, status page, "
                                      "postmortem, a paper, a talk by its engineers, or official docs)")
        seen: set[str] = set()
        for i, src in enumerate(good):
            at = page.line_of(f"sources[{i}]")
            url = str(src.get("url", ""))
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            if parts.scheme == "http" and HTTP_ONLY.search(str(src.get("note") or "")):
                pass  # the original exists only over http, and the note says so
            elif parts.scheme != "https":
                yield self.at(page, at, f"source URL must be https (or http with a `note` saying the source is "
                                        f"served only over http): {url!r}")
            elif not host or "." not in host and host not in PLACEHOLDER_HOSTS or " " in url:
                yield self.at(page, at, f"source URL is malformed: {url!r}")
            if host in PLACEHOLDER_HOSTS or any(host.endswith("." + h) for h in PLACEHOLDER_HOSTS):
                yield self.at(page, at, f"source URL uses a placeholder domain: {host}")
            if host.removeprefix("www.") in SHORTENERS:
                yield self.at(page, at, f"source URL uses the shortener {host}: cite the full URL")
            if url in seen:
                yield self.at(page, at, f"source cited twice: {url}")
            seen.add(url)
            published = src.get("published")
            if isinstance(published, dt.date) and published > dt.date.today():
                yield self.at(page, at, f"source is dated in the future: {published.isoformat()}")
            elif published is not None and not isinstance(published, dt.date) and published != "undated":
                yield self.at(page, at, f"`published` must be an ISO date (YYYY-MM-DD) or 'undated', got {published!r}")


RULE = Sources()
