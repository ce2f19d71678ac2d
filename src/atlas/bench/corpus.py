"""A synthetic corpus shaped like the catalog, for the benchmark (never for the site).

`write_corpus(dest, pages=1000, seed=7)` writes into `dest`:

* `mkdocs.yml` — the repository's, with the hook pointed at the repository's
  `src/atlas/site/mkdocs_hooks.py` by absolute path;
* `docs/javascripts` and `docs/stylesheets` copied from the repository's `docs/`;
* the real site's generated index pages, copied from the repository's `docs/`: every page that holds a
  generator marker (`<!-- atlas:... -->`, atlas.site.markers: the home page, the 3 AM index, the
  technology, incident, debugging, systems and category indexes), so the generators run on 1,000 pages
  exactly as the site runs them. A real page such a copy links to is copied too when it is reference
  material (the Mermaid style guide); a link to any other page the corpus lacks is left as its text
  (`CorpusStats.unlinked` lists them), so the copies lint clean. A category the real tree has no index
  for yet gets one holding the category map marker, as the real category indexes do;
* `pages` catalogued pages spread over the real catalog (systems/<system>/<kind>.md,
  incidents/<group>/, debugging/<group>/, the flat categories) in the catalog's proportions (SHARES),
  each with the contract's full front matter (incident anatomies the `incident:` timeline the incident
  table and the statistics read, capacity models a calculator), the sections its gates ask for, prose
  whose numbers are cited or marked as estimates, tables, internal and external links, and 2–3
  diagrams: four-plane flowcharts (FLOW_NODES nodes) and sequence diagrams with plane boxes.

The shape is the real atlas's at its hard end. The real atlas (docs/, measured 2026-12-03, REAL_ATLAS):
588 catalogued pages of 11.1 KB Markdown at the median, 11.4 KB mean, 14.4 KB p90, 19.6 KB max; 1.2
diagrams a page (p90 2, max 4), 1.1 KB of Mermaid a diagram on average (p90 1.5 KB, max 2.0 KB),
flowcharts of 8 nodes on average (p90 11, max 20), DIA002's width estimate 900 px on average (p90
1,640 px, max 1,990 px, the limit 2,000 px); 861 distinct technologies (Kafka on 88 pages, 506 named
once); debugging guides with 3.2 error signatures and 4.0 symptoms each, incidents with 4.3 symptoms.
The corpus: pages of PAGE_BYTES (11.5–16.5 KB drawn, 14.3 KB mean at 1,000 pages: the real p90), 2–3
diagrams each, flowcharts of FLOW_NODES (12–20, 16 on average) nodes and sequence diagrams of 8–9
participants, 1.9 KB of Mermaid a diagram (max 2.5 KB), each diagram within WIDTH_BUDGET_PX (1,700 px)
of DIA002's estimate: a 15 % margin under the rule's limit, by the rule's own estimate of the structure
the generator knows (the parsed diagrams give the same widths). Technologies are drawn from a Zipf-like
vocabulary fitted to the real counts (1,077 distinct at 1,000 pages); on-call signals (error
signatures, symptoms) are as many and as long as the real ones, all different.

Deterministic for a seed. Every diagram is different (labels carry seeded numbers), so neither the
parse cache nor de-duplication of identical diagrams can shorten a cold run. The pages pass `atlas lint`
with zero errors (tests/test_bench_corpus.py checks a small corpus; the benchmark reports the full one).
Until 2026-12-03 the corpus had 30–80-node diagrams of 6.1 KB (3 a page) that DIA002 forbids and wrote
its own home and section pages: lint and build figures from before then are not comparable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import posixpath
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import (CATEGORIES, GATE_CFO, GENERATED_PATHS, GROUPS, INCIDENT_FACTS_EXEMPT_GROUPS,
                       ROOT_CAUSES, SYSTEM_KINDS, SYSTEM_NAMES, SYSTEMS, TRIGGERS, gate_elements_for,
                       is_catalogued_rel, needs_symptoms)
from ..incidents import human
from ..lint.rules.dia002_diagram_size import WIDTH_LIMIT_PX, estimate
from ..lint.rules.gat005_acronyms import acronyms
from ..planes import PLANES

REPO = Path(__file__).resolve().parents[3]

# The real atlas the corpus stands for (docs/ on 2026-12-03: catalogued pages, their diagrams as the
# Mermaid parser returns them, DIA002's estimate), for the bench's description line.
REAL_ATLAS = {"measured": "2026-12-03", "pages": 588, "page_kb_p50": 11.1, "page_kb_mean": 11.4,
              "page_kb_p90": 14.4, "page_kb_max": 19.6, "diagrams_per_page": 1.23, "diagram_kb_mean": 1.1,
              "diagram_kb_p90": 1.5, "diagram_kb_max": 2.0, "flow_nodes_mean": 7.9, "flow_nodes_max": 20,
              "width_px_p90": 1640, "width_px_max": 1990, "technologies": 861}

# Pages per category in a 1,000-page corpus: the catalog's 920 targets, the non-systems categories
# scaled up (systems are fixed at 30 x 8).
SHARES = {"systems": 240, "incidents": 110, "debugging": 110, "performance": 90, "scaling": 90, "patterns": 90,
          "capacity": 65, "migrations": 65, "costs": 65, "comparisons": 45, "production": 30}

# The shape (see the module doc).
PAGE_BYTES = (11_500, 16_500)  # a page's Markdown, front matter included: drawn uniformly
DIAGRAMS_PER_PAGE = (2, 3)
FLOW_NODES = (12, 20)
SEQUENCE_MESSAGES = (12, 20)
WIDTH_BUDGET_PX = int(WIDTH_LIMIT_PX * 0.85)  # DIA002's limit with a margin

EDGE = ["CloudFront", "Fastly edge", "Akamai edge", "AWS ALB", "AWS NLB", "Envoy 1.28 edge proxy", "Zuul 2 gateway",
        "NGINX 1.25", "HAProxy 2.8", "Cloudflare WAF", "Route 53", "Anycast DNS", "Kong 3.5 gateway",
        "Global Accelerator", "Open Connect appliance", "Mobile client", "Web client", "Partner webhook ingress"]
SERVICE = ["Playback API", "Orders API", "Payments service", "Auth service", "Feed ranker", "Matching engine",
           "Notification worker", "Search API", "Pricing service", "Dispatch service", "GraphQL federation",
           "Checkout service", "Ledger service", "Media encoder", "Recommendation service", "Session service",
           "Rate limiter", "Fraud scorer", "Inventory service", "Geo index service", "Billing worker",
           "Upload service", "Timeline service", "Presence service"]
STATE = ["PostgreSQL 16", "MySQL 8.0", "Cassandra 4.1", "Redis 7.2", "Memcached 1.6", "Kafka 3.6 log",
         "DynamoDB table", "S3 bucket", "Elasticsearch 8.11", "Spanner instance", "Bigtable cluster", "Vitess 18",
         "CockroachDB 23.2", "ClickHouse 23.8", "RocksDB store", "EVCache", "Aurora MySQL 3", "Kinesis stream"]
CONTROL = ["Prometheus 2.48", "Grafana 10", "PagerDuty", "Spinnaker", "Argo CD 2.9", "Terraform 1.6",
           "Consul 1.17", "Chaos Monkey", "OpenTelemetry collector", "Jaeger 1.52", "Vault 1.15",
           "Kubernetes 1.28 control plane", "Alertmanager 0.26", "Feature flag service", "Canary analysis",
           "Autoscaler", "Config service", "Log pipeline"]
COMPONENTS = {"Edge": EDGE, "Service": SERVICE, "State": STATE, "Control": CONTROL}
PREFIX = {"Edge": "E", "Service": "SV", "State": "ST", "Control": "C"}

# Technologies: the real atlas's most-named ones first, then a long tail of one-team systems, drawn with
# Zipf-like weights fitted to the real counts (861 distinct on 588 pages, the first on 88, 506 named once).
HEAD_TECHNOLOGIES = [
    "Apache Kafka 3.6", "Kubernetes 1.28", "PostgreSQL 16", "MySQL 8.0", "Envoy 1.28", "Redis 7.2",
    "Apache Cassandra 4.1", "Amazon DynamoDB", "Amazon S3", "Amazon EC2", "Go 1.22", "Rails 7.1",
    "memcached 1.6", "Linux kernel 6.1", "Vitess 18", "gRPC 1.60", "RabbitMQ 3.12", "MongoDB 7.0", "Java 21",
    "NGINX 1.25", "Elasticsearch 8.11", "Amazon EKS", "Terraform 1.6", "Prometheus 2.48", "HAProxy 2.8",
    "ClickHouse 23.8", "Python 3.12", "Apache ZooKeeper 3.8", "etcd 3.5", "Consul 1.17", "Apache Flink 1.18",
    "Apache Spark 3.5", "Amazon Aurora MySQL 3", "Amazon SQS", "Amazon Kinesis", "Google Cloud Spanner",
    "Google Bigtable", "CockroachDB 23.2", "RocksDB 8.9", "Apache HBase 2.5", "ScyllaDB 5.4", "Istio 1.20",
    "Grafana 10", "OpenTelemetry 1.21", "Jaeger 1.52", "HashiCorp Vault 1.15", "Spinnaker 1.32", "Argo CD 2.9",
    "PgBouncer 1.21", "ProxySQL 2.5", "Apache Pulsar 3.1", "NATS 2.10", "Node.js 20", "Rust 1.74",
    "Cloudflare Workers", "Fastly Compute", "Amazon CloudFront", "Amazon Route 53", "Akamai Edge DNS",
    "Apache Druid 28", "Presto 0.284", "Trino 435", "Apache Airflow 2.7", "Temporal 1.22",
]
TAIL_OWNERS = [SYSTEM_NAMES[s] for s in SYSTEMS] + [
    "Atlassian", "Heroku", "Fastly", "Akamai", "Roblox", "Etsy", "Lyft", "Yelp", "Wikimedia", "Booking",
    "Zalando", "Mercado Libre", "Grab", "Gojek", "Rakuten", "Criteo", "Adyen", "Monzo", "Nubank", "Wise"]
TAIL_THINGS = [
    "shard manager", "config pusher", "edge router", "ledger store", "feature store", "rate limiter",
    "job scheduler", "blob store", "metrics pipeline", "log shipper", "service mesh", "deploy tool",
    "queue broker", "cache tier", "search indexer", "graph store", "key-value store", "stream processor",
    "ID generator", "schema registry", "secrets broker", "traffic shifter", "canary controller",
    "capacity planner", "load shedder", "replication agent", "backup vault", "cost reporter", "alert router",
    "incident bot", "DNS resolver", "TLS terminator", "object cache", "time-series store", "query router",
    "write-ahead log", "consensus store", "workflow engine", "push gateway", "media pipeline"]
ZIPF_S, ZIPF_Q = 1.05, 5.0
TECHNOLOGIES_PER_PAGE = {"systems": (4, 8), "capacity": (1, 3)}  # others 2-5 (the real means: 6.4, 1.9, 3.2)

PROTOCOLS = ["HTTPS", "gRPC", "SQL", "RESP", "Kafka produce", "Kafka consume", "HTTP/2", "QUIC", "TCP",
             "CQL", "scrape /metrics", "OTLP", "webhook", "S3 PUT", "S3 GET"]
METRICS = [("p99", "ms"), ("p50", "ms"), ("rps", ""), ("instances", ""), ("GB", "RAM"), ("TB", "stored"),
           ("timeout", "s"), ("retries", ""), ("conns", "max"), ("QPS", "peak")]

# On-call signals, as many and as long as the real ones (debugging guides: 3.2 error signatures of ~37
# characters and 4.0 symptoms of ~75; incidents 4.3 symptoms): templates with seeded figures, so every
# string is different and the 3 AM index holds as many rows as a real atlas of this size.
SIGNATURE_TEMPLATES = [
    "FATAL: remaining connection slots are reserved ({n} in use)",
    "java.lang.OutOfMemoryError: Java heap space (heap {n} MB)",
    "upstream connect error or disconnect/reset before headers (cluster {w}-{n})",
    "ERR max number of clients reached ({n} clients)",
    "rpc error: code = DeadlineExceeded desc = context deadline exceeded after {n}ms",
    "504 Gateway Time-out from {w}-{n}",
    "OOMKilled: container {w}-{n} exceeded its memory limit",
    "CommitFailedException: group {w}-{n} rebalanced",
    "NOT_LEADER_OR_FOLLOWER for partition {w}-{n}",
    "ReadTimeoutException: timed out after {n} ms",
    "accept4: too many open files (fd {n})",
    "read tcp {w}:{n}: connection reset by peer",
    "ProvisionedThroughputExceededException on table {w}_{n}",
    "Deadlock found when trying to get lock; try restarting transaction (txn {n})",
    "dial tcp {w}:{n}: connect: connection refused",
    "x509: certificate has expired or is not yet valid ({w}-{n})",
    "Too many connections (max_connections={n})",
    "etcdserver: request timed out ({n} ms)",
    "OverloadedException: queue {w}-{n} is full",
    "SERVFAIL resolving {w}-{n}.internal",
]
SIGNATURE_WORDS = ["orders", "payments", "ledger", "checkout", "search", "feed", "auth", "media", "geo", "billing",
                   "session", "inventory", "pricing", "dispatch", "timeline", "upload", "presence", "fraud"]
SYMPTOM_TEMPLATES = [
    "p99 latency on the {svc} path above {ms} ms for {mins} minutes while traffic is flat",
    "5xx rate at the load balancer above {pct} percent, concentrated on the {svc}",
    "consumer lag on the {w} topic growing by {n},000 messages a minute",
    "pods of the {svc} restarting with exit code 137 every {mins} minutes",
    "replication lag above {s} s on the {w} read replicas after a failover",
    "connection pool exhausted alerts from {n} pods of the {svc} at once",
    "cache hit ratio for {w} keys falling from {pct2} to {pct} percent within an hour",
    "disk usage on the {w} brokers above {pct2} percent and rising {pct} points a day",
    "{svc} error budget burning {n}x faster than the monthly rate",
    "checkout completions down {pct} percent while the {svc} dashboards stay green",
    "retries from the {svc} doubling request volume to the {w} database in {mins} minutes",
    "health checks flapping on {n} targets behind the {w} load balancer",
]
COMPANIES = TAIL_OWNERS + ["Amazon Web Services", "Google Cloud", "Microsoft Azure", "Honeycomb", "PagerDuty",
                           "Fly.io", "Salesforce", "CrowdStrike", "Knight Capital", "Facebook"]
FACTORS = ["no rate limit on the retry path", "alerts fired on symptoms only after customers reported",
           "the runbook named a dashboard that had been removed", "a single region held the control plane",
           "the rollout skipped the canary stage", "health checks passed while requests failed",
           "connection pools sized for the old instance count", "a cache cold after the restart",
           "the failover had not been exercised in a year", "a dependency shared by every cell",
           "a config push reached every region within minutes", "on-call could not reach the admin console"]
SOURCES = [
    ("https://www.postgresql.org/docs/16/runtime-config-connection.html", "Connections and Authentication",
     "PostgreSQL Global Development Group", "2023-09-14", "A"),
    ("https://kafka.apache.org/documentation/", "Apache Kafka documentation", "Apache Software Foundation",
     "undated", "A"),
    ("https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/latency/",
     "Diagnosing latency issues", "Redis", "undated", "A"),
    ("https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/", "Pod Lifecycle", "Kubernetes",
     "undated", "A"),
    ("https://aws.amazon.com/message/41926/", "Summary of the Amazon S3 Service Disruption", "Amazon Web Services",
     "2017-03-02", "A"),
    ("https://sre.google/sre-book/handling-overload/", "Handling Overload", "Google SRE", "2016-04-16", "A"),
    ("https://sre.google/sre-book/addressing-cascading-failures/", "Addressing Cascading Failures", "Google SRE",
     "2016-04-16", "A"),
    ("https://cassandra.apache.org/doc/latest/", "Apache Cassandra documentation", "Apache Software Foundation",
     "undated", "A"),
    ("https://prometheus.io/docs/introduction/overview/", "Prometheus overview", "Prometheus", "undated", "A"),
    ("https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking",
     "Circuit breaking", "Envoy Proxy", "undated", "A"),
    ("https://blog.cloudflare.com/", "The Cloudflare Blog", "Cloudflare", "undated", "B"),
    ("https://netflixtechblog.com/", "Netflix Technology Blog", "Netflix", "undated", "B"),
    ("https://github.blog/engineering/", "GitHub Engineering", "GitHub", "undated", "B"),
    ("https://slack.engineering/", "Slack Engineering", "Slack", "undated", "B"),
    ("https://dropbox.tech/", "Dropbox Tech Blog", "Dropbox", "undated", "B"),
    ("https://engineering.fb.com/", "Engineering at Meta", "Meta", "undated", "B"),
]
CLICK_URLS = [s[0] for s in SOURCES[:10]]

# Sections every page has, and the extra sections per gate (the first accepted heading of each).
BASE_SECTIONS = ["Context", "How it works", "Numbers"]
TAIL_SECTIONS = ["Related"]
HEADINGS = {"Cost per": "Cost per request"}
EXPANSIONS = {"API": "application programming interface", "S3": "Amazon Simple Storage Service",
              "AWS": "Amazon Web Services", "WAF": "web application firewall", "ALB": "Application Load Balancer",
              "NLB": "Network Load Balancer", "DNS": "Domain Name System", "SQL": "Structured Query Language",
              "RAM": "random-access memory", "QPS": "queries per second", "TB": "terabytes", "GB": "gigabytes",
              "SRE": "site reliability engineering", "HTTPS": "secure hypertext transfer protocol", "OK": "success",
              "CPU": "central processing unit", "TCP": "Transmission Control Protocol"}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _prose_safe(names: list[str]) -> list[str]:
    """The names prose may use: those whose acronyms the page can expand (EXPANSIONS), so GAT005 stays quiet."""
    return [n for n in names if all(word in EXPANSIONS for word, _ in acronyms(n))]


def _in_sentence(name: str) -> str:
    """'Orders API' -> 'orders API' (a common noun mid-sentence); 'GraphQL federation' stays."""
    first = name.split(" ", 1)[0]
    return name[:1].lower() + name[1:] if first[1:] == first[1:].lower() else name


PROSE = {plane: _prose_safe(names) for plane, names in COMPONENTS.items()}
PROSE["Service"] = [_in_sentence(n) for n in PROSE["Service"]]
PROSE_PROTOCOLS = _prose_safe(PROTOCOLS)


@dataclass
class PageSpec:
    rel: str  # docs-relative path
    category: str
    title: str
    system: str | None = None
    kind: str | None = None
    group: str | None = None
    links: list[str] = field(default_factory=list)  # rels of pages this one links to
    link_titles: list[str] = field(default_factory=list)  # their titles
    incident_date: str | None = None  # incident anatomies: the start date their file name ends with


@dataclass
class CorpusStats:
    pages: int = 0
    diagrams: int = 0
    flowcharts: int = 0
    sequences: int = 0
    nodes: int = 0  # flowchart nodes, all flowcharts together
    min_nodes: int = 10**9
    max_nodes: int = 0
    participants: int = 0  # sequence diagrams' participants, together
    messages: int = 0
    max_width_px: int = 0  # the widest diagram by DIA002's estimate
    diagram_bytes: int = 0
    max_diagram_bytes: int = 0
    markdown_bytes: int = 0
    max_page_bytes: int = 0
    technologies: int = 0  # distinct technology entries named in front matter
    by_category: dict[str, int] = field(default_factory=dict)
    copied: list[str] = field(default_factory=list)  # real pages copied from docs/ (generated indexes and what they link)
    written_indexes: list[str] = field(default_factory=list)  # category indexes the real tree lacks, written here
    unlinked: list[str] = field(default_factory=list)  # links in the copies to pages the corpus lacks, made text

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _allocate(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Largest-remainder split of `total` pages by weight; systems never exceed 30 x 8."""
    scale = total / sum(weights.values())
    raw = {k: w * scale for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - out[k], reverse=True)[: total - sum(out.values())]:
        out[k] += 1
    cap = len(SYSTEMS) * len(SYSTEM_KINDS)
    if out["systems"] > cap:
        spill, out["systems"] = out["systems"] - cap, cap
        out["incidents"] += spill
    return out


