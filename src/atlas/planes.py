"""The four planes of the visual contract (ATLAS.md §4) and how a diagram node is assigned to one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plane:
    name: str
    css_class: str
    fill: str
    stroke: str
    emoji: str
    what: str

    @property
    def class_def(self) -> str:
        return f"classDef {self.css_class} fill:{self.fill},stroke:{self.stroke},color:#fff"


PLANES: tuple[Plane, ...] = (
    Plane("Edge", "edgeStyle", "#3B82F6", "#2563EB", "🌐", "CDN, WAF, load balancers, clients' entry"),
    Plane("Service", "serviceStyle", "#10B981", "#059669", "⚙️", "gateways, business logic"),
    Plane("State", "stateStyle", "#F59E0B", "#D97706", "💾", "databases, caches, storage, queues' storage"),
    Plane("Control", "controlStyle", "#8B5CF6", "#7C3AED", "🎛️", "monitoring, config, automation, deploy"),
)
TEXT_COLOUR = "#fff"
PLANE_CLASSES = {p.css_class: p for p in PLANES}
PLANE_WORDS = {p.name.lower(): p for p in PLANES}
PLANE_EMOJIS = {p.emoji.replace("\ufe0f", ""): p for p in PLANES}


def parse_styles(styles: list[str]) -> dict[str, str]:
    """['fill:#3B82F6', 'stroke:#2563EB'] -> {'fill': '#3b82f6', 'stroke': '#2563eb'}."""
    out: dict[str, str] = {}
    for s in styles:
        key, _, value = s.partition(":")
        if value:
            out[key.strip().lower()] = value.strip().rstrip(";").lower()
    return out


def planes_of(classes: list[str]) -> list[Plane]:
    """The plane classes a node carries (the contract wants exactly one)."""
    return [PLANE_CLASSES[c] for c in classes if c in PLANE_CLASSES]


def plane_named_in(title: str) -> Plane | None:
    """The plane a sequence box or subgraph title names, by word or emoji ("🌐 Edge", "State plane")."""
    low = title.lower()
    for word, plane in PLANE_WORDS.items():
        if word in low.replace("-", " ").split() or f"{word}plane" in low.replace(" ", ""):
            return plane
    for emoji, plane in PLANE_EMOJIS.items():
        if emoji in title:
            return plane
    return None
