"""Bad input: each broken file gives ONE clear error naming the file (and the line where there is one),
the run goes on to report every other file, and nothing ever prints a traceback.

Every case lints a tree with the broken file and a second file broken in another way (a node outside
the four planes), through the real CLI in a subprocess.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from pagebuilder import FLOWCHART, Tree, body_line, insert_after, line_of, valid_page

OTHER = "debugging/infrastructure/other-fault.md"


def other_fault(tree: Tree) -> tuple[Path, int]:
    text = valid_page(diagram=insert_after(FLOWCHART, "max_connections 100", '        CACHE["Redis 7.2"]'))
    return tree.write(OTHER, text), line_of(text, 'CACHE["Redis 7.2"]')


@dataclass
class Bad:
    shows: str
    build: Callable[[Tree], tuple[Path, int]]  # writes the bad file; returns (path, expected line)
    code: str
    message: str


def _write(rel: str, content: str | bytes, line: Callable[[str | bytes], int]):
    def build(tree: Tree) -> tuple[Path, int]:
        return tree.write(rel, content), line(content)
    return build


BAD_YAML = valid_page().replace("summary: From a connection-refused", "summary: Pool: saturated; from a connection-refused")
NOT_UTF8 = valid_page().encode("utf-8").replace(b"at 40 pods the pool", b"at 40 pods the \xff\xfe pool")
UNCLOSED = "---\ntitle: Postgres connection exhaustion\ncategory: debugging\n\n# Postgres connection exhaustion\n"
NOT_A_MAPPING = "---\n- title\n- category\n---\n# Postgres connection exhaustion\n"
HUGE_DIAGRAM = valid_page(diagram="flowchart LR\n" + "".join(
    f'    N{i}["PostgreSQL shard {i}"] --> N{i + 1}\n' for i in range(45000)))
UNKNOWN_TYPE = valid_page(diagram="flowchat LR\n    LB --> ORDERS\n")
MERMAID_THROWS = valid_page(diagrams=["sequenceDiagram\n    box 🌐 Edge\n        participant ALB\n    end\n"
                                      "    ALB->>ALB: health check\n    deactivate ALB\n"])

CASES = [
    Bad("malformed_yaml_front_matter", _write("debugging/infrastructure/bad-yaml.md", BAD_YAML,
                                              lambda t: line_of(t, "summary: Pool: saturated")),
        "IO001", "front matter is not valid YAML: mapping values are not allowed here"),
    Bad("file_not_utf8", _write("debugging/infrastructure/latin1.md", NOT_UTF8,
                                lambda b: b[: b.index(b"\xff")].count(b"\n") + 1),
        "IO001", "file is not UTF-8 (byte 0xff at offset"),
    Bad("empty_file", _write("debugging/infrastructure/empty.md", "", lambda t: 1), "IO001", "file is empty"),
    Bad("blank_file", _write("debugging/infrastructure/blank.md", "\n  \n\n", lambda t: 1), "IO001", "file is empty"),
    Bad("unclosed_front_matter", _write("debugging/infrastructure/unclosed.md", UNCLOSED, lambda t: 1),
        "IO001", "front matter opened with '---' on line 1 is never closed"),
    Bad("front_matter_not_a_mapping", _write("debugging/infrastructure/list.md", NOT_A_MAPPING, lambda t: 2),
        "IO001", "front matter must be a YAML mapping"),
    Bad("file_over_4_mib", _write("debugging/infrastructure/huge.md", "# Big\n\n" + "x" * (5 * 1024 * 1024),
                                  lambda t: 1), "IO001", "pages are at most 4096 KiB"),
    Bad("two_mb_diagram", _write("debugging/infrastructure/huge-diagram.md", HUGE_DIAGRAM,
                                 lambda t: line_of(t, "```mermaid") + 1), "MMD001", "the limit is 256 KiB"),
    Bad("unknown_diagram_type", _write("debugging/infrastructure/unknown-type.md", UNKNOWN_TYPE,
                                       lambda t: line_of(t, "flowchat LR")), "MMD001", "unknown diagram type 'flowchat'"),
    Bad("diagram_that_makes_mermaid_throw", _write("debugging/infrastructure/throws.md", MERMAID_THROWS,
                                                   lambda t: line_of(t, "sequenceDiagram")),
        "MMD001", "Trying to inactivate an inactive participant (ALB)"),
]


def lint_json(run_atlas, tree: Tree):
    """`atlas lint --format json`; run_atlas's time-out fails a run that hangs."""
    proc = run_atlas("lint", "--format", "json", tree.docs)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout
    return proc, json.loads(proc.stdout)


@pytest.mark.parametrize("case", CASES, ids=[c.shows for c in CASES])
def test_bad_file_gives_one_clear_error_and_the_run_goes_on(case: Bad, tree: Tree, run_atlas):
    bad_path, bad_line = case.build(tree)
    other_path, other_line = other_fault(tree)
    proc, report = lint_json(run_atlas, tree)
    assert proc.returncode == 1
    assert report["files"] == 2
    mine = [d for d in report["diagnostics"] if d["path"] == str(bad_path)]
    assert len(mine) == 1, "ONE error for the bad file, got:\n" + "\n".join(map(str, mine))
    [d] = mine
    assert d["code"] == case.code
    assert case.message in d["message"], d["message"]
    assert d["line"] == bad_line
    assert "\n" not in d["message"]
    others = [(x["code"], x["line"]) for x in report["diagnostics"] if x["path"] == str(other_path)]
    assert others == [("PLN001", other_line)], "the other file must still be reported"


