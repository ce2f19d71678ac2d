"""`atlas status` / `python scripts/unified_status_tracker.py`: --scan, --dashboard, --mark-reviewed,
--update-status, --export, on a site in a temporary git repository whose pages have known review
states and known commit dates. Plus the /status/ page (same numbers as --dashboard) and impact."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from atlas import __version__
from atlas.pages import split_front_matter
from atlas.status.scan import collect
from atlas.status.statuspage import status_page_markdown
from pagebuilder import REPO
from statustree import atlas, body_md5, days_ago, git, new_git_site, reviewed_page, script, today

NETFLIX = {"system": "netflix"}
BROKEN = "---\ntitle: Broken page\ncategory: debugging\nsummary: Pool: saturated; from an alert\n---\n# Broken\n"
PRE_VISUAL = 'flowchart LR\n    CLIENT["Mobile client"] -->|HTTPS| API["Orders API<br/>40 pods"]\n'

# page -> (expected status, expected priority)
EXPECTED = {
    "systems/netflix/architecture.md": ("up_to_date", "LOW"),
    "systems/netflix/request-flow.md": ("needs_review", "MEDIUM"),
    "debugging/infrastructure/pool-stale.md": ("needs_review", "MEDIUM"),
    "patterns/resilience/connection-pooling.md": ("outdated", "MEDIUM"),
    "costs/database-spend.md": ("missing_version", "MEDIUM"),
    "debugging/infrastructure/pre-visual.md": ("up_to_date", "HIGH"),
    "incidents/high-profile/stream-plane.md": ("up_to_date", "HIGH"),
}
UNREADABLE = "debugging/infrastructure/broken.md"
SITE_CONFIG = """site_name: Status test
docs_dir: docs
hooks:
  - {hooks}
theme:
  name: material
  font: false
markdown_extensions:
  - tables
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: atlas-diagram
          format: !!python/name:atlas.site.fence.fence_mermaid
