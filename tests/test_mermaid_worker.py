"""The parent side of the Mermaid worker: time-outs, restarts, dead workers, the size limit, the cache.

Hangs and deaths are made deterministic with tests/fake_worker.mjs, which speaks the worker's
protocol (HANG: never answers, DIE: exits); the real worker is used for a diagram that is genuinely
too slow for a short time-out, for a killed worker, and for what Mermaid itself returns.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import atlas.mermaid_worker as mw
from atlas.cache import JsonCache
from atlas.mermaid_worker import MAX_DIAGRAM_BYTES, MermaidParser, ParseResult, WorkerUnavailable

FAKE_WORKER = Path(__file__).parent / "fake_worker.mjs"
SMALL = "flowchart LR\n    LB --> ORDERS\n"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse(parser: MermaidParser, text: str) -> ParseResult:
    return parser.parse_one(text, digest(text))


@pytest.fixture
def fake(monkeypatch):
    """A parser whose workers are the fake worker, with a 1 s time-out."""
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    with MermaidParser(timeout=1.0, workers=1) as p:
        yield p


def test_hung_diagram_times_out_and_the_worker_is_restarted(fake):
    assert parse(fake, SMALL).ok
    hung = parse(fake, "flowchart LR\n    HANG --> A\n")
    assert not hung.ok
    assert "did not finish parsing within 1 s" in hung.error
    assert fake.restarts == 1
    after = parse(fake, "flowchart LR\n    B --> C\n")
    assert after.ok, after.error
    assert fake.restarts == 1


def test_dead_worker_is_reported_and_the_next_diagram_parses(fake):
    assert parse(fake, SMALL).ok
    dead = parse(fake, "flowchart LR\n    DIE --> A\n")
    assert not dead.ok
    assert "died" in dead.error
    assert fake.restarts == 1
    assert parse(fake, "flowchart LR\n    B --> C\n").ok


def test_hang_and_death_are_not_cached(monkeypatch, tmp_path):
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    cache = JsonCache(tmp_path / "cache.json")
    with MermaidParser(timeout=1.0, workers=1, cache=cache) as p:
        results = p.parse_many([(t, digest(t)) for t in (SMALL, "HANG", "DIE")])
        assert [r.ok for r in results] == [True, False, False]
        assert cache.get(p.cache_key(SMALL, digest(SMALL))) is not None
        assert cache.get(p.cache_key("HANG", digest("HANG"))) is None
        assert cache.get(p.cache_key("DIE", digest("DIE"))) is None
        assert p.restarts == 2 and p.parsed == 1


def test_pool_of_workers_goes_on_past_a_hang(monkeypatch):
    """More than 8 diagrams are parsed by a pool of threads; one hang costs one time-out, not the run."""
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    texts = [f"flowchart LR\n    N{i} --> M{i}\n" for i in range(10)] + ["flowchart LR\n    HANG\n"]
    with MermaidParser(timeout=1.0, workers=2) as p:
        results = p.parse_many([(t, digest(t)) for t in texts])
    assert [r.ok for r in results] == [True] * 10 + [False]
    assert "did not finish parsing within 1 s" in results[-1].error
    assert p.restarts == 1 and p.parsed == 10


def test_worker_that_cannot_start_is_a_setup_error(monkeypatch):
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    monkeypatch.setenv("FAKE_WORKER_NO_READY", "1")
    with MermaidParser(timeout=1.0, workers=1) as p:
        with pytest.raises(WorkerUnavailable, match="did not start"):
            parse(p, SMALL)


def test_wrong_ATLAS_NODE_MODULES_is_a_setup_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ATLAS_NODE_MODULES", str(tmp_path / "no-node-modules"))
    with pytest.raises(WorkerUnavailable):
        MermaidParser()


def test_a_worker_that_cannot_start_says_why(tmp_path):
    """node_modules with a mermaid/package.json but none of its code: Node's own error is in the message."""
    (tmp_path / "mermaid").mkdir()
    (tmp_path / "mermaid" / "package.json").write_text('{"version": "12.3.0"}', encoding="utf-8")
    parser = MermaidParser(node_modules=tmp_path)
    with pytest.raises(WorkerUnavailable, match=r"did not start \(Error \[ERR_MODULE_NOT_FOUND\]: Cannot find module"):
        parser.parse_one("flowchart LR\n  A --> B", "digest-of-a-diagram")
    parser.close()


