"""Every write of the status tools keeps the page's own line endings and byte-order mark, for every
field it touches (a replaced value, an inserted `version`, an inserted `review` block, review keys
added to a block or a flow mapping), and leaves a page it cannot edit exactly untouched, with one
line naming the file and the line.

Each expected page is written out in full, with `\\n`; the CRLF variant is the same text with every
`\\n` made `\\r\\n`, so comparing bytes asserts every newline of the result."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from atlas.pages import split_front_matter
from atlas.status.edit import EditError, edit_front_matter
from atlas.status.record import RecordError, mark_reviewed, update_status
from atlas.status.scan import scan
from statustree import atlas, new_git_site, reviewed_page

BOM = b"\xef\xbb\xbf"
TODAY = dt.date(2026, 11, 26)  # passed to mark_reviewed; the CLI tests read the date the tool wrote
BODY = "# Pool\n\nThe pool saturates first.\nThen the database.\n"
OLD_HASH = "f" * 32

# name -> (page, after --mark-reviewed, after --update-status --status outdated); {today} and {hash}
# are filled in per variant (the hash is the MD5 of the variant's own body).
SHAPES = {
    "values_replaced": (
        "---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: needs_review\n  last_reviewed: 2026-01-02\n"
        f"  content_hash: {OLD_HASH}\ntags: [a, b]\n---\n{BODY}",
        "---\ntitle: Pool\nversion: '1.1'\nreview:\n  status: up_to_date\n  last_reviewed: {today}\n"
        "  content_hash: {hash}\ntags: [a, b]\n---\n" + BODY,
        "---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: outdated\n  last_reviewed: 2026-01-02\n"
        f"  content_hash: {OLD_HASH}\ntags: [a, b]\n---\n{BODY}",
    ),
    "version_and_review_inserted": (
        f"---\ntitle: Pool\nsummary: x\n---\n{BODY}",
        "---\ntitle: Pool\nsummary: x\nversion: '1.0'\nreview:\n  status: up_to_date\n  last_reviewed: {today}\n"
        "  content_hash: {hash}\n---\n" + BODY,
        f"---\ntitle: Pool\nsummary: x\nreview:\n  status: outdated\n---\n{BODY}",
    ),
    "version_before_review_and_keys_added": (
        f"---\ntitle: Pool\nreview:\n  status: needs_review\nsummary: x\n---\n{BODY}",
        "---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: up_to_date\n  last_reviewed: {today}\n"
        "  content_hash: {hash}\nsummary: x\n---\n" + BODY,
        f"---\ntitle: Pool\nreview:\n  status: outdated\nsummary: x\n---\n{BODY}",
    ),
    "flow_mapping": (
        f'---\ntitle: Pool\nversion: "2.9"\nreview: {{status: needs_review}}\n---\n{BODY}',
        '---\ntitle: Pool\nversion: "2.10"\nreview: {{status: up_to_date, last_reviewed: {today}, '
        "content_hash: {hash}}}\n---\n" + BODY,
        f'---\ntitle: Pool\nversion: "2.9"\nreview: {{status: outdated}}\n---\n{BODY}',
    ),
    "no_body_and_no_final_newline": (
        "---\ntitle: Pool\n---",
        "---\ntitle: Pool\nversion: '1.0'\nreview:\n  status: up_to_date\n  last_reviewed: {today}\n"
        "  content_hash: {hash}\n---",
        "---\ntitle: Pool\nreview:\n  status: outdated\n---",
    ),
}
VARIANTS = [(nl, bom) for nl in ("\n", "\r\n") for bom in (b"", BOM)]
VARIANT_IDS = ["lf", "lf_bom", "crlf", "crlf_bom"]


def encode(text: str, nl: str, bom: bytes) -> bytes:
    return bom + text.replace("\n", nl).encode("utf-8")


def body_hash(page: bytes) -> str:
    _, body, _ = split_front_matter(page.decode("utf-8").removeprefix("\ufeff"))
    digest = hashlib.md5(body.encode("utf-8")).hexdigest()
    assert not digest.isdigit(), "an all-digit MD5 would be quoted; change BODY"
    return digest


def expected(template: str, page: bytes, nl: str, bom: bytes, today: str) -> bytes:
    return encode(template.replace("{today}", today).replace("{hash}", body_hash(page))
                  .replace("{{", "{").replace("}}", "}"), nl, bom)


def endings(data: bytes) -> dict[str, int]:
    """How many lines end with each kind of line ending."""
    crlf = data.count(b"\r\n")
    return {"\r\n": crlf, "\n": data.count(b"\n") - crlf, "\r": data.count(b"\r") - crlf}


@pytest.fixture
def root(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    return tmp_path


@pytest.mark.parametrize("nl, bom", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize("shape", SHAPES)
def test_mark_reviewed_and_update_status_keep_the_pages_line_endings_and_bom(root, shape, nl, bom):
    page, reviewed, flagged = SHAPES[shape]
    raw = encode(page, nl, bom)
    path = root / "docs" / "page.md"

    path.write_bytes(raw)
    mark_reviewed(root, str(path), today=TODAY)
    out = path.read_bytes()
    assert out == expected(reviewed, raw, nl, bom, TODAY.isoformat())
    assert endings(out)[nl] == (reviewed.count("\n")) and sum(endings(out).values()) == reviewed.count("\n")

    path.write_bytes(raw)
    update_status(root, str(path), "outdated")
    assert path.read_bytes() == encode(flagged, nl, bom)


# The CLI runs the same functions: two shapes (values replaced; lines inserted) prove the wiring.
@pytest.mark.parametrize("shape", ["values_replaced", "version_before_review_and_keys_added"])
def test_the_cli_keeps_crlf_and_bom_through_mark_reviewed_and_update_status(root, shape):
    page, reviewed, flagged = SHAPES[shape]
    raw = encode(page, "\r\n", BOM)
    (root / "docs" / "reviewed.md").write_bytes(raw)
    (root / "docs" / "flagged.md").write_bytes(raw)

    proc = atlas("status", "--mark-reviewed", "docs/reviewed.md", cwd=root)
    assert proc.returncode == 0, proc.stderr
    today = proc.stdout.split(": reviewed ", 1)[1][:10]  # the date the tool wrote, whatever the clock says
    dt.date.fromisoformat(today)
    assert (root / "docs" / "reviewed.md").read_bytes() == expected(reviewed, raw, "\r\n", BOM, today)

    proc = atlas("status", "--update-status", "docs/flagged.md", "--status", "outdated", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert (root / "docs" / "flagged.md").read_bytes() == encode(flagged, "\r\n", BOM)


def test_scan_writes_the_status_back_in_the_pages_line_endings(tmp_path):
    """--scan rewrites review.status of a page whose body changed since its review: CRLF and BOM kept."""
    site = new_git_site(tmp_path / "site")
    text = reviewed_page(reviewed=dt.date.today() - dt.timedelta(days=2), hash_ok=False)
    assert "  status: up_to_date\n" in text
    raw = encode(text, "\r\n", BOM)
    (site.docs / "debugging" / "infrastructure").mkdir(parents=True)
    path = site.docs / "debugging" / "infrastructure" / "pool.md"
    path.write_bytes(raw)
    site.commit("page", dt.date.today() - dt.timedelta(days=2))
    result = scan(site.root)
    assert result.refused == []
    assert [(p, new) for p, _, new in result.updated] == [("docs/debugging/infrastructure/pool.md", "needs_review")]
    assert path.read_bytes() == encode(text.replace("  status: up_to_date\n", "  status: needs_review\n"), "\r\n", BOM)


# --- pages the editor cannot edit exactly: refused, one line, bytes untouched ------------------------

UNEDITABLE = [
    ("lf_first_line_then_crlf", b"---\ntitle: Pool\r\nversion: '1.0'\r\n---\r\nBody\r\n", 2, "mixes line endings"),
    ("crlf_then_one_lf_line", b"---\r\ntitle: Pool\r\nsummary: x\nversion: '1.0'\r\n---\r\nBody\r\n", 3,
     "mixes line endings"),
    ("crlf_closing_line_ends_lf", b"---\r\ntitle: Pool\r\nversion: '1.0'\r\n---\nBody\r\n", 4, "mixes line endings"),
    ("lone_cr", b"---\rtitle: Pool\rversion: '1.0'\r---\rBody\r", 1, "line ends with '\\r'"),
    ("unicode_line_separator", "---\ntitle: Pool\u2028version: '1.0'\n---\nBody\n".encode(), 2,
     "line ends with '\\u2028'"),
]


@pytest.mark.parametrize("name, raw, line, message", UNEDITABLE, ids=[u[0] for u in UNEDITABLE])
def test_a_page_that_mixes_line_endings_is_refused_and_left_untouched(root, name, raw, line, message):
    path = root / "docs" / "mixed.md"
    path.write_bytes(raw)
    for write in (lambda: mark_reviewed(root, str(path), today=TODAY), lambda: update_status(root, str(path), "outdated")):
        with pytest.raises(RecordError) as exc:
            write()
        assert str(exc.value).startswith(f"docs/mixed.md:{line}: ") and message in str(exc.value)
        assert str(exc.value).endswith("; not changed") and "\n" not in str(exc.value)
        assert path.read_bytes() == raw


def test_the_cli_reports_a_mixed_page_in_one_line_and_does_not_touch_it(root):
    raw = UNEDITABLE[1][1]
    (root / "docs" / "mixed.md").write_bytes(raw)
    for args in (["--mark-reviewed", "docs/mixed.md"], ["--update-status", "docs/mixed.md", "--status", "outdated"]):
        proc = atlas("status", *args, cwd=root)
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.splitlines() == ["docs/mixed.md:3: front matter mixes line endings ('\\r\\n' on line 1, "
                                            "'\\n' here): fix its line endings first; not changed"]
        assert (root / "docs" / "mixed.md").read_bytes() == raw


# --- the editor's self-check: a page the span arithmetic gets wrong must be refused --------------------

# `previous: *r` is an alias of the review block: replacing review.status in place would change
# `previous` too. Only the self-check (the edited page must read back with nothing else changed) sees it.
ALIASED_REVIEW = ("---\ntitle: Pool\nversion: '1.0'\nreview: &r\n  status: needs_review\n  last_reviewed: 2026-01-02\n"
                  f"  content_hash: {OLD_HASH}\nprevious: *r\n---\n{BODY}").encode()
# The anchor sits on the replaced version value: the edited page would no longer parse.
ANCHORED_VERSION = f"---\ntitle: Pool\nversion: &v '1.0'\nsince: *v\n---\n{BODY}".encode()


def test_the_self_check_refuses_an_edit_that_would_change_another_field(root):
    path = root / "docs" / "aliased.md"
    path.write_bytes(ALIASED_REVIEW)
    with pytest.raises(EditError, match=r"^internal check failed: fields previous would not read back") as exc:
        edit_front_matter(ALIASED_REVIEW, review={"status": "outdated"})
    assert exc.value.line == 8  # the line of `previous`
    proc = atlas("status", "--mark-reviewed", "docs/aliased.md", cwd=root)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == ["docs/aliased.md:8: internal check failed: fields previous would not read "
                                        "back as intended; nothing written; not changed"]
    with pytest.raises(RecordError, match="fields previous would not read back"):
        update_status(root, str(path), "outdated")
    assert path.read_bytes() == ALIASED_REVIEW


def test_the_self_check_refuses_an_edit_that_would_not_parse(root):
    path = root / "docs" / "anchored.md"
    path.write_bytes(ANCHORED_VERSION)
    with pytest.raises(RecordError, match=r"^docs/anchored.md:1: internal check failed: the edited front matter "
                                          r"would not parse \(.*undefined alias 'v'\); nothing written; not changed$"):
        mark_reviewed(root, str(path), today=TODAY)
    assert path.read_bytes() == ANCHORED_VERSION
