"""Index tables generated from front matter (src/atlas/indexes.py): a page added to a fixture tree
appears in its index, one without the facts does not, and on the real built site the incident
table sorts in Chromium."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

import pytest

import statistics

from atlas.site import paging
from atlas.site.markers import expand

from atlas.incidents import human
from sitebuild import build_site
from atlas.site.incident_explorer import incident_group_pages, incident_overview, statistics_page
from atlas.site.server import serve
from atlas.site.indexes import debugging_by_symptom, debugging_group_pages, response_patterns
from pagebuilder import INCIDENT_FACTS, REPO, Tree, valid_page

from browser import browser_test, needs_chromium


def incident(tree, rel, **facts):
    tree.write(rel, valid_page("incidents", incident={**INCIDENT_FACTS, **facts}, title=f"Outage {rel[-13:-3]}"))


def group_tables(docs) -> str:
    """Every incident group's table page, one after another."""
    return "\n".join(incident_group_pages(docs).values())


def test_each_group_has_its_incident_table_newest_first_and_the_overview_says_where(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2), company="Cloud A|B")
    incident(tree, "incidents/cloud-providers/orders-2021-12-07.md", date=dt.date(2021, 12, 7),
             trigger="network", started=dt.datetime(2021, 12, 7, 15, 30, tzinfo=dt.timezone.utc),
             detected=dt.datetime(2021, 12, 7, 15, 35, tzinfo=dt.timezone.utc),
             mitigated=dt.datetime(2021, 12, 7, 17, 0, tzinfo=dt.timezone.utc),
             resolved=dt.datetime(2021, 12, 7, 17, 40, tzinfo=dt.timezone.utc))
    incident(tree, "incidents/cloud-providers/orders-2017-02-28.md", date=dt.date(2017, 2, 28))
    tree.write("incidents/response-patterns/config-push.md",
               valid_page("incidents", incident=None, title="Config pushes without a staged rollout"))
    pages = incident_group_pages(tree.docs)
    assert set(pages) == {"incidents/high-profile/index.md", "incidents/cloud-providers/index.md"}
    cloud = pages["incidents/cloud-providers/index.md"]
    rows = [line for line in cloud.splitlines() if line.startswith("| 20")]
    assert [r.split(" | ")[0] for r in rows] == ["| 2021-12-07", "| 2017-02-28"]
    assert "[Outage 2021-12-07](orders-2021-12-07.md)" in rows[0]
    assert "| network |" in rows[0]
    assert 'class="atlas-sortable atlas-filterable"' in cloud
    assert "Cloud A\\|B" in pages["incidents/high-profile/index.md"]  # a pipe in a value cannot break the table
    overview = incident_overview(tree.docs)
    assert overview.index("## High profile") < overview.index("## Cloud providers")  # the catalog's group order
    assert "[its table](cloud-providers/index.md)" in overview
    assert "- [Outage 2021-12-07](cloud-providers/orders-2021-12-07.md)" in overview
    assert "Config pushes" not in overview + group_tables(tree.docs)  # response patterns carry no incident facts


def test_a_pipe_between_components_stays_inside_its_cell(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2),
             components=["PostgreSQL 16 (primary)", "PgBouncer 1.22", "Orders API"])
    row = next(line for line in group_tables(tree.docs).splitlines() if line.startswith("| 2019"))
    assert 'data-technology="PostgreSQL 16 (primary)&#124;PgBouncer 1.22&#124;Orders API"' in row
    assert row.replace("\\|", "").count("|") == 8  # 7 cells: the tag did not split one


