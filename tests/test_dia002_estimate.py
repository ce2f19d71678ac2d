"""DIA002's width model (src/atlas/lint/rules/dia002_diagram_size.py) on parsed structures built by
hand, each width derived here from the model's constants, so a change to the model's arithmetic
fails a test (the rule's own cases in test_rules.py only check which side of the limit a diagram
falls). The structures have the shape the Mermaid worker returns."""

from __future__ import annotations

import pytest

from atlas.lint.rules import dia002_diagram_size as m


def flow(direction, vertices, edges, subgraphs=()):
    return {"kind": "flowchart", "direction": direction,
            "vertices": [{"id": i, "text": t} for i, t in vertices],
            "edges": [{"start": a, "end": b, "text": t} for a, b, t in edges],
            "subgraphs": [dict(g) for g in subgraphs]}


@pytest.mark.parametrize("text, chars", [
    ("abcd", 4), ("ab<br/>abcd", 4), ("<b>ab</b>", 2), ("a&nbsp;b", 3), ("🌐x", 3), ("  ab  ", 2), ("", 0),
])
def test_a_label_is_as_wide_as_its_longest_line_with_wide_characters_counted_twice(text, chars):
    assert m.text_width(text, 9, 10_000) == chars * 9


def test_a_label_wraps_at_its_maximum():
    assert m.text_width("x" * 20, m.NODE_CHAR_PX, m.NODE_TEXT_MAX_PX) == m.NODE_TEXT_MAX_PX


def test_top_to_bottom_is_as_wide_as_its_widest_rank():
    # rank 0: "Orders gate1" alone, 12 × 9 + 32 = 140; rank 1: "DB" 50 and "Cache" 77, with one
    # 60 px gap: 187, the wider
    s = flow("TB", [("A", "Orders gate1"), ("B", "DB"), ("C", "Cache")], [("A", "B", ""), ("A", "C", "")])
    est = m.estimate(s)
    assert est.width == 2 * 9 + 32 + 5 * 9 + 32 + m.NODE_GAP_PX == 187
    assert est.why == "2 nodes side by side in one rank (B, C)"


@pytest.mark.parametrize("n, tail", [(6, "F)"), (7, "F, ...)")])
def test_a_wide_rank_names_six_nodes_then_ellipsis(n, tail):
    ids = "ABCDEFG"[:n]
    s = flow("TB", [("R", "R")] + [(i, i) for i in ids], [("R", i, "") for i in ids])
    est = m.estimate(s)
    assert est.width == n * (9 + 32) + (n - 1) * m.NODE_GAP_PX
    assert est.why.endswith(tail)


def test_left_to_right_is_its_heaviest_chain_of_blocks():
    # the Edge block: LB 50 →(HTTPS: 5 × 8 + 2 × 40 = 120)→ API 59, plus 2 × 35 of subgraph padding = 299;
    # then an unlabelled 40 px step to DB (50): 389
    s = flow("LR", [("LB", "LB"), ("API", "API"), ("DB", "DB")], [("LB", "API", "HTTPS"), ("API", "DB", "")],
             [{"id": "EdgePlane", "title": "Edge", "nodes": ["LB", "API"]}])
    est = m.estimate(s)
    assert est.width == (50 + 120 + 59 + 2 * m.SUBGRAPH_PAD_PX) + m.RANK_GAP_PX + 50 == 389
    assert est.why == "left to right: Edge (2) → DB (1), 3 nodes, 1 edge labels"
    untitled = flow("LR", [("LB", "LB"), ("API", "API")], [("LB", "API", "")], [{"id": "EdgePlane", "nodes": ["LB", "API"]}])
    assert m.estimate(untitled).why.startswith("left to right: EdgePlane (2)")


def test_a_sequence_diagram_widens_a_gap_for_a_long_message_between_neighbours():
    # three participants at the 150 px minimum; a 40-character message between the first two needs
    # 40 × 9 + 40 − (150 + 150) / 2 = 250 px of gap; the second gap stays 50
    s = {"kind": "sequence", "actors": [{"id": "C", "label": "Client"}, {"id": "S", "label": "Server"}, {"id": "D", "label": "DB"}],
         "messages": [{"from": "C", "to": "S", "text": "x" * 40}, {"from": "C", "to": "D", "text": "y" * 80}]}
    est = m.estimate(s)
    assert est.width == 3 * m.ACTOR_MIN_PX + 250 + m.ACTOR_GAP_PX == 750
    assert est.why == "3 participants side by side"


