"""The incident response index (/incident-response-index/): every error signature and symptom the
atlas knows, mapped to the pages that start from it. The index holds a filter over all of them and the
four planes; each plane's page (/incident-response-index/state/, ...) lists its technologies A-Z, and
each technology page lists its signals: an error string is two clicks from the index, then the
browser's find. A plane that outgrows the page-weight budget is cut into letter ranges
(atlas.site.paging). Generated from front matter at build time, never hand-kept.

A page is filed under its first technology (writers list the one the page is about first); the
technology's plane comes from the keyword table below, so 'PostgreSQL 16' lands in State and
'Kubernetes 1.29' in Control. A technology no keyword matches is filed under Service."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..entries import Entry, entries
from .indexes import cell, code_cell
from .paging import Part, guide_words, links_to_parts, markdown_bytes, split_rows
from .technologies import all_technology_parts, split

INDEX_REL = "incident-response-index.md"
PLANE_FOLDER = "incident-response-index"  # the planes' pages: incident-response-index/state.md, ...
PLANES = ["Edge", "Service", "State", "Control"]
PLANE_ICONS = {"Edge": "🌐", "Service": "⚙️", "State": "💾", "Control": "🎛️"}
PLANE_WHAT = {"Edge": "DNS, CDN, WAF, TLS, load balancers and proxies: the clients' way in",
              "Service": "gateways, services, runtimes and business logic, and any technology the atlas "
                         "does not place in another plane",
              "State": "databases, caches, storage and queues",
              "Control": "orchestration, configuration, monitoring, deploys and automation"}
# substrings of a lower-case technology name -> its plane (first match wins, in this order)
PLANE_KEYWORDS: list[tuple[str, tuple[str, ...]]] = [
    ("Control", ("kubernetes", "zookeeper", "etcd", "consul", "prometheus", "grafana", "datadog", "terraform",
                 "spinnaker", "argo", "helm", "ntp", "chrony", "vault", "iam", "systemd", "borg", "config",
                 "opentelemetry", "alertmanager", "pagerduty", "ansible", "puppet", "chef", "nomad", "mesos")),
    ("Edge", ("dns", "cdn", "load balancer", "elb", "alb", "nlb", "nginx", "envoy", "haproxy", "cloudflare",
              "fastly", "akamai", "bgp", "waf", "tls", "ssl", "certificate", "front door", "route 53", "anycast",
              "ingress", "cloudfront", "istio", "traefik", "openssl", "let's encrypt", "x.509", "http")),
    ("State", ("kafka", "cassandra", "postgres", "mysql", "redis", "memcache", "dynamodb", "s3", "elasticsearch",
               "opensearch", "mongodb", "hdfs", "hadoop", "rabbitmq", "sqs", "kinesis", "bigtable", "spanner",
               "ebs", "storage", "database", "sql", "pulsar", "nats", "clickhouse", "cockroach", "vitess",
               "hbase", "scylla", "ceph", "evcache", "pgbouncer", "docdb", "manhattan", "espresso", "venice", "tao",
               "queue", "pub/sub", "disk", "filesystem")),
]


def plane_of(technology: str) -> str:
    name = technology.lower()
    for plane, keywords in PLANE_KEYWORDS:
        if any(k in name for k in keywords):
            return plane
    return "Service"


def primary_technology(entry: Entry) -> str:
    techs = entry.meta.get("technologies")
    for text in techs if isinstance(techs, list) else []:
        name, _ = split(text)
        if name:
            return name
    return "Other"


def signals(docs: Path) -> dict[str, list[tuple[str, str, Entry]]]:
    """technology -> [(kind 'error'|'symptom', text, entry)] for every page that lists them, filed under
    the page's first technology; errors first, then symptoms, each alphabetically."""
    out: dict[str, list[tuple[str, str, Entry]]] = {}
    for entry in entries(docs):
        rows = [("error", str(s), entry) for s in entry.meta.get("error_signatures") or [] if str(s).strip()]
        rows += [("symptom", str(s), entry) for s in entry.meta.get("symptoms") or [] if str(s).strip()]
        if rows:
            out.setdefault(primary_technology(entry), []).extend(rows)
    for rows in out.values():
        rows.sort(key=lambda r: (r[0] != "error", r[1].lower()))
    return out


