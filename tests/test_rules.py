"""One good and one bad fixture per lint rule, run through the real engine and the real Mermaid.

Each bad fixture is a valid page (tests/pagebuilder.py) broken in one way; the test checks that the
rule reports it at the line of the Markdown file where the fixture put the fault. Each good fixture
is a valid page (sometimes showing an accepted variant) on which the linter reports nothing at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from atlas.cache import JsonCache
from atlas.lint.engine import lint
from atlas.lint.registry import all_rules, select
from pagebuilder import (CALCULATOR, ERROR_SIGNATURE, FLOWCHART, PLANE_CLASSDEFS, INCIDENT_FACTS, PLACES, SEQUENCE, SOURCES, Tree, body_line, insert_after,
                         line_of, valid_page)

Build = Callable[[Tree], tuple[Path, int | None]]


@dataclass
class Case:
    code: str
    shows: str  # what the fixture shows, in words joined by '_' (the test id)
    build: Build  # writes the fixture; returns (file to lint, expected line of the finding, or None if good)
    message: str = ""  # text the bad finding's message contains
    marks: list = field(default_factory=list)

    @property
    def good(self) -> bool:
        return self.shows.endswith("_passes")

    def param(self):
        return pytest.param(self, id=f"{self.code}_{self.shows}", marks=self.marks)


def page(place: str = "debugging", at: str | None = None, nth: int = 1, rel: str | None = None,
         before: Callable[[Tree], None] | None = None, line: Callable[[str], int] | None = None, **overrides) -> Build:
    """A builder: write a valid page of `place` with overrides; the finding is on the line containing `at`."""

    def build(tree: Tree) -> tuple[Path, int | None]:
        if before:
            before(tree)
        default_rel, args = PLACES[place]
        text = valid_page(**{**args, **overrides})
        path = tree.write(rel or default_rel, text)
        if line is not None:
            return path, line(text)
        return path, (line_of(text, at, nth) if at is not None else None)

    return build


def at_body(text: str) -> int:
    return body_line(text)


def at_first(text: str) -> int:
    return 1


def with_cost_page(tree: Tree) -> None:
    tree.write("costs/cloud-bill.md", valid_page(category="costs"))


def flow(*new_lines: str, after: str = "class PROM controlStyle") -> str:
    """The valid flowchart with lines added (by default at its end)."""
    return insert_after(FLOWCHART, after, *new_lines)


def calc(i: int, **changes) -> dict:
    """The valid calculator with output i changed."""
    outputs = [dict(o) for o in CALCULATOR["outputs"]]
    outputs[i].update(changes)
    return {"inputs": [dict(x) for x in CALCULATOR["inputs"]], "outputs": outputs}


def calc_input(i: int, **changes) -> dict:
    inputs = [dict(x) for x in CALCULATOR["inputs"]]
    inputs[i].update(changes)
    return {"inputs": inputs, "outputs": [dict(o) for o in CALCULATOR["outputs"]]}


def source(**changes) -> list[dict]:
    """The valid sources with the first one changed."""
    first = {**SOURCES[0], **changes}
    return [first, dict(SOURCES[1])]


FUTURE = dt.date(2999, 1, 1)  # after any day the suite runs on
BUG = pytest.mark.xfail

# A parse error on the line that opens a node shape it never closes.
BROKEN_FLOWCHART = FLOWCHART.replace('PGB -->|pooled connections| PG\n', 'PGB -->|pooled connections| PG(("unclosed"\n')
SEQUENCE_WITHOUT_NUMBERS = ("sequenceDiagram\n    box 🌐 Edge\n        participant ALB as Load balancer\n    end\n"
                            "    box ⚙️ Service\n        participant ORD as Orders service\n    end\n"
                            "    ALB->>ORD: POST /orders\n")
FLOWCHART_WITHOUT_NUMBERS = ('flowchart LR\n    LB["Load balancer"] --> ORDERS["Orders service"]\n'
                             "    classDef edgeStyle fill:#3B82F6,stroke:#2563EB,color:#fff\n"
                             "    classDef serviceStyle fill:#10B981,stroke:#059669,color:#fff\n"
                             "    class LB edgeStyle\n    class ORDERS serviceStyle\n")
TABLE_WITHOUT_NUMBERS = "| part | role |\n|---|---|\n| gateway | routes |\n"
BOXED_SEQUENCE_WITH = lambda *lines: insert_after(SEQUENCE, "    end", *lines)  # noqa: E731

# A gantt whose task text holds a ':' parses, but Mermaid cannot draw it: the rest of the line
# becomes the task's data ("Cannot read properties of undefined (reading 'type')" in the browser).
GANTT = ("gantt\n    title Orders API incident (UTC)\n    dateFormat HH:mm\n    axisFormat %H:%M\n"
         "    section Detect\n    Error rate alert fires :a1, 09:40, 5m\n"
         "    section Mitigate\n    Pool size lowered, about 9.50 AM :milestone, m1, 09:50, 0m\n")
GANTT_WITH_A_COLON_IN_A_TASK = GANTT.replace("about 9.50 AM", "about 09:50")

# One left-to-right chain through three planes, with long edge labels: 3,360 px wide at Mermaid's
# size by DIA002's estimate (Chromium draws it 3,160 px wide). The same diagram top to bottom is as
# wide as its widest rank, two nodes (drawn 480 px wide). Twelve participants: estimated 4,450 px,
# drawn 4,236 px.
WIDE_CHAIN = f"""flowchart LR
    subgraph EdgePlane["🌐 Edge"]
        NAMES["Domain name lookup"]
        EDGECACHE["Content delivery network"]
        LB["Application Load Balancer<br/>idle timeout 60 s"]
    end
    subgraph ServicePlane["⚙️ Service"]
        ORDERS["Orders service<br/>Java 21, 40 pods"]
        PAY["Payments service"]
        RECEIPTS["Receipt emails"]
    end
    subgraph StatePlane["💾 State"]
        PGB["PgBouncer 1.22<br/>transaction pooling"]
        PG[("PostgreSQL 16<br/>max_connections 100")]
        BACKUP["Nightly backups"]
    end
    subgraph ControlPlane["🎛️ Control"]
        PROM["Prometheus 2.53<br/>scrape every 15 s"]
    end
    NAMES -->|"resolves the shop's host name"| EDGECACHE
    EDGECACHE -->|"forwards cache misses"| LB
    LB -->|HTTPS| ORDERS
    ORDERS -->|"charges the card"| PAY
    PAY -->|"sends the receipt"| RECEIPTS
    RECEIPTS -->|"records the order as paid"| PGB
    PGB -->|pooled connections| PG
    PG -->|"nightly snapshot"| BACKUP
    PROM -.->|scrape /metrics| ORDERS

