"""Client of the long-lived Node worker that runs the pinned Mermaid parser.

One worker serves all diagrams of a run. A diagram that hangs is timed out and the worker
restarted; a worker that dies is restarted and the run goes on. Results are cached by the
diagram's hash and the Mermaid version, so an unchanged diagram is not parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import selectors
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cache import JsonCache

WORKER_JS = Path(__file__).parent / "js" / "mermaid-worker.mjs"
DEFAULT_TIMEOUT = 10.0
MAX_DIAGRAM_BYTES = 256 * 1024


class WorkerUnavailable(Exception):
    """Node or the pinned mermaid package is missing: a set-up problem, reported once."""


@dataclass
class ParseResult:
    ok: bool
    type: str | None = None
    error: str | None = None
    error_line: int | None = None  # 1-based, relative to the diagram source
    structure: dict | None = None

    @classmethod
    def from_json(cls, d: dict) -> "ParseResult":
        err = d.get("error") or {}
        return cls(ok=bool(d.get("ok")), type=d.get("type"), error=err.get("message"),
                   error_line=err.get("line"), structure=d.get("structure"))

    def to_json(self) -> dict:
        out: dict = {"ok": self.ok, "type": self.type, "structure": self.structure}
        if not self.ok:
            out["error"] = {"message": self.error, "line": self.error_line}
        return out


def find_node_modules(start: Path | None = None) -> Path:
    """The project's node_modules holding the pinned mermaid (ATLAS_NODE_MODULES overrides)."""
    env = os.environ.get("ATLAS_NODE_MODULES")
    if env:
        if not (Path(env) / "mermaid" / "package.json").is_file():
            raise WorkerUnavailable(f"ATLAS_NODE_MODULES={env} holds no mermaid/package.json: run `make setup` or unset it")
        return Path(env)
    for base in [start or Path.cwd(), Path(__file__).resolve().parents[2]]:
        for d in [base, *base.parents]:
            if (d / "node_modules" / "mermaid" / "package.json").is_file():
                return d / "node_modules"
    raise WorkerUnavailable("node_modules/mermaid not found: run `make setup` (npm ci) in the atlas repository")


def mermaid_version(node_modules: Path) -> str:
    return json.loads((node_modules / "mermaid" / "package.json").read_text())["version"]


