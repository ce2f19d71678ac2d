import re

from ..rule import Rule

PAREN = re.compile(r"\s*\([^)]*\)")
JOINED = re.compile(r",|\s/\s|\b(and|with|on|across|via|then|plus)\b", re.IGNORECASE)
MAX_WORDS = 4


def problem(entry: str) -> str | None:
    """Why a `technologies` entry is not one product name (with its version), or None."""
    bare = PAREN.sub("", entry).strip()
    if JOINED.search(bare):
        return "names several things"
    if len(bare.split()) > MAX_WORDS:
        return "reads like a description"
    return None


class TechnologyEntries(Rule):
    code = "GAT006"
    name = "technology-entries"
    summary = "New Hire gate: each `technologies` entry is one product, named as its makers name it, with its version."
    severity = "warning"
    applies_to = "catalogued"
    rationale = ("The technology index (/technologies/) and the incident response index group pages by these "
                 "names: 'memcached with mcrouter' makes a group of its own that nobody looks for, where "
                 "'memcached' and 'mcrouter' join every other page that names them. Details go in parentheses "
                 "or in the body.")
    good = "technologies: [memcached 1.6, mcrouter, Apache ZooKeeper 3.8 (D2 service discovery)]"
    bad = "technologies: [memcached with mcrouter, D2 dynamic discovery on Apache ZooKeeper]"

    def check(self, page, ctx):
        entries = page.meta.get("technologies")
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            why = problem(str(entry))
            if why:
                yield self.at(page, page.line_of(f"technologies[{i}]"),
                              f"technologies entry {entry!r} {why}: one product per entry with its version "
                              "(details in parentheses)")


RULE = TechnologyEntries()
