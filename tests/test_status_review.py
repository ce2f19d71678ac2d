"""`atlas review` / `python scripts/batch_diagram_reviewer.py` (scores from the real lint rules, fix
suggestions, mechanical fixes after a diff), `atlas progress` / `progress_tracker.py` and
`atlas sources` / `manual_source_discovery.py` with data/source-registry.yaml."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml

from atlas.catalog import SYSTEMS
from atlas.lint.registry import all_rules
from atlas.pages import split_front_matter
from atlas.planes import PLANES
from atlas.status.discovery import DiscoveryError, load_incidents, load_registry
from pagebuilder import FLOWCHART, REPO, insert_after
from statustree import atlas, days_ago, new_git_site, reviewed_page, script, today

STATE = next(p for p in PLANES if p.name == "State")
# A node in the State subgraph without a class, and the stateStyle classDef missing.
NO_PLANE = insert_after(FLOWCHART, "max_connections 100", '        CACHE["Redis 7.2"]')
NO_STATE_DEF = FLOWCHART.replace(f"    {STATE.class_def}\n", "")


@pytest.fixture
def site(tmp_path):
    s = new_git_site(tmp_path / "site")
    s.write("debugging/infrastructure/good.md", reviewed_page(reviewed=days_ago(2)))
    s.write("debugging/infrastructure/no-plane.md", reviewed_page(reviewed=days_ago(2), diagram=NO_PLANE))
    s.write("debugging/infrastructure/two-faults.md",
            reviewed_page(reviewed=days_ago(2), diagram=NO_STATE_DEF, drop_sections=("Runbook",)))
    s.write("costs/database-spend.md", reviewed_page("costs", reviewed=days_ago(2), version=None))
    s.commit("pages", days_ago(9))
    return s


def test_report_scores_pages_from_the_lint_rules_worst_first(site):
    proc = script("batch_diagram_reviewer", "--category", "debugging", "--report", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    rows = re.findall(r"(?m)^\s*(\d+)\s+(\d+)\s+(\d+)\s+(docs/\S+)(?:\s+\((.*)\))?$", proc.stdout)
    assert [r[3] for r in rows][:2] == ["docs/debugging/infrastructure/two-faults.md",
                                       "docs/debugging/infrastructure/no-plane.md"]
    assert {r[3] for r in rows} == {f"docs/debugging/infrastructure/{n}.md" for n in ("good", "no-plane", "two-faults")}
    n = len(all_rules())
    scores = {r[3].rsplit("/", 1)[1]: (int(r[0]), r[4]) for r in rows}
    assert scores["good.md"] == (100, "")
    assert scores["no-plane.md"] == (round(100 * (n - 1) / n), "PLN001")
    assert scores["two-faults.md"] == (round(100 * (n - 2) / n), "GAT001, PLN002")
    assert "costs" not in proc.stdout


def test_plan_form_category_without_report_prints_the_report(site):
    proc = atlas("review", "--category", "debugging", cwd=site.root)
    assert proc.returncode == 0 and "compliance in category debugging: 3 pages" in proc.stdout


def test_unknown_category_is_one_line(site):
    proc = atlas("review", "--category", "nope", cwd=site.root)
    assert proc.returncode == 2 and proc.stderr.startswith("atlas review: --category 'nope' is not a category")
    assert len(proc.stderr.strip().splitlines()) == 1


def test_fix_suggestions_are_concrete(site):
    proc = script("batch_diagram_reviewer", "--fix-suggestions", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert f"add `{STATE.class_def}`" in out  # the exact classDef line
    assert "nodes without a plane, inside the State subgraph: add `class CACHE stateStyle`" in out
    assert "3am gate: answer 'mitigation' (a heading, table row or labelled item starting with 'Runbook')" in out
    assert "front matter: add `version: '1.0'`" in out
    assert "good.md" not in out


def test_apply_shows_the_diff_and_writes_only_when_confirmed(site):
    before = {p: p.read_bytes() for p in site.docs.rglob("*.md")}
    proc = atlas("review", "--apply", cwd=site.root)  # stdin is not a terminal and no --yes
    assert proc.returncode == 1 and "run again with --apply --yes" in proc.stderr
    assert f"+    {STATE.class_def}" in proc.stdout and "+version: '1.0'" in proc.stdout
    assert {p: p.read_bytes() for p in site.docs.rglob("*.md")} == before

    proc = atlas("review", "--apply", "--yes", cwd=site.root)
    assert proc.returncode == 0, proc.stderr
    assert "applied to 2 page(s)" in proc.stdout
    fixed = (site.docs / "debugging/infrastructure/two-faults.md").read_text()
    assert fixed.count(STATE.class_def) == 1
    meta = yaml.safe_load(split_front_matter((site.docs / "costs/database-spend.md").read_text())[0])
    assert meta["version"] == "1.0"
    # Only mechanical fixes: the missing section and the unclassed node are still for a person.
    assert "## Runbook" not in fixed
    assert (site.docs / "debugging/infrastructure/no-plane.md").read_bytes() == \
        before[site.docs / "debugging/infrastructure/no-plane.md"]
    report = atlas("review", "--report", cwd=site.root).stdout
    assert "PLN002" not in report and "FM001" not in report


def test_progress_counts_this_and_last_week_from_commits(tmp_path):
    s = new_git_site(tmp_path / "site")
    monday = today() - dt.timedelta(days=today().weekday())
    s.write("debugging/infrastructure/a.md", reviewed_page(reviewed=days_ago(1)))
    s.commit("last week", monday - dt.timedelta(days=3))
    s.write("debugging/infrastructure/b.md", reviewed_page(reviewed=days_ago(1)))
    s.write("costs/c.md", reviewed_page("costs", reviewed=days_ago(1)))
    s.commit("this week", monday)
    s.write("costs/d.md", reviewed_page("costs", reviewed=days_ago(1)))  # not committed
    proc = script("progress_tracker", "--json", cwd=s.root)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["week_of"] == monday.isoformat()
    assert (report["pages"], report["added_this_week"], report["added_last_week"], report["uncommitted"]) == (4, 2, 1, 1)
    rows = {r["category"]: r for r in report["categories"]}
    assert (rows["costs"]["pages"], rows["costs"]["this_week"], rows["costs"]["remaining"]) == (2, 1, 58)
    text = script("progress_tracker", cwd=s.root).stdout
    assert "Pages: 4 / 920" in text and "+2 this week, +1 last week, 1 not committed yet" in text
    assert re.search(r"(?m)^Costs\s+2\s+60\s+1\s+0\s+58\s", text)


CATALOG = """# Incident candidates