def test_a_new_page_appears_and_a_broken_one_is_left_to_lint(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2))
    before = incident_overview(tree.docs) + group_tables(tree.docs)
    incident(tree, "incidents/communication/orders-2022-03-08.md", date=dt.date(2022, 3, 8))
    tree.write("incidents/communication/broken-2020-01-01.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    after = incident_overview(tree.docs) + group_tables(tree.docs)
    assert "2022-03-08" not in before and "2022-03-08" in after
    assert "broken" not in after


def test_a_group_outgrowing_the_budget_is_paged_by_whole_years_newest_first(tree, monkeypatch):
    for year in range(2014, 2024):
        incident(tree, f"incidents/cloud-providers/orders-{year}-03-01.md", date=dt.date(year, 3, 1))
        incident(tree, f"incidents/cloud-providers/orders-{year}-09-01.md", date=dt.date(year, 9, 1))
    monkeypatch.setattr(paging, "PART_BUDGET", paging.PART_HEAD + 2_500)  # ~6 rows a page
    pages = incident_group_pages(tree.docs)
    parts = sorted(pages)
    assert len(parts) >= 3 and "incidents/cloud-providers/index.md" in pages
    years = {}
    for rel, text in pages.items():
        years[rel] = {line[2:6] for line in text.splitlines() if line.startswith("| 20")}
    assert max(years["incidents/cloud-providers/index.md"]) == "2023"  # the newest on the group's own page
    assert sum(len(y) for y in years.values()) == 10  # every year once: a year is never cut in two
    overview = incident_overview(tree.docs)
    for rel in pages:  # the overview links every page of the table
        assert f"]({rel.removeprefix('incidents/')})" in overview
    assert all(text.count("| 20") <= 8 for text in pages.values())


def test_response_patterns_list_their_summaries(tree):
    tree.write("incidents/response-patterns/config-push.md",
               valid_page("incidents", incident=None, title="Config pushes without a staged rollout",
                          summary="Why one config push takes down every region at once."))
    out = response_patterns(tree.docs)
    assert out.strip() == ("- [Config pushes without a staged rollout](response-patterns/config-push.md): "
                           "Why one config push takes down every region at once.")


def test_debugging_index_groups_guides_by_catalog_group_with_each_symptom(tree):
    tree.write("debugging/messaging-queuing/kafka-consumer-lag.md",
               valid_page(title="Kafka consumer lag keeps growing", symptoms=["Lag alert fires", "Consumers idle"]))
    tree.write("debugging/infrastructure/oomkilled.md",
               valid_page(title="OOMKilled pods", symptoms=["Pod restarts with exit code 137"]))
    out = debugging_by_symptom(tree.docs)
    assert out.index("## Infrastructure") < out.index("## Messaging and queuing")  # the catalog's group order
    assert "[Every symptom in this group, with its guide](messaging-queuing/index.md)" in out
    assert "[Kafka consumer lag keeps growing](messaging-queuing/kafka-consumer-lag.md)" in out
    # each group's own page (generated) lists every symptom with the guide that starts from it
    pages = debugging_group_pages(tree.docs)
    assert "| Consumers idle | [Kafka consumer lag keeps growing](kafka-consumer-lag.md) |" in \
        pages["debugging/messaging-queuing/index.md"]
    assert "| Pod restarts with exit code 137 | [OOMKilled pods](oomkilled.md) |" in pages["debugging/infrastructure/index.md"]


def test_expand_replaces_only_known_markers(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2))
    text = "# Incidents\n\n<!-- atlas:incident-table -->\n\n<!-- another comment -->\n"
    out = expand(text, tree.docs, "incidents/index.md")
    assert "atlas:incident-table" not in out and "(high-profile/orders-2019-07-02.md)" in out
    assert "<!-- another comment -->" in out


def test_empty_categories_say_so(tree):
    assert "No incident pages yet" in incident_overview(tree.docs)
    assert "No debugging guides yet" in debugging_by_symptom(tree.docs)


def timed_incident(tree, rel, trigger, started, detect, mitigate, resolve, **facts):
    """An incident with a full timeline: the minutes from `started` to detection, mitigation, resolution."""
    at = lambda minutes: started + dt.timedelta(minutes=minutes)  # noqa: E731
    incident(tree, rel, date=started.date(), trigger=trigger, started=started, detected=at(detect),
             mitigated=at(mitigate), resolved=at(resolve), duration=human(resolve),
             contributing_factors=["no staged rollout"], data_loss={"verdict": "none", "words": "no data was lost"},
             components=["PostgreSQL 16"], **facts)


UTC = dt.timezone.utc
TIMED = [  # (file, trigger, start, minutes to detect, to mitigate, to resolve)
    ("incidents/cloud-providers/orders-2019-07-02.md", "config-change", dt.datetime(2019, 7, 2, 13, 42, tzinfo=UTC), 3, 20, 27),
    ("incidents/cloud-providers/orders-2021-12-07.md", "config-change", dt.datetime(2021, 12, 7, 15, 30, tzinfo=UTC), 10, 300, 420),
    ("incidents/cloud-providers/orders-2022-06-21.md", "config-change", dt.datetime(2022, 6, 21, 6, 27, tzinfo=UTC), 7, 60, 79),
    ("incidents/cloud-providers/orders-2023-01-25.md", "network", dt.datetime(2023, 1, 25, 7, 5, tzinfo=UTC), 15, 100, 338),
]