def plane_tag(plane: str) -> str:
    return f'<span class="atlas-plane atlas-plane--{plane.lower()}">{PLANE_ICONS[plane]} {plane}</span>'


def signal_rows(rows: list[tuple[str, str, Entry]], link_of) -> list[str]:
    """Table lines: what on-call sees (error strings verbatim) and the page that starts from it."""
    lines = ["| what you see | page |", "|---|---|"]
    for kind, text, entry in rows:
        lines.append(f"| {code_cell(text) if kind == 'error' else cell(text)} | {link_of(entry)} |")
    return lines


@dataclass
class PlaneRow:
    technology: str
    errors: int
    symptoms: int
    parts: list[str]  # the technology page's parts that hold its signals (src paths), first to last


def _plane_rows(docs: Path) -> dict[str, list[PlaneRow]]:
    """plane -> its technologies A-Z, each with its counts and the parts of its page that list them."""
    found = signals(docs)
    parts = all_technology_parts(docs, found, only=found)
    out: dict[str, list[PlaneRow]] = {p: [] for p in PLANES}
    for tech in sorted(found, key=str.lower):
        errors = sum(1 for r in found[tech] if r[0] == "error")
        holding = [p.rel for p in parts.get(tech, []) if "seen" in p.sections]
        out[plane_of(tech)].append(PlaneRow(tech, errors, len(found[tech]) - errors, holding))
    return out


def _plane_line(row: PlaneRow, rel: str) -> str:
    if not row.parts:
        name = cell(row.technology)
    else:
        name = f"[{cell(row.technology)}]({_to(rel, row.parts[0])}#what-on-call-sees)"
        if len(row.parts) > 1:  # a technology page in parts: every part that lists its signals, one click each
            name += " (continued: " + ", ".join(f"[part {n}]({_to(rel, p)})" for n, p in enumerate(row.parts[1:], 2)) + ")"
    return f"| {name} | {row.errors} | {row.symptoms} |"


def plane_parts(docs: Path) -> dict[str, list[Part[PlaneRow]]]:
    """plane -> its page's parts (one unless the plane outgrows the page-weight budget: then by letter
    range, 'A–K', 'L–Z'); only planes with technologies."""
    out = {}
    for plane, rows in _plane_rows(docs).items():
        if rows:
            chunks = split_rows(rows, lambda r: markdown_bytes(_plane_line(r, f"{PLANE_FOLDER}/x.md")),
                                together=lambda r: r.technology[:1].lower())
            out[plane] = guide_words(chunks, key=lambda r: r.technology)
    return out


def plane_part_rel(plane: str, part: Part, parts: list[Part]) -> str:
    """incident-response-index/state.md, or incident-response-index/state-a-k.md for one of several parts."""
    return f"{PLANE_FOLDER}/{plane.lower()}.md" if len(parts) == 1 else f"{PLANE_FOLDER}/{plane.lower()}-{part.slug}.md"


def _to(rel: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(rel))


def _counts(rows: list[PlaneRow]) -> str:
    errors, symptoms = sum(r.errors for r in rows), sum(r.symptoms for r in rows)
    return (f"{len(rows)} technolog{'ies' if len(rows) != 1 else 'y'}, {errors} error string{'s' * (errors != 1)}, "
            f"{symptoms} symptom{'s' * (symptoms != 1)}")


