"""Data safety of the review fields: --mark-reviewed on the atlas's real pages changes only
`version` and `review.*`, byte for byte elsewhere; the front matter editor keeps comments, key
order, quoting, line endings and BOMs, and refuses what it cannot edit safely. Also: the derived
status rules and the spec mapping read from specs/README.md."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
import yaml

from atlas.pages import PageError, split_front_matter
from atlas.status.derive import bump_minor, derive_status, is_pre_visual, review_priority
from atlas.status.edit import EditError, edit_front_matter
from atlas.status.paths import is_catalogued_rel
from atlas.status.record import mark_reviewed
from atlas.status.specs import SpecMapError, load_spec_map
from pagebuilder import FLOWCHART, REPO
from statustree import body_md5, days_ago, today

REVIEW_LINE = re.compile(r"^(version:|review:|\s+(status|last_reviewed|content_hash):)")
HASH = "0123456789abcdef0123456789abcdef"


def real_pages() -> list[str]:
    """The catalogued pages in the repository: committed ones, else (before the first content commit)
    the ones in the working tree, which colleagues are writing now."""
    out = subprocess.run(["git", "-C", str(REPO), "ls-files", "docs"], capture_output=True, text=True).stdout.split()
    committed = [p.removeprefix("docs/") for p in out if is_catalogued_rel(p.removeprefix("docs/"))]
    if committed:
        return sorted(committed)
    return sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs").rglob("*.md")
                  if is_catalogued_rel(p.relative_to(REPO / "docs").as_posix()))


def test_there_are_real_pages_to_round_trip():
    assert real_pages(), "no catalogued page in docs/ to test --mark-reviewed on"


def test_mark_reviewed_round_trips_every_real_page(tmp_path):
    """Copy each real page, mark it reviewed, and check every other line and field is untouched."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\n")
    checked = 0
    for rel in real_pages():
        src = REPO / "docs" / rel
        try:
            original = src.read_bytes()
            old_fm, old_body, _ = split_front_matter(original.decode("utf-8"))
            old_meta = yaml.safe_load(old_fm) if old_fm is not None else None
        except (OSError, UnicodeDecodeError, PageError, yaml.YAMLError):
            continue  # a page being written right now; lint reports it, the editor refuses it
        if not isinstance(old_meta, dict):
            continue
        dest = root / "docs" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        mark_reviewed(root, str(dest), today=today())
        new = dest.read_bytes().decode("utf-8")
        new_fm, new_body, _ = split_front_matter(new)
        assert new_body == old_body, rel
        new_meta = yaml.safe_load(new_fm)
        assert [k for k in new_meta if k in old_meta] == list(old_meta), rel  # key order kept
        assert set(new_meta) - set(old_meta) <= {"version", "review"}, rel
        assert {k: v for k, v in new_meta.items() if k not in ("version", "review")} == \
               {k: v for k, v in old_meta.items() if k not in ("version", "review")}, rel
        assert new_meta["version"] == bump_minor(str(old_meta["version"]) if "version" in old_meta else None)
        assert new_meta["review"]["last_reviewed"] == today() and new_meta["review"]["content_hash"] == body_md5(new)
        old_lines, new_lines = original.decode().splitlines(), new.splitlines()
        removed = [line for line in old_lines if line not in new_lines]
        added = [line for line in new_lines if line not in old_lines]
        assert all(REVIEW_LINE.match(line) for line in removed + added), (rel, removed, added)
        comments = [line for line in old_fm.splitlines() if line.lstrip().startswith("#")]
        assert all(c in new_fm.splitlines() for c in comments), rel
        checked += 1
    assert checked > 0


TRICKY = [
    ("comments_and_double_quotes",
     '---\n# Reviewed by the storage team\ntitle: "Pool"   # short\nversion: "2.9"  # bump on review\nreview:\n'
     '  status: needs_review   # flagged by the scan\n  last_reviewed: 2026-01-02\n  content_hash: ' + "f" * 32 + '\ntags: [a, b]\n---\nBody\n'),
    ("flow_style_review", "---\ntitle: Pool\nversion: '1.0'\nreview: {status: up_to_date, last_reviewed: 2026-11-01}\n---\nBody\n"),
    ("crlf_line_endings", "---\r\ntitle: Pool\r\nversion: '1.0'\r\nreview:\r\n  status: needs_review\r\n---\r\nBody\r\n"),
    ("no_version_no_review", "---\ntitle: Pool\nsummary: x\n---\nBody\n"),
    ("review_indented_four", "---\ntitle: Pool\nreview:\n    status: outdated\nversion: '3.4'\n---\n\nBody\n"),
]


