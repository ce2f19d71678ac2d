"""The weekly research checklist (the plan's `manual_source_discovery.py`): what is missing, which
pages need better or newer sources, which catalogued incidents are not written yet, and where to
look (data/source-registry.yaml, the curated primary sources per company)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..catalog import SYSTEM_KINDS, SYSTEM_NAMES, SYSTEMS
from .paths import REGISTRY_FILE
from .scan import Snapshot

STALE_YEARS = 3
INCIDENT_CATALOG = Path("..") / "shared" / "catalog" / "incidents.md"  # relative to the site root
REGISTRY_URL_FIELDS = ("engineering_blog", "status_page")
REGISTRY_LIST_FIELDS = ("postmortems", "papers", "articles")
_DATE = re.compile(r"\b(\d{4}-\d{2}(?:-\d{2})?)\b")


class DiscoveryError(Exception):
    """Bad input: the message is `file:line: what`."""


@dataclass
class Incident:
    group: str
    org: str
    date: str
    what: str
    line: int

    @property
    def label(self) -> str:
        return f"{self.org}, {self.date} — {self.what}" if self.what else f"{self.org}, {self.date}"

    def keywords(self) -> list[str]:
        """Words naming the organisation: its first word, and any alias in parentheses."""
        words = [self.org.split()[0]] if self.org.split() else []
        for inside in re.findall(r"\(([^)]*)\)", self.org):
            words += [w.strip() for w in inside.split(",") if w.strip()]
        return [w.lower().strip("/,") for w in words if len(w) > 1]


def load_registry(root: Path) -> dict[str, dict]:
    path = root / REGISTRY_FILE
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DiscoveryError(f"{REGISTRY_FILE}:{mark.line + 1 if mark else 1}: not valid YAML: "
                             f"{getattr(exc, 'problem', None) or exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise DiscoveryError(f"{REGISTRY_FILE}:1: must map system slugs to their sources")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    for system, entry in data.items():
        at = f"{REGISTRY_FILE}:{lines.get(system, 1)}"
        if system not in SYSTEMS:
            raise DiscoveryError(f"{at}: {system!r} is not a system; one of: {', '.join(SYSTEMS)}")
        if entry is None:
            data[system] = {}
            continue
        if not isinstance(entry, dict):
            raise DiscoveryError(f"{at}: {system} must map fields to URLs")
        for key, value in entry.items():
            if key in REGISTRY_URL_FIELDS:
                values = [value]
            elif key in REGISTRY_LIST_FIELDS:
                if not isinstance(value, list):
                    raise DiscoveryError(f"{at}: {system}.{key} must be a list of URLs")
                values = value
            else:
                raise DiscoveryError(f"{at}: {system}.{key} is not a field; one of: "
                                     f"{', '.join(REGISTRY_URL_FIELDS + REGISTRY_LIST_FIELDS)}")
            for url in values:
                if not isinstance(url, str) or not url.startswith("https://") or " " in url:
                    raise DiscoveryError(f"{at}: {system}.{key}: {url!r} is not an https URL")
    return data


def load_incidents(path: Path) -> list[Incident]:
    """`## group` headings and `- Org, YYYY-MM-DD — what happened` bullets."""
    out: list[Incident] = []
    group = ""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            group = line[3:].strip()
        elif line.startswith("- ") and group:
            item = line[2:].strip()
            m = _DATE.search(item)
            if not m:
                continue  # a candidate without a date cannot be matched; the catalog asks for dates
            org = item[: m.start()].rstrip(" ,")
            what = item.split("—", 1)[1].strip() if "—" in item else ""
            out.append(Incident(group, org, m.group(1), what, n))
    return out


def incident_written(incident: Incident, pages: dict[str, str]) -> str | None:
    """The incident page that covers a candidate: one whose text (front matter, body, path) holds the
    candidate's date and a word of the organisation's name. None if no page does."""
    words = incident.keywords()
    for path, text in pages.items():
        if incident.date in text and any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
            return path
    return None


@dataclass
class Checklist:
    today: dt.date
    missing_categories: list[tuple[str, int, int]] = field(default_factory=list)  # title, pages, target
    missing_systems: list[tuple[str, list[str], dict]] = field(default_factory=list)  # system, kinds, registry
    stale: list[tuple[str, str]] = field(default_factory=list)  # path, newest source date
    undated: list[str] = field(default_factory=list)
    secondary_only: list[str] = field(default_factory=list)
    unwritten: list[Incident] = field(default_factory=list)
    written: int = 0
    catalog: str | None = None
    registry_gaps: list[str] = field(default_factory=list)


def checklist(snap: Snapshot, incident_catalog: Path | None = None) -> Checklist:
    root = snap.root
    registry = load_registry(root)
    today = snap.today
    out = Checklist(today)
    out.missing_categories = [(title, n, t) for _, title, n, t in snap.category_counts() if n < t]
    for system, kinds in snap.systems().items():
        missing = [k for k in SYSTEM_KINDS if k not in kinds]
        if missing:
            out.missing_systems.append((system, missing, registry.get(system, {})))
    out.registry_gaps = [s for s in SYSTEMS if not registry.get(s)]
    cutoff = today.replace(year=today.year - STALE_YEARS) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - STALE_YEARS, day=28)
    for p in snap.pages:
        if p.newest_source is None:
            if p.sources:
                out.undated.append(p.path)
        elif dt.date.fromisoformat(p.newest_source) < cutoff:
            out.stale.append((p.path, p.newest_source))
        if p.sources and p.primary_sources == 0:
            out.secondary_only.append(p.path)
    catalog = incident_catalog if incident_catalog is not None else (root / INCIDENT_CATALOG)
    if catalog.is_file():
        out.catalog = str(catalog)
        texts = {}
        for p in snap.pages:
            if p.category == "incidents":
                try:
                    texts[p.path] = (p.path + "\n" + (root / p.path).read_text(encoding="utf-8")).lower()
                except (OSError, UnicodeDecodeError):
                    continue
        for inc in load_incidents(catalog):
            if incident_written(inc, texts):
                out.written += 1
            else:
                out.unwritten.append(inc)
    return out


def render(c: Checklist) -> str:
    lines = [f"# Weekly research checklist — {c.today.isoformat()}", ""]
    lines += ["## Pages missing per category", ""]
    lines += [f"- [ ] {title}: {t - n} to write ({n} of {t})" for title, n, t in c.missing_categories] or ["- none"]
    lines += ["", "## Systems missing pages", ""]
    for system, kinds, reg in c.missing_systems:
        lines.append(f"- [ ] {SYSTEM_NAMES[system]} ({len(SYSTEM_KINDS) - len(kinds)}/{len(SYSTEM_KINDS)}): "
                     f"write {', '.join(kinds)}")
        for key in ("engineering_blog", "status_page"):
            if reg.get(key):
                lines.append(f"      {key.replace('_', ' ')}: {reg[key]}")
        for key in ("postmortems", "papers", "articles"):
            for url in reg.get(key) or []:
                lines.append(f"      {key[:-1]}: {url}")
    if not c.missing_systems:
        lines.append("- none")
    lines += ["", f"## Pages whose newest source is older than {STALE_YEARS} years", ""]
    lines += [f"- [ ] {path} (newest source {date})" for path, date in c.stale] or ["- none"]
    if c.undated:
        lines += ["", "## Pages whose sources are all undated", ""] + [f"- [ ] {p}" for p in c.undated]
    lines += ["", "## Pages citing only secondary sources (no confidence A)", ""]
    lines += [f"- [ ] {p}" for p in c.secondary_only] or ["- none"]
    lines += ["", "## Catalogued incidents not written yet", ""]
    if c.catalog is None:
        lines.append("- incident catalog not found (expected ../shared/catalog/incidents.md; --incidents PATH)")
    else:
        lines.append(f"{len(c.unwritten)} of {len(c.unwritten) + c.written} candidates in {c.catalog} have no page:")
        lines += [f"- [ ] {inc.group}: {inc.label}" for inc in c.unwritten]
    if c.registry_gaps:
        lines += ["", "## Companies without curated sources in data/source-registry.yaml", "",
                  "- [ ] " + ", ".join(SYSTEM_NAMES[s] for s in c.registry_gaps)]
    return "\n".join(lines) + "\n"
