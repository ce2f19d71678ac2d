"""A docs tree shaped like the atlas at 1,000 pages, for the page-weight test of the generated indexes
(issue 23 item 2: every page's HTML <= 60 KB, the indexes included).

`write_full_size_tree(tree)` writes the real index pages (the 3 AM index, /technologies/, /incidents/,
/debugging/, /patterns/, /capacity/, /systems/, the home page) and 1,000 catalogued pages in the
catalog's proportions: 110 incident anatomies, 110 debugging guides with error strings, 240 systems pages
(60 of them with on-call signals), 90 patterns with summaries as long as the real ones, ... naming about
1,400 technologies (the real atlas names 861 at 588 pages). Only the front matter feeds the indexes, so
each page's body is one line: the tree builds in a fraction of the time full pages take, and the page
weights measured are the indexes' own plus the theme's real chrome (head, nav, footer).

The figures come from the real docs (2026-12): per page 4.4 technologies, 1.4 error strings of ~35
characters and 4.2 symptoms of ~78; titles ~45 characters (incidents ~80), summaries ~300 (patterns
~365). A few technologies carry most of the signals, as Kubernetes (121 signals), PostgreSQL and MySQL
do on the real site; here more so, so that the busiest technology page has to be paged."""

from __future__ import annotations

import datetime as dt
import random

from atlas.catalog import GROUPS, SYSTEM_KINDS, SYSTEMS
from pagebuilder import REPO, SOURCES, Tree, front_matter

SHARES = {"incidents": 110, "debugging": 110, "patterns": 90, "capacity": 65, "performance": 90, "scaling": 90,
          "migrations": 65, "costs": 65, "comparisons": 45, "production": 30}  # + 240 systems pages
INCIDENT_GROUPS = {"high-profile": 40, "cloud-providers": 40, "financial-services": 15, "communication": 15}
RESPONSE_PATTERNS = 6  # incident pages without incident facts (GROUPS["incidents"]'s last group)
ON_CALL_KINDS = ("failure-domains", "production-operations")
INDEX_PAGES = ("index.md", "incident-response-index.md", "technologies/index.md", "incidents/index.md",
               "debugging/index.md", "patterns/index.md", "capacity/index.md", "systems/index.md")

# The technologies most pages name, with how likely a page with signals files them under it (its first).
BUSY = {"Kubernetes": 0.16, "PostgreSQL": 0.10, "MySQL": 0.07, "Linux kernel": 0.06, "Apache Kafka": 0.06,
        "Prometheus": 0.04, "Redis": 0.04, "Java": 0.03, "OpenSSL": 0.02, "Envoy": 0.02}
COMMON = list(BUSY) + ["NGINX", "gRPC", "Amazon S3", "Amazon DynamoDB", "Cassandra", "Go", "Terraform",
                       "Elasticsearch", "HAProxy", "etcd", "Istio", "Python", "Node.js", "Vitess", "ClickHouse"]
VENDORS = ["Amazon", "Apache", "Azure", "Google Cloud", "AWS", "Cloudflare", "Oracle", "IBM", "Red Hat"]
SYLLABLES = ["kor", "vel", "zan", "bri", "tal", "mon", "quo", "rix", "dal", "fen", "gor", "hal", "jun", "lem",
             "nor", "pax", "sil", "tor", "ulm", "wex", "yor", "cas", "ber", "dor", "ish", "ova", "pri", "sen",
             "tek", "ux", "var", "zel", "arc", "eon", "lux", "mir", "nex", "orb", "sky", "tri"]
SUFFIXES = ["", "", "", " store", " proxy", " gateway", " scheduler", " queue", " mesh", " cache", " DB", " agent"]
TRIGGERS = ["config-change", "deploy", "capacity", "hardware", "network", "dependency", "software-bug", "human-error"]


def _sentence(rng: random.Random, length: int) -> str:
    words = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(["connection", "pool", "latency", "replica", "timeout", "queue", "leader",
                                 "partition", "retries", "saturated", "region", "failover", "cache", "errors",
                                 "p99", "rises", "after", "the", "deploy", "of", "every", "request", "node"]))
    return " ".join(words)[:length].rstrip() or "errors"


class _Names:
    """About `n` distinct rare technology names, deterministic for the seed."""

    def __init__(self, rng: random.Random, n: int):
        names: list[str] = []
        seen = set()
        while len(names) < n:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()
            name = (f"{rng.choice(VENDORS)} {word}" if rng.random() < 0.3 else word) + rng.choice(SUFFIXES)
            if name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        self.names = names
        self.next = 0

    def take(self, rng: random.Random) -> str:
        """A new name while there are, then any: every name is used, most by one or two pages."""
        if self.next < len(self.names):
            self.next += 1
            return self.names[self.next - 1]
        return rng.choice(self.names)


def _technologies(rng: random.Random, rare: _Names, primary: str | None = None) -> list[str]:
    busy = [primary] if primary else []
    busy += rng.sample([c for c in COMMON if c != primary], rng.choice((1, 2)))
    versioned = [f"{t} {rng.randint(1, 20)}.{rng.randint(0, 9)}" if rng.random() < 0.4 else t for t in busy]
    return versioned + [rare.take(rng) for _ in range(rng.choice((2, 3, 3, 4)))]