"""
ADDED = {"systems/netflix/architecture.md": 50, "systems/netflix/request-flow.md": 20,
         "debugging/infrastructure/pool-stale.md": 20, "patterns/resilience/connection-pooling.md": 20}  # else 3 days ago


@pytest.fixture
def site(tmp_path):
    """Seven readable pages with one known status each, one unreadable page, real commit history:
    the specs at T-60, pages at T-50, T-20 and T-3, and the patterns spec changed at T-10."""
    s = new_git_site(tmp_path / "site")
    s.commit("specs", days_ago(60))
    s.write("systems/netflix/architecture.md",
            reviewed_page("systems", kind="architecture", reviewed=days_ago(5), **NETFLIX))
    s.commit("netflix architecture", days_ago(50))
    s.write("systems/netflix/request-flow.md",
            reviewed_page("systems", kind="request-flow", reviewed=days_ago(5), hash_ok=False, **NETFLIX))
    s.write("debugging/infrastructure/pool-stale.md", reviewed_page(reviewed=days_ago(40)))
    s.write("patterns/resilience/connection-pooling.md", reviewed_page("patterns", reviewed=days_ago(20)))
    s.commit("three pages", days_ago(20))
    spec = s.root / "specs" / "05-PATTERN-SPECIFICATIONS.md"
    spec.write_text(spec.read_text(encoding="utf-8") + "\nA new rule for patterns.\n", encoding="utf-8")
    s.commit("patterns spec changed", days_ago(10))
    s.write("costs/database-spend.md", reviewed_page("costs", reviewed=days_ago(5), version=None))
    s.write("debugging/infrastructure/pre-visual.md", reviewed_page(reviewed=days_ago(5), diagram=PRE_VISUAL))
    s.write("incidents/high-profile/stream-plane.md",
            reviewed_page("incidents", reviewed=days_ago(5), extra="Kafka topics used to sit in the Stream Plane."))
    s.write(UNREADABLE, BROKEN)
    s.commit("four pages", days_ago(3))
    return s


def status_of(site, rel: str) -> str:
    meta = yaml.safe_load(split_front_matter(site.read(rel).decode())[0])
    return meta["review"]["status"]


def no_traceback(proc):
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr


# ---------------------------------------------------------------- --scan

def test_scan_derives_every_status_and_writes_stamped_data(site):
    before = {rel: site.read(rel) for rel in [*EXPECTED, UNREADABLE]}
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    proc = script("unified_status_tracker", "--scan", cwd=site.root)
    finished = dt.datetime.now(dt.timezone.utc)
    no_traceback(proc)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # one page could not be read
    assert f"docs/{UNREADABLE}:4: front matter is not valid YAML" in proc.stderr
    assert "status: up_to_date 3 · needs_review 2 · outdated 1 · missing_version 1" in proc.stdout

    for rel, (status, _) in EXPECTED.items():
        assert status_of(site, rel) == status, rel
    assert site.read(UNREADABLE) == before[UNREADABLE], "an unreadable page is never rewritten"
    # A page whose status changed differs in exactly one line: its review.status.
    old = before["patterns/resilience/connection-pooling.md"].decode().splitlines()
    new = site.read("patterns/resilience/connection-pooling.md").decode().splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(old) == len(new) and changed == [("  status: up_to_date", "  status: outdated")]
    # Pages already right are untouched, byte for byte.
    assert site.read("systems/netflix/architecture.md") == before["systems/netflix/architecture.md"]

    metrics = json.loads((site.root / "data" / "CENTRAL_METRICS.json").read_text())
    assert metrics["tool"] == f"atlas {__version__}"
    stamp = dt.datetime.fromisoformat(metrics["generated_at"])
    assert started <= stamp <= finished  # stamped by this scan
    assert metrics["status"] == {"up_to_date": 3, "needs_review": 2, "outdated": 1, "missing_version": 1}
    assert metrics["priority"] == {"HIGH": 2, "MEDIUM": 4, "LOW": 1}
    assert metrics["pages"] == 8 and metrics["categories"]["debugging"]["pages"] == 3
    assert metrics["systems"]["netflix"] == {"pages": 2, "of": 8, "missing": [
        "storage-architecture", "failure-domains", "scale-evolution", "cost-breakdown", "novel-solutions",
        "production-operations"]}
    assert metrics["unreadable"][0]["path"] == f"docs/{UNREADABLE}" and metrics["unreadable"][0]["line"] == 4

    detail = json.loads((site.root / "data" / "unified_diagram_status.json").read_text())
    assert detail["tool"] == f"atlas {__version__}" and detail["generated_at"] == metrics["generated_at"]
    rows = {p["path"]: p for p in detail["pages"]}
    assert {p.removeprefix("docs/") for p in rows} == set(EXPECTED)
    outdated = rows["docs/patterns/resilience/connection-pooling.md"]
    assert outdated["reasons"] == [f"specs/05-PATTERN-SPECIFICATIONS.md changed {days_ago(10).isoformat()}, "
                                   f"after the review of {days_ago(20).isoformat()}"]
    assert rows["docs/systems/netflix/request-flow.md"]["reasons"] == [
        "content changed since the review (body MD5 differs from review.content_hash)"]
    assert rows["docs/debugging/infrastructure/pool-stale.md"]["reasons"] == [
        "last reviewed 40 days ago (more than 30)"]


def test_a_second_scan_changes_no_page(site):
    atlas("status", "--scan", cwd=site.root)
    after_first = {p: p.read_bytes() for p in site.docs.rglob("*.md")}
    proc = atlas("status", "--scan", cwd=site.root)
    assert "review.status updated" not in proc.stdout
    assert {p: p.read_bytes() for p in site.docs.rglob("*.md")} == after_first


def test_scan_writes_no_temporary_files_and_keeps_page_modes(site):
    page = site.docs / "patterns/resilience/connection-pooling.md"
    page.chmod(0o640)
    atlas("status", "--scan", cwd=site.root)
    assert page.stat().st_mode & 0o777 == 0o640
    leftovers = [p for p in site.root.rglob("*.tmp")]
    assert leftovers == []


# ---------------------------------------------------------------- --dashboard

def dashboard_numbers(text: str) -> dict:
    """The numbers a reader takes from the dashboard (or the status page: same labels)."""
    out = {}
    for title in ("Systems", "Debugging", "Patterns", "Costs", "Incidents", "Total"):
        m = re.search(rf"(?m)^\W*{title}\W+(\d+)\W+(\d+)\W+(\d+) %", text)
        out[title] = tuple(int(x) for x in m.groups())
    for status in ("up_to_date", "needs_review", "outdated", "missing_version"):
        out[status] = int(re.search(rf"(?m)^\W*{status}\W+(\d+)", text).group(1))
    for prio in ("HIGH", "MEDIUM", "LOW"):
        out[prio] = int(re.search(rf"(?m){prio}\b.*?(\d+)\W*$", text).group(1))
    out["netflix"] = re.search(r"Netflix (\d/8)", text).group(1)
    out["weeks"] = [(w, int(n)) for w, n in re.findall(r"(?m)^\W*(\d{4}-\d{2}-\d{2})\W+(\d+)\W", text)]
    out["rate"] = re.search(r"Velocity: ([\d.]+) pages/week", text).group(1)
    out["projected"] = re.search(r"Projected completion: (\S+)", text).group(1)
    out["pages"] = re.search(r"Pages: (\d+) / (\d+)", text).groups()
    return out


def test_dashboard_shows_catalog_systems_status_priority_velocity_and_projection(site):
    proc = script("unified_status_tracker", "--dashboard", cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    n = dashboard_numbers(proc.stdout)
    assert n["Systems"] == (2, 240, 1) and n["Debugging"] == (3, 100, 3) and n["Total"] == (8, 920, 1)
    assert (n["up_to_date"], n["needs_review"], n["outdated"], n["missing_version"]) == (3, 2, 1, 1)
    assert (n["HIGH"], n["MEDIUM"], n["LOW"]) == (2, 4, 1)
    assert n["netflix"] == "2/8"
    # Velocity from the commits: every page's first commit, counted in its week.
    weekly: dict[dt.date, int] = {}
    for rel in [*EXPECTED, UNREADABLE]:
        d = days_ago(ADDED.get(rel, 3))
        weekly[d - dt.timedelta(days=d.weekday())] = weekly.get(d - dt.timedelta(days=d.weekday()), 0) + 1
    assert len(n["weeks"]) == 8
    for week, count in n["weeks"]:
        assert count == weekly.get(dt.date.fromisoformat(week), 0), week
    recent = sum(1 for rel in [*EXPECTED, UNREADABLE] if ADDED.get(rel, 3) < 28)  # 7 pages in the last 4 weeks
    rate = recent / 4
    assert float(n["rate"]) == rate
    assert n["projected"] == (today() + dt.timedelta(days=math.ceil((920 - 8) / rate * 7))).isoformat()
    assert f"docs/{UNREADABLE}:4:" in proc.stdout


def test_status_page_has_the_dashboards_numbers(site):
    dashboard = atlas("status", "--dashboard", cwd=site.root).stdout
    page = status_page_markdown(site.root)
    assert dashboard_numbers(page) == dashboard_numbers(dashboard)
    assert page.startswith("---\ntitle: Status\n")


class _Text(HTMLParser):
    """The text a reader sees in the article: one line per paragraph, list item and table row."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self.parts.append("| ")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in ("tr", "li", "p", "h1", "h2"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data.replace("\n", " "))


