"""The incident explorer and statistics, generated from the anatomies' `incident:` front matter at build
time (nothing hand-kept, nothing from a CDN):

- the incident table, one per group (/incidents/high-profile/, ...: the group's page in the nav): newest
  first, sortable (dates as dates, durations as minutes) and filterable by trigger, company, year and
  technology (docs/javascripts/tablefilter.js). One table for every incident outgrew the page-weight
  budget at a hundred; a group that outgrows it is paged by year (/incidents/high-profile/2008-2016/);
- the overview on /incidents/: each group with its table's pages and every incident, so it says where
  each one is;
- /incidents/statistics/: counts by trigger and by year, and the median (never the mean) time to detect,
  to mitigate and to resolve per trigger, as bar charts in the four plane colours drawn by the build as
  SVG, each with its numbers in a table beside it."""

from __future__ import annotations

import html
import posixpath
import statistics
from dataclasses import dataclass
from pathlib import Path

from ..catalog import GROUPS, STATISTICS_REL, TRIGGERS, folder_title
from ..entries import Entry, entries
from ..incidents import Timeline, human
from .indexes import cell, link, sortable
from .paging import Part, links_to_parts, markdown_bytes, split_rows

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
    """A value safe in an attribute inside a Markdown table cell: quotes escaped, and pipes too (a raw '|'
    would end the cell in the middle of the tag)."""
    return html.escape(value, quote=True).replace("|", "&#124;")


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


FILTERS = "trigger company year technology"
HEADER = ["| date | company | incident | trigger | duration | to detect | blast radius |",
          "|---|---|---|---|---|---|---|"]


def table_row(inc: Incident, index_rel: str) -> str:
    """One incident's row; its hidden span carries the values the filters offer ('|' between several)."""
    company = _attr(str(inc.facts.get("company", "")))
    tags = (f'<span class="atlas-row" data-trigger="{_attr(inc.trigger)}" data-company="{company}" '
            f'data-year="{_attr(inc.year)}" data-technology="{_attr("|".join(inc.components))}"></span>')
    row = [str(inc.facts.get("date", "")), cell(inc.facts.get("company")), link(inc.entry, index_rel) + tags,
           cell(inc.trigger), _interval(inc.timeline.minutes("resolved")),
           _interval(inc.timeline.minutes("detected")), one_line(inc.facts.get("blast_radius"))]
    return "| " + " | ".join(row) + " |"


def incident_table(found: list[Incident], index_rel: str) -> str:
    """These incidents as a table, in their order: date, company, incident, trigger, duration, time to
    detect, blast radius; sortable and filterable."""
    if not found:
        return "*No incident pages yet.*\n"
    table = sortable("\n".join(HEADER + [table_row(i, index_rel) for i in found]), f"{len(found)} incidents")
    return table.replace('<div class="atlas-sortable"', '<div class="atlas-sortable atlas-filterable" '
                         f'data-filters="{FILTERS}"', 1)


def by_group(docs: Path) -> dict[str, list[Incident]]:
    """group -> its incidents, newest first; groups in the catalog's order, then any other A-Z."""
    out: dict[str, list[Incident]] = {}
    for inc in incidents(docs):
        out.setdefault(inc.group, []).append(inc)
    order = [g for g in GROUPS["incidents"] if g in out] + sorted(set(out) - set(GROUPS["incidents"]))
    return {g: out[g] for g in order}


def group_parts(found: list[Incident], group: str) -> list[Part[Incident]]:
    """A group's table in pages under the page-weight budget, by whole years (newest first): one page,
    incidents/<group>/index.md, unless the group outgrows it; then the newest years there and the older
    ones in incidents/<group>/<from>-<to>.md."""
    chunks = split_rows(found, lambda i: markdown_bytes(table_row(i, f"incidents/{group}/x.md")),
                        together=lambda i: i.year)
    parts = []
    for n, chunk in enumerate(chunks, start=1):
        years = [i.year or "undated" for i in chunk] or [""]
        parts.append(Part(chunk, min(years), max(years), n))
    for part in parts:
        part.slug = "index" if part.number == 1 else part.label.replace("–", "-")
    return parts


def _part_rel(group: str, part: Part) -> str:
    return f"incidents/{group}/{part.slug}.md"


def _to(rel: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(rel))


def incident_overview(docs: Path, index_rel: str = "incidents/index.md") -> str:
    """/incidents/: each group with a link to its table (or its table's pages, by years) and every incident
    in it, newest first; the tables themselves are on the groups' pages (incident_group_pages)."""
    groups = by_group(docs)
    if not groups:
        return "*No incident pages yet.*\n"
    lines = []
    for group, found in groups.items():
        parts = group_parts(found, group)
        rel_of = lambda p, g=group: _part_rel(g, p)  # noqa: E731
        tables = (f"[its table]({_to(index_rel, rel_of(parts[0]))})" if len(parts) == 1 else
                  "its table, by years: " + links_to_parts(parts, rel_of, index_rel))
        lines += [f"## {folder_title(group)}", "",
                  f"{len(found)} incident{'s' * (len(found) != 1)}, newest first; sort and filter them in {tables}.", ""]
        for part in parts:
            if len(parts) > 1:
                lines += [f"**{part.label}**", ""]
            lines += [f"- {link(i.entry, index_rel)}" for i in part.rows] + [""]
    return "\n".join(lines)


def incident_group_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each incident group's table page (and of its older years' pages)."""
    out = {}
    for group, found in by_group(docs).items():
        parts = group_parts(found, group)
        rel_of = lambda p, g=group: _part_rel(g, p)  # noqa: E731
        for part in parts:
            rel = rel_of(part)
            pages = "" if len(parts) == 1 else (f" This page holds {part.label}; the group's table by years: "
                                                f"{links_to_parts(parts, rel_of, rel, part)}.")
            lines = [f"# {folder_title(group)}" + (f": {part.label}" if len(parts) > 1 else ""), "",
                     f"The group's {len(found)} incidents, newest first: click a column header to sort (durations "
                     f"sort as durations), or narrow the table by trigger, company, year or technology.{pages} "
                     f"Generated from each page's `incident:` front matter; [every group]({_to(rel, 'incidents/index.md')}), "
                     f"[the statistics]({_to(rel, STATISTICS_REL)}).", "", incident_table(part.rows, rel)]
            out[rel] = "\n".join(lines)
    return out


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
             "typical case. [Back to the incidents](index.md).", ""]
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