def _primary(rng: random.Random, rare: _Names) -> str:
    r, acc = rng.random(), 0.0
    for tech, share in BUSY.items():
        acc += share
        if r < acc:
            return tech
    return rare.take(rng) if rng.random() < 0.5 else rng.choice(COMMON[len(BUSY):])


def _meta(category: str, title: str, technologies: list[str], summary: str, signals: tuple | None = None,
          **extra) -> dict:
    meta = {"title": title, "category": category, **extra, "summary": summary, "technologies": technologies}
    if signals:
        meta["symptoms"], meta["error_signatures"] = signals
    meta["sources"] = [dict(s) for s in SOURCES]
    meta["version"] = "1.0"
    meta["review"] = {"status": "up_to_date", "last_reviewed": dt.date(2026, 11, 1)}
    return meta


def _signals(rng: random.Random) -> tuple[list[str], list[str]]:
    errors = [f"E{rng.randint(1000, 9999)}: " + _sentence(rng, rng.randint(20, 50)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    symptoms = [_sentence(rng, rng.randint(50, 105)).capitalize() for _ in range(rng.randint(3, 6))]
    return symptoms, errors


def _page(tree: Tree, rel: str, meta: dict) -> None:
    tree.write(rel, front_matter(meta) + f"# {meta['title']}\n\nOne line of body: only the front matter feeds the indexes.\n")


def _incident(rng: random.Random, n: int, group: str, rare: _Names) -> tuple[str, dict]:
    date = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randint(0, 18 * 365))
    start = dt.datetime(date.year, date.month, date.day, rng.randint(0, 23), tzinfo=dt.timezone.utc)
    at = lambda minutes: start + dt.timedelta(minutes=minutes)  # noqa: E731
    company = rng.choice(["Amazon Web Services", "Google Cloud", "Microsoft", "Cloudflare", "GitHub", "Slack",
                          "Fastly", "Heroku (Salesforce)", "Stripe", "Visa Europe", "Discord", "Atlassian"])
    primary = _primary(rng, rare)
    techs = _technologies(rng, rare, primary)
    facts = {"date": date, "duration": "2 h 10 min", "company": company, "root_cause": "capacity/overload",
             "blast_radius": _sentence(rng, rng.randint(80, 200)), "started": start, "detected": at(rng.randint(1, 40)),
             "mitigated": at(rng.randint(41, 300)), "resolved": at(rng.randint(301, 900)),
             "trigger": rng.choice(TRIGGERS), "contributing_factors": ["no staged rollout"],
             "data_loss": {"verdict": "none", "words": "no data was lost"},
             "components": [f"{t} (the {rng.choice(['primary', 'regional', 'edge'])} tier, {date.year})" for t in techs[:rng.randint(2, 5)]]}
    title = f"{company}: {_sentence(rng, rng.randint(45, 85))} ({date.isoformat()})"
    rel = f"incidents/{group}/incident-{n:03d}-{date.isoformat()}.md"
    return rel, _meta("incidents", title, techs, _sentence(rng, 290), _signals(rng), incident=facts)


def write_full_size_tree(tree: Tree, seed: int = 23) -> Tree:
    rng = random.Random(seed)
    rare = _Names(rng, 1400)
    tree.with_site_assets()
    for rel in INDEX_PAGES:
        tree.write(rel, (REPO / "docs" / rel).read_text(encoding="utf-8"))
    n = 0
    for group, count in INCIDENT_GROUPS.items():
        for _ in range(count):
            n += 1
            _page(tree, *_incident(rng, n, group, rare))
    for i in range(RESPONSE_PATTERNS):
        _page(tree, f"incidents/response-patterns/pattern-{i}.md",
              _meta("incidents", f"Response pattern {i}: {_sentence(rng, 40)}", _technologies(rng, rare),
                    _sentence(rng, 290)))
    for i in range(SHARES["debugging"]):
        group = GROUPS["debugging"][i % len(GROUPS["debugging"]) if i % 4 else 2]  # infrastructure the biggest
        primary = _primary(rng, rare)
        _page(tree, f"debugging/{group}/guide-{i:03d}.md",
              _meta("debugging", f"{primary}: {_sentence(rng, rng.randint(25, 60))}", _technologies(rng, rare, primary),
                    _sentence(rng, 290), _signals(rng)))
    for system in SYSTEMS:
        for kind in SYSTEM_KINDS:
            on_call = kind in ON_CALL_KINDS
            primary = _primary(rng, rare) if on_call else None
            _page(tree, f"systems/{system}/{kind}.md",
                  _meta("systems", f"{system.capitalize()} {kind.replace('-', ' ')}: {_sentence(rng, 30)}",
                        _technologies(rng, rare, primary), _sentence(rng, 290), _signals(rng) if on_call else None,
                        system=system, kind=kind))
    for category, count in SHARES.items():
        if category in ("incidents", "debugging"):
            continue
        groups = GROUPS.get(category)
        for i in range(count):
            folder = f"{category}/{groups[i % len(groups)]}" if groups else category
            _page(tree, f"{folder}/page-{i:03d}.md",
                  _meta(category, f"{_sentence(rng, rng.randint(30, 60)).capitalize()}", _technologies(rng, rare),
                        _sentence(rng, 365 if category == "patterns" else 290)))
    return tree
