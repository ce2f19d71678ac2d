"""What pages the atlas has, where they live, and which quality gates govern them (ATLAS.md §2-§3)."""

from __future__ import annotations

# category folder -> (nav title, target page count, top tab?)
CATEGORIES: dict[str, tuple[str, int]] = {
    "systems": ("Systems", 240),
    "incidents": ("Incidents", 100),
    "debugging": ("Debugging", 100),
    "performance": ("Performance", 80),
    "scaling": ("Scaling", 80),
    "patterns": ("Patterns", 80),
    "capacity": ("Capacity", 60),
    "migrations": ("Migrations", 60),
    "costs": ("Costs", 60),
    "comparisons": ("Comparisons", 40),
    "production": ("Production", 20),
}

# Home sections: content, but not catalogued pages with a target.
HOME_SECTIONS = ["foundation", "getting-started", "guarantees", "mechanisms", "patterns", "examples", "technologies",
                 "reference"]

# Home sections that hold reference material rather than diagram pages: not under the page contract.
UNCATALOGUED_SECTIONS = {"getting-started", "reference", "technologies"}
# a top-level page with a tab of its own in the header, right after Home: the page for emergencies
HEADER_PAGES = {"incident-response-index.md": "3 AM index"}

# Pages the build generates at fixed paths (atlas.site): pages may link them like any other.
STATUS_REL = "status.md"
STATISTICS_REL = "incidents/statistics.md"
GENERATED_PATHS = frozenset({STATUS_REL, STATISTICS_REL})

# Top navigation tabs, in order (ATLAS.md §2). Patterns live under Home.
TABS = ["systems", "incidents", "debugging", "performance", "scaling", "capacity", "migrations", "costs", "comparisons", "production"]

SYSTEMS = [
    "netflix", "uber", "amazon", "google", "meta", "microsoft", "linkedin", "twitter", "stripe", "spotify",
    "airbnb", "discord", "cloudflare", "github", "shopify", "doordash", "slack", "pinterest", "twitch", "coinbase",
    "reddit", "datadog", "robinhood", "zoom", "tiktok", "square", "snap", "dropbox", "instacart", "openai",
]

SYSTEM_KINDS = [
    "architecture", "request-flow", "storage-architecture", "failure-domains",
    "scale-evolution", "cost-breakdown", "novel-solutions", "production-operations",
]

GROUPS: dict[str, list[str]] = {
    "incidents": ["high-profile", "cloud-providers", "financial-services", "communication", "response-patterns"],
    "debugging": [
        "performance-issues", "data-issues", "infrastructure", "application-issues", "messaging-queuing",
        "distributed-systems", "monitoring", "capacity-scale", "security",
    ],
    "capacity": ["queueing-fundamentals", "headroom-and-redundancy", "compute", "storage-and-databases",
                 "messaging-and-streaming", "network-and-edge", "cost-coupled"],
    "patterns": ["data-consistency", "messaging", "resilience", "scaling-partitioning", "caching", "coordination",
                 "api-edge", "delivery-migration"],
}

# The four gates of the plan. Which gates apply where is this one table.
GATE_3AM, GATE_NEW_HIRE, GATE_CFO, GATE_INCIDENT = "3am", "new-hire", "cfo", "incident"

GATES_BY_CATEGORY: dict[str, set[str]] = {
    "incidents": {GATE_NEW_HIRE, GATE_3AM, GATE_INCIDENT},
    "debugging": {GATE_NEW_HIRE, GATE_3AM},
    "migrations": {GATE_NEW_HIRE, GATE_INCIDENT},
    "costs": {GATE_NEW_HIRE, GATE_CFO},
    "capacity": {GATE_NEW_HIRE},  # the CFO gate where money is modelled: GATES_BY_GROUP
    "patterns": {GATE_NEW_HIRE, GATE_INCIDENT},  # the Incident gate's failure-mode element only: GATE_ELEMENTS_ONLY
}
# Groups whose gates differ from their category's.
GATES_BY_GROUP: dict[tuple[str, str], set[str]] = {
    ("capacity", "cost-coupled"): {GATE_NEW_HIRE, GATE_CFO},
}
# Where a category answers only some elements of a gate: (category, gate) -> the element ids it must answer.
GATE_ELEMENTS_ONLY: dict[tuple[str, str], tuple[str, ...]] = {
    ("patterns", GATE_INCIDENT): ("failure-modes",),
}
GATES_BY_SYSTEM_KIND: dict[str, set[str]] = {
    "failure-domains": {GATE_NEW_HIRE, GATE_3AM, GATE_INCIDENT},
    "production-operations": {GATE_NEW_HIRE, GATE_3AM},
    "cost-breakdown": {GATE_NEW_HIRE, GATE_CFO},
    "scale-evolution": {GATE_NEW_HIRE, GATE_CFO},
}

