"""DIA002: a diagram small enough to read. Its width is estimated from what Mermaid's parser returns
(nodes, edges, their label lengths, subgraphs, rank width, participants, periods) with a model of
Mermaid's layout calibrated on the site's own diagrams in Chromium (atlas.bench.legibility reports
the estimate against the drawn width; the analysis is in specs/02-DIAGRAM-SPECIFICATIONS-V3.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..rule import Rule

# The limit. The viewer draws a diagram whose labels would fall under 11 px in its column with the
# smallest label at 11 px: Mermaid's 16 px text at 11/16 of its size. At 1400 px the column is
# 686 px, so a diagram WIDTH_LIMIT_PX wide at Mermaid's size is two column widths at the legible
# size (one pan shows the rest), and fits a 1400 px screen whole in fullscreen.
LEGIBLE_PX, MERMAID_FONT_PX, COLUMN_PX = 11, 16, 686
WIDTH_LIMIT_PX = 2000

# Mermaid's layout, as measured (fitted on the site's 281 diagrams, Mermaid 12.3 with ELK, in
# Chromium; see specs/02): a node is its longest label line at ~9 px a character, wrapped at
# 120 px, plus 32 px of padding; an edge label ~8 px a character, wrapped at 200 px, with 40 px on
# each side; an unlabelled edge 40 px; a subgraph adds 35 px on each side.
NODE_CHAR_PX, NODE_TEXT_MAX_PX, NODE_PAD_PX = 9, 120, 32
EDGE_CHAR_PX, EDGE_TEXT_MAX_PX, RANK_GAP_PX, SUBGRAPH_PAD_PX = 8, 200, 40, 35
NODE_GAP_PX = 60  # between nodes side by side in a top-to-bottom rank
# Sequence diagrams: a participant is at least 150 px, 50 px apart, further if a message between
# neighbours needs it. Timelines: 390 px plus 200 px a period.
ACTOR_MIN_PX, ACTOR_PAD_PX, ACTOR_GAP_PX, MESSAGE_PAD_PX = 150, 20, 50, 40
NO_WRAP_PX = 10_000  # participant names and message text are not wrapped: one line, however long
TIMELINE_BASE_PX, TIMELINE_PERIOD_PX = 390, 200

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>", re.I)


def text_width(text: str, char_px: float, max_px: float) -> float:
    """Width of a label's longest line (HTML line breaks split lines; tags take no room; a wide
    character such as an emoji counts twice), wrapped at max_px as Mermaid wraps it."""
    lines = _TAG.sub("", _BREAK.sub("\n", text or "")).replace("&nbsp;", " ").split("\n")
    chars = max((sum(2 if ord(c) > 0x2000 else 1 for c in line.strip()) for line in lines), default=0)
    return min(chars * char_px, max_px)


def _acyclic(nodes: list[str], edges: list[tuple[str, str, float]]) -> dict[str, list[tuple[str, float]]]:
    """The edges with cycles broken as a layered layout does: a depth-first search that starts at
    the sources (then at the node with most outgoing over incoming edges) reverses each back edge."""
    succ: dict[str, list[tuple[str, float]]] = defaultdict(list)
    indeg: dict[str, int] = defaultdict(int)
    outdeg: dict[str, int] = defaultdict(int)
    for a, b, w in edges:
        if a != b:
            succ[a].append((b, w))
            outdeg[a] += 1
            indeg[b] += 1
    order = sorted(range(len(nodes)), key=lambda i: (indeg[nodes[i]] > 0, indeg[nodes[i]] - outdeg[nodes[i]], i))
    state: dict[str, int] = {}  # 1: on the search path, 2: done
    dag: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for i in order:
        root = nodes[i]
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            u, it = stack[-1]
            step = next(it, None)
            if step is None:
                state[u] = 2
                stack.pop()
                continue
            v, w = step
            if state.get(v) == 1:
                dag[v].append((u, w))  # a back edge, reversed
                continue
            dag[u].append((v, w))
            if v not in state:
                state[v] = 1
                stack.append((v, iter(succ[v])))
    return dag


def _longest_path(nodes: list[str], edges: list[tuple[str, str, float]], weight) -> tuple[float, list[str]]:
    """The heaviest path (node weights plus edge weights) and its nodes."""
    dag = _acyclic(nodes, edges)
    best: dict[str, tuple[float, list[str]]] = {}
    for u in reversed(_topological(nodes, dag)):  # sinks first
        tail = max(((w + best[v][0], best[v][1]) for v, w in dag[u]), default=(0.0, []), key=lambda t: t[0])
        best[u] = (weight(u) + tail[0], [u, *tail[1]])
    return max(best.values(), default=(0.0, []), key=lambda t: t[0])


def _topological(nodes: list[str], dag: dict[str, list[tuple[str, float]]]) -> list[str]:
    seen: set[str] = set()
    post: list[str] = []
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(dag[root]))]
        while stack:
            u, it = stack[-1]
            step = next(it, None)
            if step is None:
                post.append(u)
                stack.pop()
            elif step[0] not in seen:
                seen.add(step[0])
                stack.append((step[0], iter(dag[step[0]])))
    return post[::-1]


@dataclass
class Estimate:
    width: float  # px at Mermaid's own size
    why: str  # what makes it that wide, in the writer's terms
    fix: str  # what to change


def _flowchart(s: dict) -> Estimate:
    subgraph_ids = {g["id"] for g in s.get("subgraphs", [])}
    titles = {g["id"]: (g.get("title") or g["id"]).strip() for g in s.get("subgraphs", [])}
    text = {v["id"]: v.get("text") or v["id"] for v in s.get("vertices", [])}
    nodes = [v["id"] for v in s.get("vertices", []) if v["id"] not in subgraph_ids]
    edges = [(e["start"], e["end"], e.get("text") or "") for e in s.get("edges", [])
             if e["start"] not in subgraph_ids and e["end"] not in subgraph_ids]
    node_w = {n: text_width(text[n], NODE_CHAR_PX, NODE_TEXT_MAX_PX) + NODE_PAD_PX for n in nodes}
    direction = (s.get("direction") or "TB").upper()
    if direction in ("LR", "RL"):
        return _left_to_right(s, nodes, edges, node_w, subgraph_ids, titles)
    # top to bottom: as wide as its widest rank (longest-path ranks), nodes side by side
    dag = _acyclic(nodes, [(a, b, 0.0) for a, b, _ in edges])
    rank = {n: 0 for n in nodes}
    for u in _topological(nodes, dag):
        for v, _ in dag[u]:
            rank[v] = max(rank[v], rank[u] + 1)
    ranks: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        ranks[rank[n]].append(n)
    widest = max(ranks.values(), key=lambda ns: sum(node_w[n] for n in ns) + NODE_GAP_PX * (len(ns) - 1), default=[])
    width = sum(node_w[n] for n in widest) + NODE_GAP_PX * max(len(widest) - 1, 0)
    return Estimate(width, f"{len(widest)} node{'s' if len(widest) != 1 else ''} side by side in one rank ({', '.join(widest[:6])}"
                           f"{', ...' if len(widest) > 6 else ''})",
                    "split it into an overview and detail diagrams, so that no rank holds that many nodes")


def _left_to_right(s, nodes, edges, node_w, subgraph_ids, titles) -> Estimate:
    """Left to right, subgraphs are laid out as blocks one after the other along the flow: the width
    is the heaviest chain of blocks, each as wide as its own heaviest chain of nodes."""
    parent = {}
    for g in s.get("subgraphs", []):
        for n in g.get("nodes", []):
            if n in subgraph_ids:
                parent[n] = g["id"]
    block_of: dict[str, str] = {}
    for g in s.get("subgraphs", []):
        for n in g.get("nodes", []):
            if n not in subgraph_ids and n not in block_of:
                top = g["id"]
                while top in parent:
                    top = parent[top]
                block_of[n] = top
    step = lambda label: (text_width(label, EDGE_CHAR_PX, EDGE_TEXT_MAX_PX) + 2 * RANK_GAP_PX) if label else RANK_GAP_PX  # noqa: E731
    members: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        members[block_of.get(n, "node:" + n)].append(n)
    inner: dict[str, tuple[float, list[str]]] = {}
    for block, ns in members.items():
        inside = set(ns)
        width, path = _longest_path(ns, [(a, b, step(t)) for a, b, t in edges if a in inside and b in inside],
                                    lambda n: node_w[n])
        inner[block] = (width + (0 if block.startswith("node:") else 2 * SUBGRAPH_PAD_PX), path)
    between = [(block_of.get(a, "node:" + a), block_of.get(b, "node:" + b), step(t)) for a, b, t in edges]
    between = [e for e in between if e[0] != e[1]]
    width, chain = _longest_path(list(members), between, lambda blk: inner[blk][0])
    parts = [f"{titles.get(b, b[5:] if b.startswith('node:') else b)} ({len(inner[b][1])})" for b in chain]
    labels = sum(1 for a, b, t in edges if t)
    return Estimate(width, f"left to right: {' → '.join(parts)}, {len(nodes)} nodes, {labels} edge labels",
                    "lay it out top to bottom (flowchart TB) or split it into an overview and detail diagrams")


def _sequence(s: dict) -> Estimate:
    actors = s.get("actors", [])
    place = {a["id"]: i for i, a in enumerate(actors)}
    widths = [max(ACTOR_MIN_PX, text_width(a.get("label") or a["id"], NODE_CHAR_PX, NO_WRAP_PX) + ACTOR_PAD_PX) for a in actors]
    gaps = [float(ACTOR_GAP_PX)] * max(len(actors) - 1, 0)
    for m in s.get("messages", []):
        i, j = sorted((place.get(m.get("from"), 0), place.get(m.get("to"), 0)))
        if j == i + 1:
            need = text_width(m.get("text", ""), NODE_CHAR_PX, NO_WRAP_PX) + MESSAGE_PAD_PX - (widths[i] + widths[j]) / 2
            gaps[i] = max(gaps[i], need)
    return Estimate(sum(widths) + sum(gaps), f"{len(actors)} participants side by side",
                    "split it: one diagram per leg of the request, each with the participants it needs")


def _timeline(s: dict) -> Estimate:
    n = len(s.get("periods", []))
    return Estimate(TIMELINE_BASE_PX + TIMELINE_PERIOD_PX * n, f"{n} periods side by side",
                    "split it into timelines by phase (detection, mitigation, recovery), or use a gantt")


ESTIMATORS = {"flowchart": _flowchart, "sequence": _sequence, "timeline": _timeline}


def estimate(structure: dict | None) -> Estimate | None:
    """The drawn width of a parsed diagram at Mermaid's size, where a model exists (flowcharts,
    sequence diagrams, timelines); None for the others (a gantt is drawn at its frame's width)."""
    fn = ESTIMATORS.get((structure or {}).get("kind"))
    return fn(structure) if fn else None


def columns(width: float) -> float:
    """Column widths of a 1400 px window the diagram spans at the legible size."""
    return width * LEGIBLE_PX / MERMAID_FONT_PX / COLUMN_PX


class DiagramSize(Rule):
    code = "DIA002"
    name = "diagram-size"
    summary = (f"A diagram is at most {WIDTH_LIMIT_PX:,} px wide at Mermaid's size (estimated from the parse): "
               "two column widths at the legible 11 px.")
    needs_mermaid = True
    rationale = (
        "Labels under 11 px cannot be read, so the site never shrinks a diagram below that: one too wide for its "
        "column is drawn at the legible size in a frame that pans. Past two column widths a reader no longer sees "
        "how the parts connect, and on a phone it is four or more screens across. The width is estimated from what "
        "the parser returns: nodes along the flow (left to right, subgraphs are laid out one after the other), "
        "nodes side by side in a rank (top to bottom), label lengths (wrapped as Mermaid wraps them), participants, "
        "periods. The model and the limit come from the site's own diagrams measured in Chromium (specs/02). "
        "Fix: split into an overview and detail diagrams, or lay a long left-to-right chain out top to bottom; "
        "/mermaid-style-guide/ shows both.")
    good = ("flowchart TB\n    subgraph EdgePlane[\"🌐 Edge\"]\n        LB[\"ALB\"]\n    end\n"
            "    subgraph ServicePlane[\"⚙️ Service\"]\n        API[\"Orders API\"]\n    end\n"
            "    subgraph StatePlane[\"💾 State\"]\n        PG[(\"PostgreSQL 16\")]\n    end\n"
            "    LB -->|HTTPS| API -->|SQL| PG")
    bad = ("flowchart LR\n    subgraph EdgePlane[\"🌐 Edge\"]\n        DNS[\"Route 53\"] --> CDN[\"CloudFront\"] -->|\"forwards cache misses\"| LB[\"ALB\"]\n    end\n"
           "    subgraph ServicePlane[\"⚙️ Service\"]\n        GW[\"API gateway\"] --> ORD[\"Orders\"] --> PAY[\"Payments\"]\n    end\n"
           "    subgraph StatePlane[\"💾 State\"]\n        PGB[\"PgBouncer\"] --> PG[(\"PostgreSQL\")] --> S3[\"S3 backups\"]\n    end\n"
           "    LB -->|\"HTTPS, 60 s idle timeout\"| GW\n    PAY -->|\"SQL, pool of 20 per pod\"| PGB\n"
           "%% one left-to-right chain of 9 nodes and 3 edge labels: ~2,200 px by the estimate")

    def check(self, page, ctx):
        for diagram in page.diagrams:
            result = ctx.result(diagram.digest)
            if result is None or not result.ok:
                continue
            est = estimate(result.structure)
            if est is None or est.width <= WIDTH_LIMIT_PX:
                continue
            yield self.in_diagram(page, diagram, 1,
                                  f"diagram about {round(est.width, -1):,.0f} px wide at Mermaid's size ({est.why}): "
                                  f"{columns(est.width):.2f} column widths at the legible 11 px, limit 2 "
                                  f"({WIDTH_LIMIT_PX:,} px); {est.fix}")


RULE = DiagramSize()
