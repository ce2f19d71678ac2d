"""The incident explorer and statistics, generated from the anatomies' `incident:` front matter at build
time (nothing hand-kept, nothing from a CDN):

- the incidents table on /incidents/: newest first, sortable (dates as dates, durations as minutes) and
  filterable by trigger, company, year, group and technology (docs/javascripts/tablefilter.js);
- /incidents/statistics/: counts by trigger and by year, and the median (never the mean) time to detect,
  to mitigate and to resolve per trigger, as bar charts in the four plane colours drawn by the build as
  SVG, each with its numbers in a table beside it."""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass
from pathlib import Path

from ..catalog import STATISTICS_REL, TRIGGERS
from ..entries import Entry, entries
from ..incidents import Timeline, human
from .indexes import cell, link, sortable

INTERVALS = {"detected": ("time to detect", "#3B82F6"), "mitigated": ("time to mitigate", "#10B981"),
             "resolved": ("time to resolve", "#F59E0B")}
COUNT_COLOUR = "#8B5CF6"


@dataclass(frozen=True)
class Incident:
    entry: Entry
    facts: dict
    timeline: Timeline

    @property
    def trigger(self) -> str:
        return str(self.facts.get("trigger") or self.facts.get("root_cause") or "unclassified")

    @property
    def group(self) -> str:
        return self.entry.rel.split("/")[1]

    @property
    def year(self) -> str:
        return str(self.facts.get("date", ""))[:4]

    @property
    def components(self) -> list[str]:
        found = self.facts.get("components") or self.entry.meta.get("technologies") or []
        return [str(c) for c in found if str(c).strip()]


def incidents(docs: Path) -> list[Incident]:
    found = [Incident(e, e.meta["incident"], Timeline.of(e.meta["incident"])) for e in entries(docs, "incidents")
             if isinstance(e.meta.get("incident"), dict)]
    return sorted(found, key=lambda i: str(i.facts.get("date", "")), reverse=True)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _interval(minutes: float | None) -> str:
    if minutes is None:
        return '<span data-sort="">—</span>'
    return f'<span data-sort="{minutes:.0f}">{human(minutes)}</span>'


ROW_TEXT = 90  # characters of blast radius a row shows; the whole text is on the page


