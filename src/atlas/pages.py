"""Reading a page: bytes -> front matter (with line numbers) + Markdown tokens + diagrams.

Every failure to read becomes a PageError with a line number where there is one, so the
linter reports it as one diagnostic and moves on to the next file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from .catalog import CATEGORIES, HOME_SECTIONS

MAX_PAGE_BYTES = 4 * 1024 * 1024
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
# markdown-it drops javascript:/vbscript:/file: links to plain text, but MkDocs renders them as
# links: keep every link so the security rules see what the site will serve.
_MD.validateLink = lambda url: True


class PageError(Exception):
    """A page that cannot be read: the message is one line, `line` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class Diagram:
    source: str
    line: int  # 1-based line in the Markdown file of the diagram's first source line
    index: int  # 0-based position among the page's diagrams

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()


@dataclass
class Link:
    target: str
    line: int
    text: str = ""


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class Row:
    cells: list[str]
    line: int
    header: bool = False


@dataclass
class Page:
    path: Path  # as given on the command line (for messages)
    rel: str  # path relative to the docs root, with forward slashes ("" if outside docs)
    text: str
    meta: dict
    meta_lines: dict[str, int]  # front matter key -> 1-based line
    body: str
    body_line: int  # 1-based line of the body's first line
    diagrams: list[Diagram] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    html: list[tuple[str, int]] = field(default_factory=list)  # raw HTML fragments with lines
    prose: list[tuple[str, int]] = field(default_factory=list)  # text lines outside code, with lines
    tables: int = 0
    cells: list[tuple[str, int]] = field(default_factory=list)  # table cell text, with lines
    rows: list[Row] = field(default_factory=list)  # table rows, header rows included (Row.header)
    paragraphs: list[tuple[str, int]] = field(default_factory=list)  # prose outside headings and tables

    def line_of(self, key: str) -> int:
        """Line of a front matter key (1 if absent: the front matter starts there)."""
        return self.meta_lines.get(key, 1)

    @property
    def body_hash(self) -> str:
        return hashlib.md5(self.body.encode("utf-8")).hexdigest()


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml text or None, body, 1-based line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise PageError("front matter opened with '---' on line 1 is never closed", 1)


try:  # libyaml: ~20x faster on a thousand front matters; errors are re-read in pure Python below
    _FastLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None


def _node_lines(node) -> dict[str, int]:
    """Top-level keys, `sources[i]` items and `incident.date`-style nested keys -> 1-based lines in the
    Markdown file."""
    out: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        out[str(key.value)] = key.start_mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        if isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                out[f"{key.value}[{i}]"] = item.start_mark.line + 2
        elif isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                out[f"{key.value}.{sub.value}"] = sub.start_mark.line + 2
    return out


def _key_lines(yaml_text: str) -> dict[str, int]:
    return _node_lines(yaml.compose(yaml_text, Loader=yaml.SafeLoader))


def _load_fast(yaml_text: str):
    """(data, key lines) in one libyaml pass: the same nodes yaml.safe_load and yaml.compose build."""
    loader = _FastLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return data, _node_lines(node)


def parse_front_matter(yaml_text: str) -> tuple[dict, dict[str, int]]:
    try:
        return _parse_front_matter(yaml_text)
    except RecursionError:
        raise PageError("front matter is nested too deeply to read", 2) from None
    except ValueError as exc:  # a well-formed scalar YAML cannot construct: 2026-02-30 as a date
        line = _line_of_bad_scalar(yaml_text)
        raise PageError(f"front matter holds an impossible value: {exc}", line) from None


