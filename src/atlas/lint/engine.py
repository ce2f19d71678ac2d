"""Running the rules over files: read every file, parse every diagram once, collect diagnostics.

Two caches make a re-run cheap. The parse cache (atlas.cache.JsonCache, keyed by diagram and
Mermaid version) means an unchanged diagram is never parsed again. The page cache (PageCache, below)
keeps each page's findings with everything they were computed from (its bytes, the other pages the
rules read for it, and the run's configuration), so editing one page re-checks that page and the pages
that read it, and answers the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..cache import JsonCache, ShardedJsonCache, atomic_write_text
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
    """The `docs/` folder the paths live in (next to a mkdocs.yml), if any. (A path inside docs/ meets
    the mkdocs.yml one folder up, so no case of its own is needed for it.)"""
    for p in paths:
        for d in [p.resolve(), *p.resolve().parents]:
            if (d / "mkdocs.yml").is_file():
                return d / "docs" if (d / "docs").is_dir() else None
    return None


def default_cache(docs_root: Path | None) -> JsonCache | None:
    if docs_root is None:
        return None
    return ShardedJsonCache(docs_root.parent / ".cache" / "atlas" / "mermaid.json")


PAGE_CACHE_VERSION = 1
PAGE_CACHE_KEEP = 4  # run configurations kept (lint, validate-mermaid, check-links, a --select ...)
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
        if p.suffix in (".py", ".mjs", ".yaml") and "__pycache__" not in p.parts and p.is_file():
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


def _file_set(root: Path) -> list[str]:
    """The names of every file under the docs root: links, click targets and the nav resolve against it."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


class PageCache:
    """Each page's findings, kept with what they were computed from, so an edit re-checks only what it can
    affect. An entry is reused when its page's bytes are the same and every other page the rules read while
    checking it (a link's target for its anchors, the glossary...) is too, under the same configuration: the
    atlas's code, the rules, the Mermaid, Python and library versions, the options, today's date (SRC001
    compares dates with it) and the set of files under the docs root (links and the nav resolve against it;
    a page added or removed re-checks every page). One JSON file beside the parse cache."""

    def __init__(self, parse_cache: JsonCache):
        self.path = parse_cache.path.parent / f"{parse_cache.path.stem}-lint-pages.json"
        self._data: dict | None = None

    def configuration(self, rules: list[Rule], docs_root: Path, parser: MermaidParser | None, nav: bool) -> str:
        if parser is not None:
            mermaid = [parser.version, bool(getattr(parser, "stock", False))]
        else:
            try:
                mermaid = [mermaid_version(find_node_modules()), False]
            except (WorkerUnavailable, OSError, ValueError):
                mermaid = [None, False]
        material = {"version": PAGE_CACHE_VERSION, "package": _package_digest(), "libraries": _library_versions(),
                    "rules": [_rule_fingerprint(r) for r in rules], "mermaid": mermaid, "nav": nav,
                    "docs_root": str(docs_root.resolve()), "today": dt.date.today().isoformat(),
                    "files": _digest("\0".join(_file_set(docs_root)).encode("utf-8"))}
        return _digest(json.dumps(material, sort_keys=True, default=str).encode("utf-8"))

    def _load(self) -> dict:
        if self._data is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self._data = data if data.get("version") == PAGE_CACHE_VERSION else {}
            except (OSError, ValueError):
                self._data = {}
            self._data.setdefault("version", PAGE_CACHE_VERSION)
            self._data.setdefault("configurations", {})
        return self._data

    def get(self, config: str, path: Path, docs_root: Path) -> dict | None:
        """The entry of a page, if nothing it was computed from has changed."""
        entry = self._load()["configurations"].get(config, {}).get(str(path.resolve()))
        if not entry or entry.get("digest") != _file_digest(str(path)):
            return None
        for rel, digest in entry.get("reads", {}).items():
            if _file_digest(str(docs_root / rel)) != digest:
                return None
        return entry

    def put(self, config: str, entries: dict[str, dict]) -> None:
        data = self._load()
        configs = data["configurations"]
        mine = configs.pop(config, {})
        mine.update(entries)
        configs[config] = mine  # newest last
        for old in list(configs)[:-PAGE_CACHE_KEEP]:
            del configs[old]
        try:
            atomic_write_text(self.path, json.dumps(data, separators=(",", ":")))
        except OSError:
            pass  # a read-only cache folder only costs the next run its shortcut

    def entries(self) -> int:
        return sum(len(c) for c in self._load()["configurations"].values())


def _entry(path: Path, docs_root: Path, reads: set[str], diagnostics: list[Diagnostic], diagrams: int) -> dict:
    return {"digest": _file_digest(str(path)), "diagrams": diagrams,
            "reads": {rel: _file_digest(str(docs_root / rel)) for rel in sorted(reads)},
            "diagnostics": [[d.path, d.line, d.col, d.code, d.message, d.severity] for d in diagnostics]}


