"""The `atlas` command line and the plan's script names, run as a user runs them (subprocesses)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from atlas.lint.registry import all_rules
from pagebuilder import FLOWCHART, REPO, Tree, insert_after, line_of, valid_page

TEXT_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+) (?P<code>[A-Z]+\d{3}) (?P<message>.+)$")
# The contract's fields (ATLAS.md §3); the first set are required of every page.
CONTRACT_FIELDS = {"title", "category", "system", "kind", "summary", "technologies", "symptoms", "error_signatures",
                   "sources", "version", "review"}
REQUIRED_OF_EVERY_PAGE = {"title", "category", "summary", "technologies", "sources", "version", "review"}


@pytest.fixture
def clean_tree(tree: Tree) -> Tree:
    tree.page("debugging")
    tree.page("costs")
    return tree


@pytest.fixture
def broken_tree(tree: Tree):
    """A tree with one valid page and one page with a node outside the planes and a dead link."""
    tree.page("costs")
    text = valid_page(diagram=insert_after(FLOWCHART, "max_connections 100", '        CACHE["Redis 7.2"]'),
                      extra="See [the spend page](../../costs/no-such-page.md).")
    path = tree.write("debugging/infrastructure/pool.md", text)
    expected = {("PLN001", line_of(text, 'CACHE["Redis 7.2"]')), ("LNK001", line_of(text, "See [the spend page]"))}
    return tree, path, expected


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout


def test_lint_clean_tree_exits_0(clean_tree: Tree, run_atlas):
    proc = run_atlas("lint", clean_tree.docs)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""
    assert "2 files, 2 diagrams: 0 errors, 0 warnings" in proc.stderr


def test_lint_errors_exit_1_in_path_line_col_code_message_lines(broken_tree, run_atlas):
    tree, path, expected = broken_tree
    proc = run_atlas("lint", tree.docs)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines
    found = set()
    for line in lines:
        m = TEXT_LINE.match(line)
        assert m, f"not path:line:col CODE message: {line!r}"
        assert Path(m["path"]) == path
        assert m["col"] == "1"
        found.add((m["code"], int(m["line"])))
    assert found == expected
    assert "2 files, 2 diagrams: 2 errors" in proc.stderr


def test_lint_json_format(broken_tree, run_atlas):
    tree, path, expected = broken_tree
    proc = run_atlas("lint", "--format", "json", tree.docs)
    no_traceback(proc)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["files"] == 2 and report["diagrams"] == 2 and report["errors"] == 2
    for d in report["diagnostics"]:
        assert {"path", "line", "col", "code", "message"} <= set(d)
        assert d["path"] == str(path) and isinstance(d["line"], int) and isinstance(d["col"], int)
    assert {(d["code"], d["line"]) for d in report["diagnostics"]} == expected


def test_lint_github_format(broken_tree, run_atlas):
    tree, path, expected = broken_tree
    proc = run_atlas("lint", "--format", "github", tree.docs)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == len(expected)
    for line in lines:
        assert line.startswith(f"::error file={path},line="), line
        assert re.search(r",title=(PLN001|LNK001)::", line), line


def test_lint_select_and_ignore(broken_tree, run_atlas):
    tree, _, _ = broken_tree
    selected = run_atlas("lint", "--format", "json", "--select", "pln", tree.docs)
    assert {d["code"] for d in json.loads(selected.stdout)["diagnostics"]} == {"PLN001"}
    ignored = run_atlas("lint", "--format", "json", "--ignore", "PLN,SEC", tree.docs)
    assert {d["code"] for d in json.loads(ignored.stdout)["diagnostics"]} == {"LNK001"}
    assert ignored.returncode == 1


def test_lint_missing_path_is_an_error(tree: Tree, run_atlas):
    proc = run_atlas("lint", tree.docs / "no-such-folder")
    no_traceback(proc)
    assert proc.returncode == 1
    assert re.match(r"^.+no-such-folder:1:1 IO001 no such file or directory$", proc.stdout.strip())


def test_explain_prints_summary_rationale_good_and_bad(run_atlas):
    rule = {r.code: r for r in all_rules()}["PLN001"]
    proc = run_atlas("lint", "--explain", "pln001")
    assert proc.returncode == 0
    assert proc.stdout.startswith("PLN001 node-in-one-plane (error)")
    assert rule.summary in proc.stdout
    assert rule.rationale in proc.stdout
    assert "\nGood:\n" in proc.stdout and "\nBad:\n" in proc.stdout
    assert 'CDN["CloudFront"]' in proc.stdout


def test_explain_unknown_code_exits_2(run_atlas):
    proc = run_atlas("lint", "--explain", "XYZ999")
    no_traceback(proc)
    assert proc.returncode == 2
    assert "no rule 'XYZ999'" in proc.stderr


def test_list_rules_lists_every_registry_code(run_atlas):
    proc = run_atlas("lint", "--list-rules")
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    assert listed == [r.code for r in all_rules()]


def test_new_writes_a_skeleton_that_fails_lint_on_its_placeholders(tree: Tree, run_atlas):
    proc = run_atlas("new", "--category", "debugging", "--group", "infrastructure", "--slug", "x", "--docs", tree.docs)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    page = tree.docs / "debugging" / "infrastructure" / "x.md"
    assert page.is_file()
    text = page.read_text(encoding="utf-8")
    for heading in ("## Symptoms", "## Where to look", "## Runbook", "## Recovery"):
        assert f"\n{heading}\n" in text
    lint = run_atlas("lint", "--format", "json", page)
    no_traceback(lint)
    assert lint.returncode == 1
    codes = [d["code"] for d in json.loads(lint.stdout)["diagnostics"]]
    assert "PH001" in codes
    # The skeleton's only faults are its placeholders: its diagram parses and follows the planes, and
    # its example sources carry ids that its text cites.
    assert not {c for c in codes if c.startswith(("MMD", "PLN", "INT", "IO", "NAV", "DIA", "GAT001", "FM002", "CIT"))}
    meta = yaml.safe_load(text.split("---\n")[1])
    ids = [s["id"] for s in meta["sources"]]
    assert len(ids) == 2 and all(f"[^{i}]" in text for i in ids)
    assert all(isinstance(s["accessed"], dt.date) for s in meta["sources"])


def test_new_refuses_to_overwrite(tree: Tree, run_atlas):
    args = ("new", "--category", "costs", "--slug", "database-spend", "--docs", tree.docs)
    assert run_atlas(*args).returncode == 0
    again = run_atlas(*args)
    assert again.returncode == 1 and "exists" in again.stderr


@pytest.mark.parametrize("args", [
    ("--category", "debugging", "--group", "not-a-group", "--slug", "x"),
    ("--category", "nope", "--slug", "x"),
    ("--category", "debugging", "--group", "infrastructure", "--slug", "Bad Slug"),
    ("--category", "systems", "--system", "netflix", "--kind", "nope"),
], ids=["unknown_group", "unknown_category", "bad_slug", "unknown_kind"])
def test_new_bad_arguments_give_one_line_and_exit_2(tree: Tree, run_atlas, args):
    proc = run_atlas("new", *args, "--docs", tree.docs)
    no_traceback(proc)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("atlas new: ")
    assert not list(tree.docs.rglob("*.md"))


def test_schema_output_has_the_contract_fields(tmp_path, run_atlas):
    out = tmp_path / "schema.json"
    proc = run_atlas("schema", "--output", out)
    assert proc.returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert CONTRACT_FIELDS <= set(schema["properties"])
    assert {"title", "category", "summary", "review"} <= set(schema["required"])
    assert schema["additionalProperties"] is False
    source = schema["$defs"]["Source"]
    assert {"url", "title", "publisher", "published", "confidence"} <= set(source["required"])
    assert schema["$defs"]["Review"]["properties"]["status"]["enum"] == [
        "up_to_date", "needs_review", "outdated", "missing_version"]


def test_schema_requires_every_field_the_contract_requires_of_every_page(tmp_path, run_atlas):
    out = tmp_path / "schema.json"
    assert run_atlas("schema", "--output", out).returncode == 0
    assert REQUIRED_OF_EVERY_PAGE <= set(json.loads(out.read_text(encoding="utf-8"))["required"])


def test_schema_check_on_the_committed_schema_exits_0(run_atlas):
    proc = run_atlas("schema", "--check", "--output", REPO / "specs" / "page-schema.json")
    assert proc.returncode == 0, proc.stderr


def test_schema_check_on_a_stale_schema_exits_1(tmp_path, run_atlas):
    stale = tmp_path / "schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    proc = run_atlas("schema", "--check", "--output", stale)
    assert proc.returncode == 1 and "out of date" in proc.stderr


# The plan's script names, run with the system python3 as a user would: they re-exec into .venv.

def system_python() -> str:
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if candidate and ".venv" not in candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no system python3")


def run_script(script: str, *args):
    import subprocess

    return subprocess.run([system_python(), str(REPO / "scripts" / script), *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_validate_mermaid_script_passes_a_clean_tree_and_fails_a_broken_diagram(clean_tree: Tree):
    ok = run_script("validate_mermaid.py", clean_tree.docs)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    text = valid_page(diagram=FLOWCHART.replace("PGB -->|pooled connections| PG\n", "PGB -->|pooled connections|\n"))
    broken = clean_tree.write("debugging/infrastructure/broken.md", text)
    bad = run_script("validate_mermaid.py", clean_tree.docs)
    no_traceback(bad)
    assert bad.returncode == 1
    [line] = bad.stdout.splitlines()
    m = TEXT_LINE.match(line)
    assert m and Path(m["path"]) == broken and m["code"] == "MMD001" and "Parse error" in m["message"]


def test_check_links_script_passes_a_clean_tree_and_fails_a_broken_link(clean_tree: Tree):
    ok = run_script("check_links.py", clean_tree.docs)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    text = valid_page(extra="See [spend](../../costs/database-spend.md#no-such-section).")
    broken = clean_tree.write("debugging/infrastructure/links.md", text)
    bad = run_script("check_links.py", clean_tree.docs)
    no_traceback(bad)
    assert bad.returncode == 1
    [line] = bad.stdout.splitlines()
    m = TEXT_LINE.match(line)
    assert m and Path(m["path"]) == broken and m["code"] == "LNK001"
    assert int(m["line"]) == line_of(text, "See [spend]")