def write_timed(tree):
    for rel, trigger, start, d, m, r in TIMED:
        timed_incident(tree, rel, trigger, start, d, m, r, company=f"Company {start.year}")


def test_statistics_give_counts_and_the_median_interval_per_trigger(tree):
    write_timed(tree)
    page = statistics_page(tree.docs)
    assert "| config-change | 3 |" in page and "| network | 1 |" in page
    for column, to in ((3, "detect"), (4, "mitigate"), (5, "resolve")):
        config = statistics.median(row[column] for row in TIMED if row[1] == "config-change")
        assert f"| config-change | {human(config)} | 3 |" in page, (to, human(config))
        overall = statistics.median(row[column] for row in TIMED)
        assert f"median time to {to} {human(overall)} (n = 4)" in page
    assert page.count("<svg") == 5  # counts by trigger, by year, and three medians


def test_an_unpublished_moment_leaves_the_incident_out_of_that_median(tree):
    write_timed(tree)
    incident(tree, "incidents/high-profile/orders-2024-03-01.md", trigger="config-change",
             started=dt.datetime(2024, 3, 1, 10, 0, tzinfo=UTC), detected={"at": None, "why": "no alarm time given"},
             mitigated=dt.datetime(2024, 3, 1, 10, 30, tzinfo=UTC), resolved=dt.datetime(2024, 3, 1, 11, 0, tzinfo=UTC))
    page = statistics_page(tree.docs)
    detect = statistics.median(row[3] for row in TIMED if row[1] == "config-change")
    assert f"| config-change | {human(detect)} | 3 |" in page  # 4 config-change incidents, 3 publish detection
    assert "| config-change | 4 |" in page


def test_the_table_sorts_durations_as_minutes_and_carries_the_filters(tree):
    write_timed(tree)
    table = group_tables(tree.docs)
    assert f'<span data-sort="{TIMED[3][5]}">{human(TIMED[3][5])}</span>' in table
    assert 'data-trigger="network"' in table and 'data-technology="PostgreSQL 16"' in table
    assert 'data-year="2023"' in table and 'data-filters="trigger company year technology"' in table


# --- in Chromium ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def incidents_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("incidents") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write("incidents/index.md", (REPO / "docs" / "incidents" / "index.md").read_text(encoding="utf-8"))
    write_timed(tree)
    site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    with serve(site) as url:
        yield url


@browser_test
@needs_chromium
def test_a_filter_narrows_the_incident_table_and_durations_sort_as_numbers(offline_page, incidents_site):
    page = offline_page.page
    page.goto(incidents_site + "incidents/")
    page.locator(".md-content a", has_text="its table").click()  # the overview links each group's table
    page.wait_for_url("**/incidents/cloud-providers/")
    visible = "() => [...document.querySelectorAll('.atlas-filterable tbody tr')].filter(r => !r.hidden).length"
    assert page.evaluate(visible) == len(TIMED)
    page.select_option("select[name='trigger']", "network")
    assert page.evaluate(visible) == 1
    assert page.locator(".atlas-filters__count").inner_text() == f"1 of {len(TIMED)} incidents"
    page.select_option("select[name='trigger']", "")
    page.select_option("select[name='year']", "2021")
    assert page.evaluate(visible) == 1
    page.locator(".atlas-filters__reset").click()
    assert page.evaluate(visible) == len(TIMED)
    page.locator(".atlas-sortable th button", has_text="duration").click()
    durations = page.evaluate("() => [...document.querySelectorAll('.atlas-filterable tbody tr')]"
                              ".map(r => Number(r.cells[4].querySelector('[data-sort]').dataset.sort))")
    assert durations == sorted(row[5] for row in TIMED)
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_the_statistics_page_shows_each_chart_with_its_numbers(offline_page, incidents_site):
    page = offline_page.page
    page.goto(incidents_site + "incidents/statistics/")
    assert page.locator("svg.atlas-chart").count() == 5
    resolve = statistics.median(row[5] for row in TIMED if row[1] == "config-change")
    table = page.locator(".atlas-chart-pair", has_text="time to resolve").locator("table")
    assert human(resolve) in table.inner_text()
    bar = page.locator("svg.atlas-chart rect[fill='#F59E0B']").first
    assert bar.get_attribute("fill") == "#F59E0B"
    offline_page.assert_nothing_blocked()