def _specs(total: int, rng: random.Random) -> list[PageSpec]:
    counts = _allocate(total, SHARES)
    specs: list[PageSpec] = []
    pairs = [(s, k) for s in SYSTEMS for k in SYSTEM_KINDS][: counts["systems"]]
    for system, kind in pairs:
        title = f"{SYSTEM_NAMES[system]} {kind.replace('-', ' ')}"
        specs.append(PageSpec(f"systems/{system}/{kind}.md", "systems", title, system=system, kind=kind))
    for category in CATEGORIES:
        if category == "systems":
            continue
        groups = GROUPS.get(category)
        for i in range(counts[category]):
            topic = rng.choice(STATE + SERVICE)
            problem = rng.choice(["latency spikes", "connection storms", "hot partitions", "cache stampede",
                                  "replica lag", "retry storms", "memory pressure", "queue backlog",
                                  "failover", "cost growth", "shard split", "cold starts"])
            title = f"{topic} {problem} {category} case #{i + 1:03d}"  # "#": a number, not a count (CIT002)
            slug = re.sub(r"[^a-z0-9]+", "-", f"{topic} {problem} {i + 1:03d}".lower()).strip("-")
            group = groups[i % len(groups)] if groups else None
            folder = f"{category}/{group}" if group else category
            date = None
            if category == "incidents" and group not in INCIDENT_FACTS_EXEMPT_GROUPS:
                date = (dt.date(2010, 1, 1) + dt.timedelta(days=37 * i)).isoformat()  # no draw: same corpus
                slug = f"{slug}-{date}"
            specs.append(PageSpec(f"{folder}/{slug}.md", category, title, group=group, incident_date=date))
    rels = [s.rel for s in specs]
    titles = {s.rel: s.title for s in specs}
    for s in specs:
        s.links = rng.sample(rels, 3)
        if s.rel in s.links:
            s.links.remove(s.rel)
        s.link_titles = [_cap(titles[rel]) for rel in s.links]
    return specs