def test_a_timeline_is_a_base_plus_each_period():
    est = m.estimate({"kind": "timeline", "periods": [{}, {}, {}]})
    assert est.width == m.TIMELINE_BASE_PX + 3 * m.TIMELINE_PERIOD_PX == 990
    assert m.estimate({"kind": "gantt"}) is None and m.estimate(None) is None


def test_columns_at_the_legible_size():
    assert m.columns(1372) == pytest.approx(1372 * 11 / 16 / 686) == pytest.approx(1.375)


def test_dia002_top_to_bottom_ranks_are_longest_path_depths():
    # R above two 12-character nodes (140 px each); under the first, three 1-character ones (41 px): rank 1 is
    # 2 × 140 + 60 = 340 px, rank 2 is 3 × 41 + 2 × 60 = 243 px
    s = flow("TB", [("R", "R"), ("W1", "x" * 12), ("W2", "y" * 12), ("N1", "a"), ("N2", "b"), ("N3", "c")],
             [("R", "W1", ""), ("R", "W2", ""), ("W1", "N1", ""), ("W1", "N2", ""), ("W1", "N3", "")])
    est = m.estimate(s)
    assert est.width == 2 * (12 * 9 + 32) + m.NODE_GAP_PX == 340
    assert est.why == "2 nodes side by side in one rank (W1, W2)"


def test_dia002_a_loop_back_is_cut_where_the_flow_enters_it():
    # Client → Queue → Workers → Dead letters, and Workers → Queue (a requeue): the search starts at the
    # source, Client, so the requeue is the edge reversed and the chain stays four nodes long, although
    # Workers (declared first) has more outgoing than incoming edges
    s = flow("LR", [("W", "Workers"), ("C", "Client"), ("Q", "Queue"), ("D", "Dead letters")],
             [("C", "Q", ""), ("Q", "W", ""), ("W", "Q", ""), ("W", "D", "")])
    est = m.estimate(s)
    assert est.width == (6 * 9 + 32) + (5 * 9 + 32) + (7 * 9 + 32) + (12 * 9 + 32) + 3 * m.RANK_GAP_PX == 518
    assert est.why == "left to right: C (1) → Q (1) → W (1) → D (1), 4 nodes, 0 edge labels"


def test_dia002_a_loop_with_no_entry_starts_at_the_node_with_most_outgoing_over_incoming_edges():
    # Scheduler ⇄ Worker and Scheduler ⇄ Indexer: no source; Scheduler (2 out, 2 in) and the workers (1 out,
    # 1 in) tie, so the first declared, Scheduler, starts the search and both returns are reversed: the
    # heaviest chain is Scheduler → Indexer
    s = flow("LR", [("S", "Scheduler"), ("A", "Worker"), ("B", "Indexer")],
             [("S", "A", ""), ("A", "S", ""), ("S", "B", ""), ("B", "S", "")])
    est = m.estimate(s)
    assert est.width == (9 * 9 + 32) + m.RANK_GAP_PX + (7 * 9 + 32) == 248
    assert est.why == "left to right: S (1) → B (1), 3 nodes, 0 edge labels"


def test_dia002_a_node_on_its_own_after_a_chain_counts_too():
    s = flow("LR", [("LB", "LB"), ("API", "API"), ("JOB", "Nightly backup job")], [("LB", "API", "")])
    est = m.estimate(s)
    # its label wraps at 120 px: 152 px, wider than the chain LB → API (50 + 40 + 59 = 149 px)
    assert est.width == m.NODE_TEXT_MAX_PX + m.NODE_PAD_PX == 152
    assert est.why == "left to right: JOB (1), 3 nodes, 0 edge labels"


def test_dia002_an_empty_flowchart_is_no_width():
    assert m.estimate(flow("LR", [], [])).width == 0
    assert m.estimate(flow("TB", [], [])).width == 0


@pytest.mark.timeout(30)  # a hang guard: the mutant that revisits nodes takes 2^40 steps here
def test_dia002_each_node_is_visited_once_however_many_paths_lead_to_it():
    # 40 ranks of two nodes, each node linked to both of the next rank: 2^40 paths from top to bottom
    ids = [[f"R{i}A", f"R{i}B"] for i in range(40)]
    edges = [(a, b, "") for upper, lower in zip(ids, ids[1:]) for a in upper for b in lower]
    vertices = [(i, "x") for rank in ids for i in rank]
    assert m.estimate(flow("TB", vertices, edges)).width == 2 * 41 + m.NODE_GAP_PX
    assert m.estimate(flow("LR", vertices, edges)).width == 40 * 41 + 39 * m.RANK_GAP_PX


