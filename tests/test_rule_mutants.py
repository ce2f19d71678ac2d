"""Behaviour of the lint rules that their cases in test_rules.py left open, found by mutation testing
(mutation/run.py, module lint-rules): each test here fails on at least one surviving mutant and
passes on the rules as written. Every test's name carries its rule's code in lower case, so that
`pytest -k <code>` (how mutation/run.py runs a mutant of one rule) runs it. Each test lints a real
page through the real engine and the real Mermaid (the `tree` and `lint_paths` fixtures) and checks
what a writer sees: the finding, its line, its message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from atlas.lint.registry import all_rules, select
from pagebuilder import (CALCULATOR, FLOWCHART, INCIDENT_FACTS, SEQUENCE, SOURCES, Tree, body_line, insert_after,
                         line_of, valid_page)


def found(lint_paths, path, code: str) -> list[tuple[int, str]]:
    """(line, message) of the findings of rule `code` alone on a page (`atlas lint --select CODE`), in
    order; fails on an internal error of the rule."""
    diagnostics = lint_paths([path], select(all_rules(), [code], None))
    crashed = [d.message for d in diagnostics if d.code == "INT001"]
    assert not crashed, crashed
    return [(d.line, d.message) for d in diagnostics if d.code == code]


def guide(tree: Tree, **page) -> tuple[str, Path]:
    """A valid debugging guide changed by `page` (valid_page's arguments), written where a guide belongs:
    its text, to find lines in, and its path, to lint."""
    text = valid_page(**page)
    return text, tree.write("debugging/infrastructure/postgres-connections.md", text)


def flow(*new_lines: str, after: str = "class PROM controlStyle") -> str:
    """The valid flowchart with lines added (by default at its end)."""
    return insert_after(FLOWCHART, after, *new_lines)


# CAL001: a calculator's figures against the worked example.

def calculator_with(**third) -> dict:
    """The valid calculator with a third output (computed after busy = 16 and pool = 20)."""
    return {"inputs": [dict(x) for x in CALCULATOR["inputs"]],
            "outputs": [dict(o) for o in CALCULATOR["outputs"]] + [{"name": "check", "label": "Check",
                                                                   "unit": "connections", **third}]}


# (formula, value at the defaults, example): the example is the figure as the page rounds it (half a
# unit of its last digit) or within 0.5 % of it; one outside both is reported.
@pytest.mark.parametrize("formula, value, example, reported", [
    ("busy + 0.4", 16.4, 16, False),  # within half a unit of a whole number
    ("busy + 0.5", 16.5, 16, False),  # exactly half a unit: still the page's rounding
    ("busy + 1", 17, 16, True),
    ("busy * 62.75", 1004, 1000, False),  # 0.4 %: within 0.5 %
    ("busy * 63", 1008, 1000, True),  # 0.8 %
    ("busy / 16 * 2.549", 2.549, 2.5, False),  # one decimal: half of 0.1
    ("busy / 16 * 2.551", 2.551, 2.5, True),
    ("busy - 0.4", 15.6, 16, False),  # below the example: the distance, not a remainder
    ("busy * 2", 32, 16, True),  # a multiple of the example is not it
    ("busy / 16 * 1.254", 1.254, 1.25, False),  # two decimals: half of 0.01, or 0.5 % (0.00625)
    ("busy / 16 * 1.26", 1.26, 1.25, True),
], ids=["16.4_as_16", "16.5_as_16", "17_as_16", "1004_as_1000", "1008_as_1000", "2.549_as_2.5", "2.551_as_2.5",
        "15.6_as_16", "32_as_16", "1.254_as_1.25", "1.26_as_1.25"])
def test_cal001_the_worked_example_may_round_the_computed_figure(tree: Tree, lint_paths, formula, value, example,
                                                                  reported):
    text = valid_page("capacity", calculator=calculator_with(formula=formula, example=example),
                      extra=f"The check gives {example:,} connections.")
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    expected = [(line_of(text, formula), f"calculator: output 'check' computes {value:,.6g} at the defaults but "
                                         f"the worked example says {example:,}")] if reported else []
    assert found(lint_paths, path, "CAL001") == expected


@pytest.mark.parametrize("bound", ["min", "max"])
def test_cal001_a_default_at_a_bound_of_its_range_is_inside_it(tree: Tree, lint_paths, bound):
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[0][bound] = inputs[0]["default"]  # rate: default 2000, min or max 2000
    calculator = {"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]}
    path = tree.write("capacity/compute/connection-pool-sizing.md", valid_page("capacity", calculator=calculator))
    assert found(lint_paths, path, "CAL001") == []


def test_cal001_an_input_that_is_not_a_number_is_left_to_fm001_and_the_next_one_is_still_checked(tree: Tree,
                                                                                                 lint_paths):
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[0]["min"] = "one"  # FM001 reports its type; CAL001 leaves it out of the calculator
    inputs[1]["default"] = 70000  # above its max, 60000
    calculator = {"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]}
    text = valid_page("capacity", calculator=calculator)
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "name: query_ms"), "calculator: input 'query_ms' default 70000 is outside [0.1, 60000]"),
        (line_of(text, "rate * query_ms / 1000"),
         "calculator: output 'busy': unknown name 'rate' (inputs and earlier outputs: query_ms)")]


@pytest.mark.parametrize("place", ["debugging", "costs", "patterns"])
def test_cal001_only_a_capacity_model_needs_a_calculator(tree: Tree, lint_paths, place):
    path, _ = tree.page(place)
    assert found(lint_paths, path, "CAL001") == []


def test_cal001_an_unstated_figure_is_named_in_its_grouped_spelling(tree: Tree, lint_paths):
    text = valid_page("capacity", calculator=calculator_with(formula="busy * 75", example=1200))
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "busy * 75"), "calculator: output 'check': the worked example never states 1,200")]


def test_cal001_a_min_above_the_max_is_reported_as_such(tree: Tree, lint_paths):
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[1]["min"], inputs[1]["max"] = 100, 10  # query_ms: default 8
    calculator = {"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]}
    text = valid_page("capacity", calculator=calculator)
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "name: query_ms"), "calculator: input 'query_ms' has min 100 >= max 10")]


def test_cal001_of_several_unknown_names_the_first_in_alphabetical_order_is_named(tree: Tree, lint_paths):
    text = valid_page("capacity", calculator=calculator_with(formula="rps * latncy", example=16))
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "rps * latncy"),
         "calculator: output 'check': unknown name 'latncy' (inputs and earlier outputs: rate, query_ms, busy, pool)")]


def test_cal001_after_a_failed_output_the_later_formulas_are_still_read(tree: Tree, lint_paths):
    # busy names 'rat' (a typo): pool, computed from it, is not evaluated, and check after it is still read
    outputs = [{**CALCULATOR["outputs"][0], "formula": "rat * query_ms / 1000"}, dict(CALCULATOR["outputs"][1]),
               {"name": "check", "label": "Check", "unit": "connections", "formula": "pool * latncy", "example": 20}]
    calculator = {"inputs": [dict(x) for x in CALCULATOR["inputs"]], "outputs": outputs}
    text = valid_page("capacity", calculator=calculator)
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "rat * query_ms"),
         "calculator: output 'busy': unknown name 'rat' (inputs and earlier outputs: rate, query_ms)"),
        (line_of(text, "pool * latncy"),
         "calculator: output 'check': unknown name 'latncy' (inputs and earlier outputs: rate, query_ms, busy, pool)")]


def test_cal001_a_min_equal_to_the_max_is_reported(tree: Tree, lint_paths):
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[1]["min"], inputs[1]["max"] = 8, 8  # query_ms: default 8
    calculator = {"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]}
    text = valid_page("capacity", calculator=calculator)
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert found(lint_paths, path, "CAL001") == [
        (line_of(text, "name: query_ms"), "calculator: input 'query_ms' has min 8 >= max 8")]


# CIT001: footnote definitions written by hand.

def test_cit001_a_footnote_definition_inside_a_code_block_is_not_written_by_hand(tree: Tree, lint_paths):
    # a ``` block that shows a ~~~ line stays open until its own ``` closes it
    text, path = guide(tree, extra="```text\n~~~\n[^pg-docs]: how a definition looks\n```\n\n"
                                   "[^pgbouncer-config]: written by hand after the block\n")
    assert [line for line, message in found(lint_paths, path, "CIT001") if "written by hand" in message] == [
        line_of(text, "[^pgbouncer-config]: written by hand")]


# A closing fence is the opener's character, at least as long, indented up to three spaces (CommonMark).
@pytest.mark.parametrize("block", [
    "```text\n[^pg-docs]: inside\n````\n",  # a longer closing fence closes it
    "```text\n[^pg-docs]: inside\n  ```\n",  # an indented closing fence closes it
    "````text\n  ```\n[^pg-docs]: inside\n````\n",  # an indented shorter fence does not
    "~~~text\n```\n[^pg-docs]: inside\n~~~\n",  # a ``` line inside a ~~~ block is its text
    "  ```text\n[^pg-docs]: inside\n```\n",  # an indented opening fence is closed by an unindented one
], ids=["longer_close", "indented_close", "indented_shorter_stays_open", "backticks_inside_tildes", "indented_open"])
def test_cit001_a_code_block_closes_at_its_own_fence(tree: Tree, lint_paths, block):
    text, path = guide(tree, extra=block + "\n[^pgbouncer-config]: written by hand after the block\n")
    assert [line for line, message in found(lint_paths, path, "CIT001") if "written by hand" in message] == [
        line_of(text, "[^pgbouncer-config]: written by hand")]


def test_cit001_only_an_h2_sources_heading_is_written_by_hand(tree: Tree, lint_paths):
    text, path = guide(tree, extra="# References\n\nText.\n\n### References\n\nMore.\n\n## Sources\n\nA list.\n")
    assert [line for line, message in found(lint_paths, path, "CIT001") if "is written by hand" in message] == [
        line_of(text, "## Sources")]


def test_cit001_an_unknown_reference_lists_the_pages_ids(tree: Tree, lint_paths):
    text, path = guide(tree, extra="A claim.[^pg-doc]\n")
    assert (line_of(text, "A claim.[^pg-doc]"), "[^pg-doc] names no source of this page (ids: pg-docs, "
            "pgbouncer-config)") in found(lint_paths, path, "CIT001")


def test_cit001_a_source_without_an_id_does_not_hide_the_ids_after_it(tree: Tree, lint_paths):
    first = {k: v for k, v in SOURCES[0].items() if k != "id"}
    path = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(sources=[first, dict(SOURCES[1])]))
    unknown = {message.split("]")[0] for _, message in found(lint_paths, path, "CIT001")
               if "names no source" in message}
    assert unknown == {"[^pg-docs"}


# CIT002: numbers that need a citation.

@pytest.mark.parametrize("sentence, shown", [
    ("The pool served 2,000 clients at 85 % load for 12 hours and cost $1,380.", "2,000, 85 %, 12 hours, $1,380"),
    ("The pool served 2,000 clients at 85 % load for 12 hours and cost $1,380; failover took 17 minutes.",
     "2,000, 85 %, 12 hours, $1,380 ..."),
], ids=["4_shown", "5_shown_as_4"])
def test_cit002_a_finding_shows_up_to_four_quantities(tree: Tree, lint_paths, sentence, shown):
    text, path = guide(tree, intro=sentence)
    assert found(lint_paths, path, "CIT002") == [(line_of(text, "The pool served"), (
        f"{shown}: this sentence needs a citation [^id] or an estimate marker (est. or ~, with the derivation on "
        "the page)"))]


# CIT003: numbers in diagram labels.

GANTT = ("gantt\n    title Orders API incident (UTC)\n    dateFormat HH:mm\n    axisFormat %H:%M\n"
         "    section Detect\n    Error rate alert fires :a1, 09:40, 7m\n"
         "    section Mitigate\n    Pool size lowered :m1, after a1, 2h\n")  # 2h: a duration, not a claim


def test_cit003_a_gantt_tasks_times_are_positions_not_claims(tree: Tree, lint_paths):
    path = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(diagrams=[GANTT]))
    assert found(lint_paths, path, "CIT003") == []


def test_cit003_a_diagram_mermaid_cannot_read_is_left_to_mmd001(tree: Tree, lint_paths):
    broken = flow('    CACHE["Redis 7.2<br/>maxmemory 37 GB"] --> (', after="max_connections 100")
    path = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(diagram=broken))
    assert [d.code for d in lint_paths([path], select(all_rules(), ["MMD001", "CIT003"], None))] == ["MMD001"]


def test_cit003_a_diagram_mermaid_cannot_read_does_not_stop_the_next_being_checked(tree: Tree, lint_paths):
    broken = 'flowchart LR\n    PGB -->|pooled connections| PG(("unclosed"\n'
    text, path = guide(tree, diagram=broken, diagrams=[flow('        CACHE["Redis 7.2<br/>maxmemory 37 GB"]',
                                                            after="max_connections 100") + "    class CACHE stateStyle\n"])
    assert [line for line, _ in found(lint_paths, path, "CIT003")] == [line_of(text, "maxmemory 37 GB")]


def test_cit003_a_label_marked_as_an_estimate_does_not_excuse_the_lines_after_it(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow('        CACHE["Redis 7.2<br/>~37 GB"]', '        QUEUE["Kafka 3.6<br/>retention 72 h"]',
                                          after="max_connections 100") + "    class CACHE,QUEUE stateStyle\n")
    assert [line for line, _ in found(lint_paths, path, "CIT003")] == [line_of(text, "retention 72 h")]


def test_cit003_a_flowchart_label_after_the_style_lines_is_read_whole(tree: Tree, lint_paths):
    # after `class ...` lines (not labels), and a colon in a flowchart label is no gantt task's
    text, path = guide(tree, diagram=flow('    QUEUE["Kafka retention: 72 h"]', "    class QUEUE stateStyle"))
    assert [line for line, _ in found(lint_paths, path, "CIT003")] == [line_of(text, "Kafka retention: 72 h")]


# FM001: the page contract, its messages and lines.

def test_fm001_a_page_without_front_matter_is_reported_on_its_first_line(tree: Tree, lint_paths):
    path = tree.write("debugging/infrastructure/postgres-connections.md", "# Postgres connections\n\nText.\n")
    assert found(lint_paths, path, "FM001") == [
        (1, "page has no front matter: start it with '---', the contract's fields, '---'")]


def test_fm001_an_error_inside_a_list_item_is_reported_at_that_item(tree: Tree, lint_paths):
    sources = [dict(SOURCES[0]), {**SOURCES[1], "confidence": "Z"}]
    text, path = guide(tree, sources=sources)
    assert [line for line, _ in found(lint_paths, path, "FM001")] == [line_of(text, "- id: pgbouncer-config")]


def test_fm001_the_quoted_version_message_is_for_the_version_alone(tree: Tree, lint_paths):
    # an unquoted version, with a field before it and one after it in the alphabet that are wrong too
    text, path = guide(tree, version=1.0, category="debuging", zone="eu-west-1")
    messages = sorted(message for _, message in found(lint_paths, path, "FM001"))
    assert messages[1:] == ["front matter `version` must be a quoted 'Major.Minor' string (YAML reads 1.10 as the number 1.1)",
                            "front matter `zone` is not a field of the page contract"]
    assert messages[0].startswith("front matter `category` Input should be ") and messages[0].endswith(" (got 'debuging')")


def test_fm001_a_wrong_type_is_reported_in_pydantics_words(tree: Tree, lint_paths):
    text, path = guide(tree, technologies="PostgreSQL 16")
    assert found(lint_paths, path, "FM001") == [(line_of(text, "technologies:"),
                                                 "front matter `technologies` Input should be a valid list")]


def test_fm001_an_error_in_a_list_of_words_is_reported_at_that_item(tree: Tree, lint_paths):
    text, path = guide(tree, technologies=["PostgreSQL 16", 1.22])  # a bare version: YAML reads a number
    assert found(lint_paths, path, "FM001") == [(line_of(text, "- 1.22"),
                                                 "front matter `technologies.1` Input should be a valid string")]


def test_fm001_an_error_deep_in_a_block_is_reported_at_its_list(tree: Tree, lint_paths):
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[0]["default"] = "lots"
    text = valid_page("capacity", calculator={"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]})
    path = tree.write("capacity/compute/connection-pool-sizing.md", text)
    assert [line for line, _ in found(lint_paths, path, "FM001")] == [line_of(text, "  inputs:")]


def test_fm001_a_wrong_date_is_reported_in_pydantics_words(tree: Tree, lint_paths):
    text, path = guide(tree, review={"status": "up_to_date", "last_reviewed": "soon"})
    [(line, message)] = found(lint_paths, path, "FM001")
    assert line == line_of(text, "last_reviewed: soon")
    assert message.startswith("front matter `review.last_reviewed` Input should be a valid date")


# FM002: front matter against the page's place.

@pytest.mark.parametrize("place", ["debugging", "incidents", "patterns", "capacity"])
def test_fm002_a_page_in_its_group_folder_agrees(tree: Tree, lint_paths, place):
    path, _ = tree.page(place)
    assert found(lint_paths, path, "FM002") == []


def test_fm002_a_category_other_than_the_folder_is_reported_and_a_missing_one_is_left_to_fm001(tree: Tree, lint_paths):
    text = valid_page(category="patterns")
    wrong = tree.write("debugging/infrastructure/postgres-connections.md", text)
    assert found(lint_paths, wrong, "FM002") == [
        (line_of(text, "category: patterns"), "category is 'patterns' but the page is under docs/debugging/")]
    missing = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(category=None))
    assert found(lint_paths, missing, "FM002") == []


def test_fm002_a_systems_page_outside_a_system_folder_is_reported(tree: Tree, lint_paths):
    path = tree.write("systems/netflix.md", valid_page("systems", system="netflix", kind="failure-domains"))
    assert found(lint_paths, path, "FM002") == [(1, "systems pages live at docs/systems/<system>/<kind>.md")]


def test_fm002_an_unknown_kind_is_reported_on_the_first_line(tree: Tree, lint_paths):
    path = tree.write("systems/netflix/failure-domain.md",
                      valid_page("systems", system="netflix", kind="failure-domain"))
    assert [(line, message.split(": ")[0]) for line, message in found(lint_paths, path, "FM002")] == [
        (1, "unknown kind 'failure-domain'")]


def test_fm002_a_category_before_the_folder_in_the_alphabet_is_reported_too(tree: Tree, lint_paths):
    text, path = guide(tree, category="capacity")
    assert found(lint_paths, path, "FM002") == [
        (line_of(text, "category: capacity"), "category is 'capacity' but the page is under docs/debugging/")]


def test_fm002_a_systems_page_one_folder_too_deep_is_reported(tree: Tree, lint_paths):
    path = tree.write("systems/netflix/2024/failure-domains.md",
                      valid_page("systems", system="netflix", kind="failure-domains"))
    assert found(lint_paths, path, "FM002") == [(1, "systems pages live at docs/systems/<system>/<kind>.md")]


def test_fm002_a_system_other_than_the_folder_is_reported(tree: Tree, lint_paths):
    text = valid_page("systems", system="amazon", kind="failure-domains")
    path = tree.write("systems/netflix/failure-domains.md", text)
    assert found(lint_paths, path, "FM002") == [
        (line_of(text, "system: amazon"), "system is 'amazon' but the folder is 'netflix'")]


def test_fm002_a_kind_after_the_file_in_the_alphabet_is_reported_too(tree: Tree, lint_paths):
    text = valid_page("systems", system="netflix", kind="request-flow")
    path = tree.write("systems/netflix/failure-domains.md", text)
    assert found(lint_paths, path, "FM002") == [
        (line_of(text, "kind: request-flow"), "kind is 'request-flow' but the file is failure-domains.md")]


def test_fm002_a_system_field_outside_systems_is_reported(tree: Tree, lint_paths):
    text = valid_page().replace("category: debugging\n", "category: debugging\nsystem: netflix\n", 1)
    path = tree.write("debugging/infrastructure/postgres-connections.md", text)
    assert found(lint_paths, path, "FM002") == [
        (line_of(text, "system: netflix"), "`system` belongs to systems pages only")]


def test_fm002_a_page_one_folder_below_its_group_is_reported(tree: Tree, lint_paths):
    path = tree.write("debugging/infrastructure/2024/postgres-connections.md", valid_page())
    assert [(line, message.split(" with group")[0]) for line, message in found(lint_paths, path, "FM002")] == [
        (1, "debugging pages live at docs/debugging/<group>/<slug>.md")]


def test_fm002_a_kind_other_than_the_file_is_reported(tree: Tree, lint_paths):
    text = valid_page("systems", system="netflix", kind="architecture")
    path = tree.write("systems/netflix/failure-domains.md", text)
    assert found(lint_paths, path, "FM002") == [
        (line_of(text, "kind: architecture"), "kind is 'architecture' but the file is failure-domains.md")]


def test_fm002_an_unknown_system_folder_is_reported_on_the_first_line(tree: Tree, lint_paths):
    path = tree.write("systems/netflux/failure-domains.md",
                      valid_page("systems", system="netflux", kind="failure-domains"))
    assert [(line, message.split(" (")[0]) for line, message in found(lint_paths, path, "FM002")] == [
        (1, "unknown system folder 'netflux'")]


# GAT001: gate elements.

def test_gat001_an_unknown_not_applicable_element_is_named_with_the_known_ones(tree: Tree, lint_paths):
    text, path = guide(tree, not_applicable={"rolback": "a debugging guide has no deploy to roll back"})
    known = ", ".join(sorted(["symptoms", "where-to-look", "mitigation", "recovery", "costs", "cost-per-unit",
                              "reserved-vs-on-demand", "growth", "optimizations", "failure-modes", "blast-radius",
                              "recovery-time", "data-loss", "rollback"]))
    assert found(lint_paths, path, "GAT001") == [
        (line_of(text, "rolback:"), f"not_applicable: 'rolback' is not a gate element (one of: {known})")]


@pytest.mark.parametrize("reason, reported", [("no reboot", True), ("no restart", False)], ids=["9_chars", "10_chars"])
def test_gat001_a_not_applicable_reason_has_at_least_ten_characters(tree: Tree, lint_paths, reason, reported):
    text, path = guide(tree, drop_sections=("Recovery",), not_applicable={"recovery": reason})
    assert found(lint_paths, path, "GAT001") == ([(line_of(text, "recovery: no"), (
        "not_applicable: 'recovery' needs its reason in one line (at least 10 characters)"))] if reported else [])


MISSING_RECOVERY = "3 AM gate: nothing answers 'recovery'"


@pytest.mark.parametrize("table, answered", [
    ("| step | Recovery check |\n|---|---|\n| 1 | `cl_waiting` back to 0 |", True),  # any header cell
    ("| step | check |\n|---|---|\n| 1 | Recovery: `cl_waiting` back to 0 |", False),  # a body row's first cell only
], ids=["second_header_cell_answers", "second_body_cell_does_not"])
def test_gat001_a_table_answers_by_any_header_cell_and_a_rows_first_cell(tree: Tree, lint_paths, table, answered):
    text, path = guide(tree, drop_sections=("Recovery",), extra=table)
    missing = [line for line, m in found(lint_paths, path, "GAT001") if m.startswith(MISSING_RECOVERY)]
    assert missing == ([] if answered else [body_line(text)])


def test_gat001_a_missing_element_is_named_with_its_first_four_cues(tree: Tree, lint_paths):
    text, path = guide(tree, drop_sections=("Recovery",))
    assert found(lint_paths, path, "GAT001") == [(body_line(text), (
        "3 AM gate: nothing answers 'recovery' -- a heading, table row, labelled item or diagram label starting with "
        "'Recovery' / 'Verify recovery' / 'Verify' / 'Recovered', or `not_applicable: {recovery: reason}` in front "
        "matter"))]


@pytest.mark.parametrize("lead", ["**Recovery**", "__Recovery__"])
def test_gat001_a_bold_lead_answers_an_element_in_either_spelling(tree: Tree, lint_paths, lead):
    text, path = guide(tree, drop_sections=("Recovery",), extra=f"{lead} shows once connections fall below 80 again.")
    assert found(lint_paths, path, "GAT001") == []


# GAT002: 3 AM signals, on the pages the 3 AM gate governs.

def test_gat002_a_page_without_the_3am_gate_need_not_quote_its_signatures(tree: Tree, lint_paths):
    path = tree.write("patterns/resilience/connection-pooling.md",
                      valid_page("patterns", error_signatures=["ERROR: canceling statement due to statement timeout"],
                                 quote_signatures=False))
    assert found(lint_paths, path, "GAT002") == []


def test_gat002_a_3am_page_that_needs_no_symptoms_still_quotes_its_signatures(tree: Tree, lint_paths):
    # production-operations: the 3 AM gate, but symptoms are not required of it
    text = valid_page("systems", system="netflix", kind="production-operations",
                      error_signatures=["ERROR: canceling statement due to statement timeout"], quote_signatures=False)
    path = tree.write("systems/netflix/production-operations.md", text)
    assert found(lint_paths, path, "GAT002") == [
        (line_of(text, "canceling statement"),
         "error signature 'ERROR: canceling statement due to statement timeout' is not quoted verbatim in the page body")]


# GAT003: the New Hire gate.

@pytest.mark.parametrize("overrides", [{"table": ""}, {"diagram": ""}], ids=["diagram_only", "table_only"])
def test_gat003_scale_numbers_in_a_diagram_or_in_a_table_are_enough(tree: Tree, lint_paths, overrides):
    path = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(**overrides))
    assert found(lint_paths, path, "GAT003") == []


def test_gat003_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow("    ORDERS --- PGB"))
    assert found(lint_paths, path, "GAT003") == [
        (line_of(text, "ORDERS --- PGB"), "New Hire gate: edge ORDERS --- PGB has no direction (use -->)")]


def test_gat003_an_edge_with_a_circle_or_cross_head_has_a_direction(tree: Tree, lint_paths):
    path = tree.write("debugging/infrastructure/postgres-connections.md",
                      valid_page(diagram=flow("    ORDERS --o PGB", "    ORDERS --x PG")))
    assert found(lint_paths, path, "GAT003") == []


# GAT005: acronyms.

@pytest.mark.parametrize("blank_lines", [1, 2])  # the paragraph on an odd and on an even line
def test_gat005_an_acronym_on_a_later_line_of_a_paragraph_is_reported_on_its_line(tree: Tree, lint_paths,
                                                                                  blank_lines):
    text, path = guide(tree, extra="\n" * blank_lines + "Kafka keeps followers in sync.\nA slow one leaves the ISR.\n"
                                                         "Then the HPA adds pods.")
    assert [line for line, _ in found(lint_paths, path, "GAT005")] == [line_of(text, "ISR"), line_of(text, "HPA")]


def test_gat005_an_acronym_has_two_to_six_characters(tree: Tree, lint_paths):
    text, path = guide(tree, extra="The proxy speaks SOCKS5 to the broker. The module is FIPS140 validated.")
    assert found(lint_paths, path, "GAT005") == [
        (line_of(text, "SOCKS5"), "acronym SOCKS5 is neither in the glossary nor expanded on the page")]


def test_gat005_a_two_letter_acronym_is_one(tree: Tree, lint_paths):
    text, path = guide(tree, extra="The HA pair fails over in seconds.")
    assert found(lint_paths, path, "GAT005") == [
        (line_of(text, "HA pair"), "acronym HA is neither in the glossary nor expanded on the page")]


def test_gat005_a_name_in_mixed_case_is_not_an_acronym(tree: Tree, lint_paths):
    text, path = guide(tree, extra="The replica runs MySQL 8; a SaaS vendor runs the NoSQL store.")
    assert found(lint_paths, path, "GAT005") == []


def test_gat005_an_acronym_in_the_glossary_does_not_hide_the_next_one(tree: Tree, lint_paths):
    tree.write("reference/glossary.md", "# Glossary\n\n| term | meaning |\n|---|---|\n| WAL | Write-Ahead Log |\n")
    text, path = guide(tree, extra="The WAL grows while the ISR shrinks.")
    assert found(lint_paths, path, "GAT005") == [
        (line_of(text, "ISR shrinks"), "acronym ISR is neither in the glossary nor expanded on the page")]


def test_gat005_a_use_before_the_expansions_names_the_first_expansion(tree: Tree, lint_paths):
    text, path = guide(tree, extra="The ISR shrinks when a follower lags.\n\nKafka keeps the in-sync replicas (ISR) in step."
                                   "\n\nThe in-sync replicas (ISR) are listed by the broker.")
    assert found(lint_paths, path, "GAT005") == [
        (line_of(text, "The ISR shrinks"), f"acronym ISR is used here before its expansion (line "
         f"{line_of(text, 'Kafka keeps the in-sync')}): expand it at this first use and drop the later one")]


@pytest.mark.parametrize("gap, expanded", [(76, True), (77, False)])
def test_gat005_an_expansion_before_the_acronym_counts_within_80_characters(tree: Tree, lint_paths, gap, expanded):
    # "in-sync replicas <gap characters> (ISR)": the last three letters of the expansion must be among the
    # 80 characters before the acronym (the window ends with its "(")
    filler = (" 1" * gap)[:gap]
    text, path = guide(tree, extra=f"Kafka tracks the in-sync replicas{filler}(ISR).")
    assert found(lint_paths, path, "GAT005") == ([] if expanded else [
        (line_of(text, "(ISR)"), "acronym ISR is neither in the glossary nor expanded on the page")])


@pytest.mark.parametrize("shift", range(4))  # the acronym's end at each offset modulo 4
def test_gat005_a_plural_acronym_in_parentheses_is_expanded(tree: Tree, lint_paths, shift):
    text, path = guide(tree, extra=f"Kafka {'really ' * shift}tracks its in-sync replicas (ISRs); the ISR shrinks.")
    assert found(lint_paths, path, "GAT005") == []


def test_gat005_a_second_expansion_names_the_line_of_the_first(tree: Tree, lint_paths):
    text, path = guide(tree, extra="Kafka keeps the in-sync replicas (ISR) in step.\n\nThe in-sync replicas (ISR) are listed.")
    assert found(lint_paths, path, "GAT005") == [
        (line_of(text, "are listed"), f"acronym ISR is expanded again (first on line {line_of(text, 'in step')}): "
                                      "once is enough")]


# GAT006: technologies entries.

@pytest.mark.parametrize("entry, reported", [("Amazon Aurora PostgreSQL 15", False),
                                             ("Amazon Aurora PostgreSQL edition 15", True)], ids=["4_words", "5_words"])
def test_gat006_an_entry_of_four_words_is_a_name_and_five_read_like_a_description(tree: Tree, lint_paths, entry,
                                                                                   reported):
    text, path = guide(tree, technologies=["PgBouncer 1.22", entry])
    assert found(lint_paths, path, "GAT006") == ([(line_of(text, entry), (
        f"technologies entry {entry!r} reads like a description: one product per entry with its version "
        "(details in parentheses)"))] if reported else [])


# INC001: the incident block.

@pytest.mark.parametrize("rel, checked", [
    ("incidents/high-profile/orders-outage-2024-03-02.md", True),
    ("incidents/orders-outage-2024-03-02.md", False),  # not in a group folder
    ("incidents/high-profile/2024/orders-outage-2024-03-02.md", False),  # one folder too deep
    ("debugging/infrastructure/orders-outage-2024-03-02.md", False),  # not an incident
    ("patterns/resilience/orders-outage-2024-03-02.md", False),  # not an incident (a folder after incidents/)
    ("incidents/response-patterns/orders-outage-2024-03-02.md", False),  # spans incidents
])
def test_inc001_only_an_incident_anatomy_has_its_date_checked(tree: Tree, lint_paths, rel, checked):
    text = valid_page("incidents")  # incident.date 2024-03-01, a day before the file name's
    path = tree.write(rel, text)
    assert found(lint_paths, path, "INC001") == (
        [(line_of(text, "date: 2024-03-01"), "incident.date is 2024-03-01 but the file name says 2024-03-02")]
        if checked else [])


# INC002: the incident timeline.

INCIDENT = "incidents/high-profile/orders-outage-2024-03-01.md"


def test_inc002_detected_at_the_moment_it_started_is_in_order(tree: Tree, lint_paths):
    facts = {**INCIDENT_FACTS, "detected": INCIDENT_FACTS["started"]}
    path = tree.write(INCIDENT, valid_page("incidents", incident=facts))
    assert found(lint_paths, path, "INC002") == []


def test_inc002_mitigated_at_the_moment_it_was_resolved_is_in_order(tree: Tree, lint_paths):
    facts = {**INCIDENT_FACTS, "mitigated": INCIDENT_FACTS["resolved"]}
    path = tree.write(INCIDENT, valid_page("incidents", incident=facts))
    assert found(lint_paths, path, "INC002") == []


def test_inc002_a_time_ahead_of_utc_is_reported(tree: Tree, lint_paths):
    started = dt.datetime(2024, 3, 1, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))  # 14:00 UTC
    text = valid_page("incidents", incident={**INCIDENT_FACTS, "started": started})
    path = tree.write(INCIDENT, text)
    assert found(lint_paths, path, "INC002") == [(line_of(text, "started:"), (
        "incident.started must be in UTC (…Z); keep the source's own time zone in the text"))]


def test_inc002_no_known_end_leaves_the_duration_unchecked(tree: Tree, lint_paths):
    unknown = {"at": None, "why": "the report gives no time"}
    text = valid_page("incidents", incident={**INCIDENT_FACTS, "mitigated": unknown, "resolved": unknown})
    path = tree.write(INCIDENT, text)
    assert found(lint_paths, path, "INC002") == []


@pytest.mark.parametrize("day", [dt.date(2024, 2, 29), dt.date(2024, 3, 2)], ids=["date_after", "date_before"])
def test_inc002_a_start_on_another_day_than_the_date_is_reported(tree: Tree, lint_paths, day):
    text = valid_page("incidents", incident={**INCIDENT_FACTS, "date": day})
    path = tree.write(INCIDENT, text)
    assert found(lint_paths, path, "INC002") == [
        (line_of(text, "started:"), f"incident.started is on 2024-03-01 (UTC) but incident.date is {day}")]


@pytest.mark.parametrize("mitigated, gives", [
    (INCIDENT_FACTS["mitigated"], "2 h 10 min (started -> resolved, or 1 h 30 min to mitigated)"),
    ({"at": None, "why": "the report gives no time"}, "2 h 10 min (started -> resolved)"),
], ids=["mitigated", "mitigated_unknown"])
def test_inc002_a_wrong_duration_names_what_the_timestamps_give(tree: Tree, lint_paths, mitigated, gives):
    text = valid_page("incidents", incident={**INCIDENT_FACTS, "duration": "about 6 hours", "mitigated": mitigated})
    path = tree.write(INCIDENT, text)
    assert found(lint_paths, path, "INC002") == [
        (line_of(text, "duration: about 6 hours"), f"incident.duration says 6 h; the timestamps give {gives}")]


@pytest.mark.parametrize("rel, checked", [
    (INCIDENT, True),
    ("incidents/orders-outage-2024-03-01.md", False),  # not in a group folder
    ("incidents/high-profile/2024/orders-outage-2024-03-01.md", False),  # one folder too deep
    ("debugging/infrastructure/orders-outage-2024-03-01.md", False),  # not an incident
    ("patterns/resilience/orders-outage-2024-03-01.md", False),  # not an incident (a folder after incidents/)
    ("incidents/response-patterns/orders-outage-2024-03-01.md", False),  # spans incidents, has no timeline
])
def test_inc002_only_an_incident_anatomy_has_its_timeline_checked(tree: Tree, lint_paths, rel, checked):
    facts = {k: v for k, v in INCIDENT_FACTS.items() if k != "trigger"}
    text = valid_page("incidents", incident=facts)
    path = tree.write(rel, text)
    assert [(line, message.split(" (")[0]) for line, message in found(lint_paths, path, "INC002")] == (
        [(line_of(text, "incident:"), "incident: add trigger")] if checked else [])


# LNK001: internal links.

def test_lnk001_an_external_link_does_not_stop_the_links_after_it_being_checked(tree: Tree, lint_paths):
    text, path = guide(tree, extra="See [the manual](https://www.postgresql.org/docs/16/) and "
                                   "[the pool guide](../pools/sizing.md).")
    assert found(lint_paths, path, "LNK001") == [
        (line_of(text, "the pool guide"), "link target '../pools/sizing.md' does not exist")]


def test_lnk001_a_page_outside_a_docs_tree_has_no_links_checked(tmp_path, lint_paths):
    # no mkdocs.yml above it: there is no tree to resolve a link in
    path = tmp_path / "loose" / "debugging" / "infrastructure" / "postgres-connections.md"
    path.parent.mkdir(parents=True)
    path.write_text(valid_page(extra="See [the pool guide](../pools/sizing.md)."), encoding="utf-8")
    assert found(lint_paths, path, "LNK001") == []


def test_lnk001_every_broken_link_is_reported(tree: Tree, lint_paths):
    text, path = guide(tree, extra="See [the pool guide](../pools/sizing.md).\n\nThen [the runbook](../pools/runbook.md).")
    assert found(lint_paths, path, "LNK001") == [
        (line_of(text, "../pools/sizing.md"), "link target '../pools/sizing.md' does not exist"),
        (line_of(text, "../pools/runbook.md"), "link target '../pools/runbook.md' does not exist")]


# MMD001: Mermaid's message.

def test_mmd001_every_error_mermaid_lists_is_in_the_message(tree: Tree, lint_paths):
    # a diagram with Mermaid's newer parser (Langium) lists one error a line: each is kept
    text, path = guide(tree, diagrams=["gitGraph\n    commit\n    merge_all\n    rebase\n"])
    [(line, message)] = found(lint_paths, path, "MMD001")
    assert line == line_of(text, "merge_all")
    assert message.startswith("Mermaid: Parsing failed: ")
    assert "but found `merge_all`" in message and "but found `rebase`" in message


def test_mmd001_a_parse_error_is_named_once(tree: Tree, lint_paths):
    text, path = guide(tree, diagrams=["flowchart LR\n    A --> (\n"])
    [(line, message)] = found(lint_paths, path, "MMD001")
    assert message.startswith("Mermaid: Parse error on line 2: Expecting ") and message.count("Parse error") == 1


# PH001: placeholders.

@pytest.mark.parametrize("field, value, message", [
    ("summary", "From the alert on Service A to the saturated pool.", "generic name in front matter `summary`: 'Service A'"),
    ("title", "TODO: Postgres connection exhaustion", "unfinished marker in front matter `title`: 'TODO'"),
    ("error_signatures", ["FATAL: lorem ipsum"], "filler text in front matter `error_signatures`: 'lorem ipsum'"),
], ids=["summary", "title", "error_signatures"])
def test_ph001_a_placeholder_in_front_matter_is_reported_at_its_field(tree: Tree, lint_paths, field, value, message):
    text, path = guide(tree, **{field: value}, quote_signatures=False)
    assert (line_of(text, f"{field}:"), message) in found(lint_paths, path, "PH001")


def test_ph001_a_placeholder_inside_a_front_matter_block_is_reported_at_the_block(tree: Tree, lint_paths):
    text = valid_page("incidents", incident={**INCIDENT_FACTS, "company": "Service A"})
    path = tree.write(INCIDENT, text)
    assert found(lint_paths, path, "PH001") == [
        (line_of(text, "incident:"), "generic name in front matter `incident`: 'Service A'")]


def test_ph001_a_generic_name_in_a_diagram_is_reported_on_its_line(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow('    CACHE["Service B"]', after="PGB -->|pooled connections| PG"))
    assert found(lint_paths, path, "PH001") == [(line_of(text, "Service B"), "generic name in diagram: 'Service B'")]


@pytest.mark.parametrize("blank_lines", [1, 2])  # the paragraph on an odd and on an even line
def test_ph001_a_placeholder_on_a_later_line_of_a_paragraph_is_reported_on_its_line(tree: Tree, lint_paths,
                                                                                    blank_lines):
    text, path = guide(tree, extra="\n" * blank_lines + "The pool is sized for the peak.\nIts size is TBD.")
    assert found(lint_paths, path, "PH001") == [(line_of(text, "TBD"), "unfinished marker: 'TBD'")]


def test_ph001_a_placeholder_in_a_diagram_is_reported_on_its_line(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow("    %% TODO: the replica", after="PGB -->|pooled connections| PG"))
    assert found(lint_paths, path, "PH001") == [(line_of(text, "TODO"), "unfinished marker in diagram: 'TODO'")]


# NAV001, PLN001, PLN002, PLN003, PLN005, SEC003, SRC001, SRC002.

def test_nav001_a_page_outside_a_docs_tree_is_not_checked(tmp_path, lint_paths):
    path = tmp_path / "loose" / "debugging" / "infrastructure" / "postgres-connections.md"
    path.parent.mkdir(parents=True)
    path.write_text(valid_page(), encoding="utf-8")
    assert found(lint_paths, path, "NAV001") == []


def test_nav001_a_category_index_waits_for_the_categorys_first_page(tree: Tree, lint_paths):
    tree.page("debugging")
    index = tree.write("costs/index.md", "# Costs\n\nWhat the systems cost to run.\n")
    assert found(lint_paths, index, "NAV001") == []


def test_pln001_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow('        CACHE["Redis 7.2<br/>maxmemory 4 GB"]', after="max_connections 100"))
    assert [line for line, _ in found(lint_paths, path, "PLN001")] == [line_of(text, 'CACHE["Redis 7.2')]


def test_pln003_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow("    classDef streamStyle fill:#EF4444,stroke:#DC2626,color:#fff",
                                          after="classDef controlStyle"))
    assert found(lint_paths, path, "PLN003") == [
        (line_of(text, "classDef streamStyle"), "classDef streamStyle sets fill, stroke: only the four plane classes colour nodes")]


def test_pln002_a_class_of_its_own_does_not_stop_the_plane_classes_being_checked(tree: Tree, lint_paths):
    diagram = insert_after(FLOWCHART, "PROM -.->", "    classDef noteStyle stroke-dasharray: 5").replace(
        "classDef stateStyle fill:#F59E0B", "classDef stateStyle fill:#FFA500")
    text, path = guide(tree, diagram=diagram)
    assert found(lint_paths, path, "PLN002") == [
        (line_of(text, "classDef stateStyle"),
         "classDef stateStyle must be `stateStyle fill:#F59E0B,stroke:#D97706,color:#fff`: "
         "fill:#ffa500 (want #f59e0b)")]


def test_pln005_a_subgraph_named_for_its_plane_only_by_its_id_is_checked(tree: Tree, lint_paths):
    diagram = (FLOWCHART.replace('subgraph StatePlane["💾 State"]', 'subgraph StatePlane["Databases"]')
               .replace("    class PGB,PG stateStyle", "    class PGB edgeStyle\n    class PG stateStyle"))
    text, path = guide(tree, diagram=diagram)
    assert found(lint_paths, path, "PLN005") == [
        (line_of(text, 'PGB["PgBouncer'), "node 'PGB' is edgeStyle inside the State subgraph 'Databases'")]


STATE_SUBGRAPH = """    subgraph StatePlane["💾 State"]
        PGB["PgBouncer 1.22<br/>transaction pooling"]
        PG[("PostgreSQL 16<br/>max_connections 100")]
    end"""


def test_pln005_a_subgraph_that_names_no_plane_does_not_stop_the_next_being_checked(tree: Tree, lint_paths):
    diagram = (FLOWCHART.replace('subgraph EdgePlane["🌐 Edge"]', 'subgraph Front["Front door"]')
               .replace("    class PGB,PG stateStyle", "    class PGB edgeStyle\n    class PG stateStyle"))
    text, path = guide(tree, diagram=diagram)
    assert found(lint_paths, path, "PLN005") == [
        (line_of(text, 'PGB["PgBouncer'), "node 'PGB' is edgeStyle inside the State subgraph '💾 State'")]


def test_pln005_a_nested_subgraph_does_not_stop_the_nodes_after_it_being_checked(tree: Tree, lint_paths):
    nested = STATE_SUBGRAPH.replace('        PGB["PgBouncer 1.22<br/>transaction pooling"]',
                                    '        subgraph Pool["Pool"]\n'
                                    '            PGB["PgBouncer 1.22<br/>transaction pooling"]\n'
                                    '        end')
    diagram = (FLOWCHART.replace(STATE_SUBGRAPH, nested)
               .replace("    class PGB,PG stateStyle", "    class PGB stateStyle\n    class PG edgeStyle"))
    text, path = guide(tree, diagram=diagram)
    assert found(lint_paths, path, "PLN005") == [
        (line_of(text, 'PG[("PostgreSQL'), "node 'PG' is edgeStyle inside the State subgraph '💾 State'")]


@pytest.mark.parametrize("classes", ["    class PGB edgeStyle\n    class PGB,PG stateStyle",
                                     "    class PGB stateStyle"], ids=["two_planes", "no_plane"])
def test_pln005_a_node_without_exactly_one_plane_is_left_to_pln001(tree: Tree, lint_paths, classes):
    diagram = FLOWCHART.replace("    class PGB,PG stateStyle", classes)
    path = tree.write("debugging/infrastructure/postgres-connections.md", valid_page(diagram=diagram))
    assert found(lint_paths, path, "PLN005") == []


def test_pln004_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    sequence = SEQUENCE + "    participant LOG as Audit log\n    ORD->>LOG: write\n"
    text, path = guide(tree, diagrams=[sequence])
    assert found(lint_paths, path, "PLN004") == [
        (line_of(text, "participant LOG"), "participant 'LOG' is not in a plane box (`box 🌐 Edge` ... `end`)")]


def test_sec001_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow("    click LB showDetails"))
    assert len(found(lint_paths, path, "SEC001")) == 1


def test_sec002_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow('    click LB "javascript:alert(1)"'))
    assert found(lint_paths, path, "SEC002") == [
        (line_of(text, 'LB["Application'), "click on 'LB' uses the javascript: scheme")]


def test_sec003_an_onclick_finding_is_on_its_line(tree: Tree, lint_paths):
    text, path = guide(tree, extra='<div class="pool">\n<p>Pool sizes</p>\n<span onclick="show()">show</span>\n</div>')
    assert found(lint_paths, path, "SEC003") == [(line_of(text, "onclick"), "active HTML in Markdown: onclick= handler on <span>")]


@pytest.mark.parametrize("blank_lines", [1, 2])  # the HTML block on an odd and on an even line
def test_sec003_a_finding_on_the_first_line_of_an_html_block_is_on_its_line(tree: Tree, lint_paths, blank_lines):
    text, path = guide(tree, extra="\n" * blank_lines + '<div onclick="show()">\n<p>Pool sizes</p>\n</div>')
    assert found(lint_paths, path, "SEC003") == [
        (line_of(text, "onclick"), "active HTML in Markdown: onclick= handler on <div>")]


def test_sec003_a_safe_link_in_html_is_not_active(tree: Tree, lint_paths):
    text, path = guide(tree, extra='See <a href="https://www.postgresql.org/docs/16/">the manual</a>.')
    assert found(lint_paths, path, "SEC003") == []


def test_sec003_an_unsafe_link_is_reported_on_its_line(tree: Tree, lint_paths):
    text, path = guide(tree, extra='<div class="pool">\n<p>Pool sizes</p>\n<a href="javascript:show()">show</a>\n</div>')
    assert found(lint_paths, path, "SEC003") == [
        (line_of(text, "javascript:"), "active HTML in Markdown: href=javascript: on <a>")]


def test_sec003_run_alone_still_reads_the_parse(tree: Tree, lint_paths):
    text, path = guide(tree, diagram=flow('    X["<img src=x onerror=alert(1)>"]'))
    assert [message for _, message in found(lint_paths, path, "SEC003")] == [
        "active HTML in a label of 'X': onerror= handler on <img>"]


@pytest.mark.parametrize("click, message", [
    ('    click LB "ssh://bastion.internal.org"', "click on 'LB' must use https, not ssh"),
    ('    click LB "https://wiki/runbook"', "click on 'LB': malformed URL 'https://wiki/runbook'"),
], ids=["ssh", "https_without_a_dot"])
def test_sec004_a_click_target_is_https_to_a_real_host(tree: Tree, lint_paths, click, message):
    text, path = guide(tree, diagram=flow(click))
    assert found(lint_paths, path, "SEC004") == [(line_of(text, 'LB["Application'), message)]


def test_src001_a_host_without_a_dot_is_malformed(tree: Tree, lint_paths):
    text, path = guide(tree, sources=[{**SOURCES[0], "url": "https://wiki/postgres/connections"}, dict(SOURCES[1])])
    assert found(lint_paths, path, "SRC001") == [
        (line_of(text, "- id: pg-docs"), "source URL is malformed: 'https://wiki/postgres/connections'")]


def test_src001_three_sources_are_more_than_enough(tree: Tree, lint_paths):
    third = {"id": "pgbouncer-faq", "url": "https://www.pgbouncer.org/faq.html", "title": "PgBouncer FAQ",
             "publisher": "PgBouncer project", "published": dt.date(2024, 4, 16), "confidence": "B",
             "accessed": dt.date(2026, 11, 1)}
    path = tree.write("debugging/infrastructure/postgres-connections.md",
                      valid_page(sources=[dict(SOURCES[0]), dict(SOURCES[1]), third]))
    assert found(lint_paths, path, "SRC001") == []


def test_src001_a_source_without_a_confidence_is_no_primary_one(tree: Tree, lint_paths):
    text, path = guide(tree, sources=[{**SOURCES[0], "confidence": None}, dict(SOURCES[1])])
    [(line, message)] = found(lint_paths, path, "SRC001")
    assert line == line_of(text, "sources:") and message.startswith("no primary source with `confidence: A`")


@pytest.mark.parametrize("url, message", [
    ("ftp://ftp.postgresql.org/pub/doc.html", "source URL must be https (or http with a `note` saying the source is "
                                              "served only over http): 'ftp://ftp.postgresql.org/pub/doc.html'"),
    ("https://wiki/postgres/connections", "source URL is malformed: 'https://wiki/postgres/connections'"),
], ids=["ftp", "https_without_a_dot"])
def test_src001_an_http_only_note_excuses_http_alone(tree: Tree, lint_paths, url, message):
    first = {**SOURCES[0], "url": url, "note": "the original is served only over http"}
    text, path = guide(tree, sources=[first, dict(SOURCES[1])])
    assert found(lint_paths, path, "SRC001") == [(line_of(text, "- id: pg-docs"), message)]


def test_src001_a_scheme_after_https_in_the_alphabet_is_not_https(tree: Tree, lint_paths):
    url = "sftp://ftp.postgresql.org/pub/doc.html"
    text, path = guide(tree, sources=[{**SOURCES[0], "url": url}, dict(SOURCES[1])])
    assert found(lint_paths, path, "SRC001") == [(line_of(text, "- id: pg-docs"), (
        f"source URL must be https (or http with a `note` saying the source is served only over http): {url!r}"))]


def test_src001_a_source_published_today_is_not_in_the_future(tree: Tree, lint_paths):
    first = {k: v for k, v in SOURCES[0].items() if k != "note"}
    text, path = guide(tree, sources=[{**first, "published": dt.date.today()}, dict(SOURCES[1])])
    assert found(lint_paths, path, "SRC001") == []


@pytest.mark.parametrize("published", ["last year", "yesterday"])  # before and after 'undated' in the alphabet
def test_src001_a_published_that_is_no_date_is_reported(tree: Tree, lint_paths, published):
    text, path = guide(tree, sources=[{**SOURCES[0], "published": published}, dict(SOURCES[1])])
    assert found(lint_paths, path, "SRC001") == [(line_of(text, "- id: pg-docs"),
                                                  f"`published` must be an ISO date (YYYY-MM-DD) or 'undated', got "
                                                  f"{published!r}")]


def test_src002_a_dated_primary_source_needs_no_note(tree: Tree, lint_paths):
    first = {k: v for k, v in SOURCES[0].items() if k != "note"}
    path = tree.write("debugging/infrastructure/postgres-connections.md",
                      valid_page(sources=[{**first, "published": dt.date(2024, 9, 26)}, dict(SOURCES[1])]))
    assert found(lint_paths, path, "SRC002") == []


def test_src002_an_entry_that_is_not_a_mapping_does_not_stop_the_next_being_checked(tree: Tree, lint_paths):
    first = {k: v for k, v in SOURCES[0].items() if k != "note"}  # primary, undated, no note
    text, path = guide(tree, sources=["pg-docs", first])
    assert [line for line, _ in found(lint_paths, path, "SRC002")] == [line_of(text, "- id: pg-docs")]


@pytest.mark.parametrize("confidence", ["B", None])
def test_src002_only_a_primary_source_needs_a_date(tree: Tree, lint_paths, confidence):
    second = {**SOURCES[1], "published": "undated", "confidence": confidence}
    path = tree.write("debugging/infrastructure/postgres-connections.md",
                      valid_page(sources=[dict(SOURCES[0]), second]))
    assert found(lint_paths, path, "SRC002") == []


# DIA002: the limit, and diagrams the width model must survive.

def participants(last_label: str) -> str:
    """Ten participants: nine at the 150 px minimum and one labelled `last_label` (9 px a character + 20)."""
    return ("sequenceDiagram\n" + "".join(f"    participant P{i} as Step {i}\n" for i in range(9))
            + f"    participant Z as {last_label}\n    P0->>P1: go\n")


def test_dia002_a_diagram_exactly_at_the_limit_passes_and_one_px_more_fails(tree: Tree, lint_paths):
    # 9 × 150 + (20 × 9 + 20) + 9 gaps of 50 = 2,000 px; a 21st character makes it 2,009
    at = tree.write("debugging/infrastructure/at-limit.md", valid_page(diagrams=[participants("x" * 20)]))
    assert found(lint_paths, at, "DIA002") == []
    text = valid_page(diagrams=[participants("x" * 21)])
    over = tree.write("debugging/infrastructure/over-limit.md", text)
    assert found(lint_paths, over, "DIA002") == [(line_of(text, "sequenceDiagram"), (
        "diagram about 2,010 px wide at Mermaid's size (10 participants side by side): 2.01 column widths at the "
        "legible 11 px, limit 2 (2,000 px); split it: one diagram per leg of the request, each with the "
        "participants it needs"))]


def test_dia002_a_diagram_mermaid_cannot_read_does_not_stop_the_next_one_being_measured(tree: Tree, lint_paths):
    broken = 'flowchart LR\n    PGB -->|pooled connections| PG(("unclosed"\n'
    text, path = guide(tree, diagram=broken, diagrams=[participants("x" * 30)])
    assert [line for line, _ in found(lint_paths, path, "DIA002")] == [line_of(text, "sequenceDiagram")]


CHAIN = """flowchart LR
    subgraph EdgePlane["🌐 Edge"]
        NAMES["Domain name lookup"] --> EDGECACHE["Content delivery network"] -->|"forwards cache misses"| LB["Application Load Balancer"]
    end
    subgraph ServicePlane["⚙️ Service"]
        ORDERS["Orders service"] -->|"charges the card"| PAY["Payments service"] -->|"sends the receipt"| RECEIPTS["Receipt emails"]
    end
    subgraph StatePlane["💾 State"]
        PGB["PgBouncer 1.22"] --> PG[("PostgreSQL 16")] -->|"nightly snapshot"| BACKUP["Nightly backups"]
    end
    LB -->|HTTPS| ORDERS
    RECEIPTS -->|"records the order as paid"| PGB
"""


def test_dia002_loops_back_along_a_chain_do_not_widen_it(tree: Tree, lint_paths):
    # a layered layout reverses each loop back (a retry, a redirect, a node calling itself), so the chain's
    # estimate stays what it was
    plain = tree.write("debugging/infrastructure/chain.md", valid_page(diagram=CHAIN))
    loops = CHAIN + "    LB --> EDGECACHE\n    RECEIPTS --> ORDERS\n    ORDERS --> ORDERS\n"
    looped = tree.write("debugging/infrastructure/looped.md", valid_page(diagram=loops))
    expected = [message for _, message in found(lint_paths, plain, "DIA002")]
    assert expected and expected[0].startswith("diagram about ")
    assert [message for _, message in found(lint_paths, looped, "DIA002")] == expected