# What each gate asks, element by element: (id, cues). A page answers an element wherever the answer
# sits -- a heading, a table's header or first column, a labelled list item or paragraph ("**Rollback:**
# ..."), a diagram's label -- when that place starts with one of the cues (case-insensitive). An element
# that does not apply to a page is declared once in front matter, `not_applicable: {id: reason}`, and the
# reason is shown on the page; it is never answered by a heading with filler under it.
GATE_ELEMENTS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    GATE_3AM: [
        ("symptoms", ("Symptoms", "Error signatures", "What on-call sees", "Symptom")),
        ("where-to-look", ("Where to look", "Logs and metrics", "Detection", "Signals", "How to spot", "Metrics",
                           "Logs", "Alerts", "Dashboards", "Detected")),
        ("mitigation", ("Runbook", "Mitigation", "Mitigate", "Fix", "Response", "Stop the bleeding")),
        ("recovery", ("Recovery", "Verify recovery", "Verify", "Recovered")),
    ],
    GATE_NEW_HIRE: [],  # checked on content: versioned technologies, directional edges, numbers, acronyms
    GATE_CFO: [
        ("costs", ("Costs", "Cost breakdown", "Spend", "Cost by", "Cost of")),
        ("cost-per-unit", ("Cost per", "Unit cost", "Unit economics")),
        ("reserved-vs-on-demand", ("Reserved vs on-demand", "Reserved and on-demand", "Reserved", "On-demand",
                                   "Commitments", "Committed", "Savings plans", "Owned vs rented")),
        ("growth", ("Growth", "Cost at each scale", "Projections", "Cost growth")),
        ("optimizations", ("Optimizations", "Optimisations", "ROI", "Savings", "Optimization", "Optimisation")),
    ],
    GATE_INCIDENT: [
        ("failure-modes", ("Failure modes", "Failure mode", "Failure path", "Failure paths", "Trigger",
                           "Root cause", "How it failed", "Cascade")),
        ("blast-radius", ("Blast radius", "Impact", "Who was affected")),
        ("recovery-time", ("Recovery time", "Recovery", "Timeline", "Time to recover", "Duration", "MTTR")),
        ("data-loss", ("Data loss", "Data-loss", "Data at risk", "Durability")),
        ("rollback", ("Rollback", "Roll back", "Rolled back", "Rollback points")),
    ],
}
GATE_ELEMENT_IDS = {eid for elements in GATE_ELEMENTS.values() for eid, _ in elements}


def gate_elements_for(category: str, kind: str | None = None,
                      group: str | None = None) -> list[tuple[str, str, tuple[str, ...]]]:
    """(gate, element id, cues) of every gate element a page must answer."""
    return [(gate, eid, cues) for gate in sorted(gates_for(category, kind, group))
            for eid, cues in GATE_ELEMENTS.get(gate, [])
            if eid in GATE_ELEMENTS_ONLY.get((category, gate), (eid,))]


# Categories whose pages must list what on-call sees (front matter `symptoms`).
SYMPTOMS_REQUIRED = {"incidents", "debugging"}