def response_index(docs: Path, index_rel: str = INDEX_REL) -> str:
    """The 3 AM index: a filter over every error string, symptom and technology (signals.json, loaded on
    first use), then the four planes, each linking its page (or its pages' letter ranges), which lists the
    plane's technologies A-Z; each of those links its technology page, where its error strings are listed
    verbatim: two clicks to any string, and the browser's find works there."""
    planes = plane_parts(docs)
    if not planes:
        return "*No page lists symptoms or error signatures yet.*\n"
    lines = ['<div class="atlas-signal-filter" data-src="assets/atlas/signals.json">'
             '<label for="atlas-signal-filter-input">Filter: paste an error line, a symptom or a technology</label>'
             '<input id="atlas-signal-filter-input" type="search" autocomplete="off" spellcheck="false" '
             'placeholder="e.g. too many clients, OOMKilled, Kafka">'
             '<p class="atlas-signal-filter__count" aria-live="polite"></p><ol class="atlas-signal-filter__results"></ol>'
             "</div>", ""]
    for plane in PLANES:
        if plane not in planes:
            continue
        parts = planes[plane]
        rows = [r for p in parts for r in p.rows]
        lines += [f"## {PLANE_ICONS[plane]} {plane}", "", f"{PLANE_WHAT[plane][0].upper()}{PLANE_WHAT[plane][1:]}. "
                  f"{_counts(rows)[0].upper()}{_counts(rows)[1:]}: "]
        if len(parts) == 1:
            lines[-1] += f"[the {plane} plane's technologies, A–Z]({_to(index_rel, plane_part_rel(plane, parts[0], parts))})."
        else:
            lines[-1] += (f"the {plane} plane's technologies A–Z, in {len(parts)} pages: "
                          + links_to_parts(parts, lambda p, pl=plane, ps=parts: plane_part_rel(pl, p, ps), index_rel) + ".")
        lines.append("")
    return "\n".join(lines)


def plane_pages(docs: Path) -> dict[str, str]:
    """src path -> Markdown of each plane's page (or part): its technologies A-Z under a filter box, with
    how many error strings and symptoms each has, linking the technology's page."""
    out = {}
    for plane, parts in plane_parts(docs).items():
        rel_of = lambda p, pl=plane, ps=parts: plane_part_rel(pl, p, ps)  # noqa: E731
        for part in parts:
            rel = rel_of(part)
            where = (f", {part.label} (part {part.number} of {len(parts)}: {links_to_parts(parts, rel_of, rel, part)})"
                     if len(parts) > 1 else "")
            lines = [f"# {PLANE_ICONS[plane]} {plane} plane: what on-call sees", "",
                     f"Part of the [3 AM index]({_to(rel, INDEX_REL)}): the technologies of the {plane} plane "
                     f"({PLANE_WHAT[plane]}){where}. Each links its page, which lists its error strings verbatim, "
                     "then its symptoms, each with the page that starts from it: open it and use the browser's "
                     "find (Ctrl+F, ⌘F).", "",
                     f'<div class="atlas-filterbox" data-target="#atlas-plane-technologies"><label '
                     f'for="atlas-plane-filter">Filter</label> <input id="atlas-plane-filter" type="search" '
                     f'autocomplete="off" placeholder="e.g. PostgreSQL"> <span class="atlas-filterbox__count" '
                     f'aria-live="polite"></span></div>', "",
                     '<div id="atlas-plane-technologies" markdown="1">', "",
                     "| technology | error strings | symptoms |", "|---|---|---|",
                     *(_plane_line(r, rel) for r in part.rows), "", "</div>"]
            out[rel] = "\n".join(lines) + "\n"
    return out


def signals_json(docs: Path) -> list[dict]:
    """Every signal for the 3 AM filter: text, kind, technology, plane, and the page (URL under the site root)."""
    out = []
    for tech, rows in sorted(signals(docs).items(), key=lambda kv: kv[0].lower()):
        for kind, text, entry in rows:
            out.append({"text": " ".join(text.split()), "kind": kind, "technology": tech, "plane": plane_of(tech),
                        "title": entry.meta.get("title", ""), "url": entry.rel.removesuffix(".md") + "/"})
    return out