# --- the real site, in Chromium --------------------------------------------------------------------

ROWS = "() => Array.from(document.querySelectorAll('.atlas-sortable tbody tr')).map(r => r.cells[0].textContent.trim())"


@browser_test
@needs_chromium
def test_incident_table_sorts_by_date_when_its_header_is_clicked(offline_page, site_url):
    page = offline_page.page
    page.goto(site_url + "incidents/high-profile/")
    dates = page.evaluate(ROWS)
    if len(dates) < 2:
        pytest.fail(f"the built high-profile table has {len(dates)} rows; it is generated from docs/incidents")
    assert dates == sorted(dates, reverse=True)  # as generated: newest first
    header = page.locator(".atlas-sortable th button", has_text="date")
    header.click()
    assert page.evaluate(ROWS) == sorted(dates)
    assert page.locator(".atlas-sortable th").first.get_attribute("aria-sort") == "ascending"
    header.click()
    assert page.evaluate(ROWS) == sorted(dates, reverse=True)
    offline_page.assert_nothing_blocked()


# --- technology pages and the incident response index ----------------------------------------------

from atlas.site.markers import generated_pages  # noqa: E402
from atlas.site.response_index import plane_of, plane_pages, response_index, signals_json  # noqa: E402
from atlas.site.technologies import split, technologies_json, technology_list, technology_list_pages  # noqa: E402
from atlas.site.technologies import technology_pages  # noqa: E402


@pytest.mark.parametrize("entry, name, version", [
    ("Apache Kafka 3.6", "Kafka", "3.6"),
    ("Kafka (LinkedIn release branches)", "Kafka", ""),
    ("PostgreSQL 16", "PostgreSQL", "16"),
    ("Kubernetes 1.27+", "Kubernetes", "1.27+"),
    ("Zuul 2", "Zuul", "2"),
    ("Amazon S3", "Amazon S3", ""),
    ("Amazon Route 53", "Amazon Route 53", ""),  # a name ending in a number, not a version
])
def test_a_technology_entry_splits_into_name_and_version(entry, name, version):
    assert split(entry) == (name, version)


def test_a_page_naming_kafka_appears_on_the_kafka_page_with_its_version(tree):
    tree.write("debugging/messaging-queuing/kafka-consumer-lag.md",
               valid_page(title="Kafka consumer lag keeps growing", technologies=["Apache Kafka 3.7", "Java 21"]))
    tree.write("systems/linkedin/architecture.md",
               valid_page("systems", system="linkedin", kind="architecture", title="LinkedIn architecture",
                          technologies=["Kafka (LinkedIn release branches)"]))
    pages = technology_pages(tree.docs)
    kafka = pages["technologies/kafka.md"]
    assert "| Debugging | [Kafka consumer lag keeps growing](../debugging/messaging-queuing/kafka-consumer-lag.md) | 3.7 |" in kafka
    assert "| Systems | [LinkedIn architecture](../systems/linkedin/architecture.md) | — |" in kafka
    assert "technologies/java.md" in pages
    assert "- [Kafka](kafka.md) — 2 pages, versions 3.7" in technology_list(tree.docs)
    assert "Versions named: 3.7." in kafka


@pytest.mark.parametrize("entry, name, version", [
    ("Kubernetes 1.23 to 1.24", "Kubernetes", "1.23 to 1.24"),  # a range is a version, never part of the name
    ("Amazon Elastic Block Store", "Amazon EBS", ""),  # one product, two spellings
    ("Border Gateway Protocol", "BGP", ""),
    ("Microsoft 365", "Microsoft 365", ""),
])
def test_technology_names_are_whole_and_aliases_merge(entry, name, version):
    assert split(entry) == (name, version)