# Incident anatomies carry an `incident:` block (date, duration, company, root cause, blast radius) that
# the incident index is generated from; response-pattern pages span several incidents and carry none.
INCIDENT_FACTS_EXEMPT_GROUPS = {"response-patterns"}
ROOT_CAUSES = [
    "config change", "software bug", "capacity/overload", "network/BGP/DNS", "certificate/time",
    "human operational error", "hardware/power", "dependency failure", "security/attack",
]
# What set an incident off, from one vocabulary (the incident explorer and statistics group by it).
TRIGGERS = {
    "config-change": "a configuration or policy change pushed to production",
    "deploy": "a code release or rollout",
    "capacity": "load beyond what the system could carry (growth, a spike, a retry storm)",
    "hardware": "a failed disk, host, router or other device",
    "power-cooling": "loss of power or cooling in a facility",
    "network": "a network fault: links, routing (BGP), DNS",
    "dependency": "a failure in a provider or an upstream service",
    "operator-action": "a command or manual step by an operator",
    "time": "clocks, leap seconds, certificate or date expiry",
    "security": "an attack or a security response",
    "software-bug": "a latent defect that surfaced without a change (a race, a leak, an edge case)",
}
DATA_LOSS = ("none", "some", "unknown")
SYMPTOMS_REQUIRED_KINDS = {"failure-domains"}
ERROR_SIGNATURES_REQUIRED = {"debugging"}


def gates_for(category: str, kind: str | None = None, group: str | None = None) -> set[str]:
    """The quality gates a page must pass, from the tables above (a system page by its kind, a group that
    differs from its category by GATES_BY_GROUP)."""
    if category == "systems":
        return GATES_BY_SYSTEM_KIND.get(kind or "", {GATE_NEW_HIRE})
    if (category, group) in GATES_BY_GROUP:
        return GATES_BY_GROUP[(category, group)]
    return GATES_BY_CATEGORY.get(category, {GATE_NEW_HIRE})


def needs_symptoms(category: str, kind: str | None = None) -> bool:
    return category in SYMPTOMS_REQUIRED or (category == "systems" and kind in SYMPTOMS_REQUIRED_KINDS)

SYSTEM_NAMES = {
    "netflix": "Netflix", "uber": "Uber", "amazon": "Amazon", "google": "Google", "meta": "Meta",
    "microsoft": "Microsoft", "linkedin": "LinkedIn", "twitter": "Twitter/X", "stripe": "Stripe",
    "spotify": "Spotify", "airbnb": "Airbnb", "discord": "Discord", "cloudflare": "Cloudflare",
    "github": "GitHub", "shopify": "Shopify", "doordash": "DoorDash", "slack": "Slack",
    "pinterest": "Pinterest", "twitch": "Twitch", "coinbase": "Coinbase", "reddit": "Reddit",
    "datadog": "Datadog", "robinhood": "Robinhood", "zoom": "Zoom", "tiktok": "TikTok", "square": "Square",
    "snap": "Snap", "dropbox": "Dropbox", "instacart": "Instacart", "openai": "OpenAI",
}


def is_catalogued_rel(rel: str) -> bool:
    """Pages the page contract governs, by their path under docs/: under a category or home section,
    not an index page, not an uncatalogued section (reference material)."""
    if not rel.endswith(".md") or "/" not in rel or rel.endswith("index.md"):
        return False
    top = rel.split("/", 1)[0]
    return top not in UNCATALOGUED_SECTIONS and (top in CATEGORIES or top in HOME_SECTIONS)


# Group folders whose slug does not read as a title in sentence case.
GROUP_TITLES = {"api-edge": "API and edge", "delivery-migration": "Delivery and migration",
                "scaling-partitioning": "Scaling and partitioning", "capacity-scale": "Capacity and scale",
                "messaging-queuing": "Messaging and queuing", "cost-coupled": "Cost-coupled"}


def folder_title(slug: str) -> str:
    """Nav title of a folder: a system's proper name, a group's title, else the slug in sentence case."""
    if slug in SYSTEM_NAMES:
        return SYSTEM_NAMES[slug]
    if slug in CATEGORIES:
        return CATEGORIES[slug][0]
    if slug in GROUP_TITLES:
        return GROUP_TITLES[slug]
    words = slug.replace("_", "-").split("-")
    return " ".join([words[0].capitalize(), *words[1:]]) if words else slug
