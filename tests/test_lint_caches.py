"""The linter's two caches answer only what they may: the parse cache is keyed by the diagram, the
Mermaid version and the worker's code; the page cache re-checks exactly what an edit can affect (each
cross-page input changed in turn), and never keeps (so never replays) a run in which a worker hung or
died or a rule crashed, since its findings may be transient.

A changed Mermaid version is a node_modules whose mermaid/package.json says another version, the
rest of the package linked to the real one, so the real Mermaid parses it."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

import atlas.mermaid_worker as mw
from atlas.cache import JsonCache
from atlas.lint.engine import PageCache, lint
from atlas.lint.registry import all_rules
from atlas.lint.rule import Rule
from atlas.mermaid_worker import MermaidParser, find_node_modules
from pagebuilder import valid_page
from test_mermaid_worker import FAKE_WORKER, SMALL


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def node_modules_with_mermaid(tmp_path, version: str):
    """A node_modules that is the real one but for mermaid/package.json's version."""
    real = find_node_modules()
    out = tmp_path / f"node_modules-{version}"
    out.mkdir()
    for entry in real.iterdir():
        if entry.name != "mermaid":
            (out / entry.name).symlink_to(entry)
    (out / "mermaid").mkdir()
    for entry in (real / "mermaid").iterdir():
        if entry.name != "package.json":
            (out / "mermaid" / entry.name).symlink_to(entry)
    package = json.loads((real / "mermaid" / "package.json").read_text(encoding="utf-8"))
    package["version"] = version
    (out / "mermaid" / "package.json").write_text(json.dumps(package), encoding="utf-8")
    return out


def parse_twice(cache: JsonCache, result_type: str = "flowchart-v2", **options) -> MermaidParser:
    """Parse SMALL twice with one fresh parser on `cache` (the second time it must come from the cache);
    returns the closed parser to read its counters."""
    with MermaidParser(cache=cache, workers=1, **options) as parser:
        for _ in range(2):
            result = parser.parse_one(SMALL, digest(SMALL))
            assert result.ok and result.type == result_type, result.error
    return parser


def test_the_parse_cache_answers_the_same_mermaid_and_misses_another_version(tmp_path):
    cache = JsonCache(tmp_path / "mermaid.json")
    assert parse_twice(cache).parsed == 1  # the same Mermaid: the second parse is answered from the cache
    upgraded = parse_twice(cache, node_modules=node_modules_with_mermaid(tmp_path, "99.0.0"))
    assert upgraded.version == "99.0.0"
    assert upgraded.parsed == 1, "a diagram parsed by another Mermaid version was answered from the cache"


def test_the_parse_cache_misses_when_the_workers_code_changes(tmp_path, monkeypatch):
    """The worker decides what structure is extracted: a changed worker must parse again. (The fake
    worker, copied and then edited, stands in for the real one: what is tested is the cache's key.)"""
    cache = JsonCache(tmp_path / "mermaid.json")
    js = tmp_path / "js"
    js.mkdir()
    shutil.copyfile(FAKE_WORKER, js / "mermaid-worker.mjs")
    monkeypatch.setattr(mw, "WORKER_JS", js / "mermaid-worker.mjs")
    mw._worker_digest.cache_clear()
    try:
        assert parse_twice(cache, result_type="fake").parsed == 1
        assert parse_twice(cache, result_type="fake").parsed == 0  # the same worker: answered from the cache
        with (js / "mermaid-worker.mjs").open("a", encoding="utf-8") as f:
            f.write("\n// a changed worker\n")
        mw._worker_digest.cache_clear()
        assert parse_twice(cache, result_type="fake").parsed == 1
    finally:
        monkeypatch.undo()
        mw._worker_digest.cache_clear()


# --- the page cache -----------------------------------------------------------------------------------

@pytest.fixture
def fake_parser(monkeypatch):
    """A parser whose worker is tests/fake_worker.mjs (HANG: never answers; DIE: exits), 1 s time-out."""
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    with MermaidParser(timeout=1.0, workers=1) as parser:
        yield parser


def kept_runs(cache: JsonCache) -> list[str]:
    """The pages the page cache holds an entry for (empty when nothing was kept)."""
    pc = PageCache(cache)
    return sorted(path for c in pc._load()["configurations"].values() for path in c)


def test_a_clean_run_is_kept_and_replayed(tree, fake_parser, tmp_path):
    tree.write("debugging/infrastructure/pool.md", valid_page())
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")
    first = lint([tree.docs], all_rules(), parser=fake_parser, cache=cache)
    assert first.parsed == 1 and len(kept_runs(cache)) == 1  # one entry: the one page
    asked = fake_parser.parsed
    second = lint([tree.docs], all_rules(), parser=fake_parser, cache=cache)
    assert second.diagnostics == first.diagnostics and second.files == first.files == 1
    assert fake_parser.parsed == asked and fake_parser.restarts == 0


@pytest.mark.parametrize("fault, message", [("HANG", "did not finish parsing within 1 s"), ("DIE", "died")])
def test_a_run_whose_worker_hung_or_died_is_never_replayed(tree, fake_parser, tmp_path, fault, message):
    tree.write("debugging/infrastructure/pool.md", valid_page(diagram=f"flowchart LR\n    {fault} --> A\n"))
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")
    for run in (1, 2):
        report = lint([tree.docs], all_rules(), parser=fake_parser, cache=cache)
        assert [d.code for d in report.diagnostics if message in d.message] == ["MMD001"]
        assert fake_parser.restarts == run, "the second run was replayed instead of asking the worker again"
        assert kept_runs(cache) == []


class Crashes(Rule):
    code = "TST001"
    name = "crashes"
    summary = rationale = good = bad = "a rule with a bug"

    def check(self, page, ctx):
        raise RuntimeError("boom")


