from urllib.parse import urlsplit

from ..rule import Rule

# Document-sharing and scraping sites that re-host what someone else published.
REHOSTS = {"docslib.org", "studylib.net", "scribd.com", "pdfcoffee.com", "dokumen.pub", "vdocuments.net",
           "vdocuments.mx", "documents.pub", "fdocuments.net", "fdocuments.in", "kupdf.net", "doczz.net",
           "silo.tips", "idoc.pub", "pdfslide.net", "slideserve.com", "coursehero.com", "yumpu.com",
           "issuu.com", "dokumen.tips", "epdf.pub", "ebin.pub", "pdfcookie.com"}


def rehost(url: str) -> str | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return next((r for r in REHOSTS if host == r or host.endswith("." + r)), None)


class Originals(Rule):
    code = "SRC002"
    name = "sources-original-dated"
    summary = "Cite the original, not a re-host; give a primary source the date it shows (or say in `note` why it has none)."
    severity = "warning"
    applies_to = "catalogued"
    rationale = ("A re-host (docslib, studylib, scribd...) may be altered, partial or gone tomorrow, and hides "
                 "who published what when; cite it only where the original is gone, and say so in the "
                 "source's `note`. A primary source's date tells the reader which year a fact holds for; "
                 "most posts, postmortems and papers show one. Living documentation that shows none is "
                 "`published: undated` with a `note` saying so.")
    good = ("sources:\n  - {id: pg-connections, url: 'https://www.postgresql.org/docs/16/runtime-config-connection.html', "
            "title: Connections and Authentication, publisher: PostgreSQL, published: undated, confidence: A, "
            "accessed: 2026-11-01, note: 'living documentation for PostgreSQL 16; the page shows no date'}")
    bad = ("sources:\n  - {id: gfs, url: 'https://docslib.org/doc/123/the-google-file-system', title: The Google File "
           "System, publisher: docslib, published: undated, confidence: A, accessed: 2026-11-01}")

    def check(self, page, ctx):
        sources = page.meta.get("sources")
        for i, src in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(src, dict):
                continue
            at = page.line_of(f"sources[{i}]")
            host = rehost(str(src.get("url", "")))
            if host and not src.get("note"):
                yield self.at(page, at, f"{host} re-hosts what others published: cite the original, or say in "
                                        "`note` that the original is gone")
            if src.get("confidence") == "A" and src.get("published") == "undated" and not src.get("note"):
                yield self.at(page, at, "primary source marked undated: give `published` from the source, or say "
                                        "in `note` why it shows no date")


RULE = Originals()