def test_response_index_files_error_strings_under_plane_and_technology(tree):
    tree.write("debugging/capacity-scale/postgres-too-many-clients.md",
               valid_page(title="PostgreSQL refuses connections", technologies=["PostgreSQL 16", "Java 21"],
                          error_signatures=["FATAL: sorry, too many clients already"],
                          symptoms=["New connections fail"]))
    tree.write("debugging/infrastructure/k8s-oomkilled.md",
               valid_page(title="OOMKilled pods", technologies=["Kubernetes 1.30"],
                          error_signatures=["Reason: OOMKilled"], symptoms=["Pods restart"]))
    tree.write("debugging/infrastructure/redis-maxclients.md",
               valid_page(title="Redis refuses clients", technologies=["Redis 7.2"],
                          error_signatures=["ERR max number of clients reached"], symptoms=["Clients time out"]))
    out = response_index(tree.docs)
    # the index: each plane with signals, in the planes' order, linking its page
    assert out.index("## 💾 State") < out.index("## 🎛️ Control") and "## 🌐 Edge" not in out
    assert "2 technologies, 2 error strings, 2 symptoms: [the State plane's technologies, A–Z]" \
           "(incident-response-index/state.md)" in out
    # a plane's page: its technologies A-Z with their counts, each linking its technology page (click 1)
    planes = plane_pages(tree.docs)
    assert set(planes) == {"incident-response-index/state.md", "incident-response-index/control.md"}
    state = planes["incident-response-index/state.md"]
    assert state.index("| [PostgreSQL](../technologies/postgresql.md#what-on-call-sees) | 1 | 1 |") < \
        state.index("| [Redis](../technologies/redis.md#what-on-call-sees) | 1 | 1 |")
    assert "[Kubernetes](../technologies/kubernetes.md#what-on-call-sees)" in planes["incident-response-index/control.md"]
    # the technology page lists the error string verbatim with the page that starts from it (click 2)
    page = generated_pages(tree.docs)["technologies/postgresql.md"]
    assert page.index("## What on-call sees") < page.index("## Pages")
    assert ("| `FATAL: sorry, too many clients already` | "
            "[PostgreSQL refuses connections](../debugging/capacity-scale/postgres-too-many-clients.md) |") in page
    # and the 3 AM filter's data holds every signal with its page
    data = {(d["text"], d["url"], d["plane"]) for d in signals_json(tree.docs)}
    assert ("FATAL: sorry, too many clients already", "debugging/capacity-scale/postgres-too-many-clients/",
            "State") in data
    assert plane_of("NGINX") == "Edge" and plane_of("Java") == "Service"


def test_a_long_technology_page_continues_in_parts_and_the_plane_links_each(tree, monkeypatch):
    for n in range(12):
        tree.write(f"debugging/data-issues/pg-{n:02d}.md",
                   valid_page(title=f"PostgreSQL failure {n:02d}", technologies=["PostgreSQL 16"],
                              error_signatures=[f"ERROR {n:02d}: could not serialize access", f"FATAL {n:02d}: the end"],
                              symptoms=[f"Symptom {n:02d} of the primary"]))
    monkeypatch.setattr(paging, "PART_BUDGET", paging.PART_HEAD + 2_500)
    pages = generated_pages(tree.docs)
    parts = sorted(rel for rel in pages if rel.startswith("technologies/postgresql"))
    assert parts[0] == "technologies/postgresql.md" and parts[1] == "technologies/postgresql/2.md"
    everything = "\n".join(pages[rel] for rel in parts)
    for n in range(12):  # every row once, in some part
        assert everything.count(f"`ERROR {n:02d}: could not serialize access`") == 1
        assert everything.count(f"[PostgreSQL failure {n:02d}](../") == 4  # 2 errors, 1 symptom, 1 in the pages table
    first, second = pages[parts[0]], pages[parts[1]]
    assert "## What on-call sees\n" in first and "Continued in [part 2](postgresql/2.md)." in first
    assert second.startswith("# PostgreSQL (part 2 of") and "Continued from [part 1](../postgresql.md)." in second
    assert "[PostgreSQL failure 00](../../debugging/data-issues/pg-00.md)" in everything  # links from a part's depth
    assert re.search(r"\*\*1: what on-call sees: error strings `E`–`FATAL \d\d`\*\*", first)  # guide words: where a
    assert re.search(r"\[2: what on-call sees \(continued\): error strings `FATAL \d\d`–`F`", first)  # string is
    state = plane_pages(tree.docs)["incident-response-index/state.md"]
    assert "(continued: [part 2](../technologies/postgresql/2.md)" in state


