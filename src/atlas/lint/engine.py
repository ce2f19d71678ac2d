"""Running the rules over files: read every file, parse every diagram once, collect diagnostics.

Two caches make a re-run cheap. The parse cache (atlas.cache.JsonCache, keyed by diagram and
Mermaid version) means an unchanged diagram is never parsed again. The run cache (RunCache, below)
keeps a whole run's findings under a fingerprint of everything the run reads: every file under the
docs root, the linted files, the rules and their code, the atlas package's code, the Mermaid,
Python and library versions, the options, today's date (SRC001 compares dates with it) and the
parse cache file itself. When nothing of that changed, the findings are the same by construction
and are read back instead of being recomputed; when anything changed, the run is a real one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import JsonCache, atomic_write_text
from ..mermaid_worker import MermaidParser, WorkerUnavailable, find_node_modules, mermaid_version
from ..pages import Page, PageError, iter_markdown, load_page
from .context import LintContext, is_catalogued
from .rule import Diagnostic, Rule

READ_ERROR = "IO001"  # a file that cannot be read as a page (see rules/io001_readable.py)


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    diagrams: int = 0
    parsed: int = 0  # diagrams actually sent to Mermaid (the rest came from the cache)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")


def find_docs_root(paths: list[Path]) -> Path | None:
    """The `docs/` folder the paths live in (next to a mkdocs.yml), if any."""
    for p in paths:
        for d in [p.resolve(), *p.resolve().parents]:
            if (d / "mkdocs.yml").is_file():
                return d / "docs" if (d / "docs").is_dir() else None
            if d.name == "docs" and (d.parent / "mkdocs.yml").is_file():
                return d
    return None


def default_cache(docs_root: Path | None) -> JsonCache | None:
    if docs_root is None:
        return None
    return JsonCache(docs_root.parent / ".cache" / "atlas" / "mermaid.json")


RUN_CACHE_VERSION = 1
RUN_CACHE_KEEP = 8  # fingerprints kept per parse cache (lint, validate-mermaid, check-links, ...)
RACY_SECONDS = 2.0  # a file modified this recently may change again within the same mtime tick
_PACKAGE = Path(__file__).resolve().parents[1]  # src/atlas


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@lru_cache(maxsize=8192)
def _stamped_digest(path: str, mtime_ns: int, size: int) -> str:
    try:
        return _digest(Path(path).read_bytes())
    except OSError:
        return "unreadable"


def _file_digest(path: str, st: os.stat_result | None = None) -> str:
    """Content digest of a file, memoized in-process by its stamp unless the stamp is too recent
    to tell two writes apart (git's "racy" case): a test that lints, edits and lints again at once."""
    try:
        st = st or os.stat(path)
    except OSError:
        return "missing"
    if time.time() - st.st_mtime > RACY_SECONDS:
        return _stamped_digest(path, st.st_mtime_ns, st.st_size)
    try:
        return _digest(Path(path).read_bytes())
    except OSError:
        return "unreadable"


def _source_digest(filename: str | None) -> str:
    """Digest of a Python source file (a rule defined outside the atlas package, a patched check)."""
    return _file_digest(filename) if filename else "none"


@lru_cache(maxsize=1)
def _package_digest() -> str:
    """The atlas package's own code (engine, pages, rules, catalog, model, worker scripts)."""
    h = hashlib.blake2b(digest_size=16)
    for p in sorted(_PACKAGE.rglob("*")):
        if p.suffix in (".py", ".mjs") and "__pycache__" not in p.parts and p.is_file():
            h.update(p.relative_to(_PACKAGE).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _rule_fingerprint(rule: Rule) -> list:
    cls = type(rule)
    check = getattr(rule, "check", None)
    code = getattr(getattr(check, "__func__", check), "__code__", None)
    module = sys.modules.get(cls.__module__)
    return [rule.code, cls.__module__, cls.__qualname__, getattr(rule, "severity", ""),
            getattr(rule, "applies_to", ""), bool(getattr(rule, "needs_mermaid", False)),
            bool(getattr(rule, "needs_nav", False)), _source_digest(getattr(module, "__file__", None)),
            getattr(code, "co_qualname", None), getattr(code, "co_firstlineno", None),
            _source_digest(getattr(code, "co_filename", None))]


def _library_versions() -> dict:
    import markdown
    import markdown_it
    import pydantic
    import yaml

    return {"python": sys.version, "pydantic": pydantic.VERSION, "yaml": yaml.__version__,
            "markdown_it": markdown_it.__version__, "markdown": markdown.__version__}


def _tree_digest(root: Path) -> list[tuple[str, str]]:
    """Every file under root, sorted: Markdown by content (the linter reads it), any other file
    by size and time (the linter only needs to know it exists, for links; a stamp is enough)."""
    out = []
    for p in root.rglob("*"):
        try:
            st = p.stat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        rel = p.relative_to(root).as_posix()
        if p.suffix == ".md":
            out.append((rel, _file_digest(str(p), st)))
        else:
            out.append((rel, f"{st.st_size}:{st.st_mtime_ns}"))
    out.sort()
    return out


class RunCache:
    """A whole run's findings, kept under a fingerprint of everything the run reads (see the module doc).

    One small JSON file per fingerprint, next to the parse cache it belongs to; the newest
    RUN_CACHE_KEEP are kept."""

    def __init__(self, parse_cache: JsonCache):
        self.parse_cache = parse_cache
        self.folder = parse_cache.path.parent / f"{parse_cache.path.stem}-lint-runs"

    def fingerprint(self, paths: list[Path], rules: list[Rule], docs_root: Path, parser: MermaidParser | None,
                    nav: bool) -> str:
        root = docs_root.resolve()
        outside = []
        for p in paths:
            rp = p.resolve()
            if rp != root and root not in rp.parents:
                outside += [(str(f.resolve()), _file_digest(str(f))) for f in iter_markdown([p])]
        if parser is not None:
            mermaid = [parser.version, bool(getattr(parser, "stock", False))]
        else:
            try:
                mermaid = [mermaid_version(find_node_modules()), False]
            except (WorkerUnavailable, OSError, ValueError):
                mermaid = [None, False]
        try:
            st = self.parse_cache.path.stat()
            parse_cache = [str(self.parse_cache.path.resolve()), st.st_size, st.st_mtime_ns]
        except OSError:
            parse_cache = [str(self.parse_cache.path), None, None]
        material = {
            "version": RUN_CACHE_VERSION, "package": _package_digest(), "libraries": _library_versions(),
            "rules": [_rule_fingerprint(r) for r in rules], "mermaid": mermaid, "nav": nav,
            "paths": [str(p) for p in paths], "cwd": os.getcwd(), "docs_root": str(root),
            "today": dt.date.today().isoformat(), "parse_cache": parse_cache,
            "tree": _tree_digest(root), "outside": sorted(outside),
        }
        return _digest(json.dumps(material, sort_keys=True, default=str).encode("utf-8"))

    def get(self, key: str) -> Report | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if data.get("version") != RUN_CACHE_VERSION or data.get("key") != key:
                return None
            return Report(diagnostics=[Diagnostic(*d) for d in data["diagnostics"]], files=data["files"],
                          diagrams=data["diagrams"], parsed=0)
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, key: str, report: Report) -> None:
        data = {"version": RUN_CACHE_VERSION, "key": key, "files": report.files, "diagrams": report.diagrams,
                "diagnostics": [[d.path, d.line, d.col, d.code, d.message, d.severity] for d in report.diagnostics]}
        try:
            atomic_write_text(self.folder / f"{key}.json", json.dumps(data, separators=(",", ":")))
            old = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for p in old[RUN_CACHE_KEEP:]:
                p.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache folder only costs the next run its shortcut


def lint(paths: list[Path], rules: list[Rule], docs_root: Path | None = None, parser: MermaidParser | None = None,
         cache: JsonCache | None | bool = True, nav: bool = True) -> Report:
    docs_root = docs_root or find_docs_root(paths)
    if cache is True:
        cache = default_cache(docs_root)  # lazy: the file is read only if a diagram is looked up
    runs = None
    if isinstance(cache, JsonCache) and docs_root is not None and docs_root.is_dir():
        runs = RunCache(cache)
        hit = runs.get(runs.fingerprint(paths, rules, docs_root, parser, nav))
        if hit is not None:
            return hit
    report, clean = _lint(paths, rules, docs_root, parser, cache, nav)
    if runs is not None and clean:
        # The parse cache was just saved: the key must name the file as the next run will find it.
        runs.put(runs.fingerprint(paths, rules, docs_root, parser, nav), report)
    return report


def _lint(paths: list[Path], rules: list[Rule], docs_root: Path | None, parser: MermaidParser | None,
          cache: JsonCache | None | bool, nav: bool) -> tuple[Report, bool]:
    """The run itself; `clean` is False when a result may be transient (a worker hung or died,
    a rule crashed), so the run cache does not keep it."""
    report = Report()
    ctx = LintContext(docs_root=docs_root)
    read_rule = next((r for r in rules if r.code == READ_ERROR), None)
    pages: list[Page] = []
    for path in iter_markdown(paths):
        report.files += 1
        try:
            page = load_page(path, docs_root)
        except PageError as exc:
            if read_rule:
                report.diagnostics.append(Diagnostic(str(path), exc.line or 1, 1, READ_ERROR, str(exc)))
            continue
        except OSError as exc:
            if read_rule:
                report.diagnostics.append(Diagnostic(str(path), 1, 1, READ_ERROR, f"cannot read file: {exc.strerror}"))
            continue
        pages.append(page)
        ctx.remember(page)

    clean = True
    diagrams = [d for p in pages for d in p.diagrams]
    report.diagrams = len(diagrams)
    if diagrams and any(getattr(r, "needs_mermaid", False) for r in rules):
        own = parser is None
        if own:
            parser = MermaidParser(cache=cache or None)
        elif parser.cache is None and isinstance(cache, JsonCache):
            parser.cache = cache
        parsed_before, restarts_before = parser.parsed, parser.restarts
        try:
            results = parser.parse_many([(d.source, d.digest) for d in diagrams])
        finally:
            if own:
                parser.close()
            if parser.cache is not None:
                parser.cache.save()
        ctx.results = {d.digest: r for d, r in zip(diagrams, results)}
        report.parsed = parser.parsed - parsed_before
        clean = parser.restarts == restarts_before

    if nav and docs_root is not None and any(getattr(r, "needs_nav", False) for r in rules):
        from ..site.nav import reached_pages

        ctx.nav_reached = reached_pages(docs_root)

    for page in pages:
        catalogued = is_catalogued(page)
        for rule in rules:
            if rule.applies_to == "catalogued" and not catalogued:
                continue
            try:
                report.diagnostics.extend(rule.check(page, ctx))
            except Exception as exc:  # a rule bug must not hide the other findings
                clean = False
                where = traceback.extract_tb(exc.__traceback__)[-1]
                report.diagnostics.append(Diagnostic(
                    str(page.path), 1, 1, "INT001",
                    f"internal error in rule {rule.code}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"))
    # One finding per place: a table row with three TODO cells is one problem on that line.
    report.diagnostics = sorted(set(report.diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return report, clean