def test_dia002_a_participant_is_as_wide_as_its_label_and_padding_or_the_minimum():
    # 20 characters: 20 × 9 + 20 = 200 px; 14 characters would be 146, under the 150 px minimum
    s = {"kind": "sequence", "actors": [{"id": "A", "label": "x" * 20}, {"id": "B", "label": "y" * 14}], "messages": []}
    assert m.estimate(s).width == (20 * 9 + m.ACTOR_PAD_PX) + m.ACTOR_MIN_PX + m.ACTOR_GAP_PX == 400


def test_dia002_a_rank_of_one_wide_node_can_be_the_widest():
    # "Nightly backup job" wraps at 120 px: 152 px alone in rank 0, wider than rank 1's two 1-character nodes
    # (41 + 60 + 41 = 142 px)
    s = flow("TB", [("JOB", "Nightly backup job"), ("A", "a"), ("B", "b")], [("JOB", "A", ""), ("JOB", "B", "")])
    est = m.estimate(s)
    assert est.width == m.NODE_TEXT_MAX_PX + m.NODE_PAD_PX == 152
    assert est.why == "1 node side by side in one rank (JOB)"


def test_dia002_a_subgraph_inside_another_is_laid_out_inside_its_block():
    # Pool (A → B) inside State, with C: Mermaid lists the inner subgraph first and names it among the outer
    # one's nodes. One block, State: 41 + 40 + 41 + 40 + 41 along A → B → C, plus 2 × 35 of padding = 273 px
    s = flow("LR", [("A", "a"), ("B", "b"), ("C", "c")], [("A", "B", ""), ("B", "C", "")],
             [{"id": "Pool", "title": "Pool", "nodes": ["B", "A"]},
              {"id": "StatePlane", "title": "💾 State", "nodes": ["Pool", "C"]}])
    est = m.estimate(s)
    assert est.width == 3 * (9 + 32) + 2 * m.RANK_GAP_PX + 2 * m.SUBGRAPH_PAD_PX == 273
    assert est.why == "left to right: 💾 State (3), 3 nodes, 0 edge labels"


def test_dia002_an_edge_label_wraps_at_200_px():
    # 30 characters at 8 px would be 240 px: wrapped at 200, plus 40 px on each side, between two 41 px nodes
    s = flow("LR", [("A", "a"), ("B", "b")], [("A", "B", "x" * 30)])
    assert m.estimate(s).width == 41 + (m.EDGE_TEXT_MAX_PX + 2 * m.RANK_GAP_PX) + 41 == 362


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_dia002_a_timeline_of_n_periods(n):
    assert m.estimate({"kind": "timeline", "periods": [{}] * n}).width == [590, 790, 990, 1190][n - 1]


@pytest.mark.parametrize("text, chars", [("a\u2000b", 3), ("a\u2001b", 4)], ids=["en_quad_once", "em_quad_twice"])
def test_dia002_characters_after_u2000_count_twice(text, chars):
    # the wide characters start after U+2000 (an en quad, half an em); U+2001, an em quad, is one em wide
    assert m.text_width(text, 9, 10_000) == chars * 9


def test_dia002_of_two_sources_the_one_with_more_outgoing_edges_starts_the_search():
    # API → Queue ⇄ Worker (a requeue) and Scheduler → Worker, Scheduler → Metrics: Scheduler (two outgoing
    # edges) starts the search although API is declared first, so the requeue cut is Queue → Worker and the
    # heaviest chain is Scheduler 113 → Worker 86 → Queue 77, with two 40 px steps: 356 px
    s = flow("LR", [("API", "API"), ("Queue", "Queue"), ("Worker", "Worker"), ("Scheduler", "Scheduler"),
                    ("Metrics", "Metrics")],
             [("API", "Queue", ""), ("Queue", "Worker", ""), ("Worker", "Queue", ""), ("Scheduler", "Worker", ""),
              ("Scheduler", "Metrics", "")])
    est = m.estimate(s)
    assert est.width == (9 * 9 + 32) + (6 * 9 + 32) + (5 * 9 + 32) + 2 * m.RANK_GAP_PX == 356
    assert est.why == "left to right: Scheduler (1) → Worker (1) → Queue (1), 5 nodes, 0 edge labels"


def test_dia002_a_loop_with_no_entry_after_a_chain_is_still_measured():
    # LB → API → Cache, API → Queue (266 px at most), and apart from them Primary database ⇄ Replica database
    # with no entry: each label wraps at 120 px, 152 + 40 + 152 = 344 px, the wider
    s = flow("LR", [("LB", "LB"), ("API", "API"), ("Cache", "Cache"), ("Queue", "Queue"),
                    ("DB1", "Primary database"), ("DB2", "Replica database")],
             [("LB", "API", ""), ("API", "Cache", ""), ("API", "Queue", ""), ("DB1", "DB2", ""), ("DB2", "DB1", "")])
    est = m.estimate(s)
    assert est.width == 2 * (m.NODE_TEXT_MAX_PX + m.NODE_PAD_PX) + m.RANK_GAP_PX == 344
    assert est.why == "left to right: DB1 (1) → DB2 (1), 6 nodes, 0 edge labels"