@pytest.fixture(scope="module")
def signals_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("signals") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    for rel in ("incident-response-index.md", "technologies/index.md", "debugging/index.md"):
        tree.write(rel, (REPO / "docs" / rel).read_text(encoding="utf-8"))
    tree.write("debugging/capacity-scale/postgres-too-many-clients.md",
               valid_page(title="PostgreSQL refuses connections", technologies=["PostgreSQL 16", "Java 21"]))
    tree.write("debugging/infrastructure/k8s-oomkilled.md",
               valid_page(title="OOMKilled pods", technologies=["Kubernetes 1.30", "Java 21"],
                          error_signatures=["Reason: OOMKilled"], symptoms=["Pods restart every few minutes"]))
    site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    with serve(site) as url:
        yield url


@browser_test
@needs_chromium
def test_the_3am_filter_finds_an_error_string_and_its_page(offline_page, signals_site):
    page = offline_page.page
    page.goto(signals_site + "incident-response-index/")
    box = page.locator(".atlas-signal-filter input")
    box.fill("too many clients")
    page.wait_for_selector(".atlas-signal-filter[data-matches='1']")
    result = page.locator(".atlas-signal-filter__results li").first
    assert "FATAL: sorry, too many clients already" in result.inner_text()
    assert result.locator("a").get_attribute("href").endswith("/debugging/capacity-scale/postgres-too-many-clients/")
    assert "technologies in the table" not in page.locator(".atlas-signal-filter__count").inner_text()  # none here
    box.fill("kubernetes")
    page.wait_for_function("() => document.querySelector('.atlas-signal-filter').dataset.matches === '2'")
    page.locator(".atlas-signal-filter__results a").first.click()
    page.wait_for_url("**/debugging/infrastructure/k8s-oomkilled/")
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_an_error_string_is_two_clicks_from_the_3am_index_and_the_plane_filter_narrows(offline_page, signals_site):
    page = offline_page.page
    page.goto(signals_site + "incident-response-index/")
    page.locator(".md-content a", has_text="the State plane's technologies").click()  # click 1: the plane
    page.wait_for_url("**/incident-response-index/state/")
    rows = "() => [...document.querySelectorAll('#atlas-plane-technologies tbody tr')].filter(r => !r.hidden).length"
    assert page.evaluate(rows) == 1
    page.locator(".atlas-filterbox input").fill("redis")
    assert page.evaluate(rows) == 0
    page.locator(".atlas-filterbox input").fill("postgres")
    assert page.evaluate(rows) == 1
    page.locator("#atlas-plane-technologies a", has_text="PostgreSQL").click()  # click 2: the technology
    page.wait_for_url(re.compile(r".*/technologies/postgresql/(#what-on-call-sees)?$"))
    assert "FATAL: sorry, too many clients already" in page.locator(".md-content").inner_text()  # the browser's find
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_the_technologies_filter_narrows_the_list(offline_page, signals_site):
    page = offline_page.page
    page.goto(signals_site + "technologies/")
    rows = "() => [...document.querySelectorAll('#atlas-technologies li')].filter(r => !r.hidden).map(r => r.querySelector('a').textContent.trim())"
    assert set(page.evaluate(rows)) >= {"Java", "Kubernetes", "PostgreSQL"}
    page.locator(".atlas-filterbox input").fill("postgres")
    assert page.evaluate(rows) == ["PostgreSQL"]
    offline_page.assert_nothing_blocked()


def test_versions_sort_as_numbers_and_mixed_parts_do_not_break_the_index(tree):
    for n, version in enumerate(["16", "9.6", "4.x"]):
        tree.write(f"debugging/data-issues/pg-{n}.md", valid_page(title=f"PG {n}", technologies=[f"PostgreSQL {version}"]))
    assert "— 3 pages, versions 4.x, 9.6, 16" in technology_list(tree.docs)


# --- indexes in parts (atlas.site.paging): every page under the budget at any size -----------------

from atlas.site.generate import derived_nav  # noqa: E402
from atlas.site.paging import guide_words, split_rows  # noqa: E402
from atlas.site.sections import category_group_pages, category_map  # noqa: E402


