"""The build's own pieces: the derived nav, the whitespace collapse, the Mermaid fence."""

from pathlib import Path

from atlas.catalog import SYSTEM_KINDS, TABS
from atlas.site.nav import build_nav, nav_paths
from atlas.site.fence import fence_mermaid
from atlas.site.finish import collapse_whitespace


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_nav_is_home_then_the_tabs_in_the_contracts_order(tmp_path):
    for rel in ["index.md", "costs/index.md", "costs/cloud-bill.md", "systems/index.md", "systems/netflix/architecture.md",
                "debugging/index.md", "debugging/infrastructure/oom.md", "patterns/outbox.md"]:
        write(tmp_path, rel, "# Page\n")
    nav = build_nav(tmp_path)
    titles = [next(iter(item)) for item in nav]
    assert titles == ["Home", "Systems", "Debugging", "Costs"]
    assert [t for t in TABS if t in ("systems", "debugging", "costs")] == ["systems", "debugging", "costs"]
    home = nav[0]["Home"]
    assert home[0] == "index.md" and {"Patterns": [{"Page": "patterns/outbox.md"}]} in home


def test_system_pages_follow_the_eight_kinds_order_and_titles_come_from_front_matter(tmp_path):
    for kind in reversed(SYSTEM_KINDS):
        write(tmp_path, f"systems/netflix/{kind}.md", f"---\ntitle: Netflix {kind}\n---\n# ignored\n")
    write(tmp_path, "systems/netflix/index.md", "# Netflix\n")
    (systems,) = [item["Systems"] for item in build_nav(tmp_path) if "Systems" in item]
    netflix = systems[0]["Netflix"]
    assert netflix[0] == "systems/netflix/index.md"
    assert [next(iter(entry.values())) for entry in netflix[1:]] == [f"systems/netflix/{k}.md" for k in SYSTEM_KINDS]
    assert next(iter(netflix[1])) == "Netflix architecture"


def test_a_page_outside_known_groups_is_not_reached(tmp_path):
    write(tmp_path, "debugging/infrastructure/oom.md", "# OOM\n")
    write(tmp_path, "debugging/infra/oom.md", "# OOM\n")
    write(tmp_path, "random/page.md", "# Page\n")
    reached = nav_paths(build_nav(tmp_path))
    assert "debugging/infrastructure/oom.md" in reached
    assert "debugging/infra/oom.md" not in reached and "random/page.md" not in reached


def test_collapse_whitespace_keeps_pre_code_and_attributes_byte_for_byte():
    html = ('<nav>\n      <ul>\n\n        <li title="a\n\n   b">x</li>\n    </ul>\n</nav>'
            '<pre>  keep\n\n   this  </pre><code>a\n\n  b</code><script>var s = "\\n\\n   ";\n\n</script>')
    out = collapse_whitespace(html)
    assert '<li title="a\n\n   b">' in out
    assert "<pre>  keep\n\n   this  </pre>" in out
    assert "<code>a\n\n  b</code>" in out
    assert '<script>var s = "\\n\\n   ";\n\n</script>' in out
    assert "<nav>\n<ul>\n<li" in out
    assert len(out) < len(html)


def test_mermaid_fence_is_not_materials_cdn_path_and_is_excluded_from_search():
    out = fence_mermaid('flowchart LR\n  A["a & b"] --> B<br/>', "mermaid", "atlas-diagram", {}, None)
    assert out.startswith('<div class="atlas-diagram" data-search-exclude>')
    assert 'class="mermaid"' not in out
    assert "a &amp; b" in out and "B&lt;br/>" in out


def test_nav_survives_front_matter_that_does_not_construct(tmp_path):
    """An impossible date is lint's to report (IO001); the build must still get a title."""
    write(tmp_path, "costs/spend.md", "---\ntitle: Spend\nreview: {last_reviewed: 2026-02-30}\n---\n# Cloud spend\n")
    (costs,) = [item["Costs"] for item in build_nav(tmp_path) if "Costs" in item]
    assert costs == [{"Cloud spend": "costs/spend.md"}]


