"""A synthetic corpus shaped like the catalog, for the benchmark (never for the site).

`write_corpus(dest, pages=1000, seed=7)` writes into `dest`:

* `mkdocs.yml` — the repository's, with the hook pointed at the repository's
  `src/atlas/site/mkdocs_hooks.py` by absolute path;
* `docs/javascripts` and `docs/stylesheets` copied from the repository's `docs/`, and a home
  page and section index pages (generated: the real ones may link to pages the corpus lacks);
* `pages` catalogued pages spread over the real catalog (systems/<system>/<kind>.md,
  incidents/<group>/, debugging/<group>/, the flat categories) in the catalog's proportions, each
  with the contract's full front matter, the sections its gates ask for, tables, internal and
  external links, and 2–4 diagrams of 30–80 nodes: four-plane flowcharts, some sequence diagrams
  with plane boxes.

Deterministic for a seed. Every diagram is different (labels carry seeded numbers), so neither
the parse cache nor de-duplication of identical diagrams can shorten a cold run. The pages are
meant to pass `atlas lint` with zero errors; the benchmark checks that they do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import (CATEGORIES, GATE_SECTIONS, GROUPS, INCIDENT_FACTS_EXEMPT_GROUPS, ROOT_CAUSES, SYSTEM_KINDS,
                       SYSTEM_NAMES, SYSTEMS, gates_for, needs_symptoms)
from ..planes import PLANES

REPO = Path(__file__).resolve().parents[3]

# Pages per category in a 1,000-page corpus: the catalog's 920 targets, the non-systems categories
# scaled up (systems are fixed at 30 x 8).
SHARES = {"systems": 240, "incidents": 110, "debugging": 110, "performance": 90, "scaling": 90, "patterns": 90,
          "capacity": 65, "migrations": 65, "costs": 65, "comparisons": 45, "production": 30}

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

TECHNOLOGIES = ["PostgreSQL 16", "Kafka 3.6", "Redis 7.2", "Cassandra 4.1", "Envoy 1.28", "Kubernetes 1.28",
                "MySQL 8.0", "Elasticsearch 8.11", "NGINX 1.25", "Go 1.22", "Java 21", "gRPC 1.60",
                "Prometheus 2.48", "Terraform 1.6", "Vitess 18", "ClickHouse 23.8", "HAProxy 2.8", "Python 3.12"]
PROTOCOLS = ["HTTPS", "gRPC", "SQL", "RESP", "Kafka produce", "Kafka consume", "HTTP/2", "QUIC", "TCP 443",
             "CQL", "scrape /metrics", "OTLP", "webhook", "S3 PUT", "S3 GET"]
METRICS = [("p99", "ms"), ("p50", "ms"), ("rps", ""), ("instances", ""), ("GB", "RAM"), ("TB", "stored"),
           ("timeout", "s"), ("retries", ""), ("conns", "max"), ("QPS", "peak")]

SIGNATURES = [
    "FATAL: sorry, too many clients already",
    "java.lang.OutOfMemoryError: Java heap space",
    "upstream connect error or disconnect/reset before headers",
    "ERR max number of clients reached",
    "context deadline exceeded",
    "504 Gateway Time-out",
    "OOMKilled",
    "CommitFailedException",
    "NOT_LEADER_OR_FOLLOWER",
    "ReadTimeoutException",
    "too many open files",
    "connection reset by peer",
    "ProvisionedThroughputExceededException",
    "Deadlock found when trying to get lock",
]
SYMPTOMS = [
    "p99 latency on the checkout path above 800 ms for 10 minutes",
    "5xx rate at the load balancer above 1 percent",
    "consumer lag growing by 50,000 messages a minute",
    "pods restarting with exit code 137",
    "replication lag above 30 s on the read replicas",
    "connection pool exhausted alerts from every API pod",
    "cache hit ratio falling from 95 to 60 percent",
    "disk usage on the brokers above 85 percent",
]
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
              "SRE": "site reliability engineering", "HTTPS": "secure hypertext transfer protocol", "OK": "success"}


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


@dataclass
class PageSpec:
    rel: str  # docs-relative path
    category: str
    title: str
    system: str | None = None
    kind: str | None = None
    links: list[str] = field(default_factory=list)  # rels of pages this one links to
    incident_date: str | None = None  # incident anatomies: the start date their file name ends with


@dataclass
class CorpusStats:
    pages: int = 0
    diagrams: int = 0
    flowcharts: int = 0
    sequences: int = 0
    nodes: int = 0
    diagram_bytes: int = 0
    markdown_bytes: int = 0
    min_nodes: int = 10**9
    max_nodes: int = 0
    by_category: dict[str, int] = field(default_factory=dict)

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
            title = f"{topic} {problem} {category} case {i + 1:03d}"
            slug = re.sub(r"[^a-z0-9]+", "-", f"{topic} {problem} {i + 1:03d}".lower()).strip("-")
            folder = f"{category}/{groups[i % len(groups)]}" if groups else category
            date = None
            if category == "incidents" and groups[i % len(groups)] not in INCIDENT_FACTS_EXEMPT_GROUPS:
                date = (dt.date(2010, 1, 1) + dt.timedelta(days=37 * i)).isoformat()  # no draw: same corpus
                slug = f"{slug}-{date}"
            specs.append(PageSpec(f"{folder}/{slug}.md", category, title, incident_date=date))
    rels = [s.rel for s in specs]
    for s in specs:
        s.links = rng.sample(rels, 3)
        if s.rel in s.links:
            s.links.remove(s.rel)
    return specs


def _split(n: int, parts: int, rng: random.Random, least: int = 4) -> list[int]:
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


def flowchart(rng: random.Random, spec: PageSpec, n: int, debugging: bool = False) -> str:
    lines = [f"flowchart {rng.choice(['LR', 'TD'])}"]
    ids: dict[str, list[str]] = {}
    for plane, count in zip(PLANES, _split(n, 4, rng)):
        lines.append(f'    subgraph {plane.name}Plane["{plane.emoji} {plane.name}"]')
        ids[plane.name] = []
        for k in range(count):
            nid = f"{PREFIX[plane.name]}{k + 1:02d}"
            ids[plane.name].append(nid)
            label = f"{rng.choice(COMPONENTS[plane.name])}<br/>{_metric(rng)} · {_metric(rng)}"
            if plane.name == "State":
                shape = f'[("{label}")]'
            elif debugging and k % 3 == 1:
                shape = '{"' + f"Check {rng.choice(COMPONENTS[plane.name])}:<br/>{_metric(rng)}?" + '"}'
            elif plane.name == "Control" and k % 2:
                shape = '{{"' + label + '"}}'
            else:
                shape = f'["{label}"]'
            lines.append(f"        {nid}{shape}")
        lines.append("    end")
    order = ["Edge", "Service", "State"]
    edges = 0
    target_edges = int(n * 1.3)
    while edges < target_edges:
        if rng.random() < 0.2:
            a, b = rng.choice(ids["Control"]), rng.choice(ids[rng.choice(["Service", "State", "Edge"])])
            arrow = "-.->"
        else:
            i = rng.randrange(len(order) - 1)
            src_plane = order[i] if rng.random() < 0.8 else "Service"
            a, b = rng.choice(ids[src_plane]), rng.choice(ids[order[i + 1]])
            arrow = rng.choice(["-->", "-->", "==>"])
        if a == b:
            continue
        if rng.random() < 0.6:
            lines.append(f'    {a} {arrow}|"{rng.choice(PROTOCOLS)} {_metric(rng)}"| {b}')
        else:
            lines.append(f"    {a} {arrow} {b}")
        edges += 1
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
    return "\n".join(lines) + "\n"


def sequence(rng: random.Random, n: int) -> str:
    lines = ["sequenceDiagram", "    autonumber"]
    actors: dict[str, list[str]] = {}
    for plane in PLANES:
        lines.append(f"    box {plane.emoji} {plane.name}")
        names = rng.sample(COMPONENTS[plane.name], rng.randint(2, 4))
        actors[plane.name] = []
        for j, name in enumerate(names):
            aid = f"{PREFIX[plane.name]}{j + 1}"
            actors[plane.name].append(aid)
            lines.append(f"        participant {aid} as {name}")
        lines.append("    end")
    order = ["Edge", "Service", "State"]
    messages = 0
    while messages < n:
        roll = rng.random()
        if roll < 0.08:
            a = rng.choice(actors["Service"])
            lines.append(f"    alt cache hit {_metric(rng)}")
            lines.append(f"        {a}->>{rng.choice(actors['State'])}: GET key {_metric(rng)}")
            lines.append(f"    else miss")
            lines.append(f"        {a}->>{rng.choice(actors['State'])}: SELECT {_metric(rng)}")
            lines.append("    end")
            messages += 2
        elif roll < 0.14:
            lines.append(f"    loop every ~{rng.randint(5, 60)} s")
            lines.append(f"        {rng.choice(actors['Control'])}->>{rng.choice(actors['Service'])}: scrape {_metric(rng)}")
            lines.append("    end")
            messages += 1
        elif roll < 0.2:
            a = rng.choice(actors["Service"])
            lines.append(f"    Note over {a}: budget {_metric(rng)}")
        else:
            i = rng.randrange(len(order) - 1)
            a, b = rng.choice(actors[order[i]]), rng.choice(actors[order[i + 1]])
            lines.append(f"    {a}->>{b}: {rng.choice(PROTOCOLS)} {_metric(rng)}")
            lines.append(f"    {b}-->>{a}: 200 OK {_metric(rng)}")
            messages += 2
    return "\n".join(lines) + "\n"


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _front_matter(spec: PageSpec, rng: random.Random, body: str, signatures: list[str], symptoms: list[str],
                 sources: list[tuple]) -> str:
    tech = rng.sample(TECHNOLOGIES, rng.randint(3, 6))
    out = ["---", f"title: {_yaml_str(_cap(spec.title))}", f"category: {spec.category}"]
    if spec.system:
        out += [f"system: {spec.system}", f"kind: {spec.kind}"]
    out.append(f"summary: {_yaml_str(f'How {tech[0]} and {tech[1]} behave in {spec.title} at {rng.randint(2, 900)}k requests per second.')}")
    out.append("technologies:")
    out += [f"  - {_yaml_str(t)}" for t in tech]
    if symptoms:
        out.append("symptoms:")
        out += [f"  - {_yaml_str(s)}" for s in symptoms]
    if signatures:
        out.append("error_signatures:")
        out += [f"  - {_yaml_str(s)}" for s in signatures]
    if spec.incident_date:
        out += ["incident:", f"  date: {spec.incident_date}", "  duration: 2 h 10 min", "  company: Benchmark Corp",
                f"  root_cause: {_yaml_str(ROOT_CAUSES[len(spec.rel) % len(ROOT_CAUSES)])}",
                "  blast_radius: one region's checkout"]
    out.append("sources:")
    for k, (url, title, publisher, published, confidence) in enumerate(sources, start=1):
        out += [f"  - id: src-{k}", f"    url: {_yaml_str(url)}", f"    title: {_yaml_str(title)}",
                f"    publisher: {_yaml_str(publisher)}",
                f"    published: {published if published != 'undated' else _yaml_str('undated')}",
                f"    confidence: {confidence}", "    accessed: 2026-11-01"]
        if published == "undated":
            out.append("    note: living documentation; the page shows no date")
    out.append(f"version: '{rng.randint(1, 3)}.{rng.randint(0, 12)}'")
    out += ["review:", "  status: up_to_date", f"  last_reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
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


def page_text(spec: PageSpec, rng: random.Random, stats: CorpusStats) -> str:
    gates = gates_for(spec.category, spec.kind)
    sections = list(BASE_SECTIONS)
    for gate in sorted(gates):
        for alts in GATE_SECTIONS[gate]:
            if alts[0] not in sections:
                sections.append(alts[0])
    sections += TAIL_SECTIONS
    signatures = rng.sample(SIGNATURES, 2) if spec.category in ("debugging", "incidents") or "3am" in gates else []
    symptoms = rng.sample(SYMPTOMS, 2) if needs_symptoms(spec.category, spec.kind) or signatures else []
    n_diagrams = rng.randint(2, 4)
    # The first diagram carries the page ("How it works"); the others go to random sections.
    where = sorted([1] + [rng.randrange(1, len(sections) - 1) for _ in range(n_diagrams - 1)])
    money = "cfo" in gates
    sources = rng.sample(SOURCES[:10], 1) + rng.sample(SOURCES[10:], rng.randint(1, 3))
    body = [f"# {_cap(spec.title)}", ""]
    for i, section in enumerate(sections):
        body += [f"## {HEADINGS.get(section, section)}", ""]
        if section == "Related":
            for rel in spec.links:
                body.append(f"- [{rel.rsplit('/', 1)[-1].removesuffix('.md').replace('-', ' ')}]"
                            f"({_rel_link(spec.rel, rel)}#related)")
            body += ["", f"Upstream documentation: [{SOURCES[i % 10][1]}]({SOURCES[i % 10][0]}).", ""]
            continue
        body.append(f"At {rng.randint(2, 900)}k requests per second the {rng.choice(SERVICE).lower()} spends "
                    f"{rng.randint(3, 400)} ms of its {rng.randint(400, 2000)} ms budget here; the numbers below "
                    f"are est. from {rng.randint(3, 90)} instances at the public on-demand price."
                    + ("".join(f"[^src-{k}]" for k in range(1, len(sources) + 1)) if i == 0
                       else f"[^src-{i % len(sources) + 1}]"))
        if section in ("Symptoms", "Runbook") and signatures:
            body += ["", "On-call sees these exact strings:", ""]
            body += [f"- `{s}`" for s in signatures]
        body.append("")
        for _ in range(where.count(i)):
            nodes = rng.randint(30, 80)
            if rng.random() < 0.15:
                src = sequence(rng, nodes)
                stats.sequences += 1
            else:
                src = flowchart(rng, spec, nodes, debugging=spec.category == "debugging")
                stats.flowcharts += 1
            stats.diagrams += 1
            stats.nodes += nodes
            stats.min_nodes = min(stats.min_nodes, nodes)
            stats.max_nodes = max(stats.max_nodes, nodes)
            stats.diagram_bytes += len(src.encode("utf-8"))
            body += ["```mermaid", src.rstrip("\n"), "```", ""]
        if section in ("Numbers", "Costs", "Cost per") or (money and section.startswith(("Reserved", "Growth"))):
            body += [_table(rng, money, len(sources)), ""]
    text = "\n".join(body)
    prose = re.sub(r"```mermaid\n.*?```", "", text, flags=re.S)
    used = [f"{words} ({acronym})" for acronym, words in EXPANSIONS.items() if re.search(rf"\b{acronym}\b", prose)]
    if used:  # the New Hire gate: every acronym expanded where the page uses it
        text = text.replace("\n## Context\n\n", f"\n## Context\n\nTerms: {', '.join(used)}.\n\n", 1)
    return _front_matter(spec, rng, text, signatures, symptoms, sources) + "\n" + text


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


def _write_indexes(dest: Path, specs: list[PageSpec]) -> None:
    """Home and section index pages (not catalogued), each linking to a few of its pages."""
    docs = dest / "docs"
    home = ["# The Atlas (benchmark corpus)", "", "A synthetic corpus shaped like the catalog.", ""]
    for category, (title, _) in CATEGORIES.items():
        mine = [s for s in specs if s.category == category]
        if not mine:
            continue
        home.append(f"- [{title}]({category}/index.md)")
        lines = [f"# {title}", "", f"{len(mine)} pages of the benchmark corpus.", ""]
        lines += [f"- [{_cap(s.title)}]({posixpath.relpath(s.rel, category)})" for s in mine[:10]]
        (docs / category).mkdir(parents=True, exist_ok=True)
        (docs / category / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("\n".join(home) + "\n", encoding="utf-8")


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
    _write_indexes(dest, specs)
    for spec in specs:
        text = page_text(spec, rng, stats)
        for block in re.findall(r"```mermaid\n(.*?)```", text, re.S):
            digest = hashlib.sha256(block.encode("utf-8")).hexdigest()
            if digest in seen:
                raise AssertionError(f"duplicate diagram in {spec.rel}: the generator must vary labels")
            seen.add(digest)
        path = dest / "docs" / spec.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stats.pages += 1
        stats.markdown_bytes += len(text.encode("utf-8"))
        stats.by_category[spec.category] = stats.by_category.get(spec.category, 0) + 1
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