def one_line(text, limit: int = ROW_TEXT) -> str:
    """The start of a text, cut at a word before `limit` characters (with an ellipsis), safe in a cell."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return cell(text)
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:(")
    return cell(cut) + "…"


def incident_table(docs: Path, index_rel: str = "incidents/index.md") -> str:
    """Every incident anatomy, newest first: date, company, incident, trigger, duration, time to detect,
    blast radius; sortable and filterable."""
    rows = []
    for inc in incidents(docs):
        tags = (f'<span class="atlas-row" data-trigger="{_attr(inc.trigger)}" data-company="{_attr(str(inc.facts.get("company", "")))}"'
                f' data-year="{_attr(inc.year)}" data-group="{_attr(inc.group)}"'
                f' data-technology="{_attr("|".join(inc.components))}"></span>')
        rows.append([str(inc.facts.get("date", "")), cell(inc.facts.get("company")), link(inc.entry, index_rel) + tags,
                     cell(inc.trigger), _interval(inc.timeline.minutes("resolved")),
                     _interval(inc.timeline.minutes("detected")), one_line(inc.facts.get("blast_radius"))])
    if not rows:
        return "*No incident pages yet.*\n"
    lines = ["| date | company | incident | trigger | duration | to detect | blast radius |",
             "|---|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    table = sortable("\n".join(lines), f"{len(rows)} incidents")
    return table.replace('<div class="atlas-sortable"', '<div class="atlas-sortable atlas-filterable" '
                         'data-filters="trigger company year group technology"', 1)


def median_minutes(group: list[Incident], to: str) -> tuple[float | None, int]:
    """(median minutes from start to `to`, how many incidents publish both moments)."""
    values = [m for i in group if (m := i.timeline.minutes(to)) is not None]
    return (statistics.median(values) if values else None), len(values)


def bar_chart(title: str, rows: list[tuple[str, float, str]], colour: str, unit: str) -> str:
    """A horizontal bar chart as inline SVG: one labelled bar per row (label, value, value as text)."""
    if not rows:
        return ""
    width, label_w, bar_h, gap = 640, 190, 22, 8
    top = 30
    height = top + len(rows) * (bar_h + gap) + 10
    peak = max(v for _, v, _ in rows) or 1
    parts = [f'<svg class="atlas-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'aria-label="{_attr(title)}" xmlns="http://www.w3.org/2000/svg">',
             f'<title>{html.escape(title)}</title>',
             f'<text x="0" y="18" class="atlas-chart__title">{html.escape(title)}</text>']
    for n, (label, value, text) in enumerate(rows):
        y = top + n * (bar_h + gap)
        w = max(2, (width - label_w - 90) * value / peak)
        parts.append(f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.0f}" text-anchor="end" '
                     f'class="atlas-chart__label">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="4" fill="{colour}">'
                     f'<title>{html.escape(label)}: {html.escape(text)}{" " + unit if unit else ""}</title></rect>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.7:.0f}" '
                     f'class="atlas-chart__value">{html.escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _chart_with_table(title: str, headers: list[str], rows: list[list[str]], chart: str) -> str:
    table = "\n".join(["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
                      + ["| " + " | ".join(r) + " |" for r in rows])
    return (f'<div class="atlas-chart-pair" markdown="1">\n<div class="atlas-chart-pair__chart">{chart}</div>\n'
            f'<div class="atlas-chart-pair__table" markdown="1">\n\n{table}\n\n</div>\n</div>\n')


def statistics_page(docs: Path) -> str:
    """/incidents/statistics/ as Markdown."""
    found = incidents(docs)
    parts = ["---", "title: Incident statistics", "---", "", "# Incident statistics", "",
             f"What the {len(found)} incident anatomies of the atlas have in common, computed from each page's "
             "`incident:` front matter when the site was built. Intervals run from the start of impact; an "
             "incident whose sources do not publish a moment is left out of that median (the *n* column says "
             "how many count). Medians, not means: one multi-day outage would drag a mean far from the "
             "typical case. [Back to the incident table](index.md).", ""]
    if not found:
        return "\n".join(parts + ["*No incident pages yet.*", ""])
    by_trigger: dict[str, list[Incident]] = {}
    for inc in found:
        by_trigger.setdefault(inc.trigger, []).append(inc)
    order = sorted(by_trigger, key=lambda t: (-len(by_trigger[t]), t))
    parts += ["## Incidents by trigger", ""]
    rows = [[t, str(len(by_trigger[t])), cell(TRIGGERS.get(t, "not classified yet"))] for t in order]
    chart = bar_chart("Incidents by trigger", [(t, len(by_trigger[t]), str(len(by_trigger[t]))) for t in order],
                      COUNT_COLOUR, "incidents")
    parts.append(_chart_with_table("Incidents by trigger", ["trigger", "incidents", "what it means"], rows, chart))
    years = sorted({i.year for i in found if i.year})
    per_year = {y: sum(1 for i in found if i.year == y) for y in years}
    parts += ["## Incidents by year", ""]
    chart = bar_chart("Incidents by year (of the anatomies the atlas has)",
                      [(y, per_year[y], str(per_year[y])) for y in years], COUNT_COLOUR, "incidents")
    parts.append(_chart_with_table("Incidents by year", ["year", "incidents"], [[y, str(per_year[y])] for y in years],
                                   chart))
    for to, (label, colour) in INTERVALS.items():
        parts += [f"## Median {label}, by trigger", ""]
        medians = [(t, *median_minutes(by_trigger[t], to)) for t in order]
        table = [[t, human(m) if m is not None else "not published", str(n)] for t, m, n in medians]
        chart = bar_chart(f"Median {label} (minutes from the start of impact)",
                          [(t, m, human(m)) for t, m, n in medians if m is not None], colour, "")
        overall, n = median_minutes(found, to)
        parts.append(_chart_with_table(label, ["trigger", f"median {label}", "n"], table, chart))
        parts += [f"All incidents: median {label} {human(overall) if overall is not None else 'not published'} "
                  f"(n = {n}).", ""]
    return "\n".join(parts) + "\n"
