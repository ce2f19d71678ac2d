"""The parent side of the Mermaid worker: time-outs, restarts, dead workers, the size limit, the cache.

Hangs and deaths are made deterministic with tests/fake_worker.mjs, which speaks the worker's
protocol (HANG: never answers, DIE: exits); the real worker is used for a diagram that is genuinely
too slow for a short time-out, for a killed worker, and for what Mermaid itself returns.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import re

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


# Batching: more than 8 distinct diagrams are spread over the pool; 8 or fewer, or a pool of one, use
# one worker. Each real worker takes about a second to start, so the second thread of a pool always
# finds no idle worker and starts its own: the workers kept afterwards show whether a pool ran.

def distinct(n: int, tag: str = "B") -> list[tuple[str, str]]:
    texts = [f"flowchart LR\n    {tag}{i} --> C{i}\n" for i in range(n)]
    return [(t, digest(t)) for t in texts]


@pytest.mark.parametrize("n, workers, started", [(9, 2, 2), (8, 2, 1), (2, 2, 1), (9, 1, 1)])
def test_a_batch_uses_the_pool_only_past_eight_distinct_diagrams(n, workers, started):
    items = distinct(n) + distinct(n)[:1]  # a repeat does not count: 8 distinct + 1 repeat stays serial
    with MermaidParser(workers=workers) as p:
        results = p.parse_many(items)
        assert [r.ok for r in results] == [True] * (n + 1)
        assert p.parsed == n
        assert len(p._idle) == started


def test_a_batch_on_a_pool_caches_each_diagram_under_its_own_digest(tmp_path):
    cache = JsonCache(tmp_path / "cache.json")
    items = distinct(9, tag="K")
    with MermaidParser(workers=2, cache=cache) as p:
        assert all(r.ok for r in p.parse_many(items))
        assert all(cache.get(p.cache_key(t, d)) is not None for t, d in items)
    with MermaidParser(workers=2, cache=cache) as again:
        assert all(r.ok for r in again.parse_many(items))
        assert again.parsed == 0  # every diagram came from the cache


@pytest.mark.parametrize("cpus, size", [(None, 1), (1, 1), (2, 2), (8, 2)])
def test_the_pool_has_one_worker_per_cpu_up_to_two(monkeypatch, cpus, size):
    monkeypatch.setattr(mw.os, "cpu_count", lambda: cpus)
    with MermaidParser() as p:  # no worker starts before a diagram is parsed
        assert p.size == size
    with MermaidParser(workers=3) as p:
        assert p.size == 3


# The size limit, 256 KiB of UTF-8: the limit itself is allowed.

def of_size(n: int) -> str:
    head = "flowchart LR\n    A --> B\n"
    pad = "%% padding\n" * ((n - len(head)) // 11)
    text = head + pad
    return text + "%" * (n - len(text.encode()))


def test_a_diagram_of_exactly_256_KiB_is_parsed_and_one_byte_more_is_refused(parser):
    at, over = of_size(256 * 1024), of_size(256 * 1024 + 1)
    assert len(at.encode()) == 256 * 1024 and len(over.encode()) == 256 * 1024 + 1
    before = parser.parsed
    refused = parse(parser, over)
    assert not refused.ok and "diagram is 256 KiB; the limit is 256 KiB" in refused.error
    assert parser.parsed == before
    result = parse(parser, at)
    assert parser.parsed == before + 1  # Mermaid was asked
    assert result.error is None or "limit" not in result.error


@pytest.mark.parametrize("size, kib", [(300 * 1024, 300), (300 * 1023, 299)])
def test_an_oversized_diagram_reports_whole_KiB(parser, size, kib):
    result = parse(parser, "flowchart LR\n" + "x" * (size - 13))
    assert not result.ok and result.error.startswith(f"diagram is {kib} KiB;")


# The cache keeps an error with its message and line.

def test_a_cached_parse_error_keeps_its_message_and_line(tmp_path):
    text = 'flowchart LR\n    A["x"] --> B\n    B --> C(("unclosed"\n    C --> D\n'
    cache = JsonCache(tmp_path / "cache.json")
    with MermaidParser(workers=1, cache=cache) as p:
        first = parse(p, text)
    assert not first.ok and first.error_line == 3
    with MermaidParser(workers=1, cache=cache) as p:
        again = parse(p, text)
        assert p.parsed == 0  # from the cache
    assert again == first


# Stock mode (ATLAS_STOCK=1 for the worker) is off unless asked for.

def worker_environment(p: MermaidParser) -> dict[str, str]:
    [worker] = p._idle
    raw = Path(f"/proc/{worker.proc.pid}/environ").read_bytes()
    return dict(kv.split("=", 1) for kv in raw.decode(errors="replace").split("\0") if "=" in kv)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads a process's environment from /proc")
@pytest.mark.parametrize("options, stock", [({}, None), ({"stock": False}, None), ({"stock": True}, "1")])
def test_the_worker_runs_stock_mermaid_only_when_asked(monkeypatch, options, stock):
    monkeypatch.delenv("ATLAS_STOCK", raising=False)
    with MermaidParser(workers=1, **options) as p:
        assert parse(p, SMALL).ok
        assert worker_environment(p).get("ATLAS_STOCK") == stock


# Shutdown: closing the parser ends its workers and closes their pipes.

def test_closing_the_parser_ends_every_worker_and_closes_its_pipes():
    p = MermaidParser(workers=2)
    assert all(r.ok for r in p.parse_many(distinct(9, tag="Z")))
    workers = list(p._idle)
    assert len(workers) == 2 and all(w.proc.poll() is None for w in workers)
    p.close()
    assert p._idle == []
    for w in workers:
        assert w.proc.poll() is not None
        assert w.proc.stdin.closed and w.proc.stdout.closed and w.stderr.closed


def test_node_modules_is_found_from_the_package_when_not_from_the_working_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ATLAS_NODE_MODULES", raising=False)
    here = Path(mw.__file__).resolve().parents[2] / "node_modules"
    assert (here / "mermaid" / "package.json").is_file()
    assert mw.find_node_modules(start=tmp_path) == here


# What the worker prints: stray lines, a line that ends after the time-out, a closed stdout, and the
# stderr of a worker that cannot start (tests/fake_worker.mjs, for exact control of the output).

def test_a_stray_line_before_the_answer_is_skipped(fake):
    result = parse(fake, "flowchart LR\n    NOISE --> A\n")
    assert result.ok and result.type == "fake"
    assert fake.restarts == 0


def test_a_stray_line_in_the_same_write_as_the_answer_is_skipped(fake):
    result = parse(fake, "flowchart LR\n    CHATTY --> A\n")
    assert result.ok and result.type == "fake"


def test_an_answer_whose_line_ends_after_the_time_out_is_a_time_out(monkeypatch):
    """The worker's stray line ends 1 s after a 0.5 s time-out, the answer right behind it: too late."""
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    with MermaidParser(timeout=0.5, workers=1) as p:
        late = parse(p, "flowchart LR\n    LATE --> A\n")
        assert not late.ok
        assert "did not finish parsing within 0.5 s" in late.error
        assert p.restarts == 1