def _split(n: int, parts: int, rng: random.Random, least: int = 2) -> list[int]:
    """n split into `parts` sizes of at least `least` each."""
    cuts = sorted(rng.sample(range(1, n - parts * least + parts), parts - 1))
    sizes = [b - a for a, b in zip([0, *cuts], [*cuts, n - parts * least + parts])]
    return [s + least - 1 for s in sizes]


def _metric(rng: random.Random) -> str:
    name, unit = rng.choice(METRICS)
    value = rng.randint(2, 9999)
    # "~": a synthetic figure is an estimate, as CIT003 asks of a diagram number no sentence states
    if name in ("p99", "p50", "timeout"):
        return f"{name} ~{value % 900 + 1} {unit}"
    if name == "rps" or name == "QPS":
        return f"~{value * 7:,} {name}{' ' + unit if unit else ''}"
    return f"~{value % 400 + 1} {name}{' ' + unit if unit else ''}"


def _rel_link(from_rel: str, to_rel: str) -> str:
    return posixpath.relpath(to_rel, posixpath.dirname(from_rel))


def _dir_url(from_rel: str, to_rel: str) -> str:
    """The URL of page `to_rel` relative to the URL of page `from_rel`, as the browser resolves a
    Mermaid click (MkDocs leaves it alone): with directory URLs `a/b/x.md` is served at `a/b/x/`."""
    here = posixpath.dirname(from_rel) if from_rel.endswith("index.md") else from_rel.removesuffix(".md")
    there = to_rel.removesuffix(".md").removesuffix("index").rstrip("/")
    return posixpath.relpath(there, here) + "/"