def test_rows_are_cut_into_as_few_and_as_even_parts_as_the_budget_allows():
    parts = split_rows(list(range(40)), size=lambda r: 10, budget=300)
    assert [len(p) for p in parts] == [20, 20]  # two parts needed: 20 + 20, not 30 + 10
    assert [r for p in parts for r in p] == list(range(40))  # consecutive, nothing lost
    assert split_rows(list(range(5)), size=lambda r: 10, budget=300) == [list(range(5))]
    assert split_rows([1, 2, 3], size=lambda r: 500, budget=300) == [[1], [2], [3]]  # too big: a part each
    # a run with one key stays together unless it alone is over the budget
    words = ["apple", "avocado", "banana", "blueberry", "cherry", "cranberry"]
    assert split_rows(words, size=lambda w: 10, budget=45, together=lambda w: w[0]) == \
        [["apple", "avocado", "banana", "blueberry"], ["cherry", "cranberry"]]


def test_parts_are_named_by_guide_words():
    names = [["Aurora", "Bigtable", "Cassandra"], ["DynamoDB", "etcd", "Snowflake", "Spanner"], ["Splunk", "Zuul"]]
    parts = guide_words(names, key=lambda n: n)
    assert [p.label for p in parts] == ["A–C", "D–Spa", "Spl–Z"]
    assert [p.slug for p in parts] == ["a-c", "d-spa", "spl-z"]


def test_a_long_technology_list_is_cut_into_letter_ranges_with_a_filter_over_all(tree, monkeypatch):
    names = [f"{letter}{n} store" for letter in "ABCDEFGH" for n in ("lpha", "mber", "rc")]
    for i in range(0, len(names), 3):
        tree.write(f"patterns/caching/p-{i}.md", valid_page("patterns", title=f"P {i}", technologies=names[i:i + 3]))
    monkeypatch.setattr(paging, "PART_BUDGET", paging.PART_HEAD + 400)
    overview = technology_list(tree.docs)
    pages = technology_list_pages(tree.docs)
    assert len(pages) >= 3 and all(rel.startswith("technologies/a-z/") for rel in pages)
    assert 'class="atlas-index-filter" data-src="assets/atlas/technologies.json"' in overview
    assert "- [A–B](a-z/a-b.md): 6 technologies, Alpha store to Brc store" in overview
    listed = "\n".join(pages.values())
    for name in names:  # every technology in exactly one part, linking its page from the part's folder
        assert listed.count(f"- [{name}](../{name.lower().replace(' ', '-')}.md) — 1 page") == 1, name
    for rel, text in pages.items():  # whole letters, and a filter box on each part
        letters = re.findall(r"^### (\w)$", text, re.M)
        assert letters and 'class="atlas-filterbox"' in text
        assert all(letter not in other for other in pages.values() if other is not text
                   for letter in [f"\n### {x}\n" for x in letters])
    data = technologies_json(tree.docs)
    assert {"text": "Alpha store", "url": "technologies/alpha-store/", "note": "1 page"} in data
    assert len(data) == len(names)
    # names outside A-Z (digits, signs, other scripts) come first, under '#'
    tree.write("patterns/caching/other.md", valid_page("patterns", title="Other", technologies=[".NET 9", "μDeploy"]))
    pages = technology_list_pages(tree.docs)
    first = pages[min(pages, key=lambda rel: list(pages).index(rel))]
    assert first.index("### #") < first.index("[.NET]") < first.index("[μDeploy]") < first.index("### A")
    assert technology_list(tree.docs).count("- [#–") == 1
    assert technology_list(tree.docs).count("](") < 12  # the overview links the parts, not every technology


def test_a_technology_named_like_an_index_page_gets_a_slug_of_its_own(tree):
    tree.write("patterns/caching/index-page.md", valid_page("patterns", title="Index", technologies=["Index", "A-Z"]))
    pages = technology_pages(tree.docs)
    assert "technologies/index.md" not in pages and "technologies/index-2.md" in pages
    assert "technologies/a-z-2.md" in pages