## high-profile
- Amazon S3 us-east-1, 2017-02-28 — mistyped playbook command removed index/placement servers
- Meta (Facebook, Instagram, WhatsApp), 2021-10-04 — backbone command withdrew BGP routes

## financial-services
- Knight Capital, 2012-08-01 — repurposed feature flag reactivated dead code
"""


def test_sources_checklist(tmp_path):
    s = new_git_site(tmp_path / "site")
    s.write("systems/netflix/architecture.md", reviewed_page("systems", system="netflix", kind="architecture",
                                                             reviewed=days_ago(1)))
    old = [{"url": "https://www.postgresql.org/docs/16/", "title": "PostgreSQL 16 docs", "publisher": "PGDG",
            "published": dt.date(2019, 5, 1), "confidence": "A"},
           {"url": "https://www.pgbouncer.org/config.html", "title": "PgBouncer config", "publisher": "PgBouncer",
            "published": dt.date(2020, 1, 1), "confidence": "B"}]
    s.write("debugging/infrastructure/old-sources.md", reviewed_page(reviewed=days_ago(1), sources=old))
    secondary = [dict(src, confidence="B", published=dt.date(2025, 1, 1)) for src in old]
    s.write("debugging/infrastructure/secondary.md", reviewed_page(reviewed=days_ago(1), sources=secondary))
    s.write("incidents/high-profile/aws-s3-2017-02-28.md",
            reviewed_page("incidents", reviewed=days_ago(1), title="Amazon S3 outage, 2017-02-28"))
    (s.root / "data").mkdir()
    (s.root / "data" / "source-registry.yaml").write_text(
        "netflix:\n  engineering_blog: https://netflixtechblog.com/\n  papers:\n    - https://research.netflix.com/x\n")
    catalog = tmp_path / "incidents.md"
    catalog.write_text(CATALOG)
    proc = script("manual_source_discovery", "--incidents", catalog, cwd=s.root)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "- [ ] Systems: 239 to write (1 of 240)" in out
    assert "- [ ] Netflix (1/8): write request-flow," in out
    assert "      engineering blog: https://netflixtechblog.com/\n      paper: https://research.netflix.com/x" in out
    assert "- [ ] Uber (0/8): write architecture," in out
    stale = out.split("older than 3 years", 1)[1].split("##", 1)[0]
    assert "docs/debugging/infrastructure/old-sources.md (newest source 2020-01-01)" in stale
    assert "secondary.md" not in stale
    secondary_block = out.split("only secondary sources", 1)[1].split("##", 1)[0]
    assert secondary_block.strip().splitlines()[-1] == "- [ ] docs/debugging/infrastructure/secondary.md"
    incidents = out.split("Catalogued incidents not written yet", 1)[1].split("##", 1)[0]
    assert "2 of 3 candidates" in incidents
    assert "Meta (Facebook, Instagram, WhatsApp), 2021-10-04" in incidents and "Knight Capital, 2012-08-01" in incidents
    assert "Amazon S3" not in incidents


def test_a_bad_registry_entry_is_one_line_with_file_and_line(tmp_path):
    s = new_git_site(tmp_path / "site")
    (s.root / "data").mkdir()
    (s.root / "data" / "source-registry.yaml").write_text(
        "netflix:\n  engineering_blog: https://netflixtechblog.com/\nnetfix:\n  status_page: https://x.invalid/\n")
    proc = atlas("sources", cwd=s.root)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("atlas sources: data/source-registry.yaml:3: 'netfix' is not a system; one of: "
                                   + ", ".join(SYSTEMS))
    (s.root / "data" / "source-registry.yaml").write_text("netflix:\n  engineering_blog: http://netflixtechblog.com/\n")
    with pytest.raises(DiscoveryError, match=r"source-registry.yaml:1: netflix.engineering_blog: 'http://"):
        load_registry(s.root)


def test_the_committed_registry_is_valid_and_covers_only_known_systems():
    registry = load_registry(REPO)
    assert registry and set(registry) <= set(SYSTEMS)
    urls = [u for entry in registry.values() for v in entry.values() for u in (v if isinstance(v, list) else [v])]
    assert urls and all(u.startswith("https://") for u in urls)


INCIDENT_CATALOG = """# Incident candidates