def _width(structure: dict) -> float:
    est = estimate(structure)
    return est.width if est else 0.0


def _within_budget(draw, rng: random.Random, n: int, least: int):
    """Draw diagrams of size n until one fits WIDTH_BUDGET_PX by DIA002's estimate, giving up a node
    every 12 tries (deterministic: the draws come from the page's generator)."""
    for attempt in itertools.count():
        size = max(least, n - attempt // 12)
        src, structure, size = draw(rng, size)
        width = _width(structure)
        if width <= WIDTH_BUDGET_PX:
            return src, size, width


def flowchart(rng: random.Random, spec: PageSpec, n: int, debugging: bool = False) -> tuple[str, dict, int]:
    """A four-plane flowchart of n nodes: (source, the structure Mermaid's parser returns for it as far
    as DIA002's estimate reads it, n)."""
    direction = rng.choice(["LR", "TD"])
    lines = [f"flowchart {direction}"]
    ids: dict[str, list[str]] = {}
    vertices: list[dict] = []
    subgraphs: list[dict] = []
    for plane, count in zip(PLANES, _split(n, 4, rng)):
        lines.append(f'    subgraph {plane.name}Plane["{plane.emoji} {plane.name}"]')
        ids[plane.name] = []
        for k in range(count):
            nid = f"{PREFIX[plane.name]}{k + 1:02d}"
            ids[plane.name].append(nid)
            label = f"{rng.choice(COMPONENTS[plane.name])}<br/>{_metric(rng)}"
            if plane.name == "State":
                shape = f'[("{label}")]'
            elif debugging and k % 3 == 1:
                label = f"Check {rng.choice(COMPONENTS[plane.name])}:<br/>{_metric(rng)}?"
                shape = '{"' + label + '"}'
            elif plane.name == "Control" and k % 2:
                shape = '{{"' + label + '"}}'
            else:
                shape = f'["{label}"]'
            vertices.append({"id": nid, "text": label})
            lines.append(f"        {nid}{shape}")
        lines.append("    end")
        subgraphs.append({"id": f"{plane.name}Plane", "title": f"{plane.emoji} {plane.name}", "nodes": ids[plane.name]})
    order = ["Edge", "Service", "State"]
    pairs: list[tuple[str, str, str]] = []
    # every node reached: each Service and State node from the plane before it, each Control node to another plane
    for i, plane in enumerate(order[1:]):
        for b in ids[plane]:
            pairs.append((rng.choice(ids[order[i]]), b, rng.choice(["-->", "-->", "==>"])))
    for a in ids["Control"]:
        pairs.append((a, rng.choice(ids[rng.choice(order)]), "-.->"))
    while len(pairs) < int(n * 1.1):
        if rng.random() < 0.1:
            a, b = rng.sample(ids["Service"], 2) if len(ids["Service"]) > 1 else (ids["Service"][0],) * 2
        else:
            i = rng.randrange(len(order) - 1)
            a, b = rng.choice(ids[order[i]]), rng.choice(ids[order[i + 1]])
        if a != b and all((a, b) != (x, y) for x, y, _ in pairs):
            pairs.append((a, b, rng.choice(["-->", "-->", "==>"])))
    edges: list[dict] = []
    for a, b, arrow in pairs:
        roll = rng.random()
        text = rng.choice(PROTOCOLS) if roll < 0.4 else f"{rng.choice(PROTOCOLS)} {_metric(rng)}" if roll < 0.5 else ""
        lines.append(f'    {a} {arrow}|"{text}"| {b}' if text else f"    {a} {arrow} {b}")
        edges.append({"start": a, "end": b, "text": text})
    lines.append("")
    for plane in PLANES:
        lines.append(f"    {plane.class_def}")
    for plane in PLANES:
        lines.append(f"    class {','.join(ids[plane.name])} {plane.css_class}")
    state = ids["State"]
    for nid in rng.sample(state, min(2, len(state))):
        lines.append(f'    click {nid} "{rng.choice(CLICK_URLS)}" "documentation"')
    if spec.links:
        target = rng.choice(spec.links)
        lines.append(f'    click {rng.choice(ids["Control"])} "{_dir_url(spec.rel, target)}" "related page"')
    structure = {"kind": "flowchart", "direction": direction, "vertices": vertices, "subgraphs": subgraphs,
                 "edges": edges}
    return "\n".join(lines) + "\n", structure, n


def sequence(rng: random.Random, n: int) -> tuple[str, dict, int]:
    """A sequence diagram of n messages between two participants a plane (three in the Service box
    sometimes): (source, structure, n)."""
    lines = ["sequenceDiagram", "    autonumber"]
    actors: dict[str, list[str]] = {}
    structure: dict = {"kind": "sequence", "actors": [], "messages": []}
    for plane in PLANES:
        lines.append(f"    box {plane.emoji} {plane.name}")
        count = 3 if plane.name == "Service" and rng.random() < 0.3 else 2
        names = rng.sample(COMPONENTS[plane.name], count)
        actors[plane.name] = []
        for j, name in enumerate(names):
            aid = f"{PREFIX[plane.name]}{j + 1}"
            actors[plane.name].append(aid)
            structure["actors"].append({"id": aid, "label": name})
            lines.append(f"        participant {aid} as {name}")
        lines.append("    end")

    def say(a: str, b: str, text: str, indent: str = "    ", arrow: str = "->>") -> None:
        lines.append(f"{indent}{a}{arrow}{b}: {text}")
        structure["messages"].append({"from": a, "to": b, "text": text})

    order = ["Edge", "Service", "State"]
    messages = 0
    while messages < n:
        roll = rng.random()
        if roll < 0.1:
            a = rng.choice(actors["Service"])
            lines.append(f"    alt cache hit {_metric(rng)}")
            say(a, rng.choice(actors["State"]), f"GET key {_metric(rng)}", "        ")
            lines.append("    else miss")
            say(a, rng.choice(actors["State"]), f"SELECT {_metric(rng)}", "        ")
            lines.append("    end")
            messages += 2
        elif roll < 0.18:
            lines.append(f"    loop every ~{rng.randint(5, 60)} s")
            say(rng.choice(actors["Control"]), rng.choice(actors["Service"]), f"scrape {_metric(rng)}", "        ")
            lines.append("    end")
            messages += 1
        elif roll < 0.25:
            a = rng.choice(actors["Service"])
            text = f"budget {_metric(rng)}"
            lines.append(f"    Note over {a}: {text}")
            structure["messages"].append({"from": a, "to": a, "text": text})
        else:
            i = rng.randrange(len(order) - 1)
            a, b = rng.choice(actors[order[i]]), rng.choice(actors[order[i + 1]])
            say(a, b, f"{rng.choice(PROTOCOLS)} {_metric(rng)}")
            say(b, a, f"200 OK {_metric(rng)}", arrow="-->>")
            messages += 2
    return "\n".join(lines) + "\n", structure, n


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


class Vocabulary:
    """The technology names pages draw from: HEAD_TECHNOLOGIES, then owner x thing one-team systems, each
    with Zipf-like weight 1 / (rank + ZIPF_Q) ** ZIPF_S. Drawn from the corpus's own generator."""

    def __init__(self, rng: random.Random):
        tail = [f"{owner} {thing}" for owner in TAIL_OWNERS for thing in TAIL_THINGS]
        rng.shuffle(tail)
        self.names = HEAD_TECHNOLOGIES + tail
        self.cum = list(itertools.accumulate(1 / (r + ZIPF_Q) ** ZIPF_S for r in range(len(self.names))))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        got: list[str] = []
        while len(got) < k:
            name = self.names[rng.choices(range(len(self.names)), cum_weights=self.cum)[0]]
            if name not in got:
                got.append(name)
        return got


def _formatted(template: str, rng: random.Random) -> str:
    return template.format(n=rng.randint(10, 99_999), w=rng.choice(SIGNATURE_WORDS))


def _signature(rng: random.Random) -> str:
    return _formatted(rng.choice(SIGNATURE_TEMPLATES), rng)


def signature_queries(seed: int = 7) -> list[str]:
    """One error line of each kind the corpus's pages carry, with its own figures (as a reader pastes
    the line from their log, not the page's): the search benchmark's queries at 1,000 pages."""
    rng = random.Random(seed)
    return [_formatted(t, rng) for t in SIGNATURE_TEMPLATES]


def _symptom(rng: random.Random) -> str:
    return rng.choice(SYMPTOM_TEMPLATES).format(
        svc=rng.choice(SERVICE).lower(), w=rng.choice(SIGNATURE_WORDS), ms=rng.randint(3, 40) * 50,
        mins=rng.randint(2, 45), pct=rng.randint(2, 60), pct2=rng.randint(61, 98), n=rng.randint(2, 60),
        s=rng.randint(5, 300))


def _signals(spec: PageSpec, gates: set[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """(error signatures, symptoms) as many as the real pages of the kind carry."""
    if spec.category == "debugging":
        n_sig, n_sym = rng.randint(2, 4), rng.randint(3, 5)
    elif spec.category == "incidents":
        n_sig, n_sym = rng.choice([0, 0, 0, 1]), rng.randint(3, 5)
    elif "3am" in gates or needs_symptoms(spec.category, spec.kind):
        n_sig, n_sym = rng.randint(0, 2), rng.randint(2, 5)
    else:
        return [], []
    return [_signature(rng) for _ in range(n_sig)], [_symptom(rng) for _ in range(n_sym)]


def _incident(spec: PageSpec, rng: random.Random, technologies: list[str]) -> list[str]:
    """The `incident:` block the incident table, explorer and statistics read: a UTC timeline whose
    duration agrees with it, a trigger, contributing factors, data loss, components."""
    day = dt.date.fromisoformat(spec.incident_date)
    started = dt.datetime.combine(day, dt.time(rng.randint(0, 21), rng.choice([0, 7, 15, 22, 30, 41, 48])))
    detect = rng.randint(2, 55)
    mitigate = detect + rng.randint(10, 400)
    resolve = mitigate + rng.randint(0, 900)
    stamp = lambda minutes: (started + dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:00Z")  # noqa: E731
    trigger = rng.choice(sorted(TRIGGERS))
    company = rng.choice(COMPANIES)
    where = rng.choice(["one region", "two regions", "every region", "one zone"])
    blast = f"{where} of the {rng.choice(SERVICE).lower()}, then its callers"
    out = ["incident:", f"  date: {spec.incident_date}", f"  duration: {_yaml_str(human(resolve))}",
           f"  company: {_yaml_str(company)}",
           f"  root_cause: {_yaml_str(ROOT_CAUSES[len(spec.rel) % len(ROOT_CAUSES)])}",
           f"  blast_radius: {_yaml_str(blast)}", f"  started: {stamp(0)}"]
    if rng.random() < 0.65:  # as in the real anatomies, most sources give no time of detection
        out.append("  detected: {at: null, why: 'the postmortem gives no alarm time'}")
    else:
        out.append(f"  detected: {stamp(detect)}")
    out += [f"  mitigated: {stamp(mitigate)}", f"  resolved: {stamp(resolve)}", f"  trigger: {trigger}",
            "  contributing_factors:"]
    out += [f"    - {_yaml_str(f)}" for f in rng.sample(FACTORS, rng.randint(3, 6))]
    verdict = rng.choice(["none", "none", "none", "unknown", "some"])
    out.append(f"  data_loss: {{verdict: {verdict}, words: 'the postmortem says {verdict} of the data was lost'}}")
    out.append("  components: [" + ", ".join(_yaml_str(t) for t in technologies[:3]) + "]")
    return out


def _calculator(rng: random.Random) -> tuple[list[str], dict]:
    """A capacity model's `calculator:` (Little's law and headroom) and the worked example's figures."""
    rate, latency = rng.randint(2, 400) * 50, rng.randint(5, 400)
    instances, headroom = rng.randint(3, 90), rng.choice([20, 25, 30, 40, 50])
    in_flight = round(rate * latency / 1000, 2)
    per_instance = round(rate * latency / 1000 / instances, 2)
    needed = round(rate * latency / 1000 * (1 + headroom / 100), 2)
    inputs = [("rate", "Arrival rate", "req/s", rate, 10_000_000, 1), ("latency", "Time in system", "ms", latency, 600_000, 1),
              ("instances", "Instances", "instances", instances, 100_000, 1), ("headroom", "Headroom", "'%'", headroom, 400, 5)]
    outputs = [("in_flight", "Requests in flight", "rate * latency / 1000", in_flight),
               ("per_instance", "In flight per instance", "in_flight / instances", per_instance),
               ("with_headroom", "Concurrency to provision", "in_flight * (1 + headroom / 100)", needed)]
    fm = ["calculator:", "  inputs:"]
    fm += [f"    - {{name: {name}, label: {label}, unit: {unit}, default: {default}, min: {0 if name == 'headroom' else 1}, "
           f"max: {high}, step: {step}}}" for name, label, unit, default, high, step in inputs]
    fm.append("  outputs:")
    fm += [f"    - {{name: {name}, label: {label}, unit: requests, formula: '{formula}', example: {example}, decimals: 2}}"
           for name, label, formula, example in outputs]
    return fm, {"rate": rate, "latency": latency, "instances": instances, "headroom": headroom,
                "in_flight": in_flight, "per_instance": per_instance, "needed": needed}


def _num(x: float) -> str:
    """A figure as a page writes it (CAL001 looks for this spelling)."""
    return f"{int(x):,}" if float(x) == int(x) else f"{x:,}"


def _front_matter(spec: PageSpec, parts: dict, body: str) -> str:
    out = ["---", f"title: {_yaml_str(_cap(spec.title))}", f"category: {spec.category}"]
    if spec.system:
        out += [f"system: {spec.system}", f"kind: {spec.kind}"]
    summary = f"How {parts['technologies'][0]} behaves in {spec.title} at {parts['rate']}k requests per second."
    out.append(f"summary: {_yaml_str(summary)}")
    out.append("technologies:")
    out += [f"  - {_yaml_str(t)}" for t in parts["technologies"]]
    if parts["symptoms"]:
        out.append("symptoms:")
        out += [f"  - {_yaml_str(s)}" for s in parts["symptoms"]]
    if parts["signatures"]:
        out.append("error_signatures:")
        out += [f"  - {_yaml_str(s)}" for s in parts["signatures"]]
    out += parts["incident"] + parts["calculator"]
    out.append("sources:")
    for k, (url, title, publisher, published, confidence) in enumerate(parts["sources"], start=1):
        out += [f"  - id: src-{k}", f"    url: {_yaml_str(url)}", f"    title: {_yaml_str(title)}",
                f"    publisher: {_yaml_str(publisher)}",
                f"    published: {published if published != 'undated' else _yaml_str('undated')}",
                f"    confidence: {confidence}", "    accessed: 2026-11-01"]
        if published == "undated":
            out.append("    note: living documentation; the page shows no date")
    out.append(f"version: '{parts['version']}'")
    out += ["review:", "  status: up_to_date", f"  last_reviewed: {parts['reviewed']}",
            f"  content_hash: {hashlib.md5(body.encode('utf-8')).hexdigest()}"]
    out.append(f"tags: [{spec.category}, benchmark]")
    out.append("---")
    return "\n".join(out) + "\n"


def _table(rng: random.Random, money: bool, n_sources: int) -> str:
    rows = ["| component | instances | p99 | monthly cost |", "|---|---|---|---|"]
    for _ in range(rng.randint(4, 8)):
        comp = rng.choice(SERVICE + STATE)
        cost = f"est. ${rng.randint(1, 900) * 100:,}" if money else f"{rng.randint(1, 90)} % of spend"
        cite = f"[^src-{rng.randint(1, n_sources)}]"
        rows.append(f"| {comp} | {rng.randint(2, 400)} | {rng.randint(3, 900)} ms {cite} | {cost} |")
    return "\n".join(rows)


# Sentences of the prose. A sentence with a figure carries `~` or `est.` or gets a citation ({c}).
SENTENCES = [
    "At {k}k requests per second the {svc} spends {ms} ms of its {budget} ms budget in this hop{c}",
    "Each {svc} instance keeps a pool of {pool} connections to {st}, so {inst} instances hold ~{conns:,} "
    "connections against a server limit of {limit:,}{c}",
    "When {st} slows past {ms} ms, retries from the {svc} add ~{pct} % to its load within {sec} s{c}",
    "{St} keeps ~{gb} GB per node at a replication factor of three, so losing one node moves that much data "
    "while its replacement catches up{c}",
    "The {ctl} pages on-call when p99 stays above {ms} ms for {mins} minutes, before most customers notice{c}",
    "A deploy of the {svc} rolls ~{pct} % of the fleet at a time and waits {mins} minutes of clean canary "
    "metrics before the next step{c}",
    "Each of the {inst} instances serves ~{rps:,} requests per second at {cpu} % CPU, so twice the traffic "
    "needs ~{inst2} instances before the headroom is gone{c}",
    "The cache in front of {st} answers ~{pct} % of reads, and every point it loses sends ~{miss:,} more reads "
    "per second to the primary{c}",
    "Failover from the primary of {st} to a replica takes {sec} s{c}",
    "During a failover, writes queue in the {svc} and time out after ~{timeout} s, so callers see errors "
    "rather than silent loss{c}",
    "Traffic enters at the {edge}, which forwards to the {svc} over {proto}, and the {svc} reads {st} before "
    "it answers{c}",
    "The hot path is short on purpose: one hop to the {svc}, one read from {st}, and nothing synchronous on "
    "the {ctl}{c}",
    "Queue depth in front of the {svc} stays under ~{q:,} messages at peak; past that the consumers fall "
    "~{lag} s behind every minute{c}",
    "The {svc} sheds load at {pct} % of its concurrency limit rather than queueing, which keeps p99 under "
    "{ms} ms for the requests it accepts{c}",
    "Monthly spend on {st} is est. ${cost:,} at the public on-demand price, about {pct} % of the total{c}",
    "The usual first mistake is raising the timeout on the {svc}: it hides the slow dependency and holds each "
    "connection ~{x} times longer{c}",
    "Nothing on this path is shared with the {svc2}, so a failure here stays inside one region's {svc} "
    "fleet{c}",
    "The {ctl} rolls a config change to one zone first and to the rest ~{mins} minutes later{c}",
]
STEPS = [
    "Open the {ctl} view of the {svc} and compare its error rate with the last ~{mins} minutes{c}",
    "Check whether {st} is the slow hop: its p99 above {ms} ms means the {svc} is waiting, not failing{c}",
    "Shed the least important traffic at the {edge} before adding capacity behind it{c}",
    "Roll back the last change to the {svc} if it went out within ~{mins} minutes of the first alert{c}",
    "Raise the {svc} fleet by ~{pct} % only once the retries have stopped, or the new instances fill the "
    "pool of {st} again{c}",
    "Confirm recovery on the client side: success rate above {pct2} % for ~{mins} minutes{c}",
]


def _sentence(template: str, rng: random.Random, n_sources: int) -> str:
    text = template.format(
        k=rng.randint(2, 900), ms=rng.randint(3, 900), budget=rng.randint(400, 2000), pool=rng.randint(5, 60),
        inst=rng.randint(3, 400), conns=rng.randint(50, 9000), limit=rng.randint(100, 10000), pct=rng.randint(2, 60),
        pct2=rng.randint(90, 99), sec=rng.randint(2, 120), gb=rng.randint(50, 4000), mins=rng.randint(2, 30),
        rps=rng.randint(100, 9000), cpu=rng.randint(20, 80), inst2=rng.randint(10, 900), miss=rng.randint(100, 90000),
        timeout=rng.randint(1, 60), q=rng.randint(1000, 900000), lag=rng.randint(2, 90), cost=rng.randint(10, 900) * 100,
        x=rng.randint(2, 9), svc=rng.choice(PROSE["Service"]), svc2=rng.choice(PROSE["Service"]),
        st=rng.choice(PROSE["State"]), St=_cap(rng.choice(PROSE["State"])), edge=rng.choice(PROSE["Edge"]),
        ctl=rng.choice(PROSE["Control"]), proto=rng.choice(PROSE_PROTOCOLS), c="{c}")
    estimated = "~" in text or "est." in text
    cite = f"[^src-{rng.randint(1, n_sources)}]"
    # "." then the citation, as the real pages write it; an estimate is cited half the time
    return text.replace("{c}", "." + (cite if not estimated or rng.random() < 0.5 else ""))


def _paragraph(rng: random.Random, n_sources: int) -> str:
    return " ".join(_sentence(t, rng, n_sources) for t in rng.sample(SENTENCES, rng.randint(3, 5)))


def _steps(rng: random.Random, n_sources: int) -> list[str]:
    return [f"{i}. {_sentence(t, rng, n_sources)}" for i, t in enumerate(rng.sample(STEPS, rng.randint(4, 6)), 1)]


def _terms(text: str) -> str:
    """The New Hire gate's line: every acronym the page's prose uses, expanded."""
    prose = re.sub(r"```mermaid\n.*?```", "", text, flags=re.S)
    used = [f"{words} ({acronym})" for acronym, words in EXPANSIONS.items() if re.search(rf"\b{acronym}\b", prose)]
    return f"Terms: {', '.join(used)}." if used else ""


def page_text(spec: PageSpec, rng: random.Random, stats: CorpusStats, vocabulary: Vocabulary | None = None,
              named: set[str] | None = None) -> str:
    """The page's Markdown; `named` collects the technologies it names."""
    vocabulary = vocabulary or Vocabulary(random.Random(0))
    elements = gate_elements_for(spec.category, spec.kind, spec.group)
    gates = {gate for gate, _, _ in elements}
    sections = list(BASE_SECTIONS)
    for _, _, cues in elements:
        if cues[0] not in sections:
            sections.append(cues[0])
    if spec.category == "capacity":
        sections.append("Worked example")
    sections += TAIL_SECTIONS
    low, high = TECHNOLOGIES_PER_PAGE.get(spec.category, (2, 5))
    technologies = vocabulary.draw(rng, rng.randint(low, high))
    if named is not None:
        named.update(technologies)
    signatures, symptoms = _signals(spec, gates, rng)
    sources = rng.sample(SOURCES[:10], 1) + rng.sample(SOURCES[10:], rng.randint(1, 3))
    n_src = len(sources)
    calculator, worked = _calculator(rng) if spec.category == "capacity" else ([], {})
    parts = {"technologies": technologies, "signatures": signatures, "symptoms": symptoms, "sources": sources,
             "rate": rng.randint(2, 900), "version": f"{rng.randint(1, 3)}.{rng.randint(0, 12)}",
             "reviewed": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
             "incident": _incident(spec, rng, technologies) if spec.incident_date else [], "calculator": calculator}
    target = rng.randint(*PAGE_BYTES)
    money = GATE_CFO in gates

    # The skeleton: each section's opening paragraph, then its lists, diagrams and tables.
    content: dict[str, list[str]] = {}
    n_diagrams = rng.randint(*DIAGRAMS_PER_PAGE)
    # The first diagram carries the page ("How it works"); the others go to random sections.
    where = sorted([1] + [rng.randrange(1, len(sections) - 1) for _ in range(n_diagrams - 1)])
    for i, section in enumerate(sections):
        if section == "Related":
            continue
        first = _paragraph(rng, n_src)
        if i == 0:
            first += "".join(f"[^src-{k}]" for k in range(1, n_src + 1) if f"[^src-{k}]" not in first)
        block = [first, ""]
        if section in ("Symptoms", "Runbook") and signatures:
            block += ["On-call sees these exact strings:", ""] + [f"- `{s}`" for s in signatures] + [""]
        if section in ("Runbook", "Where to look"):
            block += _steps(rng, n_src) + [""]
        if section == "Worked example":
            w = {k: _num(v) for k, v in worked.items()}
            factor = f"{1 + worked['headroom'] / 100:g}"
            block += [f"At {w['rate']} requests per second and {w['latency']} ms in the system, on "
                      f"{w['instances']} instances with {w['headroom']} % headroom:[^src-1]", "",
                      f"1. In flight (est.): {w['rate']} × {w['latency']} ms ÷ 1,000 = **{w['in_flight']}** requests.",
                      f"2. Per instance (est.): {w['in_flight']} ÷ {w['instances']} = **{w['per_instance']}**.",
                      f"3. To provision (est.): {w['in_flight']} × {factor} = **{w['needed']}** concurrent requests.", ""]
        for _ in range(where.count(i)):
            size = FLOW_NODES if rng.random() >= 0.15 else None
            if size is None:
                src, n, width = _within_budget(sequence, rng, rng.randint(*SEQUENCE_MESSAGES), SEQUENCE_MESSAGES[0])
                stats.sequences += 1
                stats.messages += n
                stats.participants += src.count("participant ")
            else:
                draw = lambda r, k: flowchart(r, spec, k, debugging=spec.category == "debugging")  # noqa: E731
                src, n, width = _within_budget(draw, rng, rng.randint(*FLOW_NODES), 8)
                stats.flowcharts += 1
                stats.nodes += n
                stats.min_nodes = min(stats.min_nodes, n)
                stats.max_nodes = max(stats.max_nodes, n)
            stats.diagrams += 1
            stats.max_width_px = max(stats.max_width_px, round(width))
            stats.diagram_bytes += len(src.encode("utf-8"))
            stats.max_diagram_bytes = max(stats.max_diagram_bytes, len(src.encode("utf-8")))
            block += ["```mermaid", src.rstrip("\n"), "```", ""]
        if section in ("Numbers", "Costs", "Cost per") or (money and section.startswith(("Reserved", "Growth"))):
            block += [_table(rng, money, n_src), ""]
        content[section] = block
    related = [f"- [{title}]({_rel_link(spec.rel, rel)}#related)" for rel, title in zip(spec.links, spec.link_titles)]
    related += ["", f"Upstream documentation: [{sources[0][1]}]({sources[0][0]}).", ""]
    content["Related"] = related

    def assemble() -> str:
        body = [f"# {_cap(spec.title)}", ""]
        for section in sections:
            body += [f"## {HEADINGS.get(section, section)}", ""] + content[section]
        text = "\n".join(body)
        terms = _terms(text)
        if terms:  # the New Hire gate: every acronym expanded where the page uses it
            text = text.replace("\n## Context\n\n", f"\n## Context\n\n{terms}\n\n", 1)
        return text

    # Then more paragraphs, in the prose sections, until the page reaches its drawn size.
    prose_sections = [s for s in sections if s not in ("Related", "Worked example")]
    text = assemble()
    head = len(_front_matter(spec, parts, "").encode("utf-8"))  # the hash has a fixed length
    while head + len(text.encode("utf-8")) < target:
        section = rng.choice(prose_sections)
        content[section][1:1] = ["", _paragraph(rng, n_src)]
        text = assemble()
    return _front_matter(spec, parts, text) + "\n" + text


def _mkdocs_yml(dest: Path) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (REPO / "src" / "atlas" / "site" / "mkdocs_hooks.py").as_posix()
    text = re.sub(r"(?m)^(\s*-\s*)src/atlas/site/mkdocs_hooks\.py\s*$", lambda m: m.group(1) + hook, text)
    overrides = (REPO / "overrides").as_posix()  # the theme's header override (search)
    text = re.sub(r"(?m)^(\s*custom_dir:\s*)overrides\b", lambda m: m.group(1) + overrides, text)
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")


def _copy_site_assets(dest: Path) -> None:
    for sub in ("javascripts", "stylesheets"):
        if (REPO / "docs" / sub).is_dir():
            shutil.copytree(REPO / "docs" / sub, dest / "docs" / sub, dirs_exist_ok=True)


MARKER = "<!-- atlas:"
_MD_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]+)\)")


def _copy_real_indexes(dest: Path, specs: list[PageSpec], stats: CorpusStats) -> None:
    """Copy the real docs' pages that hold generator markers (and the reference pages they link to); a
    link to any other page the corpus lacks becomes its text. A category with pages but no real index
    gets one with the category map marker."""
    real, docs = REPO / "docs", dest / "docs"
    categories = [c for c in CATEGORIES if any(s.category == c for s in specs)]
    present = {s.rel for s in specs} | set(GENERATED_PATHS) | {f"{c}/index.md" for c in categories}
    queue = sorted(p.relative_to(real).as_posix() for p in real.rglob("*.md")
                   if MARKER in p.read_text(encoding="utf-8"))
    copied: list[str] = []
    while queue:
        rel = queue.pop(0)
        if rel in copied:
            continue
        copied.append(rel)
        present.add(rel)
        text = (real / rel).read_text(encoding="utf-8")

        def keep_or_unlink(m: re.Match, rel: str = rel) -> str:
            target = m.group(2)
            path = target.split("#", 1)[0]
            if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target) or not path.endswith(".md"):
                return m.group(0)  # external, an anchor on this page, or an asset
            to = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if to in present or to.startswith("technologies/"):  # technology pages are generated
                return m.group(0)
            if (real / to).is_file() and not is_catalogued_rel(to):
                queue.append(to)  # reference material (the style guide): copy it too
                present.add(to)
                return m.group(0)
            stats.unlinked.append(f"{rel} -> {to}")
            return m.group(1)

        text = _MD_LINK.sub(keep_or_unlink, text)
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    stats.copied = copied
    for category in categories:
        title, rel = CATEGORIES[category][0], f"{category}/index.md"
        if rel not in copied:
            (docs / category).mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(f"# {title}\n\nEvery {title.lower()} page by group, with its one-line summary. "
                                    "Generated from the pages' front matter when the site is built.\n\n"
                                    "<!-- atlas:category-map -->\n", encoding="utf-8")
            stats.written_indexes.append(rel)


