"""Index tables generated from front matter (src/atlas/indexes.py): a page added to a fixture tree
appears in its index, one without the facts does not, and on the real built site the incident
table sorts in Chromium."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas.generated import expand
from atlas.indexes import debugging_by_symptom, incident_table, response_patterns
from pagebuilder import INCIDENT_FACTS, valid_page

from browser import browser_test, needs_chromium


def incident(tree, rel, **facts):
    tree.write(rel, valid_page("incidents", incident={**INCIDENT_FACTS, **facts}, title=f"Outage {rel[-13:-3]}"))


def test_incident_table_lists_every_incident_newest_first(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2), company="Cloud A|B")
    incident(tree, "incidents/cloud-providers/orders-2021-12-07.md", date=dt.date(2021, 12, 7),
             root_cause="network/BGP/DNS")
    tree.write("incidents/response-patterns/config-push.md",
               valid_page("incidents", incident=None, title="Config pushes without a staged rollout"))
    table = incident_table(tree.docs)
    rows = [line for line in table.splitlines() if line.startswith("| 20")]
    assert [r.split(" | ")[0] for r in rows] == ["| 2021-12-07", "| 2019-07-02"]
    assert "[Outage 2021-12-07](cloud-providers/orders-2021-12-07.md)" in rows[0]
    assert "network/BGP/DNS" in rows[0]
    assert "Cloud A\\|B" in rows[1]  # a pipe in a value cannot break the table
    assert "Config pushes" not in table  # response patterns carry no incident facts
    assert 'class="atlas-sortable"' in table


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
    assert out.index("## Infrastructure") < out.index("## Messaging queuing")  # the catalog's group order
    assert "| Consumers idle | [Kafka consumer lag keeps growing](messaging-queuing/kafka-consumer-lag.md) |" in out
    assert "| Pod restarts with exit code 137 | [OOMKilled pods](infrastructure/oomkilled.md) |" in out


def test_expand_replaces_only_known_markers(tree):
    incident(tree, "incidents/high-profile/orders-2019-07-02.md", date=dt.date(2019, 7, 2))
    text = "# Incidents\n\n<!-- atlas:incident-table -->\n\n<!-- another comment -->\n"
    out = expand(text, tree.docs, "incidents/index.md")
    assert "atlas:incident-table" not in out and "| 2019-07-02 |" in out
    assert "<!-- another comment -->" in out


def test_empty_categories_say_so(tree):
    assert "No incident pages yet" in incident_table(tree.docs)
    assert "No debugging guides yet" in debugging_by_symptom(tree.docs)


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

from atlas.response_index import plane_of, response_index  # noqa: E402
from atlas.technologies import split, technology_list, technology_pages  # noqa: E402


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
    assert "| [Kafka](kafka.md) | 2 | Debugging, Systems |" in technology_list(tree.docs)


def test_response_index_files_error_strings_under_plane_and_technology(tree):
    tree.write("debugging/capacity-scale/postgres-too-many-clients.md",
               valid_page(title="PostgreSQL refuses connections", technologies=["PostgreSQL 16", "Java 21"],
                          error_signatures=["FATAL: sorry, too many clients already"],
                          symptoms=["New connections fail"]))
    tree.write("debugging/infrastructure/k8s-oomkilled.md",
               valid_page(title="OOMKilled pods", technologies=["Kubernetes 1.30"],
                          error_signatures=["Reason: OOMKilled"], symptoms=["Pods restart"]))
    out = response_index(tree.docs)
    assert out.index("## 💾 State") < out.index("### PostgreSQL") < out.index("## 🎛️ Control") < out.index("### Kubernetes")
    assert ("| `FATAL: sorry, too many clients already` | "
            "[PostgreSQL refuses connections](debugging/capacity-scale/postgres-too-many-clients.md) |") in out
    assert plane_of("NGINX") == "Edge" and plane_of("Java") == "Service"
