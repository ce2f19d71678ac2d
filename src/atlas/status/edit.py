"""Rewrite only `version` and the fields of `review` in a page's front matter; every other byte of
the file stays as it was (comments, key order, quoting, line endings, the body).

The edit replaces the exact character spans PyYAML's composer reports for those values, or inserts
whole lines next to them, ending each with the front matter's own line ending (`\n` or `\r\n`),
then checks its own work: the new front matter must parse to the old one with only the intended
fields changed, the body must be identical, and the byte-order mark and line endings must be the
page's. If not, nothing is written. A front matter that mixes line endings, or ends a line with
anything but `\n` or `\r\n` (a lone `\r`, U+2028, ...), cannot be edited exactly and is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import yaml

from ..pages import PageError, decode, parse_front_matter, split_front_matter

BOM = b"\xef\xbb\xbf"
REVIEW_KEYS = ("status", "last_reviewed", "content_hash")
NEWLINES = ("\n", "\r\n")  # the line endings the editor writes: the page's own, one of these
# Every line break str.splitlines knows (split_front_matter splits with it), \r\n first.
_LINE_END = re.compile(r"(\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])\Z")


class EditError(Exception):
    """The page cannot be edited safely; `line` is 1-based in the file, or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass
class ReadPage:
    """A page as the status tools need it: parsed front matter, the body, and its MD5."""

    meta: dict
    meta_lines: dict[str, int]
    body: str
    has_front_matter: bool

    @property
    def body_hash(self) -> str:
        return body_md5(self.body)


def body_md5(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def read_page(raw: bytes) -> ReadPage:
    """Parse a page, or raise PageError (one line, with the line number) exactly as the linter would."""
    text = decode(raw)
    yaml_text, body, _ = split_front_matter(text)
    if yaml_text is None:
        return ReadPage({}, {}, body, False)
    meta, lines = parse_front_matter(yaml_text)
    return ReadPage(meta, lines, body, True)


def _scalar(value: str, style: str | None, want) -> str:
    """`value` written as a YAML scalar in the node's existing quoting style; plain when the plain
    form reads back as `want` (a date stays a date, '1.1' must not become the float 1.1)."""
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        loaded = None
    if loaded == want and type(loaded) is type(want):
        return value
    return "'" + value.replace("'", "''") + "'"


def front_matter_newline(text: str) -> str:
    """The line ending every line of the front matter (from the opening to the closing `---`) uses.

    Raises EditError, at the first line that differs, when the lines mix endings or end with
    anything but `\n` or `\r\n`: an inserted line could not match them."""
    _, _, body_line = split_front_matter(text)
    lines = text.splitlines(keepends=True)[: body_line - 1]
    newline = None
    for n, line in enumerate(lines, start=1):
        m = _LINE_END.search(line)
        if m is None:  # the closing `---` is the file's last line, with no line ending
            continue
        ending = m.group(1)
        if ending not in NEWLINES:
            raise EditError(f"line ends with {ending!r}, not \\n or \\r\\n: fix its line endings first", n)
        if newline is None:
            newline = ending
        elif ending != newline:
            raise EditError(f"front matter mixes line endings ({newline!r} on line 1, {ending!r} here): "
                            "fix its line endings first", n)
    return newline or "\n"


def _want(key: str, value: str):
    return dt.date.fromisoformat(value) if key == "last_reviewed" else value


def edit_front_matter(raw: bytes, *, version: str | None = None, review: dict[str, str] | None = None) -> bytes:
    """The page with `version` set (if given) and the given `review` fields set, nothing else changed.

    Raises PageError when the page does not parse and EditError when it cannot be edited safely."""
    review = dict(review or {})
    bom = BOM if raw.startswith(BOM) else b""
    before = read_page(raw)  # PageError: reported by the caller, file never rewritten
    if not before.has_front_matter:
        raise EditError("page has no front matter to record a version or review in", 1)
    text = raw[len(bom):].decode("utf-8")
    first_line = text.splitlines(keepends=True)[0]
    nl = front_matter_newline(text)
    yaml_text, body, _ = split_front_matter(text)
    fm_start = len(first_line)
    fm_end = fm_start + len(yaml_text)
    assert text[fm_start:fm_end] == yaml_text

    root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EditError("front matter must be a YAML mapping of fields", 2)
    keys = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in yaml_text

    def line_start(index: int) -> int:
        return yaml_text.rfind("\n", 0, index) + 1

    def after_line(index: int) -> int:
        end = yaml_text.find("\n", index)
        return len(yaml_text) if end < 0 else end + 1

    def replace_scalar(node, key: str, value: str, want) -> None:
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            raise EditError(f"`{key}` is not a one-line value: edit it by hand", node.start_mark.line + 2)
        if node.tag == "tag:yaml.org,2002:null" and node.start_mark.index == node.end_mark.index:
            raise EditError(f"`{key}` has no value: edit it by hand", node.start_mark.line + 2)
        edits.append((node.start_mark.index, node.end_mark.index, _scalar(value, node.style, want)))

    # Where a missing top-level key goes: before `review:` (version) or at the end of the front matter.
    end_insert = len(yaml_text)
    tail = "" if yaml_text.endswith("\n") or not yaml_text else nl

    if version is not None:
        if "version" in keys:
            replace_scalar(keys["version"][1], "version", version, version)
        else:
            at = line_start(keys["review"][0].start_mark.index) if "review" in keys else end_insert
            edits.append((at, at, (tail if at == end_insert else "") + f"version: {_scalar(version, None, version)}{nl}"))

    if review:
        if "review" not in keys:
            block = "".join(f"  {k}: {_scalar(str(review[k]), None, _want(k, str(review[k])))}{nl}"
                            for k in REVIEW_KEYS if k in review)
            edits.append((end_insert, end_insert, tail + f"review:{nl}" + block))
        else:
            key_node, node = keys["review"]
            if not isinstance(node, yaml.MappingNode):
                raise EditError("`review` is not a mapping of status, last_reviewed, content_hash: edit it by hand",
                                key_node.start_mark.line + 2)
            present = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            for k in REVIEW_KEYS:
                if k in review and k in present:
                    replace_scalar(present[k], f"review.{k}", str(review[k]), _want(k, str(review[k])))
            missing = [k for k in REVIEW_KEYS if k in review and k not in present]
            if missing:
                if node.flow_style:
                    close = node.end_mark.index - 1
                    if yaml_text[close] != "}":
                        raise EditError("cannot find the closing '}' of `review`", node.end_mark.line + 2)
                    sep = ", " if node.value else ""
                    items = ", ".join(f"{k}: {_scalar(str(review[k]), None, _want(k, str(review[k])))}" for k in missing)
                    edits.append((close, close, sep + items))
                elif not node.value:
                    raise EditError("`review` is empty: edit it by hand", key_node.start_mark.line + 2)
                else:
                    indent = " " * node.value[0][0].start_mark.column
                    at = after_line(node.value[-1][1].end_mark.index)
                    lead = nl if at == len(yaml_text) and not yaml_text.endswith("\n") else ""
                    edits.append((at, at, lead + "".join(
                        f"{indent}{k}: {_scalar(str(review[k]), None, _want(k, str(review[k])))}{nl}" for k in missing)))

    new_yaml = yaml_text
    # From the end backwards, so earlier offsets stay valid; at one offset, the edit asked for first
    # is applied last and so ends up first (version before review).
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1][0], ie[1][1], ie[0]), reverse=True)
    for _, (start, end, replacement) in ordered:
        new_yaml = new_yaml[:start] + replacement + new_yaml[end:]
    new_text = text[:fm_start] + new_yaml + text[fm_end:]
    out = bom + new_text.encode("utf-8")
    _verify(before, out, bom, nl, version, review)
    return out


