"""Running the rules over files: read every file, parse every diagram once, collect diagnostics."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import JsonCache
from ..mermaid_worker import MermaidParser
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


def lint(paths: list[Path], rules: list[Rule], docs_root: Path | None = None, parser: MermaidParser | None = None,
         cache: JsonCache | None | bool = True, nav: bool = True) -> Report:
    docs_root = docs_root or find_docs_root(paths)
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

    diagrams = [d for p in pages for d in p.diagrams]
    report.diagrams = len(diagrams)
    if diagrams and any(getattr(r, "needs_mermaid", False) for r in rules):
        if cache is True:
            cache = default_cache(docs_root)
        own = parser is None
        parser = parser or MermaidParser(cache=cache or None)
        try:
            results = parser.parse_many([(d.source, d.digest) for d in diagrams])
        finally:
            if own:
                parser.close()
            if cache:
                cache.save()
        ctx.results = {d.digest: r for d, r in zip(diagrams, results)}
        report.parsed = parser.parsed

    if nav and docs_root is not None and any(getattr(r, "needs_nav", False) for r in rules):
        from ..nav import reached_pages

        ctx.nav_reached = reached_pages(docs_root)

    for page in pages:
        catalogued = is_catalogued(page)
        for rule in rules:
            if rule.applies_to == "catalogued" and not catalogued:
                continue
            try:
                report.diagnostics.extend(rule.check(page, ctx))
            except Exception as exc:  # a rule bug must not hide the other findings
                where = traceback.extract_tb(exc.__traceback__)[-1]
                report.diagnostics.append(Diagnostic(
                    str(page.path), 1, 1, "INT001",
                    f"internal error in rule {rule.code}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"))
    # One finding per place: a table row with three TODO cells is one problem on that line.
    report.diagnostics = sorted(set(report.diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))
    return report
