"""`atlas find`: ranking on a fixture tree, and the command's output and exit codes."""

from __future__ import annotations

import json
import subprocess

from atlas.find import EXACT_BONUS, Index, find, load_docs, tokens
from conftest import ATLAS
from pagebuilder import FLOWCHART, valid_page


def write_guides(tree):
    tree.write("debugging/capacity-scale/postgres-too-many-clients.md", valid_page(
        title="PostgreSQL refuses connections",
        summary="From a connection-refused alert to the saturated pool and the fix.",
        symptoms=["New connections fail while old ones work"],
        error_signatures=["FATAL: sorry, too many clients already"]))
    tree.write("debugging/infrastructure/k8s-oomkilled.md", valid_page(
        title="Pods restart with exit code 137",
        summary="A container is killed by the kernel when it exceeds its memory limit.",
        technologies=["Kubernetes 1.30"],
        symptoms=["Pods restart again and again under load"],
        error_signatures=["Reason: OOMKilled"],
        intro="Kubernetes marks the container OOMKilled; too many clients of the service make it worse."))
    tree.write("debugging/messaging-queuing/kafka-consumer-lag.md", valid_page(
        title="Kafka consumer lag keeps growing",
        summary="Consumers fall behind the producers and lag climbs for hours.",
        technologies=["Apache Kafka 3.7"],
        symptoms=["Lag alert fires on one consumer group"],
        error_signatures=["Offset commit failed on partition"]))


def test_a_pasted_log_line_containing_an_error_string_ranks_its_page_first(tree):
    write_guides(tree)
    line = '2026-11-26 03:12:09.114 UTC [4121] app@orders FATAL:  sorry, too many clients already'
    hits = find(tree.docs, line)
    assert hits[0].rel == "debugging/capacity-scale/postgres-too-many-clients.md"
    assert hits[0].why == "FATAL: sorry, too many clients already"


def test_a_fragment_of_an_error_string_finds_it(tree):
    write_guides(tree)
    assert find(tree.docs, "offset commit failed")[0].rel == "debugging/messaging-queuing/kafka-consumer-lag.md"


def test_symptoms_in_plain_words_rank_the_page_that_lists_them(tree):
    write_guides(tree)
    hits = find(tree.docs, "my pods keep restarting under load")
    assert hits[0].rel == "debugging/infrastructure/k8s-oomkilled.md"
    assert hits[0].why == "Pods restart again and again under load"


def test_text_only_in_a_diagram_source_is_not_searched(tree):
    write_guides(tree)
    assert "serviceStyle" in FLOWCHART
    assert find(tree.docs, "serviceStyle") == []


def test_cli_prints_ranked_results_and_json(tree):
    write_guides(tree)
    proc = subprocess.run([str(ATLAS), "find", "--docs", str(tree.docs), "exit", "code", "137"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[:3]
    assert first[0] == "1. Pods restart with exit code 137"
    assert first[1].strip().endswith("debugging/infrastructure/k8s-oomkilled.md")
    proc = subprocess.run([str(ATLAS), "find", "--docs", str(tree.docs), "--format", "json", "--limit", "1",
                           "consumer lag"], capture_output=True, text=True)
    data = json.loads(proc.stdout)
    assert len(data) == 1 and data[0]["title"] == "Kafka consumer lag keeps growing"


def test_cli_exit_codes(tree):
    write_guides(tree)
    none = subprocess.run([str(ATLAS), "find", "--docs", str(tree.docs), "zzqx"], capture_output=True, text=True)
    assert none.returncode == 1 and "no page matches" in none.stderr
    bad = subprocess.run([str(ATLAS), "find", "--docs", str(tree.root / "nope"), "x"], capture_output=True, text=True)
    assert bad.returncode == 2 and "no such docs folder" in bad.stderr


def write_competitor(tree):
    """A page about client limits that says every word of the pasted line, often, in every field, but does
    not list the Postgres error string itself: on words alone it outranks the page that does."""
    tree.write("debugging/capacity-scale/too-many-clients-everywhere.md", valid_page(
        title="Sorry: too many clients already, everywhere",
        summary="Too many clients already: sorry, the FATAL limit on clients is hit in every client pool.",
        symptoms=["Too many clients already, sorry", "FATAL client limit: too many clients"],
        error_signatures=["FATAL: sorry, too many clients already for role app at 03:12 UTC"],  # not the same string
        intro="Sorry, too many clients already: FATAL. Too many clients, too many clients already, clients, "
              "clients, clients. Sorry, sorry."))


def test_the_exact_error_string_outranks_a_page_that_only_repeats_its_words(tree):
    write_guides(tree)
    write_competitor(tree)
    line = "2026-11-26 03:12:09.114 UTC [4121] app@orders FATAL:  sorry, too many clients already"
    index = Index(load_docs(tree.docs))
    right = next(d for d in index.docs if d.rel.endswith("postgres-too-many-clients.md"))
    rival = next(d for d in index.docs if d.rel.endswith("too-many-clients-everywhere.md"))
    terms = tokens(line)
    assert index.score(rival, terms) > index.score(right, terms), "the rival must win on words alone"
    hits = index.search(line)
    assert [h.rel for h in hits[:2]] == ["debugging/capacity-scale/postgres-too-many-clients.md",
                                         "debugging/capacity-scale/too-many-clients-everywhere.md"]
    assert hits[0].why == "FATAL: sorry, too many clients already"
    # The bonus: EXACT_BONUS, plus EXACT_BONUS times the share of the (squashed) line the string covers.
    squashed = "2026-11-26 03:12:09.114 utc [4121] app@orders fatal: sorry, too many clients already"
    signature = "fatal: sorry, too many clients already"
    bonus = EXACT_BONUS + EXACT_BONUS * len(signature) / len(squashed)
    assert hits[0].score == round(index.score(right, terms) + bonus, 3)


def test_a_query_inside_an_error_string_earns_a_bonus_in_proportion(tree):
    write_guides(tree)
    index = Index(load_docs(tree.docs))
    query = "offset commit failed"  # 20 characters of the 33 of "Offset commit failed on partition"
    kafka = next(d for d in index.docs if d.rel.endswith("kafka-consumer-lag.md"))
    [hit] = [h for h in index.search(query) if h.rel == kafka.rel]
    signature = "offset commit failed on partition"
    bonus = EXACT_BONUS * len(query) / len(signature) + EXACT_BONUS
    assert hit.score == round(index.score(kafka, tokens(query)) + bonus, 3)
    assert hit.why == "Offset commit failed on partition"


def test_short_queries_and_short_error_strings_earn_no_bonus(tree):
    write_guides(tree)
    tree.write("debugging/infrastructure/disk-full.md", valid_page(
        title="Disk full", summary="The volume fills up.", symptoms=["Writes fail"], error_signatures=["ENO"]))
    index = Index(load_docs(tree.docs))
    for query, rel in (("ENO here", "debugging/infrastructure/disk-full.md"),  # the string is under 4 chars
                       ("commit", "debugging/messaging-queuing/kafka-consumer-lag.md")):  # query under 8 chars
        doc = next(d for d in index.docs if d.rel == rel)
        [hit] = [h for h in index.search(query, limit=10) if h.rel == rel]
        assert hit.score == round(index.score(doc, tokens(query)), 3), query