def test_dia002_a_message_from_a_participant_to_itself_widens_no_gap():
    # only a message between neighbours moves them apart: three participants at the 150 px minimum, 50 px apart
    actors = [{"id": "C", "label": "Client"}, {"id": "S", "label": "Server"}, {"id": "D", "label": "DB"}]
    s = {"kind": "sequence", "actors": actors,
         "messages": [{"from": "C", "to": "C", "text": "x" * 40}, {"from": "D", "to": "D", "text": "y" * 40}]}
    assert m.estimate(s).width == 3 * m.ACTOR_MIN_PX + 2 * m.ACTOR_GAP_PX == 550


def test_dia002_a_rank_of_three_small_nodes_can_be_wider_than_one_of_two():
    # rank 1: "Orders" and "Ledger", 2 × 86 + 60 = 232 px; rank 2, under Orders: three 1-character nodes,
    # 3 × 41 + 2 × 60 = 243 px, the wider
    s = flow("TB", [("R", "R"), ("O", "Orders"), ("L", "Ledger"), ("A", "a"), ("B", "b"), ("C", "c")],
             [("R", "O", ""), ("R", "L", ""), ("O", "A", ""), ("O", "B", ""), ("O", "C", "")])
    est = m.estimate(s)
    assert est.width == 3 * 41 + 2 * m.NODE_GAP_PX == 243
    assert est.why == "3 nodes side by side in one rank (A, B, C)"


def test_dia002_a_single_participant_is_its_own_width():
    s = {"kind": "sequence", "actors": [{"id": "C", "label": "Client"}], "messages": []}
    assert m.estimate(s).width == m.ACTOR_MIN_PX == 150


def test_dia002_a_long_message_between_the_second_and_third_participants_widens_their_gap():
    # 40 characters: 40 × 9 + 40 − (150 + 150) / 2 = 250 px between S and D; C to S stays 50
    actors = [{"id": "C", "label": "Client"}, {"id": "S", "label": "Server"}, {"id": "D", "label": "DB"}]
    s = {"kind": "sequence", "actors": actors, "messages": [{"from": "S", "to": "D", "text": "x" * 40}]}
    assert m.estimate(s).width == 3 * m.ACTOR_MIN_PX + m.ACTOR_GAP_PX + 250 == 750


def test_dia002_an_edge_to_a_subgraph_is_left_out_of_the_ranks():
    # A → the Pool subgraph (Mermaid draws it to the box): not an edge between nodes, so A and B share rank 0
    s = flow("TB", [("A", "a"), ("B", "b")], [("A", "Pool", "")], [{"id": "Pool", "title": "Pool", "nodes": ["B"]}])
    assert m.estimate(s).width == 2 * 41 + m.NODE_GAP_PX == 142


def test_dia002_a_message_gap_keeps_half_a_pixel():
    # a 19-character participant is 19 × 9 + 20 = 191 px; a 40-character message to it from a 150 px one needs
    # 40 × 9 + 40 − (150 + 191) / 2 = 229.5 px of gap
    actors = [{"id": "C", "label": "Client"}, {"id": "S", "label": "x" * 19}]
    s = {"kind": "sequence", "actors": actors, "messages": [{"from": "C", "to": "S", "text": "y" * 40}]}
    assert m.estimate(s).width == 150 + 191 + 229.5


def test_dia002_participant_names_and_messages_are_never_wrapped():
    # a 300-character message and a 200-character name: 2,740 and 1,820 px at 9 px a character, far past
    # any node's wrap (NODE_TEXT_MAX_PX); only the NO_WRAP_PX cap, which no real line reaches, would stop them
    s = {"kind": "sequence", "actors": [{"id": "A", "label": "x" * 200}, {"id": "B", "label": "B"}],
         "messages": [{"from": "A", "to": "B", "text": "y" * 300}]}
    a = 200 * 9 + m.ACTOR_PAD_PX
    gap = 300 * 9 + m.MESSAGE_PAD_PX - (a + m.ACTOR_MIN_PX) / 2
    assert m.estimate(s).width == a + m.ACTOR_MIN_PX + gap
    assert 300 * 9 < m.NO_WRAP_PX