def lint(paths: list[Path], rules: list[Rule], docs_root: Path | None = None, parser: MermaidParser | None = None,
         cache: JsonCache | None | bool = True, nav: bool = True) -> Report:
    """Read, parse, check, report -- with the page cache as one layer around it: pages whose entry still
    holds are answered from it, the others go through the pipeline, and a run in which a worker hung or died
    or a rule crashed keeps nothing (its findings may be transient)."""
    docs_root = docs_root or find_docs_root(paths)
    if cache is True:
        cache = default_cache(docs_root)  # lazy: the file is read only if a diagram is looked up
    files = iter_markdown(paths)
    pages_cache = config = None
    if isinstance(cache, JsonCache) and docs_root is not None and docs_root.is_dir():
        pages_cache = PageCache(cache)
        config = pages_cache.configuration(rules, docs_root, parser, nav)
    report = Report(files=len(files))
    todo: list[Path] = []
    for path in files:
        entry = pages_cache.get(config, path, docs_root) if pages_cache else None
        if entry is None:
            todo.append(path)
        else:
            report.diagnostics += [Diagnostic(*d) for d in entry["diagnostics"]]
            report.diagrams += entry["diagrams"]
    if todo:
        checked, clean, per_page = _lint(todo, rules, docs_root, parser, cache, nav)
        report.diagnostics += checked.diagnostics
        report.diagrams += checked.diagrams
        report.parsed = checked.parsed
        if pages_cache is not None and clean:
            pages_cache.put(config, {str(p.resolve()): _entry(p, docs_root, reads, diags, n)
                                     for p, (reads, diags, n) in per_page.items()})
    # One finding per place: a table row with three TODO cells is one problem on that line.
    report.diagnostics = sorted(set(report.diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return report


def _lint(files: list[Path], rules: list[Rule], docs_root: Path | None, parser: MermaidParser | None,
          cache: JsonCache | None | bool, nav: bool) -> tuple[Report, bool, dict]:
    """The pipeline itself: read every file, parse every diagram once, run the rules. Returns the report,
    whether it is `clean` (False when a result may be transient: a worker hung or died, a rule crashed)
    and, per file, (the pages it read besides itself, its findings, its diagram count) for the cache."""
    report = Report()
    ctx = LintContext(docs_root=docs_root)
    read_rule = next((r for r in rules if r.code == READ_ERROR), None)
    pages: list[Page] = []
    per_page: dict[Path, tuple[set[str], list[Diagnostic], int]] = {}
    for path in files:
        try:
            page = load_page(path, docs_root)
        except PageError as exc:
            found = [Diagnostic(str(path), exc.line or 1, 1, READ_ERROR, str(exc))] if read_rule else []
            report.diagnostics += found
            per_page[path] = (set(), found, 0)
            continue
        except OSError as exc:
            found = [Diagnostic(str(path), 1, 1, READ_ERROR, f"cannot read file: {exc.strerror}")] if read_rule else []
            report.diagnostics += found
            per_page[path] = (set(), found, 0)
            continue
        pages.append(page)
        ctx.remember(page)

    clean = True
    diagrams = [d for p in pages for d in p.diagrams]
    report.diagrams = len(diagrams)
    if diagrams and any(getattr(r, "needs_mermaid", False) for r in rules):
        own = parser is None
        lent = False  # the run's cache lent to a caller's parser that has none, for this run only
        if own:
            parser = MermaidParser(cache=cache or None)
        elif parser.cache is None and isinstance(cache, JsonCache):
            parser.cache, lent = cache, True
        parsed_before, restarts_before = parser.parsed, parser.restarts
        try:
            results = parser.parse_many([(d.source, d.digest) for d in diagrams])
        finally:
            if own:
                parser.close()
            if parser.cache is not None:
                parser.cache.save()
            if lent:
                parser.cache = None
        ctx.results = {d.digest: r for d, r in zip(diagrams, results)}
        report.parsed = parser.parsed - parsed_before
        clean = parser.restarts == restarts_before

    if nav and docs_root is not None and any(getattr(r, "needs_nav", False) for r in rules):
        from ..site.nav import reached_pages

        ctx.nav_reached = reached_pages(docs_root)

    for page in pages:
        catalogued = is_catalogued(page)
        found: list[Diagnostic] = []
        ctx.reads = set()
        for rule in rules:
            if rule.applies_to == "catalogued" and not catalogued:
                continue
            try:
                found.extend(rule.check(page, ctx))
            except Exception as exc:  # a rule bug must not hide the other findings
                clean = False
                where = traceback.extract_tb(exc.__traceback__)[-1]
                found.append(Diagnostic(
                    str(page.path), 1, 1, "INT001",
                    f"internal error in rule {rule.code}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"))
        report.diagnostics += found
        per_page[page.path] = (ctx.reads - {page.rel}, found, len(page.diagrams))
    ctx.reads = None
    return report, clean, per_page