def test_a_worker_that_closes_its_output_early_died_rather_than_timed_out(fake):
    result = parse(fake, "flowchart LR\n    EOF --> A\n")
    assert not result.ok
    assert result.error == "the Mermaid worker died while parsing this diagram"
    assert fake.restarts == 1
    assert parse(fake, SMALL).ok


@pytest.mark.parametrize("stderr, named", [
    ("loading the hooks\nTypeError: the first\n    at x.mjs:1\nError: the second\n", "TypeError: the first"),
    ("Killed\nsomething else\n", "Killed"),  # no named error: its first line
], ids=["names_its_first_error", "without_a_named_error_gives_its_first_line"])
def test_a_worker_that_cannot_start_says_why(monkeypatch, stderr, named):
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    monkeypatch.setenv("FAKE_WORKER_STDERR", stderr)
    with MermaidParser(timeout=1.0, workers=1) as p:
        with pytest.raises(WorkerUnavailable, match=rf"did not start \({re.escape(named)}\)"):
            parse(p, SMALL)


def test_a_long_start_error_is_cut_to_300_characters(monkeypatch):
    line = "Error: " + "".join(f"{i:04d}" for i in range(100))  # 407 characters
    monkeypatch.setattr(mw, "WORKER_JS", FAKE_WORKER)
    monkeypatch.setenv("FAKE_WORKER_STDERR", line + "\n")
    with MermaidParser(timeout=1.0, workers=1) as p:
        with pytest.raises(WorkerUnavailable) as raised:
            parse(p, SMALL)
    assert f"did not start ({line[:300]}); run" in str(raised.value)