def test_a_category_map_lists_titles_by_group_and_each_group_page_has_the_summaries(tree):
    tree.write("patterns/index.md", "# Patterns\n\n<!-- atlas:category-map -->\n")
    tree.write("patterns/resilience/bulkheads.md", valid_page("patterns", title="Bulkheads",
                                                              summary="Isolate pools so one slow call cannot sink all."))
    tree.write("patterns/caching/cache-aside.md", valid_page("patterns", title="Cache-aside", summary="Read through."))
    out = category_map(tree.docs, "patterns/index.md")
    assert out.index("## Resilience") < out.index("## Caching")  # the catalog's group order
    assert "[Each with its summary](resilience/index.md) · [Bulkheads](resilience/bulkheads.md)" in out
    assert "Isolate pools" not in out
    pages = category_group_pages(tree.docs)
    assert set(pages) == {"patterns/resilience/index.md", "patterns/caching/index.md"}
    assert "- [Bulkheads](bulkheads.md): Isolate pools so one slow call cannot sink all." in \
        pages["patterns/resilience/index.md"]
    # with navigation.indexes each group's generated page opens its section of the nav
    nav = derived_nav(tree.docs, set(pages))
    (home,) = [item["Home"] for item in nav if "Home" in item]
    (patterns,) = [item["Patterns"] for item in home if isinstance(item, dict) and "Patterns" in item]
    (resilience,) = [item["Resilience"] for item in patterns if isinstance(item, dict) and "Resilience" in item]
    assert resilience[0] == "patterns/resilience/index.md"


def test_each_incident_group_page_opens_its_section_of_the_nav(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2))
    tree.write("incidents/response-patterns/config-push.md",
               valid_page("incidents", incident=None, title="Config pushes without a staged rollout"))
    nav = derived_nav(tree.docs, set(generated_pages(tree.docs)))
    (incidents_tab,) = [item["Incidents"] for item in nav if "Incidents" in item]
    sections = {k: v for item in incidents_tab if isinstance(item, dict) for k, v in item.items()}
    assert sections["High profile"][0] == "incidents/high-profile/index.md"
    assert "incidents/response-patterns/index.md" not in sections["Response patterns"]  # no table: no page


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """A small site built with a tiny page budget, so every index is in parts as the real one is at size."""
    tree = Tree(tmp_path_factory.mktemp("paged") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    for rel in ("incident-response-index.md", "technologies/index.md"):
        tree.write(rel, (REPO / "docs" / rel).read_text(encoding="utf-8"))
    # Service-plane names (no plane keyword matches them), so that plane's page is in parts
    for n, name in enumerate(["Aerospike", "Bun", "Celery", "Deno", "Express", "Fluentd", "Gunicorn", "HAProxy"]):
        tree.write(f"debugging/data-issues/guide-{n}.md",
                   valid_page(title=f"{name} guide", technologies=[f"{name} 1.{n}", "Java 21"],
                              error_signatures=[f"{name} error {n}"], symptoms=[f"{name} symptom"]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(paging, "PART_BUDGET", paging.PART_HEAD + 250)
        site = build_site(tree.root / "site", docs=tree.docs, draw=False)
    with serve(site) as url:
        yield url


@browser_test
@needs_chromium
def test_the_technologies_filter_finds_any_technology_when_the_list_is_in_parts(offline_page, paged_site):
    page = offline_page.page
    page.goto(paged_site + "technologies/")
    assert page.locator(".md-content a", has_text="A–").count() == 1  # the first letter range
    box = page.locator(".atlas-index-filter input")
    box.fill("haproxy")
    page.wait_for_selector(".atlas-index-filter[data-matches='1']")
    result = page.locator(".atlas-index-filter__results li").first
    assert "HAProxy" in result.inner_text() and "1 page, versions 1.7" in result.inner_text()
    result.locator("a").click()
    page.wait_for_url("**/technologies/haproxy/")
    page.go_back()
    page.locator(".md-content a", has_text="A–").click()  # a part: the list with its own filter box
    page.wait_for_url("**/technologies/a-z/a-*/")
    assert page.locator("#atlas-technologies li", has_text="Aerospike").count() == 1
    offline_page.assert_nothing_blocked()


@browser_test
@needs_chromium
def test_an_error_string_is_two_clicks_away_when_a_plane_is_in_parts(offline_page, paged_site):
    page = offline_page.page
    page.goto(paged_site + "incident-response-index/")
    links = page.locator(".md-content h2:has-text('Service') + p a")
    assert links.count() >= 2  # the Service plane's letter ranges, each one click from the index
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    found = False
    for href in hrefs:
        page.goto(urljoin(paged_site + "incident-response-index/", href))
        tech = page.locator("#atlas-plane-technologies a", has_text="Gunicorn")
        if tech.count():
            tech.first.click()
            page.wait_for_url(re.compile(r".*/technologies/gunicorn/(#what-on-call-sees)?$"))
            assert "Gunicorn error 6" in page.locator(".md-content").inner_text()
            found = True
    assert found
    offline_page.assert_nothing_blocked()