def test_a_tab_appears_once_its_category_has_pages(tmp_path):
    write(tmp_path, "index.md", "# Home\n")
    write(tmp_path, "costs/index.md", "# Costs\n\nOne sentence.\n")  # no pages yet: no tab
    write(tmp_path, "debugging/index.md", "# Debugging\n")
    write(tmp_path, "debugging/infrastructure/oom.md", "# OOM\n")
    titles = [next(iter(item)) for item in build_nav(tmp_path)]
    assert "Debugging" in titles and "Costs" not in titles
    write(tmp_path, "costs/cloud-bill.md", "# Cloud bill\n")
    assert "Costs" in [next(iter(item)) for item in build_nav(tmp_path)]


def test_counts_and_lists_come_from_the_tree(tmp_path):
    from atlas.site.markers import expand

    for kind in ("architecture", "failure-domains"):
        write(tmp_path, f"systems/netflix/{kind}.md", "# x\n")
    write(tmp_path, "systems/netflix/index.md", "# Netflix\n")
    write(tmp_path, "systems/uber/architecture.md", "# x\n")
    write(tmp_path, "systems/stripe/index.md", "# Stripe\n")  # an overview alone is not a company with pages
    write(tmp_path, "debugging/infrastructure/oom.md", "# OOM\n")
    out = expand("<!-- atlas:count:companies --> companies, <!-- atlas:count:pages --> pages, "
                 "<!-- atlas:count:pages:debugging --> guides\n\n<!-- atlas:systems-list -->\n\n<!-- atlas:sections -->",
                 tmp_path, "index.md")
    assert out.startswith("2 companies, 4 pages, 1 guides")
    assert "- **[Netflix](netflix/index.md)** (2 of 8): [architecture](netflix/architecture.md) · " \
           "[failure domains](netflix/failure-domains.md)" in out
    assert "- **Uber** (1 of 8)" in out and "Stripe" not in out.split("| section")[0]
    assert "| Debugging | 1 | 100 |" in out  # no index page to link to
    assert "| Costs | not written yet | 60 |" in out


def test_a_long_flat_category_is_listed_in_labelled_runs_in_title_order(tmp_path):
    from atlas.site.nav import SHELF, SHELF_FROM

    write(tmp_path, "costs/index.md", "# Costs\n")
    titles = sorted(f"{word} spend" for word in ["Aurora", "Bigtable", "CDN", "DynamoDB", "EBS", "Fargate", "GPU",
                                                  "Hadoop", "Istio", "Kafka", "Lambda", "Memcached", "NAT", "OpenSearch",
                                                  "Postgres", "Quotas", "Redis", "S3", "Spanner", "Tape", "Uploads",
                                                  "VPC", "WAF", "Xray", "YugabyteDB", "Zonal egress", "Athena",
                                                  "Backup", "Cassandra", "Datadog", "Egress", "Fastly", "GKE",
                                                  "Snowflake", "Sagemaker"])
    for i, t in enumerate(titles):
        write(tmp_path, f"costs/page-{i:02d}.md", f"---\ntitle: {t}\n---\n# {t}\n")
    (costs,) = [item["Costs"] for item in build_nav(tmp_path) if "Costs" in item]
    assert costs[0] == "costs/index.md"
    runs = costs[1:]
    assert len(titles) > SHELF_FROM and len(runs) == -(-len(titles) // SHELF)
    labels = [next(iter(r)) for r in runs]
    assert labels == ["A–L", "M–Z"]  # 18 and 17 pages: Athena … Lambda, Memcached … Zonal egress
    listed = [next(iter(e)) for r in runs for e in r[next(iter(r))]]
    assert listed == sorted(titles, key=str.lower)  # every page, in title order, each once
    assert all(len(r[next(iter(r))]) <= SHELF for r in runs)

    for i in range(len(titles) - SHELF_FROM):  # at SHELF_FROM pages or fewer the list stays flat
        (tmp_path / f"costs/page-{i:02d}.md").unlink()
    (costs,) = [item["Costs"] for item in build_nav(tmp_path) if "Costs" in item]
    assert all(isinstance(e, str) or isinstance(next(iter(e.values())), str) for e in costs)


def test_run_labels_take_as_many_letters_as_it_takes_to_tell_them_apart():
    from atlas.site.nav import shelves

    titles = ["Aurora"] + [f"S{c}{d} scaling" for c in "aeiou" for d in "bcdfghjk"] + ["Zonal egress"]
    runs = shelves([{t: f"scaling/{i}.md"} for i, t in enumerate(titles)])
    labels = [next(iter(r)) for r in runs]
    assert labels == ["A–Seg", "Seh–Sod", "Sof–Z"]
