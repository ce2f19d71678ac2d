"""Index tables generated from front matter (src/atlas/indexes.py): a page added to a fixture tree
appears in its index, one without the facts does not, and on the real built site the incident
table sorts in Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas.site.markers import expand
import statistics

from atlas.incidents import human
from atlas.site.build import SiteBuildError, build_site
from atlas.site.incident_explorer import incident_table, statistics_page
from atlas.site.server import serve
from atlas.site.indexes import debugging_by_symptom, debugging_group_pages, response_patterns
from pagebuilder import INCIDENT_FACTS, REPO, Tree, valid_page

from browser import browser_test, needs_chromium


def incident(tree, rel, **facts):
    tree.write(rel, valid_page("incidents", incident={**INCIDENT_FACTS, **facts}, title=f"Outage {rel[-13:-3]}"))


def test_incident_table_lists_every_incident_newest_first(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2), company="Cloud A|B")
    incident(tree, "incidents/cloud-providers/orders-2021-12-07.md", date=dt.date(2021, 12, 7),
             trigger="network", started=dt.datetime(2021, 12, 7, 15, 30, tzinfo=dt.timezone.utc),
             detected=dt.datetime(2021, 12, 7, 15, 35, tzinfo=dt.timezone.utc),
             mitigated=dt.datetime(2021, 12, 7, 17, 0, tzinfo=dt.timezone.utc),
             resolved=dt.datetime(2021, 12, 7, 17, 40, tzinfo=dt.timezone.utc))
    tree.write("incidents/response-patterns/config-push.md",
               valid_page("incidents", incident=None, title="Config pushes without a staged rollout"))
    table = incident_table(tree.docs)
    rows = [line for line in table.splitlines() if line.startswith("| 20")]
    assert [r.split(" | ")[0] for r in rows] == ["| 2021-12-07", "| 2019-07-02"]
    assert "[Outage 2021-12-07](cloud-providers/orders-2021-12-07.md)" in rows[0]
    assert "| network |" in rows[0]
    assert "Cloud A\\|B" in rows[1]  # a pipe in a value cannot break the table
    assert "Config pushes" not in table  # response patterns carry no incident facts
    assert 'class="atlas-sortable atlas-filterable"' in table


def test_a_new_page_appears_and_a_broken_one_is_left_to_lint(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2))
    before = incident_table(tree.docs)
    incident(tree, "incidents/communication/orders-2022-03-08.md", date=dt.date(2022, 3, 8))
    tree.write("incidents/communication/broken-2020-01-01.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    after = incident_table(tree.docs)
    assert "2022-03-08" not in before and "2022-03-08" in after
    assert "broken" not in after


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
    assert "atlas:incident-table" not in out and "| 2019-07-02 |" in out
    assert "<!-- another comment -->" in out


def test_empty_categories_say_so(tree):
    assert "No incident pages yet" in incident_table(tree.docs)
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
    ("incidents/high-profile/orders-2019-07-02.md", "config-change", dt.datetime(2019, 7, 2, 13, 42, tzinfo=UTC), 3, 20, 27),
    ("incidents/cloud-providers/orders-2021-12-07.md", "config-change", dt.datetime(2021, 12, 7, 15, 30, tzinfo=UTC), 10, 300, 420),
    ("incidents/cloud-providers/orders-2022-06-21.md", "config-change", dt.datetime(2022, 6, 21, 6, 27, tzinfo=UTC), 7, 60, 79),
    ("incidents/communication/orders-2023-01-25.md", "network", dt.datetime(2023, 1, 25, 7, 5, tzinfo=UTC), 15, 100, 338),
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
    table = incident_table(tree.docs)
    assert f'<span data-sort="{TIMED[3][5]}">{human(TIMED[3][5])}</span>' in table
    assert 'data-trigger="network"' in table and 'data-technology="PostgreSQL 16"' in table
    assert 'data-group="communication"' in table and 'data-year="2023"' in table


# --- in Chromium ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def incidents_site(tmp_path_factory):
    tree = Tree(tmp_path_factory.mktemp("incidents") / "repo").with_site_assets()
    tree.write("index.md", "# Home\n")
    tree.write("incidents/index.md", (REPO / "docs" / "incidents" / "index.md").read_text(encoding="utf-8"))
    write_timed(tree)
    try:
        site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    with serve(site) as url:
        yield url


@browser_test
@needs_chromium
def test_a_filter_narrows_the_incident_table_and_durations_sort_as_numbers(offline_page, incidents_site):
    page = offline_page.page
    page.goto(incidents_site + "incidents/")
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
    page.goto(site_url + "incidents/")
    dates = page.evaluate(ROWS)
    if len(dates) < 2:
        pytest.fail(f"the built incident index has {len(dates)} rows; it is generated from docs/incidents")
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
from atlas.site.response_index import plane_of, response_index, signals_json  # noqa: E402
from atlas.site.technologies import split, technology_list, technology_pages  # noqa: E402


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
    out = response_index(tree.docs)
    # technologies A-Z, each with its plane as a tag and its counts, linking its technology page
    assert out.index("[Kubernetes](technologies/kubernetes.md#what-on-call-sees)") < \
        out.index("[PostgreSQL](technologies/postgresql.md#what-on-call-sees)")
    assert "atlas-plane--state\">💾 State</span> | 1 | 1 |" in out and "atlas-plane--control" in out
    # the technology page lists the error string verbatim with the page that starts from it
    page = generated_pages(tree.docs)["technologies/postgresql.md"]
    assert page.index("## What on-call sees") < page.index("## Pages")
    assert ("| `FATAL: sorry, too many clients already` | "
            "[PostgreSQL refuses connections](../debugging/capacity-scale/postgres-too-many-clients.md) |") in page
    # and the 3 AM filter's data holds every signal with its page
    data = {(d["text"], d["url"], d["plane"]) for d in signals_json(tree.docs)}
    assert ("FATAL: sorry, too many clients already", "debugging/capacity-scale/postgres-too-many-clients/",
            "State") in data
    assert plane_of("NGINX") == "Edge" and plane_of("Java") == "Service"


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
    try:
        site = build_site(tree.root / "site", docs=tree.docs, draw=False)  # no diagram is looked at here
    except SiteBuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    with serve(site) as url:
        yield url


@browser_test
@needs_chromium
def test_the_3am_filter_finds_an_error_string_and_narrows_the_technologies(offline_page, signals_site):
    page = offline_page.page
    page.goto(signals_site + "incident-response-index/")
    rows = "() => [...document.querySelectorAll('.md-content table tbody tr')].filter(r => !r.hidden).length"
    assert page.evaluate(rows) == 2
    box = page.locator(".atlas-signal-filter input")
    box.fill("too many clients")
    page.wait_for_selector(".atlas-signal-filter[data-matches='1']")
    result = page.locator(".atlas-signal-filter__results li").first
    assert "FATAL: sorry, too many clients already" in result.inner_text()
    assert result.locator("a").get_attribute("href").endswith("/debugging/capacity-scale/postgres-too-many-clients/")
    box.fill("kubernetes")
    page.wait_for_function("() => document.querySelector('.atlas-signal-filter').dataset.matches === '2'")
    assert page.evaluate(rows) == 1  # the table keeps only Kubernetes
    page.locator(".atlas-signal-filter__results a").first.click()
    page.wait_for_url("**/debugging/infrastructure/k8s-oomkilled/")
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
