"""Grid rebuilding from rules: spans, missing borders, rules drawn in pieces."""

from __future__ import annotations

from synth import Drawn, draw_table, page

from jixiao.extract.layout.rows import page_to_tables
from jixiao.extract.layout.grid import rules_to_tables
from jixiao.extract.model import Segment
from jixiao.extract.layout.rules import segments_to_rules


def _cells(table):
    return {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in table.cells}


def test_merged_cells_get_row_and_column_spans() -> None:
    d = Drawn()
    draw_table(
        d,
        [
            ["绩效指标", "产出指标", "数量指标", "培训", "60人"],
            ["^", "^", "^", "帮教", "10人次"],
            ["^", "^", "质量指标", "验收", "100%"],
            ["^", "效益指标", "<", "满意", "95%"],
        ],
        [60, 60, 60, 120, 60],
        top=100,
    )
    tables, outside = page_to_tables(page(1, d))
    assert len(tables) == 1 and not outside
    cells = _cells(tables[0])
    assert cells[(0, 0)] == (4, 1, "绩效指标")
    assert cells[(0, 1)] == (3, 1, "产出指标")
    assert cells[(0, 2)] == (2, 1, "数量指标")
    assert cells[(3, 1)] == (1, 2, "效益指标")
    assert cells[(2, 4)] == (1, 1, "100%")


def test_missing_outer_border_is_restored() -> None:
    d = Drawn()
    draw_table(d, [["项目名称", "办案业务费"], ["实施单位", "本级"], ["项目属性", "经常性"]], [80, 200], top=100, outer=False)
    tables, outside = page_to_tables(page(1, d))
    assert len(tables) == 1 and not outside
    texts = [c.text for c in tables[0].cells]
    assert texts == ["项目名称", "办案业务费", "实施单位", "本级", "项目属性", "经常性"]


def test_rules_drawn_in_pieces_and_doubled_are_one_rule() -> None:
    pieces = [Segment(True, 100.0, 0.0, 50.0), Segment(True, 100.8, 51.5, 100.0), Segment(True, 101.5, 20.0, 60.0)]
    horizontal, vertical = segments_to_rules(pieces)
    assert len(horizontal) == 1 and not vertical
    assert horizontal[0].start == 0.0 and horizontal[0].end == 100.0


def test_separate_tables_on_one_page() -> None:
    d = Drawn()
    bottom = draw_table(d, [["项目名称", "甲"]], [80, 100], top=100)
    draw_table(d, [["项目名称", "乙"]], [80, 100], top=bottom + 60)
    tables, _ = page_to_tables(page(1, d))
    assert [t.cells[1].text for t in tables] == ["甲", "乙"]


def test_lone_line_is_not_a_table() -> None:
    tables = rules_to_tables([Segment(True, 50.0, 10.0, 300.0)], [], page=1)
    assert tables == []