def _verify(before: ReadPage, out: bytes, bom: bytes, nl: str, version: str | None, review: dict[str, str]) -> None:
    """The edit changed exactly what it was asked to, or it is refused."""
    try:
        after = read_page(out)
    except PageError as exc:  # e.g. an alias whose anchor was on a replaced value
        raise EditError(f"internal check failed: the edited front matter would not parse ({exc}); "
                        "nothing written") from None
    if not out.startswith(bom) or out.startswith(BOM) != bool(bom):
        raise EditError("internal check failed: the byte-order mark would change; nothing written")
    try:
        same_newline = front_matter_newline(out[len(bom):].decode("utf-8")) == nl
    except EditError:  # the edit mixed line endings
        same_newline = False
    if not same_newline:
        raise EditError(f"internal check failed: a line would not end with {nl!r} like the others; nothing written")
    if after.body != before.body:
        raise EditError("internal check failed: the body would change; nothing written")
    expected = dict(before.meta)
    if version is not None:
        expected["version"] = version
    if review:
        old = before.meta.get("review") if isinstance(before.meta.get("review"), dict) else {}
        expected["review"] = {**old, **{k: _want(k, str(v)) for k, v in review.items()}}
    if after.meta != expected:
        changed = sorted(k for k in set(expected) | set(after.meta) if expected.get(k) != after.meta.get(k))
        raise EditError(f"internal check failed: fields {', '.join(changed)} would not read back as intended; "
                        "nothing written", before.meta_lines.get(changed[0]))
    order_before = [k for k in before.meta]
    order_after = [k for k in after.meta if k in before.meta]
    if order_before != order_after:
        raise EditError("internal check failed: the order of the front matter's keys would change; nothing written")


__all__ = ["EditError", "PageError", "ReadPage", "body_md5", "edit_front_matter", "read_page"]
