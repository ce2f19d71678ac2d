import datetime as dt

from ...catalog import INCIDENT_FACTS_EXEMPT_GROUPS, TRIGGERS
from ...incidents import MOMENTS, Timeline, agrees, human, stated_minutes
from ..rule import Rule

REQUIRED = (*MOMENTS, "trigger", "contributing_factors", "data_loss", "components")


class IncidentTimeline(Rule):
    code = "INC002"
    name = "incident-timeline"
    summary = ("An incident anatomy's `incident:` block has its timeline (started, detected, mitigated, resolved "
               "in UTC, or null with why), trigger, contributing factors, data loss and components, and its "
               "duration agrees with the timestamps.")
    applies_to = "catalogued"
    rationale = ("The incident explorer and the statistics (median time to detect, mitigate and resolve per "
                 "trigger) are computed from these fields, so they must be complete, in one time zone and in "
                 "order. A moment the sources do not give is `{at: null, why: ...}`: the median then leaves the "
                 "incident out rather than guessing. `trigger` comes from one vocabulary (atlas.catalog.TRIGGERS); "
                 "incidents rarely have one root cause, so `contributing_factors` lists the rest. The `duration` "
                 "people read must name a figure that agrees with started -> resolved (or -> mitigated).")
    good = ("incident:\n  date: 2017-02-28\n  duration: about 4 h 17 min (9:37 AM to 1:54 PM PST)\n"
            "  started: 2017-02-28T17:37:00Z\n  detected: {at: null, why: 'the summary gives no alarm time'}\n"
            "  mitigated: 2017-02-28T21:54:00Z\n  resolved: 2017-02-28T21:54:00Z\n  trigger: operator-action\n"
            "  contributing_factors: [...]\n  data_loss: {verdict: none, words: ...}\n  components: [Amazon S3]")
    bad = "incident:\n  date: 2017-02-28\n  duration: about 6 hours\n  started: 2017-02-28T09:37:00-08:00   (...)"

    def check(self, page, ctx):
        parts = page.rel.split("/")
        if parts[0] != "incidents" or len(parts) != 3 or parts[1] in INCIDENT_FACTS_EXEMPT_GROUPS:
            return
        facts = page.meta.get("incident")
        if not isinstance(facts, dict):
            return  # INC001
        line = page.line_of("incident")
        missing = [k for k in REQUIRED if k not in facts]
        if missing:
            yield self.at(page, line, f"incident: add {', '.join(missing)} (a moment the sources do not give is "
                                      "{at: null, why: ...}; trigger one of " + ", ".join(TRIGGERS) + ")")
        for name in MOMENTS:
            value = facts.get(name)
            at = page.meta_lines.get(f"incident.{name}", line)
            if isinstance(value, dt.datetime) and value.utcoffset() != dt.timedelta(0):
                yield self.at(page, at, f"incident.{name} must be in UTC (…Z); keep the source's own time zone in "
                                        "the text")
            elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                yield self.at(page, at, f"incident.{name} needs a time: YYYY-MM-DDTHH:MM:SSZ")
        timeline = Timeline.of(facts)
        order = [(n, getattr(timeline, n)) for n in ("started", "mitigated", "resolved") if getattr(timeline, n)]
        for (a, ta), (b, tb) in zip(order, order[1:]):
            if tb < ta:
                yield self.at(page, page.meta_lines.get(f"incident.{b}", line), f"incident.{b} is before {a}")
        if timeline.detected and timeline.started and timeline.detected < timeline.started:
            yield self.at(page, page.meta_lines.get("incident.detected", line),
                          "incident.detected is before started: start the timeline at the first impact the source "
                          "gives")
        date = facts.get("date")
        if timeline.started and isinstance(date, dt.date) and timeline.started.date() != date:
            yield self.at(page, page.meta_lines.get("incident.started", line),
                          f"incident.started is on {timeline.started.date()} (UTC) but incident.date is {date}")
        computed = [m for m in (timeline.minutes("resolved"), timeline.minutes("mitigated")) if m is not None]
        duration = facts.get("duration")
        if computed and isinstance(duration, str):
            stated = stated_minutes(duration)
            if not any(agrees(s, hedged, c) for s, hedged in stated for c in computed):
                figures = ", ".join(human(s) for s, _ in stated) or "no figure"
                yield self.at(page, page.meta_lines.get("incident.duration", line),
                              f"incident.duration says {figures}; the timestamps give {human(computed[0])} "
                              "(started -> resolved" + (f", or {human(computed[1])} to mitigated)" if len(computed) > 1
                                                        else ")"))


RULE = IncidentTimeline()