{PLANE_CLASSDEFS}
    class NAMES,EDGECACHE,LB edgeStyle
    class ORDERS,PAY,RECEIPTS serviceStyle
    class PGB,PG,BACKUP stateStyle
    class PROM controlStyle
"""
TWELVE_PARTICIPANTS = ("sequenceDiagram\n" + "".join(
    f"    box {plane}\n" + "".join(f"        participant {p}{i} as {name} {i}\n" for i in range(1, 4)) + "    end\n"
    for plane, p, name in [("🌐 Edge", "E", "Edge proxy"), ("⚙️ Service", "S", "Service"), ("💾 State", "D", "Database"),
                           ("🎛️ Control", "C", "Controller")])
    + "".join(f"    {a}->>{b}: forwards the order request (p99 120 ms)\n"
              for a, b in zip(["E1", "E2", "E3", "S1", "S2", "S3", "D1", "D2", "D3", "C1", "C2"],
                              ["E2", "E3", "S1", "S2", "S3", "D1", "D2", "D3", "C1", "C2", "C3"])))

CASES: list[Case] = [
    # MMD001: the real Mermaid parser accepts every diagram.
    Case("MMD001", "flowchart_and_sequence_diagram_parse_passes", page(diagrams=[SEQUENCE])),
    Case("MMD001", "syntax_error_fails_with_mermaids_message", page(diagram=BROKEN_FLOWCHART, at='PG(("unclosed"'),
         message="Parse error"),
    Case("MMD001", "syntax_error_names_expected_tokens_fails", page(diagram=BROKEN_FLOWCHART, at='PG(("unclosed"'),
         message="Expecting"),
    Case("MMD001", "gantt_whose_tasks_mermaid_can_compute_passes", page(diagrams=[GANTT])),
    Case("MMD001", "gantt_task_text_with_a_colon_fails_as_it_would_fail_to_draw",
         page(diagrams=[GANTT_WITH_A_COLON_IN_A_TASK], at="gantt"), message="reading 'type'"),
    Case("MMD001", "unknown_diagram_type_fails", page(diagram="flowchat LR\n    LB --> ORDERS\n", at="flowchat LR"),
         message="unknown diagram type 'flowchat'"),
    # DIA002: at most two column widths at the legible size.
    Case("DIA002", "four_plane_flowchart_and_sequence_diagram_passes", page(diagrams=[SEQUENCE])),
    Case("DIA002", "the_long_chain_laid_out_top_to_bottom_passes",
         page(diagram=WIDE_CHAIN.replace("flowchart LR", "flowchart TB"))),
    Case("DIA002", "long_left_to_right_chain_fails", page(diagram=WIDE_CHAIN, at="flowchart LR"),
         message="column widths at the legible 11 px"),
    Case("DIA002", "twelve_participants_side_by_side_fails", page(diagrams=[TWELVE_PARTICIPANTS], at="sequenceDiagram"),
         message="12 participants side by side"),
    # PLN001: every flowchart node in exactly one plane.
    Case("PLN001", "every_node_in_one_plane_passes", page()),
    Case("PLN001", "node_without_plane_class_fails",
         page(diagram=flow('        CACHE["Redis 7.2<br/>maxmemory 4 GB"]', after="max_connections 100"),
              at='CACHE["Redis 7.2'), message="'CACHE' has no plane"),
    Case("PLN001", "node_in_two_planes_fails", page(diagram=flow("    class PG controlStyle"), at='PG[("PostgreSQL 16'),
         message="2 planes"),
    # PLN002: the contract's exact colours.
    Case("PLN002", "contract_classdefs_passes", page()),
    Case("PLN002", "wrong_fill_fails",
         page(diagram=FLOWCHART.replace("classDef stateStyle fill:#F59E0B", "classDef stateStyle fill:#FFA500"),
              at="classDef stateStyle"), message="fill:#ffa500 (want #f59e0b)"),
    Case("PLN002", "style_override_on_a_node_fails", page(diagram=flow("    style PG fill:#ff0000"), at="style PG"),
         message="overrides its plane colours"),
    Case("PLN002", "plane_class_used_but_not_defined_fails",
         page(diagram=FLOWCHART.replace("    classDef controlStyle fill:#8B5CF6,stroke:#7C3AED,color:#fff\n", ""),
              at="flowchart LR"), message="controlStyle is used but not defined"),
    # PLN003: four planes only.
    Case("PLN003", "four_plane_classdefs_passes", page()),
    Case("PLN003", "stream_plane_in_prose_fails",
         page(intro="Order events flow through the Stream Plane before they reach PostgreSQL 16.", at="Stream Plane"),
         message="Stream plane was removed"),
    Case("PLN003", "stream_plane_subgraph_in_diagram_fails",
         page(diagram=flow('    subgraph StreamPlane["Stream Plane"]', '        KAFKA["Kafka 3.6"]', "    end",
                           "    class KAFKA stateStyle", after="    end"), at='subgraph StreamPlane'),
         message="Stream plane was removed"),
    Case("PLN003", "extra_painting_classdef_fails",
         page(diagram=flow("    classDef streamStyle fill:#EF4444,stroke:#DC2626,color:#fff", after="classDef controlStyle"),
              at="classDef streamStyle"), message="classDef streamStyle sets fill, stroke"),
    # PLN004: sequence participants in plane boxes.
    Case("PLN004", "participants_in_plane_boxes_passes", page(diagrams=[SEQUENCE])),
    Case("PLN004", "participant_outside_box_fails",
         page(diagrams=[BOXED_SEQUENCE_WITH("    participant AUDIT as Audit log", "    ORD->>AUDIT: append")],
              at="participant AUDIT"), message="'AUDIT' is not in a plane box"),
    Case("PLN004", "box_without_plane_name_fails",
         page(diagrams=[BOXED_SEQUENCE_WITH("    box Backends", "        participant RDS as Amazon RDS", "    end",
                                            "    ORD->>RDS: SELECT 1")], at="participant RDS"),
         message="names no plane"),
    # SEC001: clicks link, never call. Click findings are reported at the node the click belongs to
    # (the first line that names it), as the message names the node.
    Case("SEC001", "click_with_https_link_passes",
         page(diagram=flow('    click PG "https://www.postgresql.org/docs/16/runtime-config-connection.html" "max_connections"'))),
    Case("SEC001", "click_call_callback_fails", page(diagram=flow("    click PG call alert(document.cookie)"),
                                                     at='PG[("PostgreSQL 16'), message="click callback"),
    # SEC002: no script URLs.
    Case("SEC002", "https_links_passes", page(extra="See the [PgBouncer usage notes](https://www.pgbouncer.org/usage.html).")),
    Case("SEC002", "javascript_url_in_click_fails", page(diagram=flow('    click PG "javascript:alert(1)"'),
                                                         at='PG[("PostgreSQL 16'), message="javascript: scheme"),
    Case("SEC002", "data_url_in_markdown_link_fails",
         page(extra="A [tiny chart](data:image/png;base64,iVBORw0KGgo=) of the pool.", at="tiny chart"),
         message="data: scheme"),
    Case("SEC002", "javascript_url_in_markdown_link_fails",
         page(extra="Read [the docs](javascript:alert(document.cookie)) first.", at="Read [the docs]"),
         message="javascript: scheme"),
    # SEC003: no active HTML.
    Case("SEC003", "inert_br_tags_in_labels_passes", page()),
    Case("SEC003", "script_tag_in_markdown_fails", page(extra="<script>alert(document.cookie)</script>", at="<script>"),
         message="<script>"),
    Case("SEC003", "onerror_handler_in_node_label_fails",
         page(diagram=flow('    IMG["<img src=x onerror=alert(1)>"] --> ORDERS', "    class IMG edgeStyle"),
              at='IMG["<img'), message="onerror= handler"),
    # SEC004: clicks go to https or an existing atlas page.
    Case("SEC004", "click_to_existing_page_passes",
         page(before=with_cost_page, diagram=flow('    click PG "/costs/cloud-bill/" "Database spend"'))),
    Case("SEC004", "click_with_https_link_passes",
         page(diagram=flow('    click PG "https://www.postgresql.org/docs/16/runtime-config-connection.html"'))),
    Case("SEC004", "click_with_plain_http_fails",
         page(diagram=flow('    click PG "http://www.postgresql.org/docs/16/runtime-config-connection.html"'),
              at='PG[("PostgreSQL 16'), message="must use https, not http"),
    Case("SEC004", "click_to_missing_page_fails",
         page(before=with_cost_page, diagram=flow('    click PG "../../../costs/no-such-page/"'),
              at='PG[("PostgreSQL 16'), message="not a page of the atlas"),
    # LNK001: internal links and anchors resolve.
    Case("LNK001", "link_to_existing_anchor_passes",
         page(before=with_cost_page, extra="Costs: [cost per request](../../costs/cloud-bill.md#cost-per); "
                                           "steps: [runbook](#runbook).")),
    Case("LNK001", "link_to_missing_page_fails",
         page(extra="See [the spend page](../../costs/no-such-page.md).", at="See [the spend page]"),
         message="does not exist"),
    Case("LNK001", "link_to_missing_anchor_fails",
         page(before=with_cost_page, extra="See [spend](../../costs/cloud-bill.md#no-such-section).", at="See [spend]"),
         message="anchor #no-such-section not found in costs/cloud-bill.md"),
    # LNK002: external links well-formed.
    Case("LNK002", "well_formed_https_link_passes",
         page(extra="Amazon: [S3 disruption summary](https://aws.amazon.com/message/41926/).")),
    Case("LNK002", "missing_colon_slash_slash_fails",
         page(extra="Amazon: [postmortem](https//aws.amazon.com/message/41926/).", at="Amazon: [postmortem]"),
         message="missing '://'"),
    Case("LNK002", "host_with_underscore_fails",
         page(extra="Amazon: [postmortem](https://aws_amazon/message/41926/).", at="Amazon: [postmortem]"),
         message="malformed URL"),
    # FM001: the page contract's front matter.
    Case("FM001", "all_contract_fields_passes", page()),
    Case("FM001", "missing_summary_fails", page(summary=None, line=at_first), message="`summary` is required"),
    Case("FM001", "unquoted_version_fails_with_quoted_message", page(version=1.0, at="version: 1.0"),
         message="quoted 'Major.Minor'"),
    Case("FM001", "unknown_category_fails", page(category="debuging", at="category: debuging"), message="'debuging'"),
    Case("FM001", "missing_version_fails", page(version=None, line=at_first), message="`version` is required"),
    # FM002: front matter agrees with the path.
    Case("FM002", "system_and_kind_match_folder_passes", page("failure-domains")),
    Case("FM002", "system_mismatch_fails", page("failure-domains", system="uber", at="system: uber"),
         message="system is 'uber' but the folder is 'netflix'"),
    Case("FM002", "unknown_group_folder_fails", page(rel="debugging/not-a-group/postgres-connections.md", line=at_first),
         message="group one of"),
    # GAT006: one product per technologies entry.
    Case("GAT006", "product_names_with_versions_and_details_in_parentheses_passes",
         page(technologies=["PostgreSQL 16", "PgBouncer 1.22 (transaction pooling, on each host)"])),
    Case("GAT006", "two_products_in_one_entry_fail",
         page(technologies=["PostgreSQL 16", "memcached with mcrouter"], at="memcached with mcrouter"),
         message="names several things"),
    Case("GAT006", "a_description_instead_of_a_name_fails",
         page(technologies=["Own leased data centers in Oregon since 2016"], at="Own leased"),
         message="reads like a description"),
    # INC001: incident facts, dated like the file name.
    Case("INC001", "incident_with_facts_dated_like_its_file_passes", page("incidents")),
    Case("INC001", "response_pattern_without_facts_passes",
         page("incidents", rel="incidents/response-patterns/config-push.md", incident=None)),
    Case("INC001", "incident_without_facts_fails", page("incidents", incident=None, line=at_first),
         message="carry an `incident:` block"),
    Case("INC001", "facts_date_differs_from_file_name_fails",
         page("incidents", incident={**INCIDENT_FACTS, "date": dt.date(2024, 3, 2)}, at="date: 2024-03-02"),
         message="but the file name says 2024-03-01"),
    Case("INC001", "undated_file_name_fails", page("incidents", rel="incidents/high-profile/orders-outage.md",
                                                   line=at_first), message="ends with its start date"),
    # INC002: the structured timeline.
    Case("INC002", "full_timeline_in_utc_passes", page("incidents")),
    Case("INC002", "unpublished_moment_with_its_reason_passes",
         page("incidents", incident={**INCIDENT_FACTS, "detected": {"at": None, "why": "the report gives no alarm time"}})),
    Case("INC002", "missing_timeline_fails",
         page("incidents", incident={k: v for k, v in INCIDENT_FACTS.items() if k not in ("detected", "trigger")},
              at="incident:"), message="add detected, trigger"),
    Case("INC002", "timestamp_not_in_utc_fails",
         page("incidents", incident={**INCIDENT_FACTS, "mitigated": dt.datetime(
             2024, 3, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=-7)))}, at="mitigated:"), message="must be in UTC"),
    Case("INC002", "resolved_before_mitigated_fails",
         page("incidents", incident={**INCIDENT_FACTS, "resolved": dt.datetime(2024, 3, 1, 15, 0, tzinfo=dt.timezone.utc)},
              at="resolved:"), message="incident.resolved is before mitigated"),
    Case("INC002", "duration_disagreeing_with_the_timestamps_fails",
         page("incidents", incident={**INCIDENT_FACTS, "duration": "about 6 hours"}, at="duration: about 6 hours"),
         message="the timestamps give 2 h 10 min"),
    Case("INC002", "hedged_duration_within_a_quarter_passes",
         page("incidents", incident={**INCIDENT_FACTS, "duration": "about 2.5 hours"})),
    Case("FM001", "unknown_trigger_fails",
         page("incidents", incident={**INCIDENT_FACTS, "trigger": "gremlins"}, at="trigger: gremlins"),
         message="trigger"),
    Case("FM001", "unknown_root_cause_class_fails",
         page("incidents", incident={**INCIDENT_FACTS, "root_cause": "gremlins"}, at="root_cause: gremlins"),
         message="root_cause"),
    # SRC001: honest sources.
    Case("SRC001", "two_https_sources_one_primary_passes", page()),
    Case("SRC001", "one_source_fails", page(sources=[dict(SOURCES[0])], at="sources:"), message="cites 1 source"),
    Case("SRC001", "no_confidence_A_fails", page(sources=[source(confidence="B"), dict(SOURCES[1])], at="sources:"),
         message="confidence: A"),
    Case("SRC001", "plain_http_url_fails", page(sources=source(url="http://www.postgresql.org/docs/16/"),
                                                at="id: pg-docs"), message="must be https"),
    Case("SRC001", "http_url_with_a_note_saying_it_is_served_only_over_http_passes",
         page(sources=source(url="http://www.postgresql.org/docs/16/", note="the original is served only over http"))),
    Case("SRC001", "http_url_with_an_unrelated_note_fails",
         page(sources=source(url="http://www.postgresql.org/docs/16/", note="the manual's connection chapter"),
              at="id: pg-docs"), message="must be https"),
    Case("SRC001", "url_shortener_fails", page(sources=source(url="https://bit.ly/3pGconn"), at="id: pg-docs"),
         message="shortener"),
    Case("SRC001", "example_com_url_fails", page(sources=source(url="https://example.com/postgres"), at="id: pg-docs"),
         message="placeholder domain"),
    Case("SRC001", "source_dated_in_future_fails", page(sources=source(published=FUTURE), at="id: pg-docs"),
         message="dated in the future"),
    # PH001: no placeholder data.
    Case("PH001", "real_component_names_passes", page()),
    Case("PH001", "service_a_fails", page(intro="Service A calls PostgreSQL 16 through PgBouncer 1.22.", at="Service A"),
         message="generic name"),
    Case("PH001", "todo_marker_fails", page(intro="TODO: measure the pool at 40 pods.", at="TODO: measure"),
         message="unfinished marker"),
    Case("PH001", "lorem_ipsum_fails", page(intro="Lorem ipsum dolor sit amet, 40 pods.", at="Lorem ipsum"),
         message="filler text"),
    Case("PH001", "example_com_in_body_fails", page(intro="Probe api.example.com every 15 s.", at="api.example.com"),
         message="placeholder domain"),
    Case("PH001", "foo_node_fails", page(diagram=flow('    PGB --> foo[("Replica 1")]', "    class foo stateStyle"),
                                         at="PGB --> foo"), message="placeholder node 'foo'"),
    # DIA001: a diagram carries the page.
    Case("DIA001", "page_with_flowchart_passes", page()),
    Case("DIA001", "page_without_diagram_fails", page(diagram="", line=at_body), message="no ```mermaid diagram"),
    # GAT001: gate elements answered wherever they sit, or declared not applicable.
    Case("GAT001", "debugging_page_with_3am_sections_passes", page()),
    Case("GAT001", "mitigation_accepted_for_runbook_passes",
         page(drop_sections=("Runbook",), extra="## Mitigation\n\nLower `default_pool_size` to 20.")),
    Case("GAT001", "element_answered_by_a_table_row_passes",
         page("failure-domains", drop_sections=("Blast radius",),
              extra="| question | answer |\n|---|---|\n| Blast radius | every write path of the Orders service |")),
    Case("GAT001", "element_answered_by_a_labelled_list_item_passes",
         page("failure-domains", drop_sections=("Rollback",),
              extra="- **Rollback:** revert the pool size change; redeploy the previous release.")),
    Case("GAT001", "element_answered_by_a_diagram_label_passes",
         page(drop_sections=("Recovery",), diagrams=[flow('    VERIFY["Recovery: cl_waiting back to 0"]',
                                                          "    class VERIFY controlStyle")])),
    Case("GAT001", "element_declared_not_applicable_passes",
         page("failure-domains", drop_sections=("Data loss",),
              not_applicable={"data-loss": "read-only path: no write is accepted, so none can be lost"})),
    Case("GAT001", "debugging_page_missing_runbook_fails", page(drop_sections=("Runbook",), line=at_body),
         message="3 AM gate: nothing answers 'mitigation'"),
    Case("GAT001", "failure_domains_page_missing_blast_radius_fails",
         page("failure-domains", drop_sections=("Blast radius",), line=at_body),
         message="Incident gate: nothing answers 'blast-radius'"),
    Case("GAT001", "not_applicable_without_a_reason_fails",
         page("failure-domains", drop_sections=("Data loss",), not_applicable={"data-loss": "n/a"},
              at="data-loss: n/a"), message="needs its reason in one line"),
    Case("GAT001", "not_applicable_element_the_gates_do_not_ask_fails",
         page(not_applicable={"rollback": "a debugging guide has no deploy to roll back"}, at="rollback: a debugging"),
         message="is not asked of this page's gates"),
    # GAT002: 3 AM signals.
    Case("GAT002", "error_signature_quoted_in_body_passes", page()),
    Case("GAT002", "error_signature_not_quoted_in_body_fails",
         page(error_signatures=[ERROR_SIGNATURE, "ERROR: canceling statement due to statement timeout"],
              quote_signatures=False, at="canceling statement"), message="not quoted verbatim"),
    Case("GAT002", "debugging_page_without_error_signatures_fails", page(error_signatures=None, line=at_first),
         message="error_signatures"),
    Case("GAT002", "failure_domains_page_without_symptoms_fails", page("failure-domains", symptoms=None, line=at_first),
         message="symptoms"),
    # GAT003: New Hire gate.
    Case("GAT003", "technologies_and_directional_edges_passes", page()),
    Case("GAT003", "undirected_edge_fails",
         page(diagram=flow('    AUDIT["Audit log<br/>30 d retention"] --- PG', "    class AUDIT controlStyle"),
              at='AUDIT["Audit log'), message="edge AUDIT --- PG has no direction"),
    Case("GAT003", "empty_technologies_fails", page(technologies=[], at="technologies: []"), message="technologies"),
    Case("GAT003", "no_numbers_anywhere_fails",
         page("patterns", diagram=SEQUENCE_WITHOUT_NUMBERS, intro="The gateway routes each request to the Orders service.",
              table=TABLE_WITHOUT_NUMBERS, line=at_body), message="no scale numbers"),
    # GAT004: CFO gate money.
    Case("GAT004", "costs_page_with_dollar_table_passes", page("costs")),
    Case("GAT004", "cost_breakdown_page_with_dollar_table_passes", page("cost-breakdown")),
    Case("GAT004", "costs_page_without_amounts_fails",
         page("costs", sections={"Costs": "Spend is significant, especially for storage.",
                                 "Cost per": "Cost per request is low."}, line=at_body),
         message="no cost table with currency amounts"),
    # NAV001: reachable from the derived nav.
    Case("NAV001", "page_in_known_group_passes", page()),
    Case("NAV001", "page_in_unknown_group_fails", page(rel="debugging/not-a-group/x.md", line=at_first),
         message="no navigation entry reaches docs/debugging/not-a-group/x.md"),
    # GAT005: acronyms explained.
    Case("GAT005", "a_company_name_with_an_ampersand_passes",
         page(intro="AT&T Mobility and P&G run 30 regional core sites.")),
    Case("GAT005", "acronym_expanded_on_the_page_passes",
         page(intro="Kafka removes a follower from the in-sync replicas (ISR) when it lags 30 s behind (est.).")),
    Case("GAT005", "acronym_in_the_glossary_passes",
         page(before=lambda tree: tree.write("reference/glossary.md", "# Glossary\n\n| term | meaning |\n|---|---|\n"
                                                                       "| ISR | in-sync replicas |\n"),
              intro="Kafka shrinks the ISR when a follower lags 30 s behind (est.).")),
    Case("GAT005", "unexplained_acronym_fails",
         page(intro="Kafka shrinks the ISR when a follower lags 30 s behind (est.).", at="shrinks the ISR"),
         message="acronym ISR"),
    Case("GAT005", "expansion_after_the_first_use_fails",
         page(intro="Kafka shrinks the ISR when a follower lags.\n\nThe in-sync replicas (ISR) are the followers "
                    "that keep up.", at="shrinks the ISR"), message="used here before its expansion"),
    Case("GAT005", "acronym_expanded_again_in_the_same_sentence_fails",
         page(intro="GSLB is Google's Global Software Load Balancer (GSLB).", at="GSLB is"),
         message="used here before its expansion"),
    Case("GAT005", "second_expansion_fails",
         page(intro="Kafka drops a follower from the in-sync replicas (ISR).\n\nA shrinking ISR (in-sync replicas) "
                    "means a slow broker.", at="A shrinking ISR"), message="expanded again"),
    Case("GAT005", "units_are_not_acronyms_passes", page(intro="Each broker holds 64 GB of page cache (est.).")),
    # PLN005: subgraph title and node plane agree.
    Case("PLN005", "nodes_match_their_plane_subgraph_passes", page()),
    Case("PLN005", "edge_class_node_inside_state_subgraph_fails",
         page(diagram=FLOWCHART.replace("    class PGB,PG stateStyle", "    class PGB edgeStyle\n    class PG stateStyle"),
              at='PGB["PgBouncer'), message="'PGB' is edgeStyle inside the State subgraph"),
    # CIT001: references and sources agree.
    Case("CIT001", "every_source_cited_and_every_reference_known_passes", page()),
    Case("CIT001", "reference_to_an_unknown_id_fails",
         page(intro="PgBouncer 1.22 keeps 20 server connections per pool.[^pgbouncer-docs]", at="[^pgbouncer-docs]"),
         message="[^pgbouncer-docs] names no source"),
    Case("CIT001", "source_never_cited_fails",
         page(sources=[*[dict(s) for s in SOURCES], {**SOURCES[1], "id": "pgbouncer-usage",
                                                    "url": "https://www.pgbouncer.org/usage.html"}],
              at="id: pgbouncer-usage"), message="'pgbouncer-usage' is never cited"),
    Case("CIT001", "source_id_used_twice_fails",
         page(sources=[dict(SOURCES[0]), {**SOURCES[1], "id": "pg-docs"}], at="id: pg-docs", nth=2),
         message="used twice"),
    Case("CIT001", "hand_written_footnote_definition_fails",
         page(extra="[^pg-docs]: PostgreSQL documentation", at="[^pg-docs]: PostgreSQL"),
         message="written by hand"),
    Case("CIT001", "footnote_definition_inside_a_code_fence_passes",
         page(extra="```markdown\n[^pg-docs]: how a footnote looks\n```")),
    Case("CIT001", "hand_written_sources_section_fails",
         page(extra="## Sources\n\nPostgreSQL docs for connections.", at="## Sources"), message="written by hand"),
    Case("CIT001", "reference_in_a_code_span_is_not_a_citation_fails",
         page(sources=[*[dict(s) for s in SOURCES], {**SOURCES[1], "id": "pgbouncer-usage",
                                                    "url": "https://www.pgbouncer.org/usage.html"}],
              intro="Write `[^pgbouncer-usage]` after a claim.", at="id: pgbouncer-usage"),
         message="never cited"),
    # CIT002: numbers in prose and tables carry a citation or an estimate marker.
    Case("CIT002", "cited_and_estimated_numbers_passes",
         page(intro="PgBouncer held 2,000 client connections on 20 server connections.[^pgbouncer-config] "
                    "At 10x traffic we would need ~400 server connections (20 × 10 × 2, est.).")),
    Case("CIT002", "numbers_that_are_not_quantities_passes",
         page(before=lambda tree: tree.write("reference/glossary.md", "# Glossary\n\n| term | meaning |\n|---|---|\n"
                                                                       "| HTTP | Hypertext Transfer Protocol |\n"),
              intro="On 2024-03-01 at 14:05 UTC (in 2024) PostgreSQL 16.2.1 on port 5432 answered HTTP 503 and "
                    "exit code 137 to 3 replicas; S3, p99 and KIP-848 are names, and `max_connections = 1000` is "
                    "configuration. Status 429 came first, then 503s and 5xx.")),
    Case("CIT002", "uncited_count_fails", page(intro="The pool served 2,000 clients.", at="The pool served"),
         message="2,000: this sentence needs a citation"),
    Case("CIT002", "uncited_percentage_fails", page(intro="About 85 % of requests failed.", at="About 85"),
         message="85 %"),
    Case("CIT002", "uncited_money_fails", page(intro="The database costs $1,380 a month.", at="The database costs"),
         message="$1,380"),
    Case("CIT002", "uncited_duration_fails", page(intro="Failover took 17 minutes.", at="Failover took"),
         message="17 minutes"),
    Case("CIT002", "uncited_scaled_count_fails", page(intro="It handles 5M queries.", at="It handles"),
         message="5M"),
    Case("CIT002", "citation_in_the_next_sentence_does_not_count_fails",
         page(intro="Failover took 17 minutes. The pool holds 20 connections.[^pgbouncer-config]", at="Failover took"),
         message="17 minutes"),
    Case("CIT002", "uncited_table_row_fails",
         page(table="| metric | value |\n|---|---|\n| p99 latency | 250 ms |\n| pool size | 20 [^pgbouncer-config] |\n",
              at="| p99 latency"), message="this row needs a citation"),
    Case("CIT002", "numbers_in_headings_and_table_headers_passes",
         page(extra="### At 10,000 users\n\n| tier | 1,000 users | 10,000 users |\n|---|---|---|\n"
                    "| database | est. $100 | est. $900 |")),
    # CIT003: numbers in diagram labels are stated, cited, on the page.
    Case("CIT003", "diagram_numbers_stated_in_cited_rows_passes", page(diagrams=[SEQUENCE])),
    Case("CIT003", "diagram_number_marked_as_estimate_passes",
         page(diagram=flow('    CACHE["Redis 7.2<br/>~4 GB"]', "    class CACHE stateStyle", after="max_connections 100"))),
    Case("CIT003", "same_value_written_another_way_passes",
         page(diagram=flow('    QPS["5M QPS"]', "    class QPS stateStyle", after="max_connections 100"),
              extra="The fleet serves 5 million queries per second.[^pg-docs]")),
    Case("CIT003", "diagram_number_not_on_the_page_fails",
         page(diagram=flow('    CACHE["Redis 7.2<br/>4 GB"]', "    class CACHE stateStyle", after="max_connections 100"),
              at='CACHE["Redis 7.2'), message="diagram number '4 GB'"),
    Case("CIT003", "diagram_number_only_in_an_uncited_sentence_fails",
         page(diagram=flow('    CACHE["Redis 7.2<br/>4 GB"]', "    class CACHE stateStyle", after="max_connections 100"),
              extra="Each cache node has 4 GB (see the pool row).", at='CACHE["Redis 7.2'),
         message="diagram number '4 GB'"),
    # SRC002: originals, dated.
    Case("SRC002", "original_with_a_date_or_a_note_passes", page()),
    Case("SRC002", "rehosted_copy_fails", page(sources=source(url="https://docslib.org/doc/123/postgres-connections", note=None,
                                                            published=dt.date(2024, 1, 9)),
                                              at="id: pg-docs"), message="docslib.org re-hosts"),
    Case("SRC002", "rehost_with_a_note_passes",
         page(sources=source(url="https://docslib.org/doc/123/postgres-connections",
                             note="the original PDF is gone from the vendor's site; this copy is complete"))),
    Case("SRC002", "undated_primary_source_without_note_fails",
         page(sources=[{k: v for k, v in SOURCES[0].items() if k != "note"}, dict(SOURCES[1])],
              at="id: pg-docs"), message="primary source marked undated"),
    # CAL001: capacity models' calculators.
    Case("CAL001", "calculator_whose_outputs_match_the_worked_example_passes", page("capacity")),
    Case("CAL001", "capacity_model_without_a_calculator_fails", page("capacity", calculator=None, line=at_first),
         message="capacity model without a `calculator:`"),
    Case("CAL001", "formula_naming_an_unknown_input_fails",
         page("capacity", calculator=calc(0, formula="rate * query_time / 1000"), at="query_time / 1000"),
         message="unknown name 'query_time'"),
    Case("CAL001", "formula_that_does_not_parse_fails",
         page("capacity", calculator=calc(0, formula="rate * (query_ms / 1000"), at="rate * (query_ms"),
         message="expected ')'"),
    Case("CAL001", "unknown_function_fails",
         page("capacity", calculator=calc(1, formula="ceiling(busy * 1.25)"), at="ceiling(busy"),
         message="unknown function 'ceiling'"),
    Case("CAL001", "division_by_zero_at_the_defaults_fails",
         page("capacity", calculator=calc(0, formula="rate / (query_ms - 8)"), at="rate / (query_ms - 8)"),
         message="division by zero"),
    Case("CAL001", "output_disagreeing_with_the_worked_example_fails",
         page("capacity", calculator=calc(1, example=24), at="ceil(busy * 1.25)"),
         message="computes 20 at the defaults but the worked example says 24"),
    Case("CAL001", "example_the_page_never_states_fails",
         page("capacity", calculator=calc(1, formula="ceil(busy * 1.5)", example=24), at="ceil(busy * 1.5)"),
         message="the worked example never states 24"),
    Case("CAL001", "default_outside_its_bounds_fails",
         page("capacity", calculator=calc_input(0, default=0), at="name: rate"), message="outside"),
    # IO001: readable pages (more in test_bad_input.py).
    Case("IO001", "valid_yaml_front_matter_passes", page()),
]


def _malformed_yaml(tree: Tree) -> tuple[Path, int]:
    text = valid_page().replace("summary: From a connection-refused", "summary: Pool: saturated; from a connection-refused")
    return tree.write("debugging/infrastructure/bad-yaml.md", text), line_of(text, "summary: Pool: saturated")


CASES.append(Case("IO001", "malformed_yaml_front_matter_fails", _malformed_yaml, message="front matter is not valid YAML"))


def _ids(cases):
    return [c.param() for c in cases]


GOOD = [c for c in CASES if c.good]
BAD = [c for c in CASES if not c.good]


@pytest.mark.parametrize("case", _ids(GOOD))
def test_good_fixture_passes(case: Case, tree: Tree, lint_paths):
    path, _ = case.build(tree)
    diagnostics = lint_paths([path])
    assert not [d for d in diagnostics if d.code == case.code], diagnostics
    assert diagnostics == [], "a good fixture is a fully valid page: " + "\n".join(d.text() for d in diagnostics)


@pytest.mark.parametrize("case", _ids(BAD))
def test_bad_fixture_fails_at_the_line(case: Case, tree: Tree, lint_paths):
    path, line = case.build(tree)
    diagnostics = lint_paths([path])
    mine = [d for d in diagnostics if d.code == case.code]
    assert mine, f"no {case.code} in: " + "\n".join(d.text() for d in diagnostics)
    at_line = [d for d in mine if d.line == line]
    assert at_line, f"{case.code} expected at line {line}, got: " + "\n".join(d.text() for d in mine)
    assert any(case.message in d.message for d in at_line), "\n".join(d.text() for d in at_line)
    assert all(d.path == str(path) for d in mine)
    assert not [d for d in diagnostics if d.code == "INT001"], diagnostics


def test_every_rule_has_a_good_and_a_bad_fixture():
    """Adding a rule to the registry forces adding its fixtures here."""
    expected_to_work = [c for c in CASES if not any(getattr(m, "name", "") == "xfail" for m in c.marks)]
    for rule in all_rules():
        good = [c for c in expected_to_work if c.code == rule.code and c.good]
        bad = [c for c in expected_to_work if c.code == rule.code and not c.good]
        assert good and bad, f"{rule.code} needs a good and a bad fixture in tests/test_rules.py CASES"
    unknown = {c.code for c in CASES} - {r.code for r in all_rules()}
    assert not unknown, f"fixtures for rules that do not exist: {unknown}"


def test_every_rule_documents_itself():
    for rule in all_rules():
        for attr in ("code", "name", "summary", "rationale", "good", "bad"):
            assert str(getattr(rule, attr, "")).strip(), f"{rule.code} has no {attr}"


def test_valid_page_passes_for_every_kind_of_place(tree: Tree, lint_paths):
    """The builder's pages are clean for a debugging, incidents, failure-domains, cost-breakdown, costs, patterns
    and capacity page."""
    paths = [tree.page(place)[0] for place in PLACES]
    assert len(paths) == len(set(paths)) == 7
    diagnostics = lint_paths(paths)
    assert diagnostics == [], "\n".join(d.text() for d in diagnostics)


# Known line-precision and resolution bugs, kept as strict xfails until fixed.

def test_GAT003_undirected_edge_reported_at_the_edge_line(tree: Tree, lint_paths):
    text = valid_page(diagram=flow("    LB --- ORDERS"))
    path = tree.write("debugging/infrastructure/edge.md", text)
    found = [d for d in lint_paths([path]) if d.code == "GAT003"]
    assert [d.line for d in found] == [line_of(text, "LB --- ORDERS")]


def test_PLN001_node_id_that_appears_in_an_earlier_label_is_reported_at_its_own_line(tree: Tree, lint_paths):
    text = valid_page(diagram=flow('        API["Payments API<br/>Go 1.22"]', after="Orders service<br/>"))
    text = text.replace('ORDERS["Orders service<br/>', 'ORDERS["Orders service, calls API<br/>')
    path = tree.write("debugging/infrastructure/label.md", text)
    found = [d for d in lint_paths([path]) if d.code == "PLN001"]
    assert [d.line for d in found] == [line_of(text, 'API["Payments API')]


def test_GAT003_classdef_colours_are_not_scale_numbers(tree: Tree, lint_paths):
    text = valid_page(category="patterns", diagram=FLOWCHART_WITHOUT_NUMBERS, table=TABLE_WITHOUT_NUMBERS,
                      intro="The gateway routes each request to the Orders service.[^pg-docs][^pgbouncer-config]")
    path = tree.write("patterns/resilience/connection-pooling.md", text)
    assert [d.code for d in lint_paths([path])] == ["GAT003"]


def test_GAT003_numbers_only_in_prose_fails(tree: Tree, lint_paths):
    text = valid_page(category="patterns", diagram=SEQUENCE_WITHOUT_NUMBERS, table=TABLE_WITHOUT_NUMBERS,
                      intro="The gateway routes each request to the Orders service on PostgreSQL 16.[^pg-docs]"
                            "[^pgbouncer-config]")
    path = tree.write("patterns/resilience/connection-pooling.md", text)
    assert [d.code for d in lint_paths([path])] == ["GAT003"]


def test_GAT004_amounts_only_in_prose_fails(tree: Tree, lint_paths):
    text = valid_page(category="costs", sections={"Costs": "We spend ~$1,400 a month on the database (est.).",
                                                  "Cost per": "About $0.50 per 1M requests (est.)."})
    path = tree.write("costs/database-spend.md", text)
    assert [d.code for d in lint_paths([path])] == ["GAT004"]


def test_SEC003_script_inside_a_multiline_html_block_is_reported_at_its_line(tree: Tree, lint_paths):
    text = valid_page(extra="<div>\n<p>Pool sizes</p>\n<script>alert(1)</script>\n</div>")
    path = tree.write("debugging/infrastructure/html.md", text)
    assert [(d.code, d.line) for d in lint_paths([path])] == [("SEC003", line_of(text, "<script>"))]


# Mermaid drops front matter, %%{init}%% directives, %% comment lines and leading blank lines before it
# parses, so the line in its error is relative to what is left.
@pytest.mark.parametrize("preamble", ["---\ntitle: Orders\n---\n", '%%{init: {"theme": "dark"}}%%\n',
                                      "%% Orders write path, 2026-10\n", "\n\n"],
                         ids=["front_matter", "init_directive", "comment_line", "leading_blank_lines"])
def test_MMD001_line_counts_lines_mermaid_strips(tree: Tree, lint_paths, preamble):
    text = valid_page(diagram=preamble + BROKEN_FLOWCHART)
    path = tree.write("debugging/infrastructure/pre.md", text)
    found = [d.line for d in lint_paths([path]) if d.code == "MMD001"]
    assert found == [line_of(text, 'PG(("unclosed"')]


def test_MMD001_line_is_right_after_a_comment_line_below_the_error(tree: Tree, lint_paths):
    """Comments after the faulty line do not shift it."""
    text = valid_page(diagram=BROKEN_FLOWCHART + "    %% pool sizes from the PgBouncer docs\n")
    path = tree.write("debugging/infrastructure/post.md", text)
    assert [d.line for d in lint_paths([path]) if d.code == "MMD001"] == [line_of(text, 'PG(("unclosed"')]


# With use_directory_urls (mkdocs.yml), docs/debugging/infrastructure/x.md is served at
# /debugging/infrastructure/x/, and the browser resolves a directory URL or a Mermaid click (which
# MkDocs never rewrites) against that URL, one level deeper than the file.
@pytest.mark.parametrize("href", ["../../../costs/cloud-bill/", "../sibling/"], ids=["other_category", "sibling"])
def test_SEC004_click_to_page_url_that_works_in_the_browser_passes(tree: Tree, lint_paths, href):
    with_cost_page(tree)
    tree.write("debugging/infrastructure/sibling.md", valid_page())
    path = tree.write("debugging/infrastructure/x.md", valid_page(diagram=flow(f'    click PG "{href}"')))
    assert lint_paths([path]) == []


def test_SEC004_click_that_is_broken_in_the_browser_fails(tree: Tree, lint_paths):
    with_cost_page(tree)
    path = tree.write("debugging/infrastructure/x.md", valid_page(diagram=flow('    click PG "../../costs/cloud-bill/"')))
    assert [d.code for d in lint_paths([path])] == ["SEC004"]


def test_LNK001_directory_url_that_works_in_the_browser_passes(tree: Tree, lint_paths):
    with_cost_page(tree)
    path = tree.write("debugging/infrastructure/x.md", valid_page(extra="See [spend](../../../costs/cloud-bill/)."))
    assert lint_paths([path]) == []


def test_LNK001_directory_url_that_is_broken_in_the_browser_fails(tree: Tree, lint_paths):
    with_cost_page(tree)
    path = tree.write("debugging/infrastructure/x.md", valid_page(extra="See [spend](../../costs/cloud-bill/)."))
    assert [d.code for d in lint_paths([path])] == ["LNK001"]


# --select / --ignore: ruff-style prefixes.

def codes(rules) -> list[str]:
    return [r.code for r in rules]


def registry_codes(prefix: str) -> list[str]:
    return [c for c in codes(all_rules()) if c.startswith(prefix)]


def test_select_by_prefix_takes_every_matching_rule():
    rules = all_rules()
    assert len(registry_codes("PLN")) >= 4 and len(registry_codes("SEC")) >= 4
    assert codes(select(rules, ["PLN"], None)) == registry_codes("PLN")
    assert codes(select(rules, ["SEC00"], None)) == registry_codes("SEC00")
    assert codes(select(rules, ["P"], None)) == registry_codes("P")  # PH001 and the PLN rules


def test_select_exact_codes_and_prefixes_together():
    assert codes(select(all_rules(), ["MMD001", "LNK"], None)) == ["LNK001", "LNK002", "MMD001"]


def test_ignore_by_prefix_drops_matching_rules():
    left = codes(select(all_rules(), None, ["PLN", "SEC001"]))
    assert not [c for c in left if c.startswith("PLN")] and "SEC001" not in left and "SEC002" in left
    assert len(left) == len(all_rules()) - len(registry_codes("PLN")) - 1


def test_select_then_ignore():
    assert codes(select(all_rules(), ["PLN"], ["PLN002"])) == [c for c in registry_codes("PLN") if c != "PLN002"]


def test_no_selectors_keep_every_rule():
    assert codes(select(all_rules(), [], [])) == codes(all_rules())
    assert codes(select(all_rules(), ["NOPE"], None)) == []


def test_lint_reports_only_selected_rules(tree: Tree, lint_paths):
    text = valid_page(diagram=flow('        CACHE["Redis 7.2"]', after="max_connections 100"),
                      sources=[dict(SOURCES[0])])
    path = tree.write("debugging/infrastructure/two-faults.md", text)
    assert {d.code for d in lint_paths([path])} == {"PLN001", "SRC001", "CIT001"}  # the table cites the dropped source
    assert {d.code for d in lint_paths([path], select(all_rules(), ["PLN"], None))} == {"PLN001"}
    assert {d.code for d in lint_paths([path], select(all_rules(), None, ["PLN", "CIT"]))} == {"SRC001"}


# The parse cache: an unchanged diagram is not parsed again.

def test_parse_cache_skips_unchanged_diagrams(tree: Tree):
    one = tree.write("debugging/infrastructure/one.md", valid_page(diagram=flow('        CACHE["Redis 7.2"]',
                                                                                after="max_connections 100")))
    tree.write("costs/two.md", valid_page(category="costs", diagrams=[SEQUENCE]))
    cache_file = tree.root / "cache" / "mermaid.json"
    rules = all_rules()

    first = lint([tree.docs], rules, cache=JsonCache(cache_file))
    assert first.diagrams == 3 and first.parsed == 3
    assert cache_file.is_file()
    assert [d.code for d in first.diagnostics] == ["PLN001"]

    second = lint([tree.docs], rules, cache=JsonCache(cache_file))
    assert second.parsed == 0
    assert second.diagnostics == first.diagnostics

    # An edit outside the diagrams makes a real run, but no diagram is parsed again.
    one.write_text(one.read_text(encoding="utf-8").replace("first thing to saturate", "first part to saturate"),
                   encoding="utf-8")
    prose_edit = lint([tree.docs], rules, cache=JsonCache(cache_file))
    assert prose_edit.parsed == 0
    assert prose_edit.diagnostics == first.diagnostics

    one.write_text(one.read_text(encoding="utf-8").replace("Redis 7.2", "Redis 7.4"), encoding="utf-8")
    third = lint([tree.docs], rules, cache=JsonCache(cache_file))
    assert third.parsed == 1
    assert [d.code for d in third.diagnostics] == ["PLN001"]


def test_report_parsed_counts_this_run_with_a_reused_parser(tree: Tree, parser):
    tree.write("debugging/infrastructure/one.md", valid_page(diagram=flow('        RUN["Run counter 1"]',
                                                                          after="max_connections 100")))
    first = lint([tree.docs], all_rules(), parser=parser, cache=False)
    second = lint([tree.docs], all_rules(), parser=parser, cache=False)
    assert parser.cache is None  # the session's parser keeps no cache: each run parses the diagram once
    assert (first.parsed, second.parsed) == (1, 1)