def _line_of_bad_scalar(yaml_text: str) -> int:
    """Line of the first scalar that PyYAML cannot construct (only for the message)."""
    loader = yaml.SafeLoader(yaml_text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except ValueError:
                    return node.start_mark.line + 2
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(v for kv in node.value for v in kv)
    except (yaml.YAMLError, RecursionError):
        pass
    finally:
        loader.dispose()
    return 2


def _parse_front_matter(yaml_text: str) -> tuple[dict, dict[str, int]]:
    try:
        if _FastLoader is None:
            raise yaml.YAMLError("no libyaml")
        data, lines = _load_fast(yaml_text)
    except yaml.YAMLError:
        # Invalid YAML (rare): the pure-Python loader, whose messages and marks the rules report.
        try:
            data = yaml.safe_load(yaml_text)
            lines = _key_lines(yaml_text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise PageError(f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PageError("front matter must be a YAML mapping of fields", 2)
    return data, lines


def decode(raw: bytes) -> str:
    if not raw.strip():
        raise PageError("file is empty", None)
    if len(raw) > MAX_PAGE_BYTES:
        raise PageError(f"file is {len(raw) // 1024} KiB; pages are at most {MAX_PAGE_BYTES // 1024} KiB", None)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PageError(f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from None
    return text.removeprefix("\ufeff")


def rel_to_docs(path: Path, docs_root: Path | None) -> str:
    """Path relative to the docs root; outside one, from the last folder named like a category."""
    if docs_root is not None:
        try:
            return path.resolve().relative_to(docs_root.resolve()).as_posix()
        except ValueError:
            pass
    parts = path.resolve().parts
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in CATEGORIES or parts[i] in HOME_SECTIONS:
            return "/".join(parts[i:])
    return ""


def read_front_matter(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a page, without the Markdown scan load_page does: for the indexes and
    search built from front matter. Raises OSError or PageError as load_page does."""
    return front_matter_of(path.read_bytes())


def front_matter_of(raw: bytes) -> tuple[dict, str]:
    """(front matter, body) of a page's bytes; see read_front_matter."""
    yaml_text, body, _ = split_front_matter(decode(raw))
    meta, _ = parse_front_matter(yaml_text) if yaml_text is not None else ({}, {})
    return meta, body


def load_page(path: Path, docs_root: Path | None = None) -> Page:
    text = decode(path.read_bytes())
    yaml_text, body, body_line = split_front_matter(text)
    meta, meta_lines = parse_front_matter(yaml_text) if yaml_text is not None else ({}, {})
    page = Page(path=path, rel=rel_to_docs(path, docs_root), text=text, meta=meta, meta_lines=meta_lines,
                body=body, body_line=body_line)
    _scan_markdown(page)
    return page


def _scan_markdown(page: Page) -> None:
    offset = page.body_line  # token.map is 0-based within the body
    tokens = _MD.parse(page.body)
    in_table = False
    in_head = False
    for i, tok in enumerate(tokens):
        line = (tok.map[0] + offset) if tok.map else offset
        if tok.type == "fence":
            info = tok.info.strip().split()
            if info and info[0] == "mermaid":
                page.diagrams.append(Diagram(source=tok.content, line=line + 1, index=len(page.diagrams)))
        elif tok.type == "heading_open":
            page.headings.append(Heading(level=int(tok.tag[1]), text=tokens[i + 1].content.strip(), line=line))
        elif tok.type == "html_block":
            page.html.append((tok.content, line))
        elif tok.type == "table_open":
            page.tables += 1
            in_table = True
        elif tok.type == "table_close":
            in_table = False
        elif tok.type in ("thead_open", "thead_close"):
            in_head = tok.type == "thead_open"
        elif tok.type == "tr_open":
            page.rows.append(Row(cells=[], line=line, header=in_head))
        elif tok.type == "inline":
            page.prose.append((tok.content, line))
            if in_table:
                page.cells.append((tok.content, line))
                if page.rows:
                    page.rows[-1].cells.append(tok.content)
            elif not (i and tokens[i - 1].type == "heading_open"):
                page.paragraphs.append((tok.content, line))
            breaks = 0  # line breaks seen so far inside this paragraph
            for child in tok.children or []:
                if child.type in ("softbreak", "hardbreak"):
                    breaks += 1
                elif child.type == "link_open":
                    page.links.append(Link(target=str(child.attrs.get("href", "")), line=line + breaks))
                elif child.type == "image":
                    page.links.append(Link(target=str(child.attrs.get("src", "")), line=line + breaks))
                elif child.type == "html_inline":
                    page.html.append((child.content, line + breaks))


def iter_markdown(paths: list[Path]) -> list[Path]:
    """Expand directories into their Markdown files, sorted; keep files as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.md") if q.is_file()))
        else:
            out.append(p)
    return out
