"""Build small docs trees of valid (or deliberately broken) atlas pages for the linter's tests.

`valid_page(...)` returns the text of a page that passes every lint rule for its place in the
catalog; a test breaks exactly one thing with an override and checks that exactly that is reported.
`line_of(text, needle)` gives the 1-based line where a fixture put its fault, so expectations are
computed from the fixture text, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from atlas.catalog import GATE_ELEMENTS, gates_for, needs_symptoms
from atlas.planes import PLANES

REPO = Path(__file__).resolve().parents[1]  # the atlas repository (scripts/, specs/, .venv/)

ERROR_SIGNATURE = "FATAL: sorry, too many clients already"

# The accepted headings of each gate element, by gate (a page built here writes the first of each).
GATE_SECTIONS: dict[str, list[tuple[str, ...]]] = {
    gate: [cues for _, cues in elements] for gate, elements in GATE_ELEMENTS.items()}

PLANE_CLASSDEFS = "\n".join(f"    {p.class_def}" for p in PLANES)

# A four-plane flowchart: every node in exactly one plane class, directional edges, numbers.
FLOWCHART = f"""flowchart LR
    subgraph EdgePlane["🌐 Edge"]
        LB["Application Load Balancer<br/>idle timeout 60 s"]
    end
    subgraph ServicePlane["⚙️ Service"]
        ORDERS["Orders service<br/>Java 21, 40 pods"]
    end
    subgraph StatePlane["💾 State"]
        PGB["PgBouncer 1.22<br/>transaction pooling"]
        PG[("PostgreSQL 16<br/>max_connections 100")]
    end
    subgraph ControlPlane["🎛️ Control"]
        PROM["Prometheus 2.53<br/>scrape every 15 s"]
    end
    LB -->|HTTPS| ORDERS
    ORDERS -->|SQL| PGB
    PGB -->|pooled connections| PG
    PROM -.->|scrape /metrics| ORDERS

{PLANE_CLASSDEFS}
    class LB edgeStyle
    class ORDERS serviceStyle
    class PGB,PG stateStyle
    class PROM controlStyle
"""

# A sequence diagram whose participants all sit in plane boxes.
SEQUENCE = """sequenceDiagram
    box 🌐 Edge
        participant ALB as Application Load Balancer
    end
    box ⚙️ Service
        participant ORD as Orders service
    end
    box 💾 State
        participant PGDB as PostgreSQL 16
    end
    ALB->>ORD: POST /orders (p99 120 ms)
    ORD->>PGDB: INSERT (max 100 connections)
    PGDB-->>ORD: OK
    ORD-->>ALB: 201 Created
