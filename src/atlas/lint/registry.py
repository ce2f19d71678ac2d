"""The rule registry: every module in atlas.lint.rules defines one `RULE`."""

from __future__ import annotations

import importlib
import pkgutil

from . import rules as _rules_pkg
from .rule import Rule


def all_rules() -> list[Rule]:
    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(_rules_pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{_rules_pkg.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, Rule):
            found.append(rule)
    codes = [r.code for r in found]
    dupes = {c for c in codes if codes.count(c) > 1}
    if dupes:
        raise RuntimeError(f"duplicate rule codes: {sorted(dupes)}")
    return sorted(found, key=lambda r: r.code)


def by_code() -> dict[str, Rule]:
    return {r.code: r for r in all_rules()}


def select(rules: list[Rule], select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
    """ruff-style: a selector matches a code exactly or as a prefix (`PLN` selects PLN001...)."""

    def matches(code: str, selectors: list[str]) -> bool:
        return any(code == s or code.startswith(s) for s in selectors)

    out = rules
    if select:
        out = [r for r in out if matches(r.code, select)]
    if ignore:
        out = [r for r in out if not matches(r.code, ignore)]
    return out