def test_text_output_names_the_file_and_line(tree: Tree, run_atlas):
    bad_path = tree.write("debugging/infrastructure/bad-yaml.md", BAD_YAML)
    other_fault(tree)
    proc = run_atlas("lint", tree.docs)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    expected = f"{bad_path}:{line_of(BAD_YAML, 'summary: Pool: saturated')}:1 IO001 front matter is not valid YAML"
    assert any(line.startswith(expected) for line in proc.stdout.splitlines()), proc.stdout


def test_mermaid_throw_is_reported_at_a_line_inside_its_diagram(tree: Tree, run_atlas):
    """Mermaid's runtime errors carry no line: the finding points at the diagram that threw."""
    path = tree.write("debugging/infrastructure/throws.md", MERMAID_THROWS)
    proc, report = lint_json(run_atlas, tree)
    [d] = [d for d in report["diagnostics"] if d["code"] == "MMD001"]
    first = line_of(MERMAID_THROWS, "sequenceDiagram")
    assert first <= d["line"] <= line_of(MERMAID_THROWS, "deactivate ALB")
    assert d["path"] == str(path)


def test_one_bad_diagram_does_not_hide_the_pages_other_diagrams(tree: Tree, run_atlas):
    text = valid_page(diagrams=["flowchat LR\n    LB --> ORDERS\n",
                                insert_after(FLOWCHART, "max_connections 100", '        CACHE["Redis 7.2"]')])
    tree.write("debugging/infrastructure/two-diagrams.md", text)
    _, report = lint_json(run_atlas, tree)
    assert {(d["code"], d["line"]) for d in report["diagnostics"]} == {
        ("MMD001", line_of(text, "flowchat LR")), ("PLN001", line_of(text, 'CACHE["Redis 7.2"]'))}


# Bad input that still escapes as a traceback or an internal error (strict xfails: real bugs).

INVALID_DATE = valid_page().replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-02-30")
DEEP_YAML = valid_page().replace("summary: From a connection-refused alert to the saturated pool and the fix.",
                                 "summary: " + "[" * 5000)


def test_impossible_date_in_front_matter_is_one_IO001(tree: Tree, run_atlas):
    bad = tree.write("debugging/infrastructure/bad-date.md", INVALID_DATE)
    other_path, other_line = other_fault(tree)
    proc, report = lint_json(run_atlas, tree)
    mine = [(d["code"], d["line"]) for d in report["diagnostics"] if d["path"] == str(bad)]
    assert mine == [("IO001", line_of(INVALID_DATE, "last_reviewed: 2026-02-30"))]
    assert ("PLN001", other_line) in [(d["code"], d["line"]) for d in report["diagnostics"]]


def test_deeply_nested_front_matter_is_one_IO001(tree: Tree, run_atlas):
    bad = tree.write("debugging/infrastructure/deep.md", DEEP_YAML)
    other_fault(tree)
    proc, report = lint_json(run_atlas, tree)
    assert [d["code"] for d in report["diagnostics"] if d["path"] == str(bad)] == ["IO001"]


@pytest.mark.parametrize("field, value", [("category", "[debugging]"), ("kind", "{a: 1}"), ("error_signatures", "5")],
                         ids=["category_list", "kind_mapping", "error_signatures_number"])
def test_wrong_type_in_front_matter_is_reported_by_FM001_not_as_an_internal_error(tree: Tree, lint_paths, field, value):
    place = ("systems/netflix/failure-domains.md", {"category": "systems", "system": "netflix", "kind": "failure-domains"})
    rel, args = place if field == "kind" else ("debugging/infrastructure/typed.md", {"category": "debugging"})
    text = valid_page(**{**args, field: "PLACEHOLDER"}).replace(f"{field}: PLACEHOLDER", f"{field}: {value}")
    path = tree.write(rel, text)
    codes = {d.code for d in lint_paths([path])}
    assert "FM001" in codes
    assert "INT001" not in codes


def test_wrong_type_in_front_matter_does_not_stop_the_run(tree: Tree, lint_paths):
    """Whatever a rule does with a malformed field, the other files are still checked."""
    text = valid_page(error_signatures="PLACEHOLDER").replace("error_signatures: PLACEHOLDER", "error_signatures: 5")
    bad = tree.write("debugging/infrastructure/typed.md", text)
    other_path, other_line = other_fault(tree)
    diagnostics = lint_paths([tree.docs])
    assert "FM001" in {d.code for d in diagnostics if d.path == str(bad)}
    assert ("PLN001", other_line) in [(d.code, d.line) for d in diagnostics if d.path == str(other_path)]


def test_body_line_of_the_builder_matches_the_engine(tree: Tree):
    """pagebuilder.body_line agrees with how pages.py counts (fixtures rely on it)."""
    from atlas.pages import load_page

    text = valid_page()
    path = tree.write("debugging/infrastructure/x.md", text)
    assert load_page(path, tree.docs).body_line == body_line(text)