@pytest.mark.parametrize("name, text", TRICKY, ids=[t[0] for t in TRICKY])
def test_edit_changes_only_the_review_fields(name, text):
    for bom in (b"", b"\xef\xbb\xbf"):
        raw = bom + text.encode("utf-8")
        out = edit_front_matter(raw, version="1.1", review={"status": "up_to_date", "last_reviewed": "2026-11-26",
                                                            "content_hash": HASH})
        assert out.startswith(bom)
        new = out[len(bom):].decode("utf-8")
        if "\r\n" in text:  # every line ends \r\n, the inserted ones too
            assert new.count("\r\n") == new.count("\n") == new.count("\r")
        else:
            assert "\r" not in new
        meta = yaml.safe_load(split_front_matter(new)[0])
        assert meta["version"] == "1.1"
        assert meta["review"] == {"status": "up_to_date", "last_reviewed": dt.date(2026, 11, 26), "content_hash": HASH}
        assert split_front_matter(new)[1] == split_front_matter(text)[1]
        kept = [line for line in text.splitlines() if not REVIEW_LINE.match(line)]
        assert [line for line in new.splitlines() if not REVIEW_LINE.match(line)] == kept
    if name == "comments_and_double_quotes":
        assert 'version: "1.1"  # bump on review' in new and "  status: up_to_date   # flagged by the scan" in new


@pytest.mark.parametrize("text, message, line", [
    ("---\ntitle: Pool\nreview: |\n  status: x\n---\nBody\n", "`review` is not a mapping", 3),
    ("---\ntitle: Pool\nreview:\nsummary: x\n---\nBody\n", "`review` is not a mapping", 3),
    ("---\ntitle: Pool\nversion: >\n  1.0\nreview:\n  status: x\n---\nBody\n", "`version` is not a one-line value", 3),
    ("---\ntitle: Pool\nversion:\nreview:\n  status: x\n---\nBody\n", "`version` has no value: edit it by hand", 3),
    ("---\ntitle: Pool\nversion: '1.0'\nreview:\n  last_reviewed: 2026-01-02\n  status: |\n    x\n---\nBody\n",
     "`review.status` is not a one-line value", 6),
    ("---\n---\nBody\n", "front matter must be a YAML mapping of fields", 2),  # empty: nothing to edit
    # the same refusals further down (line 4 and 5: a line number computed any other way shows)
    ("---\ntitle: Pool\nsummary: x\nversion: |\n  1.0\n---\nBody\n", "`version` is not a one-line value", 4),
    ("---\ntitle: Pool\nsummary: x\ntags: [a]\nreview: [status]\n---\nBody\n", "`review` is not a mapping", 5),
    ("Body without front matter\n", "no front matter", 1),
])
def test_edit_refuses_what_it_cannot_edit_safely(text, message, line):
    with pytest.raises(EditError, match=message) as exc:
        edit_front_matter(text.encode(), version="1.1", review={"status": "up_to_date"})
    assert exc.value.line == line


@pytest.mark.parametrize("text, edited", [
    ("---\ntitle: Pool\nversion: '1.0'\nreview: {}\n---\nBody\n",
     "---\ntitle: Pool\nversion: '1.1'\nreview: {status: up_to_date}\n---\nBody\n"),
    ("---\ntitle: Pool\nreview: {status: x}\nversion: 1.0\n---\nBody\n",  # a float version: quoted on write
     "---\ntitle: Pool\nreview: {status: up_to_date}\nversion: '1.1'\n---\nBody\n"),
    ("---\ntitle: Pool\nversion: '1.0'\n---\nBody\n",
     "---\ntitle: Pool\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\n"),
    ("---\nreview:\n  status: x\n---\nBody\n", "---\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\n"),
    ("---\ntitle: Pool\nversion: \"1.0\"\nreview:\n    status: 'x'  # kept\n---\nBody\n",
     "---\ntitle: Pool\nversion: \"1.1\"\nreview:\n    status: 'up_to_date'  # kept\n---\nBody\n"),
])
def test_edit_writes_exactly(text, edited):
    assert edit_front_matter(text.encode(), version="1.1", review={"status": "up_to_date"}) == edited.encode()


@pytest.mark.parametrize("text, edited", [
    # the body's own line endings are not the front matter's business
    ("---\ntitle: Pool\nversion: '1.0'\n---\nBody\r\nmore\r\n",
     "---\ntitle: Pool\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\r\nmore\r\n"),
    ("---\ntitle: Pool\n---\nBody\r\n", "---\ntitle: Pool\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\r\n"),
    # a blank first line: the version goes right before `review:`, after the blank line
    ("---\n\nreview:\n  status: x\n---\nBody\n", "---\n\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\n"),
    # an explicit null is a value: it is replaced
    ("---\ntitle: Pool\nversion: ~\nreview:\n  status: x\n---\nBody\n",
     "---\ntitle: Pool\nversion: '1.1'\nreview:\n  status: up_to_date\n---\nBody\n"),
])
def test_edit_writes_exactly_around_the_edges(text, edited):
    assert edit_front_matter(text.encode(), version="1.1", review={"status": "up_to_date"}) == edited.encode()


def test_missing_review_keys_go_after_the_last_one():
    text = b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: x\n  last_reviewed: 2026-01-02\ntags: [a]\n---\nBody\n"
    assert edit_front_matter(text, review={"status": "up_to_date", "content_hash": "f" * 32}) == (
        b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: up_to_date\n  last_reviewed: 2026-01-02\n"
        b"  content_hash: " + b"f" * 32 + b"\ntags: [a]\n---\nBody\n")


