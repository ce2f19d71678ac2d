from ..citations import claims
from ..quantities import quantities
from ..citations import cites_sources
from ..rule import Rule


class NumbersCited(Rule):
    code = "CIT002"
    name = "numbers-cited"
    summary = "A number in prose or a table row carries a citation [^id] or an estimate marker (est., ~) in the same sentence or row."
    applies_to = "all"  # catalogued pages, and any other page that lists `sources` (the system overviews)
    rationale = ("An audit of the first pages found figures no cited source states and derived figures with no "
                 "derivation. What counts as a number is defined once (atlas.lint.quantities): money, "
                 "percentages, amounts with a unit of time, data, rate or factor, counts with a scale (5M, two "
                 "million) and any other count of three or more digits. Not numbers: dates and years used as "
                 "dates, times of day, versions, identifiers (S3, p99, KIP-848), HTTP status and error codes, "
                 "ports, ordinals, headings, and anything in a code span (configuration keys, defaults, error "
                 "strings). An estimate says `est.` or `~` and shows its derivation on the page.")
    good = ("DocDB served over 5 million queries per second in 2023.[^docdb-blog]\n"
            "| NAT gateway | est. $3,300/month: 3 × $0.045/h × 730 h + data [^aws-vpc-pricing] |")
    bad = "DocDB served over 5 million queries per second in 2023."

    def check(self, page, ctx):
        if not cites_sources(page):
            return
        for claim in claims(page):
            if claim.cited or claim.estimate:
                continue
            found = quantities(claim.text)
            if found:
                shown = ", ".join(q.text for q in found[:4]) + (" ..." if len(found) > 4 else "")
                where = "row" if claim.in_table else "sentence"
                yield self.at(page, claim.line, f"{shown}: this {where} needs a citation [^id] or an estimate "
                                                "marker (est. or ~, with the derivation on the page)")


RULE = NumbersCited()
