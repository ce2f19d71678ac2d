"""The batch reviewer: a compliance score per page from the real lint rules, concrete fix
suggestions, and the mechanical fixes (plane classDefs, a missing version) applied after a diff."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import CATEGORIES, HOME_SECTIONS
from ..lint.diagrams import line_containing, real_nodes
from ..lint.engine import default_cache, lint
from ..lint.registry import all_rules
from ..lint.rule import Diagnostic
from ..lint.rules.gat001_sections import missing_elements
from ..mermaid_worker import MermaidParser, ParseResult
from ..pages import Page, PageError, load_page
from ..planes import PLANE_CLASSES, PLANES, TEXT_COLOUR, parse_styles, plane_named_in, planes_of
from .derive import has_version
from .edit import EditError, edit_front_matter
from .paths import category_of, display, page_files
from ..cache import atomic_write_bytes
from .safety import writer_lock

WARNING_WEIGHT = 0.5  # a rule with only warnings costs half a failed rule


class ReviewError(Exception):
    pass


@dataclass
class PageReview:
    path: Path
    shown: str
    score: int
    diagnostics: list[Diagnostic]
    failed: list[str]  # rule codes with an error on this page
    warned: list[str]  # rule codes with only warnings
    page: Page | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity != "error")


@dataclass
class Fix:
    path: Path
    shown: str
    before: bytes
    after: bytes
    what: list[str] = field(default_factory=list)

    def diff(self) -> str:
        a = self.before.decode("utf-8", "replace").splitlines(keepends=True)
        b = self.after.decode("utf-8", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(a, b, fromfile=f"a/{self.shown}", tofile=f"b/{self.shown}"))


def check_category(category: str | None) -> None:
    if category is not None and category not in CATEGORIES and category not in HOME_SECTIONS:
        raise ReviewError(f"--category {category!r} is not a category; one of: {', '.join([*CATEGORIES, *HOME_SECTIONS])}")


def pages_of(root: Path, category: str | None) -> list[Path]:
    docs = root / "docs"
    return [docs / rel for rel in page_files(docs) if category is None or category_of(rel) == category]


def score_pages(root: Path, files: list[Path], parser: MermaidParser) -> list[PageReview]:
    """Every rule on every page (the linter itself); worst first."""
    docs = root / "docs"
    rules = all_rules()
    report = lint(files, rules, docs_root=docs, parser=parser, cache=True) if files else None
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics if report else []:
        by_path.setdefault(d.path, []).append(d)
    out = []
    for f in files:
        diags = by_path.get(str(f), [])
        failed = sorted({d.code for d in diags if d.severity == "error"})
        warned = sorted({d.code for d in diags if d.severity != "error"} - set(failed))
        if "IO001" in failed:
            score, page = 0, None
        else:
            score = round(100 * (len(rules) - len(failed) - WARNING_WEIGHT * len(warned)) / len(rules))
            try:
                page = load_page(f, docs)
            except (PageError, OSError):
                page = None
        out.append(PageReview(f, display(f, root), score, diags, failed, warned, page))
    return sorted(out, key=lambda r: (r.score, -r.errors, r.shown))


def parse_results(page: Page, parser: MermaidParser) -> list[ParseResult]:
    return parser.parse_many([(d.source, d.digest) for d in page.diagrams])


def _flowcharts(page: Page, results: list[ParseResult]):
    for diagram, r in zip(page.diagrams, results):
        if r.ok and r.structure and r.structure.get("kind") == "flowchart":
            yield diagram, r.structure


def classdef_fixes(structure: dict) -> tuple[list[str], dict[str, str]]:
    """(classDef lines to add, {plane class: corrected line} for wrong ones) for one flowchart."""
    defs = structure.get("classDefs", {})
    used = {c for v in structure.get("vertices", []) for c in v.get("classes", []) if c in PLANE_CLASSES}
    add = [PLANE_CLASSES[c].class_def for c in sorted(used - set(defs), key=lambda c: [p.css_class for p in PLANES].index(c))]
    wrong = {}
    for name, styles in defs.items():
        plane = PLANE_CLASSES.get(name)
        if plane is None:
            continue
        st = parse_styles(styles)
        if (st.get("fill"), st.get("stroke"), st.get("color")) != (plane.fill.lower(), plane.stroke.lower(), TEXT_COLOUR):
            wrong[name] = plane.class_def
    return add, wrong


def suggestions(review: PageReview, parser: MermaidParser) -> list[str]:
    """Concrete fixes for one page, most mechanical first."""
    out: list[str] = []
    page = review.page
    if page is None:
        return [d.text() for d in review.diagnostics]
    if not has_version(page.meta):
        out.append("front matter: add `version: '1.0'` (atlas review --apply does it)")
    for diagram, s in _flowcharts(page, parse_results(page, parser)):
        where = f"diagram at line {diagram.line}"
        add, wrong = classdef_fixes(s)
        for line in add:
            out.append(f"{where}: add `{line}`")
        for name, line in wrong.items():
            out.append(f"{where}: replace `classDef {name} ...` (line {diagram.line + line_containing(diagram.source, f'classDef {name}') - 1}) with `{line}`")
        member = {}
        for sg in s.get("subgraphs", []):
            plane = plane_named_in(str(sg.get("title", ""))) or plane_named_in(str(sg.get("id", "")))
            for n in sg.get("nodes", []):
                if plane is not None:
                    member[n] = plane
        lacking = [v["id"] for v in real_nodes(s) if not planes_of(v.get("classes", []))]
        by_plane: dict[str, list[str]] = {}
        for node in lacking:
            plane = member.get(node)
            by_plane.setdefault(plane.css_class if plane else "", []).append(node)
        for css, nodes in by_plane.items():
            if css:
                out.append(f"{where}: nodes without a plane, inside the {PLANE_CLASSES[css].name} subgraph: "
                           f"add `class {','.join(nodes)} {css}`")
            else:
                out.append(f"{where}: nodes without a plane: {', '.join(nodes)} — add `class <ids> <plane>` with one of "
                           + ", ".join(p.css_class for p in PLANES) + " each (and the matching classDef)")
    for gate, eid, cues in missing_elements(page):
        out.append(f"{gate} gate: answer '{eid}' (a heading, table row or labelled item starting with "
                   f"{cues[0]!r}), or declare `not_applicable: {{{eid}: reason}}`")
    covered = {"GAT001", "PLN001", "PLN002"}
    out += [f"{d.code} line {d.line}: {d.message}" for d in review.diagnostics if d.code not in covered
            and not (d.code == "FM001" and "`version`" in d.message)]
    return out


def mechanical_fix(review: PageReview, parser: MermaidParser) -> Fix | None:
    """Plane classDefs (add the missing ones, correct wrong colours) and a missing version. Nothing else."""
    page = review.page
    if page is None:
        return None
    before = review.path.read_bytes()
    text = before.decode("utf-8")
    if before.startswith(b"\xef\xbb\xbf"):
        return None  # rare; the front matter editor handles a BOM but the line arithmetic below does not
    lines = text.splitlines(keepends=True)
    nl = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    what: list[str] = []
    inserts: dict[int, list[str]] = {}  # 0-based line index -> lines to insert after it
    for diagram, s in _flowcharts(page, parse_results(page, parser)):
        src = diagram.source.splitlines()
        first = diagram.line - 1
        if not src or first >= len(lines) or lines[first].rstrip("\r\n") != src[0]:
            continue  # a diagram inside a list or quote: its file lines carry a prefix; left to a person
        add, wrong = classdef_fixes(s)
        indent = next((ln[: len(ln) - len(ln.lstrip())] for ln in src[1:] if ln.strip()), "    ")
        for name, new_def in wrong.items():
            i = first + line_containing(diagram.source, f"classDef {name}") - 1
            old = lines[i].rstrip("\r\n")
            if f"classDef {name}" not in old:
                continue
            ending = lines[i][len(old):]
            lines[i] = old[: len(old) - len(old.lstrip())] + new_def + ending
            what.append(f"corrected classDef {name}")
        if add:
            last = first + len(src) - 1
            ending = lines[last][len(lines[last].rstrip("\r\n")):] or nl  # the line they follow: its own ending
            inserts[last] = [indent + d + ending for d in add]
            what += [f"added classDef {d.split()[1]}" for d in add]
    for i in sorted(inserts, reverse=True):
        lines[i + 1:i + 1] = inserts[i]
    after = "".join(lines).encode("utf-8")
    if not has_version(page.meta) and page.meta_lines is not None and text.startswith("---"):
        review_fields = {} if isinstance(page.meta.get("review"), dict) else {"status": "needs_review"}
        try:
            after = edit_front_matter(after, version="1.0", review=review_fields)
            what.append("added version 1.0")
        except (PageError, EditError):
            pass
    if after == before:
        return None
    return Fix(review.path, review.shown, before, after, what)


def apply_fixes(root: Path, fixes: list[Fix]) -> tuple[list[Fix], list[str]]:
    """Write each fix under the lock, unless its page changed since the diff was shown."""
    done, skipped = [], []
    with writer_lock(root):
        for fix in fixes:
            try:
                current = fix.path.read_bytes()
            except OSError as exc:
                skipped.append(f"{fix.shown}: cannot read file: {exc.strerror}")
                continue
            if current != fix.before:
                skipped.append(f"{fix.shown}: changed since the diff was made; not written (run again)")
                continue
            atomic_write_bytes(fix.path, fix.after)
            done.append(fix)
    return done, skipped


def rule_failures(reviews: list[PageReview]) -> Counter:
    return Counter(code for r in reviews for code in r.failed)


def new_parser(root: Path) -> MermaidParser:
    return MermaidParser(cache=default_cache(root / "docs"))
