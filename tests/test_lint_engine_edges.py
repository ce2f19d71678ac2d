"""Edges of the lint engine (src/atlas/lint/engine.py) that its mutation run showed no test pinned:
the report's counts, where the docs root is found, the stamp memo of file digests, and the read-error
finding. Each test names the behaviour; mutation/survivors.md lists what is left."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

from atlas.lint import engine
from atlas.lint.engine import READ_ERROR, Report, find_docs_root
from atlas.lint.registry import all_rules
from atlas.lint.rule import Diagnostic, Rule
from atlas.cache import JsonCache
from atlas.mermaid_worker import MermaidParser, WorkerUnavailable
from pagebuilder import Tree, valid_page


def _diag(severity: str) -> Diagnostic:
    return Diagnostic("docs/a.md", 1, 1, "X001", "m", severity)


def test_the_report_counts_errors_and_warnings_apart():
    report = Report(diagnostics=[_diag("error"), _diag("error"), _diag("warning")])
    assert (report.errors, report.warnings) == (2, 1)
    assert (Report(diagnostics=[_diag("warning")]).errors, Report().warnings) == (0, 0)


def test_the_docs_root_is_found_from_a_page_its_folder_or_the_root(tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", "# A\n")
    docs = tree.docs.resolve()
    assert find_docs_root([page]) == docs
    assert find_docs_root([tree.docs]) == docs
    assert find_docs_root([tree.root]) == docs
    (tmp_path / "loose").mkdir()
    assert find_docs_root([tmp_path / "loose"]) is None  # no mkdocs.yml above it


def test_an_old_files_digest_is_memoized_by_its_stamp_and_a_recent_ones_is_read_again(tmp_path):
    path = tmp_path / "rule.py"
    path.write_text("A = 1\n", encoding="utf-8")
    old = time.time() - 10 * engine.RACY_SECONDS
    os.utime(path, (old, old))
    first = engine._file_digest(str(path))
    path.write_text("A = 2\n", encoding="utf-8")  # same size, stamp put back: the memo answers
    os.utime(path, (old, old))
    assert engine._file_digest(str(path)) == first
    recent = time.time()
    os.utime(path, (recent, recent))  # too recent to trust the stamp: the bytes are read
    assert engine._file_digest(str(path)) == engine._digest(b"A = 2\n") != first
    path.write_text("A = 3\n", encoding="utf-8")  # written again within the same stamp
    os.utime(path, (recent, recent))
    assert engine._file_digest(str(path)) == engine._digest(b"A = 3\n")
    assert engine._source_digest(None) == "none" and engine._source_digest(str(path)) != "none"
    assert engine._file_digest(str(tmp_path / "gone.py")) == "missing"


def test_a_file_that_cannot_be_read_is_one_read_error_at_its_first_line(lint_paths, tmp_path):
    tree = Tree(tmp_path / "repo")
    good = tree.write("debugging/good.md", valid_page())
    gone = tree.docs / "debugging" / "gone.md"
    gone.symlink_to(tmp_path / "nowhere.md")  # named on the command line, not readable
    paths = [good, gone]
    found = [d for d in lint_paths(paths) if d.code == READ_ERROR]
    assert [(os.path.basename(d.path), d.line, d.col) for d in found] == [("gone.md", 1, 1)]
    assert found[0].message.startswith("cannot read file: ")
    read_rule = [r for r in all_rules() if r.code == READ_ERROR]
    assert [d.code for d in lint_paths(paths, rules=read_rule)] == [READ_ERROR]
    others = [r for r in all_rules() if r.code != READ_ERROR]
    assert READ_ERROR not in {d.code for d in lint_paths(paths, rules=others)}


def _page_cache(tmp_path) -> engine.PageCache:
    return engine.PageCache(SimpleNamespace(path=tmp_path / "parse.json"))


def test_the_page_cache_keeps_the_newest_configurations_only(tmp_path):
    cache = _page_cache(tmp_path)
    names = [f"config-{i}" for i in range(engine.PAGE_CACHE_KEEP + 2)]
    for name in names:
        cache.put(name, {"/docs/a.md": {"digest": name}})
    kept = json.loads(cache.path.read_text(encoding="utf-8"))["configurations"]
    assert list(kept) == names[-engine.PAGE_CACHE_KEEP:]


def test_a_page_cache_of_another_version_is_dropped_whole(tmp_path):
    cache = _page_cache(tmp_path)
    cache.path.write_text(json.dumps({"version": engine.PAGE_CACHE_VERSION + 1,
                                      "configurations": {"theirs": {"/docs/a.md": {"digest": "x"}}}}), encoding="utf-8")
    cache.put("mine", {"/docs/b.md": {"digest": "y"}})
    data = json.loads(cache.path.read_text(encoding="utf-8"))
    assert data["version"] == engine.PAGE_CACHE_VERSION and list(data["configurations"]) == ["mine"]


def _boom():
    raise ValueError("boom")  # the line INT001 must name


class _Crashes(Rule):
    code, name, summary, rationale, good, bad = "TST001", "crashes", "s", "r", "g", "b"

    def check(self, page, ctx):
        _boom()
        yield from ()


def test_a_rule_that_crashes_is_one_internal_error_naming_the_innermost_line(lint_paths, tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page())
    found = [d for d in lint_paths([page], rules=[_Crashes()]) if d.code == "INT001"]
    line = _boom.__code__.co_firstlineno + 1
    assert len(found) == 1 and (found[0].line, found[0].col) == (1, 1)
    assert found[0].message == f"internal error in rule TST001: ValueError: boom (test_lint_engine_edges.py:{line})"


def test_by_default_a_run_keeps_its_findings_beside_the_docs_and_the_next_run_answers_from_them(parser, tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page())
    first = engine.lint([page], all_rules(), parser=parser)  # no `cache`: the default cache beside docs/
    kept = engine.PageCache(engine.default_cache(tree.docs))
    assert kept.path.is_file() and kept.entries() == 1
    parsed_before = parser.parsed
    again = engine.lint([page], all_rules(), parser=parser)
    assert again.diagnostics == first.diagnostics and again.files == first.files == 1
    assert parser.parsed == parsed_before  # answered from the page cache: nothing sent to Mermaid


def test_a_page_outside_any_docs_tree_is_linted_without_the_nav(lint_paths, tmp_path):
    loose = tmp_path / "loose"
    loose.mkdir()
    page = loose / "notes.md"
    page.write_text(valid_page(), encoding="utf-8")
    report = engine.lint([page], all_rules(), parser=None, cache=False)  # nav on (the default), no docs root
    assert report.files == 1 and "INT001" not in {d.code for d in report.diagnostics}


def test_the_package_digest_follows_the_atlas_code_and_nothing_else(tmp_path, monkeypatch):
    package = tmp_path / "atlas"
    (package / "lint").mkdir(parents=True)
    (package / "lint" / "rule.py").write_text("A = 1\n", encoding="utf-8")
    (package / "js").mkdir()
    (package / "js" / "worker.mjs").write_text("x\n", encoding="utf-8")
    (package / "query.yaml").write_text("a: 1\n", encoding="utf-8")
    (package / "lint" / "__pycache__").mkdir()
    (package / "lint" / "__pycache__" / "rule.cpython-313.pyc").write_bytes(b"\0")
    (package / "notes.txt").write_text("n\n", encoding="utf-8")
    monkeypatch.setattr(engine, "_PACKAGE", package)

    def digest() -> str:
        engine._package_digest.cache_clear()
        return engine._package_digest()

    try:
        before = digest()
        (package / "notes.txt").write_text("other\n", encoding="utf-8")  # not code: same digest
        (package / "lint" / "__pycache__" / "rule.cpython-313.pyc").write_bytes(b"\1")  # bytecode: same
        assert digest() == before
        for code, text in (("lint/rule.py", "A = 2\n"), ("js/worker.mjs", "y\n"), ("query.yaml", "a: 2\n")):
            (package / code).write_text(text, encoding="utf-8")
            after = digest()
            assert after != before, code  # each kind of code file is in it
            before = after
    finally:
        engine._package_digest.cache_clear()


def test_a_replayed_run_counts_its_errors_and_warnings_as_the_first_did(parser, tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page(intro="The ISR shrinks when a follower lags (est.).")
                      + "\nTODO: finish this.\n")  # PH001, an error; GAT005 (ISR unexplained), a warning
    first = engine.lint([page], all_rules(), parser=parser)
    again = engine.lint([page], all_rules(), parser=parser)  # from the page cache (JSON)
    assert {"PH001", "GAT005"} <= {d.code for d in first.diagnostics} and first.errors >= 1 and first.warnings >= 1
    assert (again.errors, again.warnings) == (first.errors, first.warnings)


def test_without_a_readable_mermaid_the_page_cache_still_has_a_configuration(tmp_path, monkeypatch):
    """No node_modules, or a mermaid/package.json that is not JSON: the key says "no Mermaid version"
    instead of the run failing, and differs from the key with the real version."""
    tree = Tree(tmp_path / "repo")
    cache = _page_cache(tmp_path)
    real = cache.configuration(all_rules(), tree.docs, None, True)

    def unavailable():
        raise WorkerUnavailable("no node_modules")

    def unreadable():
        raise OSError("permission denied")

    broken = tmp_path / "node_modules"
    (broken / "mermaid").mkdir(parents=True)
    (broken / "mermaid" / "package.json").write_text("{not json", encoding="utf-8")
    for find in (unavailable, unreadable, lambda: broken):
        monkeypatch.setattr(engine, "find_node_modules", find)
        assert cache.configuration(all_rules(), tree.docs, None, True) != real


class _Quiet(Rule):
    code, name, summary, rationale, good, bad = "TST002", "quiet", "s", "r", "g", "b"

    def check(self, page, ctx):
        yield from ()


def test_rules_that_need_no_mermaid_send_nothing_to_it(tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page())
    rules = [r for r in all_rules() if not getattr(r, "needs_mermaid", False)]  # `--select PH001,LNK001` ...
    rules.append(_Quiet())  # a rule that says nothing about Mermaid does not need it either
    with MermaidParser() as parser:  # its own: the shared one may hold a cache an earlier test gave it
        report = engine.lint([page], rules, parser=parser, cache=False)
        assert report.diagrams >= 1 and report.parsed == 0 and parser.parsed == 0


def test_a_parser_given_without_a_cache_parses_into_the_runs_cache(tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page())
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")
    with MermaidParser() as first:  # no cache of its own
        assert engine.lint([page], all_rules(), parser=first, cache=cache).parsed >= 1
        assert first.cache is None  # lent for that run only: a later run with cache=False uses none
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line of prose.\n", encoding="utf-8")
    with MermaidParser() as second:  # the page is checked again; its diagram is in the run's cache
        assert engine.lint([page], all_rules(), parser=second, cache=JsonCache(cache.path)).parsed == 0


def test_a_file_whose_bytes_cannot_be_read_has_the_unreadable_digest(tmp_path):
    recent = tmp_path / "recent.md"
    recent.mkdir()  # stat works, reading does not
    old = tmp_path / "old.md"
    old.mkdir()
    then = time.time() - 10 * engine.RACY_SECONDS
    os.utime(old, (then, then))
    assert engine._file_digest(str(recent)) == engine._file_digest(str(old)) == "unreadable"


def test_a_page_that_could_not_be_read_is_replayed_with_no_diagrams(parser, tmp_path):
    tree = Tree(tmp_path / "repo")
    bad = tree.write("debugging/bad.md", "---\ntitle: [unclosed\n---\n# Bad\n")  # front matter YAML broken
    gone = tree.docs / "debugging" / "gone.md"
    gone.symlink_to(tmp_path / "nowhere.md")
    for paths in ([bad], [gone]):
        first = engine.lint(paths, all_rules(), docs_root=tree.docs, parser=parser)
        again = engine.lint(paths, all_rules(), docs_root=tree.docs, parser=parser)  # from the page cache
        assert [d.code for d in first.diagnostics] == [d.code for d in again.diagnostics] == [READ_ERROR]
        assert first.diagrams == again.diagrams == 0


def test_a_page_cache_of_an_older_version_is_dropped_too(tmp_path):
    cache = _page_cache(tmp_path)
    cache.path.write_text(json.dumps({"version": engine.PAGE_CACHE_VERSION - 1,
                                      "configurations": {"old": {"/docs/a.md": {"digest": "x"}}}}), encoding="utf-8")
    assert cache.entries() == 0


def test_a_run_that_needs_no_mermaid_is_kept_too(tmp_path):
    tree = Tree(tmp_path / "repo")
    page = tree.write("debugging/a.md", valid_page())
    rules = [r for r in all_rules() if not getattr(r, "needs_mermaid", False)]
    engine.lint([page], rules, parser=None)
    assert engine.PageCache(engine.default_cache(tree.docs)).entries() == 1


def test_an_unreadable_file_does_not_stop_the_files_after_it(lint_paths, tmp_path):
    tree = Tree(tmp_path / "repo")
    gone = tree.docs / "debugging" / "a-gone.md"
    gone.parent.mkdir(parents=True, exist_ok=True)
    gone.symlink_to(tmp_path / "nowhere.md")
    after = tree.write("debugging/zz.md", valid_page() + "\nTODO: finish this.\n")
    found = lint_paths([gone, after])
    assert {(os.path.basename(d.path), d.code) for d in found} >= {("a-gone.md", READ_ERROR), ("zz.md", "PH001")}


def test_a_change_to_a_page_another_read_re_checks_it_whichever_way_its_digest_moves(parser, tmp_path):
    """The page cache compares a read page's digest for equality: a change whose digest sorts below the
    old one, and one whose digest sorts above it, both re-check the page that read it."""
    for wanted_above in (True, False):
        tree = Tree(tmp_path / f"repo-{wanted_above}")
        a = tree.write("debugging/a.md", valid_page(extra="See [B's runbook](b.md#runbook)."))
        b = tree.write("debugging/b.md", valid_page(title="B page"))
        old = b.read_bytes()
        first = engine.lint([a], all_rules(), docs_root=tree.docs, parser=parser, cache=JsonCache(tmp_path / f"c-{wanted_above}.json"))
        assert not [d for d in first.diagnostics if d.code == "LNK001"]
        text = old.decode("utf-8").replace("## Runbook", "## Steps")  # a's link target is gone
        new = next(t for t in (text + f"\n<!-- {n} -->\n" for n in range(100))
                   if (engine._digest(t.encode("utf-8")) > engine._digest(old)) == wanted_above)
        b.write_text(new, encoding="utf-8")
        again = engine.lint([a], all_rules(), docs_root=tree.docs, parser=parser, cache=JsonCache(tmp_path / f"c-{wanted_above}.json"))
        assert [d for d in again.diagnostics if d.code == "LNK001"], wanted_above


def test_a_file_stamped_near_the_epoch_is_old_not_racy(tmp_path):
    """Age is now minus the stamp: a file an archive stamped 2 s after 1970 is decades old, memoized."""
    path = tmp_path / "rule.py"
    path.write_text("A = 1\n", encoding="utf-8")
    os.utime(path, (2, 2))
    first = engine._file_digest(str(path))
    path.write_text("A = 2\n", encoding="utf-8")
    os.utime(path, (2, 2))
    assert engine._file_digest(str(path)) == first


def test_a_page_cache_that_cannot_be_written_costs_only_the_shortcut(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    cache = engine.PageCache(SimpleNamespace(path=blocker / "parse.json"))  # its folder is a file
    cache.put("config", {"/docs/a.md": {"digest": "x"}})  # no error
    assert cache.entries() == 1 and not (blocker / "parse-lint-pages.json").exists()


def test_rules_for_catalogued_pages_leave_the_other_pages_alone(lint_paths, tmp_path):
    tree = Tree(tmp_path / "repo")
    home = tree.write("index.md", "# Home\n\nThe atlas's front page.\n")  # not catalogued: no sections, no sources
    catalogued_only = [r for r in all_rules() if r.applies_to == "catalogued"]
    assert catalogued_only and lint_paths([home], rules=catalogued_only) == []
    assert lint_paths([tree.write("debugging/a.md", "# A\n")], rules=catalogued_only)  # a catalogued page is checked


def test_the_package_digest_covers_the_whole_atlas_package():
    """Every module a rule imports (catalog, pages, model...) is under it, not only the lint package."""
    import atlas

    assert engine._PACKAGE == Path(atlas.__file__).resolve().parent