"""

NUMBERS_TABLE = """| metric | value | source |
|---|---|---|
| max_connections (default) | 100 | [^pg-docs] |
| default_pool_size (default) | 20 | [^pgbouncer-config] |
| p99 checkout latency | ~120 ms (est.) | load test, 2026-10 |
| load balancer idle timeout | 60 s | [^pg-docs] |
| Prometheus scrape interval | 15 s | ours, see the runbook [^pgbouncer-config] |
"""

COST_TABLE = """| component | monthly | per 1M requests |
|---|---|---|
| db.r6g.2xlarge × 2 (on-demand) | est. $1,380 | $0.46 |
| PgBouncer on c7g.large × 2 | est. $105 | $0.04 |
"""

SOURCES = [
    {"id": "pg-docs", "url": "https://www.postgresql.org/docs/16/runtime-config-connection.html",
     "title": "PostgreSQL 16 documentation: Connections and Authentication",
     "publisher": "The PostgreSQL Global Development Group", "published": "undated", "confidence": "A",
     "accessed": dt.date(2026, 11, 1), "note": "living documentation for PostgreSQL 16; the page shows no date"},
    {"id": "pgbouncer-config", "url": "https://www.pgbouncer.org/config.html",
     "title": "PgBouncer configuration", "publisher": "PgBouncer project",
     "published": dt.date(2024, 4, 16), "confidence": "B", "accessed": dt.date(2026, 11, 1)},
]

# Body text of each gate section (the first accepted heading of each entry is used).
SECTION_TEXT = {
    "Symptoms": f"Clients fail to connect; Postgres logs `{ERROR_SIGNATURE}` once 100 connections are open.[^pg-docs]",
    "Where to look": "`pg_stat_activity` count by state; PgBouncer `SHOW POOLS` `cl_waiting` above 0 for 60 s "
                     "(our starting value, est.).",
    "Runbook": "1. Check `SHOW POOLS`.\n2. Lower `default_pool_size` to 20.\n3. Restart the 40 pods in batches of 5.",
    "Recovery": "Connections fall below 80 within 5 minutes (ours, est.); `cl_waiting` returns to 0.",
    "Costs": COST_TABLE,
    "Cost per": "Cost per 1M requests: est. $0.50 (instances × public on-demand price, 2026-10).",
    "Reserved vs on-demand": "A 1-year reservation would cut the database line by ~35 % (est., public price list).",
    "Growth": "At 10× traffic (est.) the database is the first line to double.",
    "Optimizations": "Transaction pooling let 40 pods share 20 server connections.",
    "Failure modes": "Connection exhaustion; pool saturation; primary failover.",
    "Blast radius": "Every write path of the Orders service (1 of 12 services).",
    "Recovery time": "About 15 minutes to drain and restart the pool (est.).",
    "Data loss": "None: rejected connections never start a transaction.",
    "Rollback": "Revert the pool size change; redeploy the previous release.",
}


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


# A capacity model's calculator: Little's law on the pool. The worked example states both outputs.
CALCULATOR = {
    "inputs": [
        {"name": "rate", "label": "Queries per second", "unit": "queries/s", "default": 2000, "min": 1,
         "max": 1000000, "step": 1},
        {"name": "query_ms", "label": "Time each query holds a connection", "unit": "ms", "default": 8, "min": 0.1,
         "max": 60000, "step": 0.1},
    ],
    "outputs": [
        {"name": "busy", "label": "Connections busy on average", "unit": "connections",
         "formula": "rate * query_ms / 1000", "example": 16},
        {"name": "pool", "label": "Pool size with 25 % headroom", "unit": "connections",
         "formula": "ceil(busy * 1.25)", "example": 20},
    ],
}
WORKED_EXAMPLE = ("## Worked example\n\nAt 2,000 queries per second that each hold a connection for 8 ms, "
                  "2,000 × 0.008 = 16 connections are busy on average, and 25 % headroom makes a pool of 20 "
                  "(est., from the pool defaults[^pgbouncer-config]).\n")

INCIDENT_FACTS = {"date": dt.date(2024, 3, 1), "duration": "2 h 10 min", "company": "Orders platform",
                  "root_cause": "capacity/overload", "blast_radius": "checkout in one region",
                  "started": dt.datetime(2024, 3, 1, 14, 0, tzinfo=dt.timezone.utc),
                  "detected": dt.datetime(2024, 3, 1, 14, 5, tzinfo=dt.timezone.utc),
                  "mitigated": dt.datetime(2024, 3, 1, 15, 30, tzinfo=dt.timezone.utc),
                  "resolved": dt.datetime(2024, 3, 1, 16, 10, tzinfo=dt.timezone.utc),
                  "trigger": "capacity", "contributing_factors": ["pool sized for last year's peak"],
                  "data_loss": {"verdict": "none", "words": "rejected connections never start a transaction"},
                  "components": ["PostgreSQL 16", "PgBouncer 1.22"]}


def default_meta(category: str, system: str | None, kind: str | None) -> dict:
    meta: dict = {
        "title": "Postgres connection exhaustion behind PgBouncer",
        "category": category,
    }
    if category == "systems":
        meta["system"] = system
        meta["kind"] = kind
    meta["summary"] = "From a connection-refused alert to the saturated pool and the fix."
    meta["technologies"] = ["PostgreSQL 16", "PgBouncer 1.22", "Java 21"]
    if needs_symptoms(category, kind) or category in ("incidents", "debugging"):
        meta["symptoms"] = ["Checkout requests fail with HTTP 500", "Connection count pinned at 100"]
        meta["error_signatures"] = [ERROR_SIGNATURE]
    meta["sources"] = [dict(s) for s in SOURCES]
    if category == "incidents":
        meta["incident"] = dict(INCIDENT_FACTS)
    if category == "capacity":
        meta["calculator"] = {part: [dict(item) for item in items] for part, items in CALCULATOR.items()}
    meta["version"] = "1.0"
    meta["review"] = {"status": "up_to_date", "last_reviewed": dt.date(2026, 11, 1)}
    return meta


def valid_page(category: str = "debugging", group: str | None = None, system: str | None = None,
               kind: str | None = None, *, diagram: str | None = None, diagrams: list[str] | None = None,
               intro: str | None = None, extra: str = "", drop_sections: tuple[str, ...] = (),
               table: str | None = None, sections: dict[str, str] | None = None, quote_signatures: bool = True,
               **meta_overrides) -> str:
    """Text of a fully valid catalogued page for that place; overrides break one thing.

    group is accepted for symmetry with the page's place; the text does not depend on it (the path does).
    meta_overrides: front matter fields to replace; a value of None removes the field.
    diagram: replaces the flowchart ("" for no diagram); diagrams: extra diagrams after it; intro: the context
    paragraph; extra: Markdown appended at the end; drop_sections: gate H2 headings to leave out;
    table: replaces the numbers table; sections: replaces the text of gate sections by heading;
    quote_signatures: whether the context paragraph quotes every error signature verbatim."""
    meta = default_meta(category, system, kind)
    for key, value in meta_overrides.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    gates = gates_for(category, kind)
    section_text = {**SECTION_TEXT, **(sections or {})}
    parts = [front_matter(meta), f"# {meta.get('title', 'Postgres connection exhaustion')}\n"]
    parts.append((intro if intro is not None else
                  "The Orders service reaches PostgreSQL 16 through PgBouncer 1.22 in transaction pooling "
                  "mode; at 40 pods the pool is the first thing to saturate.") + "\n")
    if quote_signatures and meta.get("error_signatures"):
        sigs = ", ".join(f"`{s}`" for s in meta["error_signatures"] if isinstance(s, str))
        parts.append(f"On-call sees {sigs} in the database log.\n")
    for source in [diagram if diagram is not None else FLOWCHART, *(diagrams or [])]:
        if source:
            parts.append(f"```mermaid\n{source.rstrip()}\n```\n")
    parts.append(table if table is not None else NUMBERS_TABLE)
    if category == "capacity":
        parts.append(WORKED_EXAMPLE)
    for gate in sorted(gates):
        for alts in GATE_SECTIONS[gate]:
            heading = alts[0]
            if heading in drop_sections:
                continue
            parts.append(f"## {heading}\n\n{section_text[heading]}\n")
    if extra:
        parts.append(extra.rstrip("\n") + "\n")
    return "\n".join(parts)


# Where a page of each kind lives, and the arguments valid_page needs for it.
PLACES: dict[str, tuple[str, dict]] = {
    "debugging": ("debugging/infrastructure/postgres-connections.md", {"category": "debugging"}),
    "incidents": ("incidents/high-profile/orders-outage-2024-03-01.md", {"category": "incidents"}),
    "failure-domains": ("systems/netflix/failure-domains.md",
                        {"category": "systems", "system": "netflix", "kind": "failure-domains"}),
    "cost-breakdown": ("systems/stripe/cost-breakdown.md",
                       {"category": "systems", "system": "stripe", "kind": "cost-breakdown"}),
    "costs": ("costs/database-spend.md", {"category": "costs"}),
    "patterns": ("patterns/resilience/connection-pooling.md", {"category": "patterns"}),
    "capacity": ("capacity/compute/connection-pool-sizing.md", {"category": "capacity"}),
}


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of `text` that contains `needle`."""
    seen = 0
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == nth:
                return i
    raise AssertionError(f"fixture has no line containing {needle!r}")