Public incidents with published postmortems. Dates as remembered: verify each.

- A bullet before any group is not a candidate, 2020-01-01 — ignored
## high-profile
- Amazon S3 us-east-1, 2017-02-28 — mistyped playbook command removed index servers
- Meta (Facebook, Instagram, WhatsApp), 2021-10-04 — backbone command withdrew BGP routes
- Cloudflare, 2017-02 ("Cloudbleed") — HTML parser buffer overrun leaked memory
- A candidate without a date — left out: it cannot be matched

## cloud-providers
- AWS Kinesis us-east-1, 2020-11-25
"""


def test_the_incident_catalog_format_parses(tmp_path):
    """The format of shared/catalog/incidents.md (`## group` headings, `- Org, YYYY-MM[-DD] — what`
    bullets), on a catalog of our own: no test depends on a folder outside the repository."""
    path = tmp_path / "incidents.md"
    path.write_text(INCIDENT_CATALOG, encoding="utf-8")
    got = [(i.group, i.org, i.date, i.what, i.line) for i in load_incidents(path)]
    assert got == [
        ("high-profile", "Amazon S3 us-east-1", "2017-02-28", "mistyped playbook command removed index servers", 7),
        ("high-profile", "Meta (Facebook, Instagram, WhatsApp)", "2021-10-04", "backbone command withdrew BGP routes", 8),
        ("high-profile", "Cloudflare", "2017-02", "HTML parser buffer overrun leaked memory", 9),
        ("cloud-providers", "AWS Kinesis us-east-1", "2020-11-25", "", 13),
    ]
    meta = load_incidents(path)[1]
    assert meta.keywords() == ["meta", "facebook", "instagram", "whatsapp"]
    assert meta.label == "Meta (Facebook, Instagram, WhatsApp), 2021-10-04 — backbone command withdrew BGP routes"
    assert load_incidents(path)[3].label == "AWS Kinesis us-east-1, 2020-11-25"