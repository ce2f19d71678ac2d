"""The incident response index (/incident-response-index/): every error signature and symptom the
atlas knows, mapped to the pages that start from it, grouped by plane and then by technology.
Generated from front matter at build time, never hand-kept.

A page is filed under its first technology (writers list the one the page is about first); the
technology's plane comes from the keyword table below, so 'PostgreSQL 16' lands in State and
'Kubernetes 1.29' in Control. A technology no keyword matches is filed under Service."""

from __future__ import annotations

from pathlib import Path

from ..entries import Entry, entries
from .indexes import cell, link
from .technologies import split

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


def signals(docs: Path) -> dict[str, dict[str, list[tuple[str, str, Entry]]]]:
    """plane -> technology -> [(kind 'error'|'symptom', text, entry)] for every page that lists them."""
    out: dict[str, dict[str, list[tuple[str, str, Entry]]]] = {}
    for entry in entries(docs):
        rows = [("error", str(s), entry) for s in entry.meta.get("error_signatures") or [] if str(s).strip()]
        rows += [("symptom", str(s), entry) for s in entry.meta.get("symptoms") or [] if str(s).strip()]
        if rows:
            tech = primary_technology(entry)
            out.setdefault(plane_of(tech), {}).setdefault(tech, []).extend(rows)
    return out


def code_cell(text: str) -> str:
    """An error string shown verbatim (code span), safe in a table cell."""
    text = " ".join(text.split()).replace("|", "\\|")
    ticks = "``" if "`" in text else "`"
    return f"{ticks} {text} {ticks}" if ticks == "``" else f"`{text}`"


def response_index(docs: Path, index_rel: str = INDEX_REL) -> str:
    by_plane = signals(docs)
    if not by_plane:
        return "*No page lists symptoms or error signatures yet.*\n"
    parts = []
    for plane in [p for p in PLANES if p in by_plane]:
        parts.append(f"## {PLANE_ICONS[plane]} {plane}\n")
        for tech in sorted(by_plane[plane], key=str.lower):
            rows = sorted(by_plane[plane][tech], key=lambda r: (r[0] != "error", r[1].lower()))
            lines = [f"### {tech}\n", "| what you see | page |", "|---|---|"]
            for kind, text, entry in rows:
                shown = code_cell(text) if kind == "error" else cell(text)
                lines.append(f"| {shown} | {link(entry, index_rel)} |")
            parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