@dataclass
class Tree:
    """A site root in a temporary folder: mkdocs.yml and docs/."""

    root: Path

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not (self.root / "mkdocs.yml").exists():
            (self.root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
        self.docs.mkdir(exist_ok=True)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def with_site_assets(self) -> "Tree":
        """Copy the site's own scripts and styles (docs/javascripts, docs/stylesheets) into this tree, so a
        build of it behaves as the real site does."""
        for folder in ("javascripts", "stylesheets"):
            shutil.copytree(REPO / "docs" / folder, self.docs / folder, dirs_exist_ok=True)
        return self

    def page(self, place: str = "debugging", **overrides) -> tuple[Path, str]:
        """Write a valid page of a kind in PLACES (with overrides); return (path, text)."""
        rel, args = PLACES[place]
        text = valid_page(**args, **overrides)
        return self.write(rel, text), text


def body_line(text: str) -> int:
    """1-based line where the body starts: the line after the front matter's closing '---'."""
    return line_of(text, "---", 2) + 1


def insert_after(source: str, needle: str, *new_lines: str) -> str:
    """The diagram source with new lines inserted after the first line containing `needle`."""
    lines = source.splitlines()
    at = next(i for i, line in enumerate(lines) if needle in line)
    return "\n".join(lines[: at + 1] + list(new_lines) + lines[at + 1 :]) + "\n"
