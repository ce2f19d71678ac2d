"""`atlas find`: ranking on a fixture tree, and the command's output and exit codes."""

from __future__ import annotations

import json
import math
import subprocess
from collections import Counter

import pytest

from atlas.find import EXACT_BONUS, Doc, Index, find, load_docs, tokens
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
    assert index.words_score(rival, line) > index.words_score(right, line), "the rival must win on words alone"
    hits = index.search(line)
    assert [h.rel for h in hits[:2]] == ["debugging/capacity-scale/postgres-too-many-clients.md",
                                         "debugging/capacity-scale/too-many-clients-everywhere.md"]
    assert hits[0].why == "FATAL: sorry, too many clients already"
    # The bonus: EXACT_BONUS, plus EXACT_BONUS times the share of the (squashed) line the string covers.
    squashed = "2026-11-26 03:12:09.114 utc [4121] app@orders fatal: sorry, too many clients already"
    signature = "fatal: sorry, too many clients already"
    bonus = 50.0 + 50.0 * len(signature) / len(squashed)  # EXACT_BONUS is 50: above any bag-of-words score
    assert hits[0].score == round(index.words_score(right, line) + bonus, 3)


def test_a_query_inside_an_error_string_earns_a_bonus_in_proportion(tree):
    write_guides(tree)
    index = Index(load_docs(tree.docs))
    query = "offset commit failed"  # 20 characters of the 33 of "Offset commit failed on partition"
    kafka = next(d for d in index.docs if d.rel.endswith("kafka-consumer-lag.md"))
    [hit] = [h for h in index.search(query) if h.rel == kafka.rel]
    signature = "offset commit failed on partition"
    bonus = EXACT_BONUS * len(query) / len(signature) + EXACT_BONUS
    assert hit.score == round(index.words_score(kafka, query) + bonus, 3)
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


# --- the score itself: BM25F (k1 = 1.2, b = 0.75) over the weighted fields, worked out by hand -------

FIELD_WEIGHTS = {"error": 5.0, "symptom": 3.0, "title": 3.0, "summary": 2.0, "tech": 2.0, "heading": 1.5, "body": 1.0}


def doc(rel: str, **fields: dict[str, int]) -> Doc:
    """A Doc with exact term counts per field (a field's length is the sum of its counts)."""
    counts = {f: Counter(fields.get(f, {})) for f in FIELD_WEIGHTS}
    return Doc(rel, rel, f"summary of {rel}", [], [], counts, {f: sum(c.values()) for f, c in counts.items()})


def bm25(idf: float, tf: float) -> float:
    return idf * tf * 2.2 / (tf + 1.2)


def test_each_field_weighs_as_documented():
    """One page per field, the term once in a field of average length: the score grows with the weight."""
    docs = [doc(f, **{f: {"lag": 1}}) for f in FIELD_WEIGHTS]
    index = Index(docs)
    idf = math.log(1 + (len(docs) - len(docs) + 0.5) / (len(docs) + 0.5))  # every page has the term
    for d in docs:
        # a field of length 1 against an average of 1/7: 1 - b + b * 7
        tf = FIELD_WEIGHTS[d.rel] / (1 - 0.75 + 0.75 * 1 / (1 / 7))
        assert index.score(d, ["lag"]) == pytest.approx(bm25(idf, tf), rel=1e-12), d.rel


def test_bm25f_score_by_hand():
    a = doc("a", error={"pool": 1, "full": 1}, body={"pool": 1, "wait": 3})
    b = doc("b", body={"pool": 2, "wait": 4})
    c = doc("c", title={"other": 1})
    index = Index([a, b, c])
    assert index.avg["error"] == pytest.approx(2 / 3) and index.avg["body"] == pytest.approx(10 / 3)
    assert index.avg["tech"] == 1.0  # no page has a tech word: the average is taken as 1
    idf_pool = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    idf_full = math.log(1 + (3 - 1 + 0.5) / (1 + 0.5))
    tf_a_pool = 5.0 * 1 / (0.25 + 0.75 * 2 / (2 / 3)) + 1.0 * 1 / (0.25 + 0.75 * 4 / (10 / 3))
    tf_a_full = 5.0 * 1 / (0.25 + 0.75 * 2 / (2 / 3))
    tf_b_pool = 1.0 * 2 / (0.25 + 0.75 * 6 / (10 / 3))
    assert index.score(a, ["pool", "full", "pool"]) == pytest.approx(
        bm25(idf_pool, tf_a_pool) + bm25(idf_full, tf_a_full), rel=1e-12)
    assert index.score(b, ["pool"]) == pytest.approx(bm25(idf_pool, tf_b_pool), rel=1e-12)
    assert index.score(c, ["pool", "missing"]) == 0.0
    assert [h.rel for h in index.search("pool full")] == ["a", "b"]  # c scores 0: not a hit