def test_missing_review_keys_go_after_a_value_on_the_next_line():
    text = b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: x\n  last_reviewed:\n    2026-01-02\n---\nBody\n"
    assert edit_front_matter(text, review={"content_hash": "f" * 32}) == (
        b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: x\n  last_reviewed:\n    2026-01-02\n"
        b"  content_hash: " + b"f" * 32 + b"\n---\nBody\n")


def test_the_self_check_names_the_first_field_that_would_change():
    text = (b"---\ntitle: Pool\nversion: '1.0'\nreview: &r\n  status: x\nprevious: *r\nolder: *r\n---\nBody\n")
    with pytest.raises(EditError, match="fields older, previous would not read back") as exc:
        edit_front_matter(text, review={"status": "up_to_date"})
    assert exc.value.line == 7  # `older`, the first of the two in the message


def test_a_value_missing_on_the_fourth_line_is_reported_there():
    with pytest.raises(EditError, match="`version` has no value") as exc:
        edit_front_matter(b"---\ntitle: Pool\nsummary: x\nversion:\n---\nBody\n", version="1.1")
    assert exc.value.line == 4


def test_edit_quotes_a_value_that_would_read_back_as_another_type():
    text = b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: x\n---\nBody\n"
    out = edit_front_matter(text, review={"content_hash": "12345678901234567890123456789012", "last_reviewed": "2026-11-26"})
    assert out == (b"---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: x\n"
                   b"  last_reviewed: 2026-11-26\n  content_hash: '12345678901234567890123456789012'\n---\nBody\n")
    assert edit_front_matter(text, version="2.0") == text.replace(b"'1.0'", b"'2.0'")
    assert edit_front_matter(text) == text  # nothing asked, nothing changed


def test_edit_reports_unparseable_front_matter_with_its_line():
    with pytest.raises(PageError) as exc:
        edit_front_matter(b"---\ntitle: Pool\nsummary: a: b\n---\nBody\n", review={"status": "up_to_date"})
    assert exc.value.line == 3


def test_version_bump():
    assert [bump_minor(v) for v in ("1.0", "1.9", "2.10", None, "x")] == ["1.1", "1.10", "2.11", "1.0", "1.0"]


# ---- derived status: one reason each, worst first

def derive(review: dict | None, version="1.0", body_hash=HASH, specs=()):
    meta = {"version": version} if version else {}
    if review is not None:
        meta["review"] = review
    return derive_status(meta, body_hash, list(specs), today())


def test_status_rules():
    ok = {"status": "up_to_date", "last_reviewed": days_ago(3), "content_hash": HASH}
    assert derive(ok).status == "up_to_date"
    assert derive(ok, version=None).status == "missing_version"
    assert derive({**ok, "content_hash": "f" * 32}).reasons == [
        "content changed since the review (body MD5 differs from review.content_hash)"]
    assert derive({**ok, "last_reviewed": days_ago(31)}).status == "needs_review"
    assert derive({**ok, "last_reviewed": days_ago(30)}).status == "up_to_date"
    assert derive({"status": "up_to_date"}).status == "needs_review"
    assert derive(ok, specs=[("specs/02-DIAGRAM-SPECIFICATIONS-V3.md", days_ago(1))]).status == "outdated"
    assert derive(ok, specs=[("specs/02-DIAGRAM-SPECIFICATIONS-V3.md", days_ago(3))]).status == "up_to_date"
    assert derive({**ok, "status": "outdated"}).status == "outdated"  # only a review clears a flag
    assert derive({**ok, "status": "needs_update"}).status == "needs_review"


def test_priority_matrix():
    assert review_priority("Kafka in the Stream Plane", [FLOWCHART], "up_to_date")[0] == "HIGH"
    assert review_priority("text", ['flowchart LR\n  A["x"] --> B["y"]\n'], "up_to_date")[0] == "HIGH"
    assert review_priority("text", [], "up_to_date")[0] == "HIGH"
    assert review_priority("text", [FLOWCHART], "needs_review")[0] == "MEDIUM"
    assert review_priority("text", [FLOWCHART], "up_to_date")[0] == "LOW"
    assert not is_pre_visual(["sequenceDiagram\n  box Edge\n    participant A\n  end\n"])


# ---- the spec mapping lives in specs/README.md

def test_spec_mapping_is_the_plans():
    scopes = {s.spec: s.folders for s in load_spec_map(REPO)}
    assert scopes == {"specs/02-DIAGRAM-SPECIFICATIONS-V3.md": (), "specs/03-GUARANTEES-SPECIFICATIONS.md": ("guarantees/",),
                      "specs/04-MECHANISM-SPECIFICATIONS.md": ("mechanisms/",),
                      "specs/05-PATTERN-SPECIFICATIONS.md": ("patterns/",)}
    for spec in scopes:
        assert (REPO / spec).is_file(), spec


def test_a_malformed_mapping_row_names_its_line(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "README.md").write_text("# specs\n\n| spec | governs |\n|---|---|\n| `02-X.md` | everything |\n")
    with pytest.raises(SpecMapError, match=r"^specs/README.md:5: 'governs' is `all pages` or"):
        load_spec_map(tmp_path)