def rendered_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def test_built_site_serves_the_status_page_with_the_dashboards_numbers(tmp_path, site):
    """The real hook in a real `mkdocs build`: /status/ exists, is generated (no docs/status.md), and
    carries the numbers --dashboard prints for the same tree."""
    (site.root / "mkdocs.yml").write_text(SITE_CONFIG.format(hooks=REPO / "src" / "atlas" / "site" / "mkdocs_hooks.py"),
                                          encoding="utf-8")
    (site.docs / UNREADABLE).unlink()  # mkdocs itself rejects unreadable front matter
    (site.docs / "index.md").write_text("# Home\n", encoding="utf-8")
    mkdocs = REPO / ".venv" / "bin" / "mkdocs"
    proc = subprocess.run([str(mkdocs) if mkdocs.exists() else sys.executable, *([] if mkdocs.exists() else ["-m", "mkdocs"]),
                           "build", "--site-dir", str(tmp_path / "out")], cwd=site.root, capture_output=True,
                          text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not (site.docs / "status.md").exists()
    html = (tmp_path / "out" / "status" / "index.html").read_text(encoding="utf-8")
    text = rendered_text(html.split('<article', 1)[1].split("</article>", 1)[0])
    dashboard = atlas("status", "--dashboard", cwd=site.root).stdout
    built, live = dashboard_numbers(text), dashboard_numbers(dashboard)
    for key in ("Systems", "Debugging", "Total", "up_to_date", "needs_review", "outdated", "missing_version",
                "netflix", "rate", "projected", "pages"):
        assert built[key] == live[key], key
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="status/"' in index, "the status page is in the nav"


# ---------------------------------------------------------------- --mark-reviewed / --update-status

def test_mark_reviewed_bumps_minor_sets_today_and_hash_and_changes_nothing_else(site):
    rel = "systems/netflix/request-flow.md"
    before = site.read(rel).decode()
    proc = script("unified_status_tracker", "--mark-reviewed", f"docs/{rel}", cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert f"docs/{rel}: reviewed {today().isoformat()}, version 1.0 → 1.1" in proc.stdout
    after = site.read(rel).decode()
    fm_before, body_before, _ = split_front_matter(before)
    fm_after, body_after, _ = split_front_matter(after)
    assert body_after == body_before
    meta = yaml.safe_load(fm_after)
    assert meta["version"] == "1.1"
    assert meta["review"] == {"status": "up_to_date", "last_reviewed": today(), "content_hash": body_md5(before)}
    changed_old = [a for a in before.splitlines() if a not in after.splitlines()]
    assert all(re.match(r"^(version:|  (status|last_reviewed|content_hash):)", line) for line in changed_old), changed_old
    old_meta = yaml.safe_load(fm_before)
    assert list(meta) == list(old_meta)
    assert {k: v for k, v in meta.items() if k not in ("version", "review")} == \
           {k: v for k, v in old_meta.items() if k not in ("version", "review")}
    snap = collect(site.root)
    assert next(p for p in snap.pages if p.path == f"docs/{rel}").status == "up_to_date"


def test_mark_reviewed_adds_a_version_to_a_page_without_one(site):
    proc = atlas("status", "--mark-reviewed", "docs/costs/database-spend.md", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    assert "version (none) → 1.0" in proc.stdout
    assert yaml.safe_load(split_front_matter(site.read("costs/database-spend.md").decode())[0])["version"] == "1.0"


def test_mark_reviewed_refuses_a_page_whose_front_matter_does_not_parse(site):
    before = site.read(UNREADABLE)
    proc = atlas("status", "--mark-reviewed", f"docs/{UNREADABLE}", cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"docs/{UNREADABLE}:4: front matter is not valid YAML")
    assert lines[0].endswith("not changed")
    assert site.read(UNREADABLE) == before


@pytest.mark.parametrize("args, message", [
    (["--mark-reviewed", "docs/no/such-page.md"], "docs/no/such-page.md: no such file"),
    (["--mark-reviewed", "mkdocs.yml"], "mkdocs.yml: not a page under docs/"),
    (["--update-status", "docs/patterns/resilience/connection-pooling.md"], "needs --status S"),
    (["--update-status", "docs/patterns/resilience/connection-pooling.md", "--status", "done"],
     "--status 'done' is not a review status"),
])
def test_bad_status_arguments_give_one_line(site, args, message):
    proc = atlas("status", *args, cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr


def test_update_status_sets_only_review_status_and_accepts_the_plans_needs_update(site):
    rel = "systems/netflix/architecture.md"
    before = site.read(rel).decode().splitlines()
    proc = script("unified_status_tracker", "--update-status", f"docs/{rel}", "--status", "needs_update", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    assert "review.status up_to_date → needs_review (needs_update is the plan's name for needs_review)" in proc.stdout
    after = site.read(rel).decode().splitlines()
    assert [(a, b) for a, b in zip(before, after) if a != b] == [("  status: up_to_date", "  status: needs_review")]
    # The flag sticks: the page stays needs_review on the next scan although nothing else changed.
    atlas("status", "--scan", cwd=site.root)
    assert status_of(site, rel) == "needs_review"


def test_outside_a_site_the_commands_say_so(tmp_path):
    proc = atlas("status", "--dashboard", cwd=tmp_path)
    assert proc.returncode == 2 and "no mkdocs.yml with a docs/ folder" in proc.stderr
    no_traceback(proc)


# ---------------------------------------------------------------- --export

def test_export_writes_json_csv_and_markdown(site):
    proc = script("unified_status_tracker", "--export", "weekly_report", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    out = site.root / "data" / "exports"
    data = json.loads((out / "weekly_report.json").read_text())
    assert data["status"] == {"up_to_date": 3, "needs_review": 2, "outdated": 1, "missing_version": 1}
    assert len(data["pages_detail"]) == 7
    rows = list(csv.DictReader((out / "weekly_report.csv").open(encoding="utf-8")))
    assert {r["path"]: r["status"] for r in rows} == {f"docs/{k}": v for k, (v, _) in EXPECTED.items()}
    md = (out / "weekly_report.md").read_text()
    assert "| `docs/patterns/resilience/connection-pooling.md` | outdated | MEDIUM |" in md
    assert not (site.root / "data" / "CENTRAL_METRICS.json").exists(), "--scan is the only writer of the metrics"


# ---------------------------------------------------------------- concurrency

def test_concurrent_runs_do_not_lose_updates_or_corrupt_files(site):
    """Eight --mark-reviewed on one page and two --scan at once: the lock serialises them, so every
    bump lands (1.0 -> 1.8) and every file still parses."""
    rel = "docs/systems/netflix/architecture.md"
    cmd = [str(REPO / ".venv" / "bin" / "atlas")] if (REPO / ".venv" / "bin" / "atlas").exists() \
        else [sys.executable, "-m", "atlas.cli"]
    procs = [subprocess.Popen([*cmd, "status", "--mark-reviewed", rel], cwd=site.root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    procs += [subprocess.Popen([*cmd, "status", "--scan"], cwd=site.root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs[:8]), results
    meta = yaml.safe_load(split_front_matter((site.root / rel).read_text())[0])
    assert meta["version"] == "1.8"
    json.loads((site.root / "data" / "CENTRAL_METRICS.json").read_text())
    json.loads((site.root / "data" / "unified_diagram_status.json").read_text())
    for page in site.docs.rglob("*.md"):
        if page.name != "broken.md":
            yaml.safe_load(split_front_matter(page.read_text())[0])


# ---------------------------------------------------------------- impact

def test_impact_lists_pages_reviewed_before_their_specs_last_change(site):
    proc = atlas("impact", cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert (f"specs/05-PATTERN-SPECIFICATIONS.md last changed {days_ago(10).isoformat()}") in proc.stdout
    block = proc.stdout.split("specs/05-PATTERN-SPECIFICATIONS.md", 1)[1]
    assert f"  docs/patterns/resilience/connection-pooling.md (reviewed {days_ago(20).isoformat()})" in block
    diagram_block = proc.stdout.split("specs/02-DIAGRAM-SPECIFICATIONS-V3.md", 1)[1].split("specs/03")[0]
    assert "governs all pages: 0 page(s)" in diagram_block


def test_impact_since_a_revision_lists_every_page_the_changed_specs_govern(site):
    first = git(site.root, "rev-list", "--max-parents=0", "HEAD").strip()
    proc = atlas("impact", "--since", first, cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    assert "specs/05-PATTERN-SPECIFICATIONS.md changed since" in proc.stdout
    assert "docs/patterns/resilience/connection-pooling.md" in proc.stdout
    assert "02-DIAGRAM" not in proc.stdout  # unchanged since the first commit
    # A diagram spec change governs every page.
    spec = site.root / "specs" / "02-DIAGRAM-SPECIFICATIONS-V3.md"
    spec.write_text(spec.read_text() + "\nOne more rule.\n")
    proc = atlas("impact", "--since", "HEAD", cwd=site.root)
    assert "specs/02-DIAGRAM-SPECIFICATIONS-V3.md changed since HEAD; governs all pages: 8 page(s)" in proc.stdout


def test_impact_with_an_unknown_revision_is_one_line(site):
    proc = atlas("impact", "--since", "no-such-rev", cwd=site.root)
    no_traceback(proc)
    assert proc.returncode == 2 and proc.stderr.strip() == "atlas impact: unknown revision 'no-such-rev'"


def test_a_committed_diagram_spec_change_marks_every_reviewed_page_outdated(site):
    spec = site.root / "specs" / "02-DIAGRAM-SPECIFICATIONS-V3.md"
    spec.write_text(spec.read_text() + "\nOne more rule.\n")
    site.commit("diagram spec", today())
    atlas("status", "--scan", cwd=site.root)
    for rel, (status, _) in EXPECTED.items():
        want = "missing_version" if status == "missing_version" else "outdated"
        assert status_of(site, rel) == want, rel