def test_why_is_the_summary_when_no_error_string_or_symptom_shares_a_word(tree):
    write_guides(tree)
    hits = find(tree.docs, "transaction pooling")  # in every page's body, in no signal
    assert hits and all(h.why.startswith(("From a connection-refused", "A container is killed", "Consumers fall"))
                        for h in hits)


def test_a_query_of_eight_characters_inside_an_error_string_earns_the_bonus_and_a_shorter_one_does_not(tree):
    write_guides(tree)
    index = Index(load_docs(tree.docs))
    kafka = next(d for d in index.docs if d.rel.endswith("kafka-consumer-lag.md"))
    for query, bonus in (("t commit", True), ("commit", False)):  # 8 and 6 characters of "Offset commit failed"
        [hit] = [h for h in index.search(query, limit=10) if h.rel == kafka.rel]
        expected = index.score(kafka, tokens(query))
        if bonus:
            expected += EXACT_BONUS * len(query) / len("offset commit failed on partition") + EXACT_BONUS
        assert hit.score == round(expected, 3), query
    # 7 characters, no whole word: neither the words nor the bonus find it
    assert kafka.rel not in [h.rel for h in index.search("t commi", limit=10)]


def test_an_error_string_of_four_characters_in_the_query_earns_the_bonus(tree):
    tree.write("debugging/infrastructure/disk-full.md", valid_page(
        title="Disk full", summary="The volume fills up.", symptoms=["Writes fail"], error_signatures=["ENOS"]))
    tree.write("debugging/infrastructure/other.md", valid_page(
        title="Other", summary="Other.", symptoms=["Reads fail"], error_signatures=["EIO"]))
    index = Index(load_docs(tree.docs))
    disk = next(d for d in index.docs if d.rel.endswith("disk-full.md"))
    other = next(d for d in index.docs if d.rel.endswith("other.md"))
    [hit] = [h for h in index.search("ENOS here", limit=10) if h.rel == disk.rel]
    assert hit.score == round(index.score(disk, tokens("ENOS here")) + 50.0 * 4 / 9 + 50.0, 3)
    [hit] = [h for h in index.search("EIO there", limit=10) if h.rel == other.rel]
    assert hit.score == round(index.score(other, tokens("EIO there")), 3)  # 3 characters: no bonus


def test_a_page_earns_the_bonus_once_even_if_two_of_its_error_strings_are_in_the_query(tree):
    tree.write("debugging/infrastructure/pool.md", valid_page(
        title="Pool", summary="Pool.", symptoms=["Slow"], error_signatures=["pool timeout", "too many clients"]))
    index = Index(load_docs(tree.docs))
    [pool] = index.docs
    query = "pool timeout and too many clients"
    [hit] = index.search(query)
    assert hit.why == "pool timeout"
    assert hit.score == round(index.words_score(pool, query) + 50.0 * len("pool timeout") / len(query) + 50.0, 3)


def test_why_is_the_signal_sharing_most_words_and_the_first_of_equals(tree):
    tree.write("debugging/infrastructure/pool.md", valid_page(
        title="Pool", summary="The pool summary.",
        symptoms=["Checkout requests queue", "Checkout latency climbs", "Checkout latency climbs past timeout"],
        error_signatures=["connection refused"]))
    index = Index(load_docs(tree.docs))
    assert index.search("checkout latency timeout")[0].why == "Checkout latency climbs past timeout"  # 3 words
    assert index.search("checkout latency")[0].why == "Checkout latency climbs"  # 2 words: the first of two
    assert index.search("requests")[0].why == "Checkout requests queue"  # one shared word is enough
    assert index.search("pool summary")[0].why == "The pool summary."  # none shared: the summary


def test_default_limit_is_five_and_an_empty_index_finds_nothing(tree):
    for i in range(7):
        tree.write(f"debugging/infrastructure/pool-{i}.md", valid_page(title=f"Pool {i}", summary="Pool saturation."))
    assert len(find(tree.docs, "pool saturation")) == 5
    assert len(Index(load_docs(tree.docs)).search("pool saturation")) == 5
    assert len(find(tree.docs, "pool saturation", limit=7)) == 7
    assert Index([]).search("pool") == []


def test_one_page_index_by_hand():
    only = doc("only", body={"pool": 1, "x": 1})
    index = Index([only])
    idf = math.log(1 + (1 - 1 + 0.5) / (1 + 0.5))
    assert index.score(only, ["pool"]) == pytest.approx(bm25(idf, 1.0 / (0.25 + 0.75 * 2 / 2)), rel=1e-12)