# The real worker and the real Mermaid.

def architecture_diagram(services: int = 5000) -> str:
    """A large architecture-beta diagram (just under the size limit) that Mermaid takes about a second to parse."""
    return ("architecture-beta\n" + "".join(f"  service s{i}(server)[S{i}]\n" for i in range(services))
            + "".join(f"  s{i}:R -- L:s{i + 1}\n" for i in range(services - 1)))


def test_real_mermaid_too_slow_for_the_timeout_is_cut_off_and_the_run_goes_on():
    slow = architecture_diagram()
    assert len(slow.encode()) < MAX_DIAGRAM_BYTES
    with MermaidParser(timeout=10.0, workers=1) as p:
        assert parse(p, SMALL).ok  # the worker is up
        p.timeout = 0.25
        result = parse(p, slow)
        assert not result.ok
        assert "did not finish parsing within 0.25 s" in result.error
        assert p.restarts == 1
        p.timeout = 10.0
        after = parse(p, "flowchart LR\n    B --> C\n")
        assert after.ok and after.type == "flowchart-v2"


def test_killed_real_worker_is_restarted():
    with MermaidParser(workers=1) as p:
        assert parse(p, SMALL).ok
        [worker] = p._idle
        worker.proc.kill()
        worker.proc.wait()
        dead = parse(p, "flowchart LR\n    B --> C\n")
        assert not dead.ok and "died" in dead.error
        assert p.restarts == 1
        again = parse(p, "flowchart LR\n    B --> C\n")
        assert again.ok, again.error


def test_oversized_diagram_is_refused_without_asking_mermaid(parser):
    huge = "flowchart LR\n" + "".join(f"    N{i}[\"PostgreSQL shard {i}\"] --> N{i + 1}\n" for i in range(12000))
    assert len(huge.encode()) > MAX_DIAGRAM_BYTES
    before, restarts = parser.parsed, parser.restarts
    result = parse(parser, huge)
    assert not result.ok and "KiB" in result.error and "limit is 256 KiB" in result.error
    assert parser.parsed == before and parser.restarts == restarts  # no worker was asked


def test_parse_error_has_mermaids_message_and_line(parser):
    result = parse(parser, 'flowchart LR\n    A["x"] --> B\n    B --> C(("unclosed"\n    C --> D\n')
    assert not result.ok
    assert result.error.startswith("Parse error") and "Expecting" in result.error
    assert result.error_line == 3


def test_flowchart_structure_has_vertices_classes_edges_and_subgraphs(parser):
    text = ('flowchart LR\n    subgraph StatePlane["💾 State"]\n        PG[("PostgreSQL 16")]\n    end\n'
            "    API -->|SQL| PG\n    classDef stateStyle fill:#F59E0B,stroke:#D97706,color:#fff\n"
            '    class PG stateStyle\n    click PG "https://www.postgresql.org/docs/16/"\n')
    result = parse(parser, text)
    assert result.ok and result.structure["kind"] == "flowchart"
    vertices = {v["id"]: v for v in result.structure["vertices"]}
    assert "stateStyle" in vertices["PG"]["classes"]
    assert vertices["PG"]["link"] == "https://www.postgresql.org/docs/16/"
    assert result.structure["classDefs"]["stateStyle"]
    assert result.structure["edges"] == [{"start": "API", "end": "PG", "type": "arrow_point", "text": "SQL"}]
    assert result.structure["subgraphs"][0]["nodes"] == ["PG"]


def test_identical_diagrams_are_parsed_once(parser):
    text = "flowchart LR\n    ONCE --> TWICE\n"
    before = parser.parsed
    results = parser.parse_many([(text, digest(text))] * 3)
    assert [r.ok for r in results] == [True] * 3
    assert parser.parsed == before + 1


def test_oversized_non_ascii_diagram_reports_its_size_in_bytes(parser):
    label = "数据库分片" * 20  # 300 bytes of UTF-8 per node label
    huge = "flowchart LR\n" + "".join(f'    N{i}["{label}"]\n' for i in range(1000))
    size = len(huge.encode())
    assert size > MAX_DIAGRAM_BYTES and len(huge) < MAX_DIAGRAM_BYTES
    result = parse(parser, huge)
    assert not result.ok
    assert f"diagram is {size // 1024} KiB" in result.error
