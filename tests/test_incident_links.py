"""Issue 14's links both ways, on the committed docs: every incident anatomy links at least one debugging
guide (what on-call saw) and, where the site has its company's failure-domains page, that page; and that
page links the anatomy back."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.incidents import system_of
from atlas.pages import load_page

DOCS = Path(__file__).resolve().parents[1] / "docs"
ANATOMIES = sorted(p for p in (DOCS / "incidents").glob("*/*.md") if p.parent.name != "response-patterns")
def targets(path: Path) -> set[str]:
    """The docs-relative pages a page links (its links as the linter reads them, atlas.pages)."""
    out = set()
    for link in load_page(path, DOCS).links:
        target = link.target.split("#", 1)[0]
        if not target.endswith(".md") or "://" in target:
            continue
        resolved = (path.parent / target).resolve()
        if resolved.is_relative_to(DOCS):
            out.add(resolved.relative_to(DOCS).as_posix())
    return out


def test_system_of_reads_the_company_from_the_file_name():
    assert system_of("aws-s3-2017-02-28") == "amazon" and system_of("github-2018-10-21") == "github"
    assert system_of("microsoft-azure-ad-2021-03-15") == "microsoft" and system_of("knight-capital-2012-08-01") is None


def test_there_are_anatomies():
    assert len(ANATOMIES) >= 100


@pytest.mark.parametrize("path", ANATOMIES, ids=lambda p: p.stem)
def test_an_anatomy_links_a_guide_and_its_companys_failure_domains_both_ways(path):
    rel = path.relative_to(DOCS).as_posix()
    linked = targets(path)
    assert any(t.startswith("debugging/") for t in linked), f"docs/{rel}: link at least one debugging guide for what on-call saw"
    system = system_of(path.stem)
    fd = f"systems/{system}/failure-domains.md"
    if system and (DOCS / fd).is_file():
        assert fd in linked, f"docs/{rel}: link its company's failure-domains page (docs/{fd})"
        assert rel in targets(DOCS / fd), f"docs/{fd}: link the anatomy docs/{rel} back"
