"""The incident response index (/incident-response-index/): every error signature and symptom the
atlas knows, mapped to the pages that start from it. The index lists the technologies A-Z, each with its
plane as a tag, under a filter box; each technology page lists its signals. Generated from front
matter at build time, never hand-kept.

A page is filed under its first technology (writers list the one the page is about first); the
technology's plane comes from the keyword table below, so 'PostgreSQL 16' lands in State and
'Kubernetes 1.29' in Control. A technology no keyword matches is filed under Service."""

from __future__ import annotations

from pathlib import Path

from ..entries import Entry, entries
from .indexes import cell
from .technologies import mentions, slugs, split

INDEX_REL = "incident-response-index.md"
PLANES = ["Edge", "Service", "State", "Control"]
PLANE_ICONS = {"Edge": "🌐", "Service": "⚙️", "State": "💾", "Control": "🎛️"}
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


def code_cell(text: str) -> str:
    """An error string shown verbatim (code span), safe in a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {text} {ticks}" if ticks == "``" else f"`{text}`"


def plane_tag(plane: str) -> str:
    return f'<span class="atlas-plane atlas-plane--{plane.lower()}">{PLANE_ICONS[plane]} {plane}</span>'


def signal_rows(rows: list[tuple[str, str, Entry]], link_of) -> list[str]:
    """Table lines: what on-call sees (error strings verbatim) and the page that starts from it."""
    lines = ["| what you see | page |", "|---|---|"]
    for kind, text, entry in rows:
        lines.append(f"| {code_cell(text) if kind == 'error' else cell(text)} | {link_of(entry)} |")
    return lines


def response_index(docs: Path, index_rel: str = INDEX_REL) -> str:
    """The 3 AM index: a filter over every error string, symptom and technology (signals.json, loaded on
    first use), and the technologies A-Z with their plane and how many signals each has; each links to
    its technology page, which lists them (two clicks to any string, and the browser's find works there)."""
    found = signals(docs)
    if not found:
        return "*No page lists symptoms or error signatures yet.*\n"
    slug_of = slugs(mentions(docs))
    lines = ['<div class="atlas-signal-filter" data-src="assets/atlas/signals.json">'
             '<label for="atlas-signal-filter-input">Filter: paste an error line, a symptom or a technology</label>'
             '<input id="atlas-signal-filter-input" type="search" autocomplete="off" spellcheck="false" '
             'placeholder="e.g. too many clients, OOMKilled, Kafka">'
             '<p class="atlas-signal-filter__count" aria-live="polite"></p><ol class="atlas-signal-filter__results"></ol>'
             "</div>", "", "| technology | plane | error strings | symptoms |", "|---|---|---|---|"]
    for tech in sorted(found, key=str.lower):
        rows = found[tech]
        errors = sum(1 for r in rows if r[0] == "error")
        target = f"technologies/{slug_of[tech]}.md#what-on-call-sees" if tech in slug_of else None
        name = f"[{cell(tech)}]({target})" if target else cell(tech)
        lines.append(f"| {name} | {plane_tag(plane_of(tech))} | {errors} | {len(rows) - errors} |")
    return "\n".join(lines) + "\n"


def signals_json(docs: Path) -> list[dict]:
    """Every signal for the 3 AM filter: text, kind, technology, plane, and the page (URL under the site root)."""
    out = []
    for tech, rows in sorted(signals(docs).items(), key=lambda kv: kv[0].lower()):
        for kind, text, entry in rows:
            out.append({"text": " ".join(text.split()), "kind": kind, "technology": tech, "plane": plane_of(tech),
                        "title": entry.meta.get("title", ""), "url": entry.rel.removesuffix(".md") + "/"})
    return out
