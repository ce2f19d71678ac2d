"""`atlas find`: ranking on a fixture tree, and the command's output and exit codes."""

from __future__ import annotations

import json
import subprocess

from atlas.find import find
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