def write_corpus(dest: Path, pages: int = 1000, seed: int = 7) -> CorpusStats:
    """Write the corpus into `dest` (created; an existing docs/ is replaced)."""
    dest = Path(dest)
    if (dest / "docs").exists():
        shutil.rmtree(dest / "docs")
    (dest / "docs").mkdir(parents=True)
    _mkdocs_yml(dest)
    _copy_site_assets(dest)
    rng = random.Random(seed)
    stats = CorpusStats()
    seen: set[str] = set()
    specs = _specs(pages, rng)
    vocabulary = Vocabulary(rng)
    named: set[str] = set()
    _copy_real_indexes(dest, specs, stats)
    for spec in specs:
        text = page_text(spec, rng, stats, vocabulary, named)
        for block in re.findall(r"```mermaid\n(.*?)```", text, re.S):
            digest = hashlib.sha256(block.encode("utf-8")).hexdigest()
            if digest in seen:
                raise AssertionError(f"duplicate diagram in {spec.rel}: the generator must vary labels")
            seen.add(digest)
        path = dest / "docs" / spec.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        size = len(text.encode("utf-8"))
        stats.pages += 1
        stats.markdown_bytes += size
        stats.max_page_bytes = max(stats.max_page_bytes, size)
        stats.by_category[spec.category] = stats.by_category.get(spec.category, 0) + 1
    stats.technologies = len(named)
    return stats


def corpus_diagrams(docs: Path) -> list[str]:
    """Every diagram source of the corpus's pages, in file order (read as the linter reads them)."""
    from ..pages import iter_markdown, load_page

    out: list[str] = []
    for path in iter_markdown([docs]):
        out.extend(d.source for d in load_page(path, docs).diagrams)
    return out


if __name__ == "__main__":  # pragma: no cover - handy when working on the generator
    import sys
    import tempfile

    where = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="atlas-corpus-"))
    st = write_corpus(where, int(os.environ.get("PAGES", "1000")))
    print(where, json.dumps(st.as_dict()))
