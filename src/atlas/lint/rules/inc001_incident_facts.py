import datetime as dt
import re

from ...catalog import INCIDENT_FACTS_EXEMPT_GROUPS
from ..rule import Rule

DATED_SLUG = re.compile(r"-(\d{4}-\d{2}-\d{2})\.md$")


class IncidentFacts(Rule):
    code = "INC001"
    name = "incident-facts"
    summary = "An incident anatomy carries an `incident:` block whose date is the one its file name ends with."
    applies_to = "catalogued"
    rationale = ("The incident index (date, company, duration, root cause, blast radius) is generated from "
                 "this block, never hand-kept; the date in the file name and the block must agree so links "
                 "and the index cannot point at different days.")
    good = ("docs/incidents/high-profile/aws-s3-2017-02-28.md with\n"
            "incident: {date: 2017-02-28, duration: ..., company: Amazon Web Services, root_cause: "
            "human operational error, blast_radius: ...}")
    bad = "docs/incidents/high-profile/aws-s3-2017-02-28.md without an `incident:` block, or with date: 2017-03-01"

    def check(self, page, ctx):
        parts = page.rel.split("/")
        if parts[0] != "incidents" or len(parts) != 3 or parts[1] in INCIDENT_FACTS_EXEMPT_GROUPS:
            return
        facts = page.meta.get("incident")
        slug_date = DATED_SLUG.search(parts[2])
        if not slug_date:
            yield self.at(page, 1, "an incident's file name ends with its start date: <company>-YYYY-MM-DD.md")
        if not isinstance(facts, dict):
            yield self.at(page, page.line_of("incident"), "incident pages carry an `incident:` block "
                                                          "(date, duration, company, root_cause, blast_radius)")
            return
        date = facts.get("date")
        if slug_date and isinstance(date, dt.date) and date.isoformat() != slug_date.group(1):
            yield self.at(page, page.line_of("incident.date"),
                          f"incident.date is {date.isoformat()} but the file name says {slug_date.group(1)}")


RULE = IncidentFacts()