class _Worker:
    """One Node process speaking JSON lines."""

    def __init__(self, node_modules: Path, stock: bool = False):
        node = shutil.which("node")
        if node is None:
            raise WorkerUnavailable("`node` is not on PATH: install Node.js 20+ (make setup needs it too)")
        env = dict(os.environ)
        if stock:
            env["ATLAS_STOCK"] = "1"
        # stderr goes to a file, not a pipe nobody drains: read only to explain a failed start.
        self.stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        self.proc = subprocess.Popen(
            [node, str(WORKER_JS), str(node_modules)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.stderr, env=env, text=True, encoding="utf-8", bufsize=1,
        )
        self._pending = b""  # bytes read from stdout that do not end a line yet (see _read)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)
        hello = self._read(timeout=60.0)
        if hello is None or not hello.get("ready"):
            self.proc.kill()
            self.proc.wait()
            why = self._last_error() or "no message"
            self.close()
            raise WorkerUnavailable(f"the Mermaid worker did not start ({why}); "
                                    "run `make setup` (npm ci)")
        self.version = hello.get("mermaid")

    def _last_error(self) -> str:
        """The line of the worker's stderr that names the error (Node prints a stack after it)."""
        try:
            self.stderr.seek(0)
            lines = [ln.strip() for ln in self.stderr.read().splitlines() if ln.strip()]
        except (OSError, ValueError):
            return ""
        named = [ln for ln in lines if re.match(r"^([A-Z]\w*)?(Error|Exception)\b(?!\()", ln)]
        return (named or lines or [""])[0][:300]

    def _read(self, timeout: float) -> dict | None:
        """The next JSON line the worker writes, or None if it died or `timeout` passed first. Reads the
        pipe's bytes itself: a stray line and the answer can arrive in one read, and a buffered reader
        would hold the answer where the selector cannot see it (it waits on the pipe, then times out)."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self._pending:
                line, self._pending = self._pending.split(b"\n", 1)
                try:
                    return json.loads(line)
                except ValueError:  # JSONDecodeError or bytes that are not UTF-8
                    continue  # stray output from a library; the answer is the next JSON line
            left = deadline - time.monotonic()
            if left <= 0 or not self.sel.select(left):
                return None
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                return None  # the worker died
            self._pending += chunk

    def ask(self, text: str, timeout: float) -> ParseResult:
        try:
            self.proc.stdin.write(json.dumps({"id": 0, "text": text}) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Dead("the Mermaid worker died") from None
        started = time.monotonic()
        reply = self._read(timeout)
        if reply is None:
            if self.proc.poll() is None and time.monotonic() - started >= timeout - 0.01:
                raise _Dead(f"Mermaid did not finish parsing within {timeout:g} s (the diagram may make it hang)")
            raise _Dead("the Mermaid worker died while parsing this diagram")
        return ParseResult.from_json(reply)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.stderr):
            try:
                f.close()
            except OSError:
                pass


class _Dead(Exception):
    pass


@lru_cache(maxsize=1)
def _worker_digest() -> str:
    h = hashlib.sha256()
    for f in sorted(WORKER_JS.parent.glob("*.mjs")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


class MermaidParser:
    """Parses diagrams with the pinned Mermaid, through a pool of long-lived workers."""

    def __init__(self, node_modules: Path | None = None, cache: JsonCache | None = None,
                 timeout: float = DEFAULT_TIMEOUT, workers: int | None = None, stock: bool = False):
        self.node_modules = node_modules or find_node_modules()
        self.version = mermaid_version(self.node_modules)
        self.cache = cache
        self.timeout = timeout
        self.stock = stock
        self.size = workers or max(1, min(2, os.cpu_count() or 1))
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self.restarts = 0
        self.parsed = 0

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return _Worker(self.node_modules, stock=self.stock)

    def _give(self, w: _Worker) -> None:
        with self._lock:
            self._idle.append(w)

    def cache_key(self, text: str, digest: str) -> str:
        """Keyed by the diagram, the Mermaid version and the worker's own code (what it extracts)."""
        return f"mermaid-{self.version}-{_worker_digest()}:{digest}"

    def cached(self, text: str, digest: str) -> ParseResult | None:
        """The cached result for a diagram, if any (never asks Mermaid)."""
        if self.cache is None:
            return None
        hit = self.cache.get(self.cache_key(text, digest))
        return ParseResult.from_json(hit) if hit is not None else None

    def parse_one(self, text: str, digest: str) -> ParseResult:
        """Thread-safe: up to `size` threads may call it at once, each with its own worker."""
        hit = self.cached(text, digest)
        if hit is not None:
            return hit
        size = len(text.encode("utf-8"))
        if size > MAX_DIAGRAM_BYTES:
            return ParseResult(ok=False, error=f"diagram is {size // 1024} KiB; the limit is "
                               f"{MAX_DIAGRAM_BYTES // 1024} KiB (split it)")
        worker = self._take()
        try:
            result = worker.ask(text, self.timeout)
        except _Dead as exc:
            worker.close()
            with self._lock:
                self.restarts += 1
            return ParseResult(ok=False, error=str(exc))  # not cached: a hang may be transient
        self._give(worker)
        with self._lock:
            self.parsed += 1
        if self.cache is not None:
            self.cache.put(self.cache_key(text, digest), result.to_json())
        return result

    def parse_many(self, items: list[tuple[str, str]]) -> list[ParseResult]:
        """Parse (text, digest) pairs; identical diagrams are parsed once."""
        unique: dict[str, str] = {}
        for text, digest in items:
            unique.setdefault(digest, text)
        if self.size > 1 and len(unique) > 8:
            with ThreadPoolExecutor(self.size) as pool:
                results = dict(zip(unique, pool.map(lambda kv: self.parse_one(kv[1], kv[0]), unique.items())))
        else:
            results = {d: self.parse_one(t, d) for d, t in unique.items()}
        return [results[d] for _, d in items]

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for w in workers:
            w.close()

    def __enter__(self) -> "MermaidParser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
