"""Each rule's documented good and bad example (`atlas lint --explain CODE`) is linted: placed in an
otherwise valid page, the good one draws no finding of that rule and the bad one at least one.

Where an example goes is read from its text: a whole Mermaid diagram replaces the page's diagram; a
diagram fragment (classDef, class, click, subgraph, node lines) becomes a diagram of its own; a YAML
fragment of front matter fields replaces those fields; a table replaces the numbers table; anything
else is a paragraph of prose. An example that describes a page instead of showing one (it has `...`
or names a path) cannot be linted as written: those are listed in DESCRIBED, with what they describe,
and the list must stay exact."""

from __future__ import annotations

import re

import pytest
import yaml

from atlas.lint.registry import all_rules
from pagebuilder import valid_page

DIAGRAM_TYPES = ("flowchart", "graph", "sequenceDiagram", "stateDiagram")
FRAGMENT = re.compile(r"^\s*(classDef|class|click|subgraph|style)\b|^\s*\w+\[")
# Rules whose examples describe a page rather than show one (each is still tested by its fixtures in
# test_rules.py). code -> which examples: "good", "bad" or both.
DESCRIBED = {
    "CAL001": {"good"}, "CIT001": {"good", "bad"}, "CIT003": {"good", "bad"}, "DIA001": {"good", "bad"},
    "FM001": {"good"}, "FM002": {"good", "bad"}, "GAT001": {"good", "bad"}, "GAT002": {"good", "bad"},
    "GAT003": {"good", "bad"}, "INC001": {"good", "bad"}, "INC002": {"good", "bad"}, "IO001": {"good"},
    "NAV001": {"good", "bad"}, "PLN003": {"bad"}, "SRC001": {"good"},
}


def is_described(text: str) -> bool:
    return "..." in text or bool(re.search(r"\bdocs/\S+\.md\b|\(a [^)]*\)|\(no such|^A page\b", text))


def diagram_of(fragment: str) -> str:
    """A flowchart of a fragment, with a node for every id its click and class lines name but do not draw."""
    named = re.findall(r"^\s*(?:click|class)\s+([\w,\s]+?)\s+\S+", fragment, re.M)
    ids = {i.strip() for group in named for i in group.split(",") if i.strip()}
    drawn = set(re.findall(r"^\s*(\w+)\s*[\[(]", fragment, re.M))
    nodes = [f'{i}["{i}"]' for i in sorted(ids - drawn)]
    return "flowchart LR\n" + "\n".join("    " + line for line in [*nodes, *fragment.splitlines()])


def page_with(rule, example: str, category: str) -> str:
    first = example.lstrip().split(None, 1)[0] if example.strip() else ""
    if first.startswith(DIAGRAM_TYPES):
        return valid_page(category, diagram=example)
    if FRAGMENT.match(example):
        return valid_page(category, diagram=diagram_of(example))
    if example.startswith("---"):
        try:
            fields = yaml.safe_load(example.strip("-\n"))
        except yaml.YAMLError:
            return example  # a front matter that does not read: the example is the whole page
        return valid_page(**{"category": category, **fields})
    try:
        fields = yaml.safe_load(example)
    except yaml.YAMLError:
        fields = None
    if isinstance(fields, dict) and all(isinstance(k, str) and k.isidentifier() for k in fields):
        return valid_page(**{"category": category, **fields})
    if example.startswith("|"):
        return valid_page(category, table=example + "\n")
    if rule.code == "GAT004":  # the CFO gate: prose about money on a costs page
        return valid_page(category, table="", sections={"Costs": example, "Cost per": example})
    return valid_page(category, extra=example)


def examples():
    for rule in all_rules():
        for which in ("good", "bad"):
            text = getattr(rule, which)
            if not is_described(text):
                yield pytest.param(rule, which, id=f"{rule.code}_{which}")


@pytest.mark.parametrize("rule, which", list(examples()))
def test_documented_example_lints_as_documented(rule, which, tree, lint_paths):
    example = getattr(rule, which)
    # The page the link examples point at (with the anchor LNK001's names).
    tree.write("debugging/messaging-queuing/kafka-consumer-lag.md", valid_page(extra="## Mitigation\n\nScale out."))
    if example.startswith("|") or rule.code == "GAT004":
        rel = "costs/example.md"
    elif rule.code == "SEC004":  # its click climbs two levels: from a page served at /patterns/example/
        rel = "patterns/example.md"
    else:
        rel = "debugging/infrastructure/example.md"
    path = tree.write(rel, page_with(rule, example, rel.split("/")[0]))
    found = [d for d in lint_paths([path]) if d.code == rule.code]
    if which == "good":
        assert found == [], f"{rule.code}'s good example draws: " + "; ".join(d.message for d in found)
    else:
        assert found, f"{rule.code}'s bad example draws no {rule.code}: {getattr(rule, which)!r}"


def test_described_examples_are_exactly_the_listed_ones():
    described = {}
    for rule in all_rules():
        which = {w for w in ("good", "bad") if is_described(getattr(rule, w))}
        if which:
            described[rule.code] = which
    assert described == DESCRIBED
