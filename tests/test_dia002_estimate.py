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
