"""The derived review status, its reasons word for word, and the review priority (atlas.status.derive):
every rule at its boundary, with a fixed `today` so the expectations are exact."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas.status.derive import (REVIEW_MAX_DAYS, as_date, bump_minor, derive_status, has_version, is_pre_visual,
                                 review_priority, version_text)

TODAY = dt.date(2026, 11, 26)  # a fixed day: derive_status takes it as an argument
HASH = "0123456789abcdef0123456789abcdef"
SPEC = "specs/05-PATTERN-SPECIFICATIONS.md"


def reviewed(days_ago: int = 3, **review) -> dict:
    return {"version": "1.0", "review": {"status": "up_to_date", "last_reviewed": TODAY - dt.timedelta(days=days_ago),
                                         "content_hash": HASH, **review}}


def derive(meta: dict, specs=(), body_hash: str = HASH):
    d = derive_status(meta, body_hash, list(specs), TODAY)
    return d.status, d.reasons


@pytest.mark.parametrize("value, date", [
    (dt.datetime(2026, 1, 2, 23, 59), dt.date(2026, 1, 2)), (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
    (" 2026-01-02 ", dt.date(2026, 1, 2)), ("2026-02-30", None), ("last week", None), (20260102, None), (None, None),
])
def test_as_date(value, date):
    assert as_date(value) == date


@pytest.mark.parametrize("meta, text", [({"version": "1.2"}, "1.2"), ({"version": 2}, "2"), ({"version": 0}, "0"),
                                        ({"version": "  "}, None), ({"version": None}, None), ({}, None)])
def test_version_presence(meta, text):
    assert has_version(meta) is (text is not None)
    assert version_text(meta) == text


def test_up_to_date_has_no_reason():
    assert derive(reviewed()) == ("up_to_date", [])
    assert derive(reviewed(days_ago=REVIEW_MAX_DAYS)) == ("up_to_date", [])
    assert derive(reviewed(), specs=[(SPEC, TODAY - dt.timedelta(days=3))]) == ("up_to_date", [])  # same day: not after


def test_missing_version_comes_first():
    meta = reviewed(status="outdated")
    del meta["version"]
    assert derive(meta, specs=[(SPEC, TODAY)]) == ("missing_version", ["no `version` in the front matter"])
    assert derive({**meta, "version": ""}) == ("missing_version", ["no `version` in the front matter"])


def test_outdated_lists_every_spec_changed_after_the_review_and_a_stored_flag():
    last = TODAY - dt.timedelta(days=3)
    specs = [(SPEC, TODAY - dt.timedelta(days=1)), ("specs/02-DIAGRAM-SPECIFICATIONS-V3.md", TODAY - dt.timedelta(days=9)),
             ("specs/03-GUARANTEES-SPECIFICATIONS.md", TODAY - dt.timedelta(days=2))]
    assert derive(reviewed(status="outdated", content_hash="f" * 32), specs=specs) == ("outdated", [
        f"{SPEC} changed {(TODAY - dt.timedelta(days=1)).isoformat()}, after the review of {last.isoformat()}",
        f"specs/03-GUARANTEES-SPECIFICATIONS.md changed {(TODAY - dt.timedelta(days=2)).isoformat()}, "
        f"after the review of {last.isoformat()}",
        "marked outdated, not reviewed since"])
    never = {"version": "1.0", "review": {"status": "up_to_date"}}
    assert derive(never, specs=specs)[0] == "needs_review"  # no review date: no spec can be "after" it


def test_needs_review_lists_every_reason_in_order():
    assert derive(reviewed(days_ago=REVIEW_MAX_DAYS + 1, status="needs_update", content_hash="f" * 32)) == (
        "needs_review", [f"last reviewed {REVIEW_MAX_DAYS + 1} days ago (more than {REVIEW_MAX_DAYS})",
                         "content changed since the review (body MD5 differs from review.content_hash)",
                         "marked needs_review, not reviewed since"])
    assert derive({"version": "1.0", "review": {"status": "up_to_date"}}) == (
        "needs_review", ["never reviewed (no review.last_reviewed)", "no review.content_hash recorded"])
    assert derive({"version": "1.0", "review": "not a mapping"}) == (
        "needs_review", ["never reviewed (no review.last_reviewed)", "no review.content_hash recorded"])
    assert derive(reviewed(content_hash="")) == ("needs_review", ["no review.content_hash recorded"])
    assert derive(reviewed(status="needs_review")) == ("needs_review", ["marked needs_review, not reviewed since"])


PLANE_FLOWCHART = 'flowchart LR\n  A["a"] --> B["b"]\n  class A edgeStyle\n'
BOXED_SEQUENCE = "sequenceDiagram\n  box Edge\n    participant A\n  end\n"


@pytest.mark.parametrize("sources, pre_visual", [
    ([], True), (['flowchart LR\n  A["a"] --> B["b"]\n'], True), ([PLANE_FLOWCHART], False),
    ([BOXED_SEQUENCE], False), (["sequenceDiagram\n  participant boxer\n"], True),
    (['flowchart LR\n  A["a"]\n', BOXED_SEQUENCE], False),
    (['flowchart LR\n  A["myedgeStyles"]\n'], True),  # a plane class name inside another word is no plane
])
def test_pre_visual(sources, pre_visual):
    assert is_pre_visual(sources) is pre_visual


def test_review_priority_rows_and_reasons():
    assert review_priority("Kafka sits in the Stream Plane.", [PLANE_FLOWCHART], "up_to_date") == (
        "HIGH", "'Stream Plane' reference: the Stream plane was removed")
    assert review_priority("text", ['flowchart LR\n  A["a"]\n'], "up_to_date") == (
        "HIGH", "pre-visual: no diagram shows the four planes")
    assert review_priority("text", [PLANE_FLOWCHART], "outdated") == ("MEDIUM", "outdated")
    assert review_priority("text", [BOXED_SEQUENCE], "up_to_date") == ("LOW", "working diagram")


@pytest.mark.parametrize("version, bumped", [("1.0", "1.1"), ("1.9", "1.10"), ("2.10", "2.11"), ("01.09", "1.10"),
                                             (None, "1.0"), ("x", "1.0"), ("1", "1.0"), ("1.0.0", "1.0")])
def test_bump_minor(version, bumped):
    assert bump_minor(version) == bumped


def runtime(text: str) -> str:
    """The same text as a new string object, as a value read from a page is (never the interned literal)."""
    return "".join(list(text))


def test_statuses_and_hashes_read_from_a_page_compare_by_value():
    assert runtime("outdated") is not "outdated"  # noqa: F632 - the point of the helper
    assert derive(reviewed(status=runtime("outdated")))[0] == "outdated"
    assert derive(reviewed(status=runtime("needs_review")))[0] == "needs_review"
    assert derive(reviewed(content_hash=runtime(HASH)), body_hash=runtime(HASH)) == ("up_to_date", [])
    assert derive(reviewed(content_hash="0" * 32))[0] == "needs_review"  # a recorded hash below the body's
    assert review_priority("text", [BOXED_SEQUENCE], runtime("up_to_date")) == ("LOW", "working diagram")
