"""Recording a review in a page's front matter: --mark-reviewed and --update-status.

Both change only `version` and `review.*` (atlas.status.edit), under the writer lock, atomically.
A page whose front matter does not parse is reported as file:line and never rewritten."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..pages import PageError
from .derive import STATUS_ALIASES, STATUSES, bump_minor, version_text
from .edit import EditError, edit_front_matter, read_page
from .paths import display
from ..cache import atomic_write_bytes
from .safety import writer_lock


class RecordError(Exception):
    """One line for the user: `file:line: what is wrong`."""


@dataclass
class Recorded:
    path: str
    old_version: str | None
    new_version: str | None
    old_status: str | None
    new_status: str
    content_hash: str | None = None
    reviewed: str | None = None


def resolve_page(root: Path, file: str) -> Path:
    """The page a user named: relative to the current folder, else to the root."""
    p = Path(file)
    candidates = [p] if p.is_absolute() else [Path.cwd() / p, root / p]
    for c in candidates:
        if c.is_file():
            c = c.resolve()
            try:
                c.relative_to((root / "docs").resolve())
            except ValueError:
                raise RecordError(f"{file}: not a page under {display(root / 'docs', root)}/") from None
            if c.suffix != ".md":
                raise RecordError(f"{file}: not a Markdown page")
            return c
    raise RecordError(f"{file}: no such file")


def _load(path: Path, root: Path):
    shown = display(path, root)
    try:
        raw = path.read_bytes()
        return shown, raw, read_page(raw)
    except PageError as exc:
        raise RecordError(f"{shown}:{exc.line or 1}: {exc}; not changed") from None
    except OSError as exc:
        raise RecordError(f"{shown}: cannot read file: {exc.strerror}") from None


def _write(path: Path, shown: str, raw: bytes, **changes) -> None:
    try:
        new = edit_front_matter(raw, **changes)
    except (PageError, EditError) as exc:
        raise RecordError(f"{shown}:{exc.line or 1}: {exc}; not changed") from None
    if new != raw:
        atomic_write_bytes(path, new)


def mark_reviewed(root: Path, file: str, today: dt.date | None = None) -> Recorded:
    """Bump the minor version, set review.status up_to_date, today's date and the body's MD5."""
    today = today or dt.date.today()
    path = resolve_page(root, file)
    with writer_lock(root):
        shown, raw, page = _load(path, root)
        review = page.meta.get("review") if isinstance(page.meta.get("review"), dict) else {}
        old_version = version_text(page.meta)
        new_version = bump_minor(old_version)
        _write(path, shown, raw, version=new_version,
               review={"status": "up_to_date", "last_reviewed": today.isoformat(), "content_hash": page.body_hash})
    return Recorded(shown, old_version, new_version, review.get("status"), "up_to_date", page.body_hash, today.isoformat())


def normalise_status(status: str) -> str:
    s = STATUS_ALIASES.get(status, status)
    if s not in STATUSES:
        names = ", ".join([*STATUSES, *STATUS_ALIASES])
        raise RecordError(f"--status {status!r} is not a review status; one of: {names}")
    return s


def update_status(root: Path, file: str, status: str) -> Recorded:
    """Set review.status only (version, date and hash untouched)."""
    new_status = normalise_status(status)
    path = resolve_page(root, file)
    with writer_lock(root):
        shown, raw, page = _load(path, root)
        review = page.meta.get("review") if isinstance(page.meta.get("review"), dict) else {}
        _write(path, shown, raw, review={"status": new_status})
    v = version_text(page.meta)
    return Recorded(shown, v, v, review.get("status"), new_status)