def test_a_run_in_which_a_rule_crashed_is_never_kept(tree, fake_parser, tmp_path):
    tree.write("debugging/infrastructure/pool.md", valid_page())
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")
    report = lint([tree.docs], [*all_rules(), Crashes()], parser=fake_parser, cache=cache)
    [crash] = [d for d in report.diagnostics if d.code == "INT001"]
    assert crash.message.startswith("internal error in rule TST001: RuntimeError: boom (test_lint_caches.py:")
    assert kept_runs(cache) == []


# --- what an edit re-checks ---------------------------------------------------------------------------

class Counts(Rule):
    """Counts the pages it is asked to check: a page answered from the cache is not checked."""
    code = "TST002"
    name = "counts"
    summary = rationale = good = bad = "a rule that counts"
    checked: list = []

    def check(self, page, ctx):
        Counts.checked.append(page.rel)
        return iter(())


GLOSSARY = "# Glossary\n\n| term | meaning |\n|---|---|\n| ISR | in-sync replicas |\n"


@pytest.fixture
def three_pages(tree, tmp_path, parser):
    """A links to B's anchor, C uses an acronym the glossary may explain; lint() with Counts as well."""
    tree.write("debugging/infrastructure/a.md", valid_page(extra="See [B's runbook](b.md#runbook)."))
    tree.write("debugging/infrastructure/b.md", valid_page(title="B page"))
    tree.write("debugging/infrastructure/c.md", valid_page(intro="The ISR shrinks when a follower lags (est.)."))
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")

    def run():
        Counts.checked = []
        report = lint([tree.docs], [*all_rules(), Counts()], parser=parser, cache=cache)  # lends it the cache
        return report, sorted(Counts.checked)
    return tree, run


def test_an_unchanged_tree_checks_nothing_and_reports_the_same(three_pages):
    tree, run = three_pages
    first, checked = run()
    assert len(checked) == 3
    again, checked = run()
    assert checked == [] and again.diagnostics == first.diagnostics and again.files == 3


def test_editing_a_page_re_checks_it_and_the_pages_that_read_it(three_pages):
    tree, run = three_pages
    run()
    b = tree.docs / "debugging/infrastructure/b.md"
    b.write_text(b.read_text().replace("## Runbook", "## Steps"), encoding="utf-8")  # the anchor A links to goes
    report, checked = run()
    assert checked == ["debugging/infrastructure/a.md", "debugging/infrastructure/b.md"]  # C read neither
    assert any(d.code == "LNK001" and "#runbook" in d.message and d.path.endswith("a.md") for d in report.diagnostics)


def test_a_glossary_change_re_checks_the_pages_that_read_it(three_pages):
    tree, run = three_pages
    first, _ = run()
    assert any(d.code == "GAT005" and "ISR" in d.message for d in first.diagnostics)
    tree.write("reference/glossary.md", GLOSSARY)  # a new file: every page is re-checked
    guides = sorted(f"debugging/infrastructure/{n}.md" for n in "abc")
    second, checked = run()
    assert checked == [*guides, "reference/glossary.md"]
    assert not any(d.code == "GAT005" and "ISR" in d.message for d in second.diagnostics)
    glossary = tree.docs / "reference/glossary.md"
    glossary.write_text(GLOSSARY.replace("| ISR | in-sync replicas |\n", ""), encoding="utf-8")
    third, checked = run()
    assert checked == [*guides, "reference/glossary.md"]  # the glossary itself, and each page that read it
    assert any(d.code == "GAT005" and "ISR" in d.message for d in third.diagnostics)


def test_a_file_added_or_removed_re_checks_every_page(three_pages):
    """Links and the nav resolve against the set of files: a new target fixes a broken link elsewhere."""
    tree, run = three_pages
    a = tree.docs / "debugging/infrastructure/a.md"
    a.write_text(a.read_text() + "\nAlso [D](d.md).\n", encoding="utf-8")
    first, _ = run()
    assert any(d.code == "LNK001" and "d.md" in d.message for d in first.diagnostics)
    tree.write("debugging/infrastructure/d.md", valid_page(title="D page"))
    second, checked = run()
    assert len(checked) == 4 and not any(d.code == "LNK001" and "d.md" in d.message for d in second.diagnostics)
    tree.write("debugging/not-a-group/e.md", valid_page(title="E page"))  # the nav does not reach it
    third, checked = run()
    assert len(checked) == 5 and any(d.code == "NAV001" for d in third.diagnostics)


def test_another_rule_set_or_a_changed_rule_is_another_configuration(three_pages, parser, tmp_path):
    tree, run = three_pages
    run()
    Counts.checked = []
    cache = JsonCache(tmp_path / "cache" / "mermaid.json")
    only = lint([tree.docs], [Counts()], parser=parser, cache=cache)  # --select: its own entries
    assert len(Counts.checked) == 3 and only.diagnostics == []
    _, checked = run()
    assert checked == []  # the full configuration's entries are still there


def test_the_sharded_parse_cache_reads_only_the_shards_it_is_asked(tmp_path):
    from atlas.cache import ShardedJsonCache

    cache = ShardedJsonCache(tmp_path / "mermaid.json")
    for n in range(40):
        cache.put(f"mermaid-x:{digest(str(n))}", {"n": n})
    cache.save()
    assert 1 < len(list((tmp_path / "mermaid").glob("*.json"))) <= 40
    again = ShardedJsonCache(tmp_path / "mermaid.json")
    key = f"mermaid-x:{digest('7')}"
    assert again.get(key) == {"n": 7}
    assert list(again._shards) == [key[-2:]]  # one shard read, not the whole cache
    assert again.get("mermaid-x:not-a-digest") is None
