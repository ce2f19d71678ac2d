"""How the atlas reads a query, for `atlas find` and the site's search alike (docs/javascripts/query.js is the
same algorithm over the same data, src/atlas/query.yaml, which the build writes out as JSON):

1. lower-case, and blank the variable parts of a pasted line (timestamps, ids, addresses, pod names,
   paths, durations, numbers other than the status and exit codes on-call means on purpose);
2. the words, stop words left out;
3. the thesaurus: a group any member or idiom of which the query holds adds its single-word members, at
   lower weight (an idiom such as "fell over" stands for the group: its own words are dropped);
4. intents: words that ask for a kind of page (cost, architecture, scaled, migrate, vs, capacity...);
5. entities: a company (by slug, name or alias) or a technology the query names.
A page's score is then multiplied by the intent boost when its kind or category is asked for, and by the
company boost when it is the named company's page, and by the technology boost when it names the
named technology."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .catalog import SYSTEM_KINDS, SYSTEM_NAMES

DATA_FILE = Path(__file__).with_name("query.yaml")
TOKEN = re.compile(r"[a-z0-9]+(?:[._'][a-z0-9]+)*")  # the same as query.js and the site's search


@functools.lru_cache(maxsize=1)
def data() -> dict:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    companies = {}
    for slug, name in SYSTEM_NAMES.items():
        names = {slug, name.lower(), *(a.lower() for a in raw.get("company_aliases", {}).get(slug, []))}
        names |= {n.split("/")[0] for n in names}  # "twitter/x" -> "twitter"
        companies[slug] = sorted(names)
    return {**raw, "companies": companies}


def _compiled():
    d = data()
    return ([(p["name"], re.compile(p["pattern"], re.ASCII)) for p in d["variable_parts"]], set(d["keep_numbers"]),
            frozenset(d["stop_words"]))


_COMPILED = functools.lru_cache(maxsize=1)(_compiled)


def normalise(query: str) -> str:
    """The query lower-cased, with its variable parts blanked and its spaces squashed."""
    parts, keep, _ = _COMPILED()
    text = query.lower()
    for name, pattern in parts:
        text = pattern.sub(lambda m: m.group(0) if name == "number" and m.group(0) in keep else " ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of a (normalised) text, in order, without repeats or stop words."""
    _, _, stop = _COMPILED()
    seen: list[str] = []
    for w in TOKEN.findall(text.lower()):
        if len(w) >= 2 and w not in stop and w not in seen:
            seen.append(w)
    return seen


def _holds(padded: str, toks: set[str], member: str) -> bool:
    member = member.lower()
    return f" {member} " in padded if " " in member else member in toks


@dataclass
class Understood:
    text: str  # normalised
    words: list[str]
    synonyms: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)  # system slugs
    technologies: list[str] = field(default_factory=list)  # lower-case names the query names
    years: list[str] = field(default_factory=list)  # "2025"
    months: list[str] = field(default_factory=list)  # "11"

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("text", "words", "synonyms", "kinds", "categories", "companies",
                                               "technologies", "years", "months")}


MONTHS = {name: f"{i:02d}" for i, names in enumerate(
    [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")]) for name in names}
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


def _dates(query: str) -> tuple[list[str], list[str]]:
    """The years and month names a query says (read before the numbers are blanked), as on-call names an
    outage: "cloudflare outage november 2025". An ISO date's year and month count too."""
    text = query.lower()
    years, months = [], []
    for m in re.finditer(r"\b(19[89]\d|20[0-4]\d)-(\d{2})(?:-\d{2})?\b", text):
        years.append(m.group(1))
        months.append(m.group(2))
    years += YEAR.findall(re.sub(r"\b\d{4}-\d{2}(?:-\d{2})?\b", " ", text))
    months += [MONTHS[w] for w in re.findall(r"[a-z]+", text) if w in MONTHS and len(w) > 3]
    return sorted(set(years)), sorted(set(months))


def understand(query: str, technologies: list[str] = ()) -> Understood:
    """What a query says (see the module doc); `technologies`: the canonical names the atlas knows."""
    d = data()
    text = normalise(query)
    toks = set(TOKEN.findall(text))
    padded = f" {' '.join(TOKEN.findall(text))} "
    years, months = _dates(query)
    u = Understood(text=text, words=words(text), years=years, months=months)
    for group in d["thesaurus"]:
        members = [m.lower() for m in group["words"]]
        idioms = [m.lower() for m in group.get("idioms", [])]
        if any(_holds(padded, toks, m) for m in members + idioms):
            for m in idioms:
                if _holds(padded, toks, m):
                    u.words = [w for w in u.words if w not in m.split()]
            for m in members:
                if " " not in m and m not in u.words and m not in u.synonyms and words(m):
                    u.synonyms.append(m)
    for intent in d["intents"]:
        if any(_holds(padded, toks, m) for m in intent["words"]):
            u.kinds += [k for k in intent.get("kinds", []) if k not in u.kinds]
            u.categories += [c for c in intent.get("categories", []) if c not in u.categories]
    u.companies = [slug for slug, names in d["companies"].items() if any(_holds(padded, toks, n) for n in names)]
    for name in technologies:
        n = name.lower()
        if len(n) >= 3 and n not in u.technologies and _holds(padded, toks, n):
            u.technologies.append(n)
    return u


def page_boost(u: Understood, rel: str, page_technologies: list[str] = ()) -> float:
    """The factor a page's score is multiplied by for this query (1 when nothing it asks for applies)."""
    b = data()["boost"]
    parts = rel.removesuffix(".md").split("/")
    category = parts[0]
    kind = parts[-1] if category == "systems" and parts[-1] in SYSTEM_KINDS else None
    factor = 1.0
    if (kind and kind in u.kinds) or category in u.categories:
        factor *= b["intent"]
    slug = parts[-1]
    if any((category == "systems" and len(parts) > 1 and parts[1] == c) or
           any(slug == n or slug.startswith(n + "-") for n in data()["companies"][c] if " " not in n)
           for c in u.companies):
        factor *= b["company"]
    if u.technologies and {t.lower() for t in page_technologies} & set(u.technologies):
        factor *= b["technology"]
    dated = re.search(r"-(\d{4})-(\d{2})-\d{2}$", slug) if category == "incidents" else None
    if dated and dated.group(1) in u.years:
        factor *= b["year"]
        if dated.group(2) in u.months:
            factor *= b["month"]
    return factor


def browser_data(technologies: list[str]) -> dict:
    """What docs/javascripts/query.js needs: the same data, and the technologies the atlas knows."""
    d = data()
    return {"variable_parts": [{"name": p["name"], "pattern": p["pattern"]} for p in d["variable_parts"]],
            "keep_numbers": d["keep_numbers"], "stop_words": d["stop_words"],
            "thesaurus": [{"words": g["words"], "idioms": g.get("idioms", [])} for g in d["thesaurus"]],
            "intents": [{"words": i["words"], "kinds": i.get("kinds", []), "categories": i.get("categories", [])}
                        for i in d["intents"]],
            "companies": d["companies"], "boost": d["boost"], "system_kinds": SYSTEM_KINDS,
            "technologies": sorted({t for t in technologies}, key=str.lower)}
