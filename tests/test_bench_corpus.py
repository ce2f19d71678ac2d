"""The bench corpus (atlas.bench.corpus) stands for a clean atlas: a small one lints with zero findings,
is the same for the same seed, carries the real site's generated index pages, and keeps its diagrams
within the size rule with the margin it promises."""

from __future__ import annotations

import re
import statistics
import subprocess
from pathlib import Path

import pytest

from atlas.bench.corpus import (FLOW_NODES, MARKER, PAGE_BYTES, REPO, WIDTH_BUDGET_PX, corpus_diagrams,
                                write_corpus)
from atlas.pages import read_front_matter

from conftest import atlas_command

PAGES = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    where = tmp_path_factory.mktemp("corpus")
    return where, write_corpus(where, pages=PAGES, seed=7)


def test_a_small_corpus_lints_with_zero_errors_and_zero_warnings(corpus):
    where, stats = corpus
    proc = subprocess.run([*atlas_command(), "lint", "docs"], cwd=where, capture_output=True, text=True, timeout=300)
    summary = re.search(r"(\d+) files, (\d+) diagrams: (\d+) errors, (\d+) warnings", proc.stderr)
    assert summary, proc.stderr[-2000:]
    assert (summary.group(3), summary.group(4)) == ("0", "0"), proc.stdout[:4000]
    assert proc.returncode == 0
    assert int(summary.group(2)) >= stats.diagrams


def test_the_same_seed_writes_the_same_corpus_and_another_seed_another(tmp_path):
    def files(where: Path) -> dict[str, bytes]:
        return {p.relative_to(where).as_posix(): p.read_bytes() for p in sorted((where / "docs").rglob("*.md"))}

    write_corpus(tmp_path / "a", pages=25, seed=7)
    write_corpus(tmp_path / "b", pages=25, seed=7)
    write_corpus(tmp_path / "c", pages=25, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_every_real_page_with_a_generator_marker_is_copied(corpus):
    where, stats = corpus
    real = REPO / "docs"
    marked = sorted(p.relative_to(real).as_posix() for p in real.rglob("*.md") if MARKER in p.read_text(encoding="utf-8"))
    assert marked and set(marked) <= set(stats.copied)
    for rel in stats.copied:
        assert (where / "docs" / rel).is_file()
        if not any(u.startswith(rel + " ->") for u in stats.unlinked):
            assert (where / "docs" / rel).read_bytes() == (real / rel).read_bytes(), rel


def test_diagrams_are_all_different_and_within_the_size_rule_with_its_margin(corpus):
    where, stats = corpus
    diagrams = corpus_diagrams(where / "docs")
    assert len(set(diagrams)) == len(diagrams)
    assert stats.max_width_px <= WIDTH_BUDGET_PX
    assert FLOW_NODES[0] <= stats.min_nodes and stats.max_nodes <= FLOW_NODES[1]
    assert stats.sequences and stats.flowcharts


def test_pages_are_sized_near_the_real_atlas_p90(corpus):
    where, stats = corpus
    mean = stats.markdown_bytes / stats.pages
    assert PAGE_BYTES[0] <= mean <= PAGE_BYTES[1]


def test_incidents_and_debugging_guides_carry_what_the_generated_indexes_read(corpus):
    where, _ = corpus
    docs = where / "docs"
    guides = [read_front_matter(p)[0] for p in sorted((docs / "debugging").rglob("*.md")) if p.name != "index.md"]
    assert guides and all(g["error_signatures"] and g["symptoms"] for g in guides)
    anatomies = [read_front_matter(p)[0] for p in sorted((docs / "incidents").rglob("*-20*.md"))]
    assert anatomies
    for meta in anatomies:
        facts = meta["incident"]
        assert {"started", "detected", "mitigated", "resolved", "trigger", "components", "company"} <= set(facts)
    signals = [s for g in guides for s in g["error_signatures"]]
    assert len(set(signals)) == len(signals)  # every string different, as in the real atlas
    assert statistics.mean(len(s) for s in signals) > 25


def test_the_search_bench_queries_one_error_line_of_each_kind_the_pages_carry():
    from atlas.bench import search  # its queries at 1,000 pages come from here: a renamed name fails the import
    from atlas.bench.corpus import SIGNATURE_TEMPLATES, signature_queries

    queries = signature_queries()
    assert queries == signature_queries() and len(set(queries)) == len(SIGNATURE_TEMPLATES)
    for template, query in zip(SIGNATURE_TEMPLATES, queries):
        pattern = re.escape(template).replace(r"\{n\}", r"\d+").replace(r"\{w\}", r"[a-z]+")
        assert re.fullmatch(pattern, query), (template, query)
    assert search.signature_queries is signature_queries


@pytest.mark.parametrize("module", ["atlas.bench.__main__", "atlas.bench.viewer", "atlas.bench.search",
                                    "atlas.bench.legibility", "atlas.bench.drawing"])
def test_every_benchmark_make_bench_runs_imports(module):
    # make bench runs each; nothing else imports them, so a name they take from another module and
    # that module no longer has would otherwise show only when someone benchmarks
    import importlib

    assert callable(importlib.import_module(module).main)
