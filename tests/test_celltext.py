"""Cell text: wrapped lines, spaces, overprinted glyphs, tags and folded radicals."""

from __future__ import annotations

import pytest

from jixiao.extract.layout.celltext import chars_to_text, join_cells, join_wrapped
from jixiao.extract.model import Char
from jixiao.normalize.text import clean_text, fold_ideographs


def _line(text: str, top: float = 0.0, x: float = 0.0, step: float = 10.0) -> list[Char]:
    return [Char(ch, x + k * step, top, x + k * step + 9.0, top + 10.0) for k, ch in enumerate(text)]


def test_wrapped_cjk_lines_join_without_space() -> None:
    chars = _line("提升司法行政形象效果明", 0) + _line("显", 12)
    assert chars_to_text(chars) == "提升司法行政形象效果明显"


def test_wrapped_latin_words_keep_a_space() -> None:
    assert chars_to_text(_line("IDC", 0) + _line("system", 12)) == "IDC system"


def test_number_broken_by_wrap_is_one_number() -> None:
    assert chars_to_text(_line("接待100", 0) + _line("000余次", 12)) == "接待100000余次"


def test_wide_gap_is_a_space_between_latin_words() -> None:
    chars = _line("ab", 0) + _line("cd", 0, x=40.0)
    assert chars_to_text(chars) == "ab cd"


def test_overprinted_glyphs_are_kept_once() -> None:
    chars = _line("项目") + _line("项目", x=0.4)
    assert chars_to_text(chars) == "项目"


def test_lines_are_read_top_to_bottom_whatever_the_glyph_order() -> None:
    chars = _line("第二行", 12) + _line("第一行", 0)
    assert chars_to_text(chars) == "第一行第二行"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("<p>通过该项目的实施</p>", "通过该项目的实施"),
        ("<P style='x'>目标</P><br/>任务", "目标任务"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("a&nbsp;b &lt;c&gt;", "a b <c>"),
        ("考区准备充分,  方案", "考区准备充分, 方案"),
        ("满 意 度", "满意度"),
        ("≥ 90 %", "≥ 90 %"),
        ("１２３％", "１２３％"),
        ("\u2f40出", "支出"),
        ("\u2f6c标", "目标"),
        ("\uf900", "\u8c48"),
        ("\uf9f6", "\u81e8"),
        ("\u2ed3期", "长期"),
        ("项目\u3000名称", "项目名称"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_fold_keeps_full_width_forms() -> None:
    assert fold_ideographs("（２０２１年度）：") == "（２０２１年度）："


@pytest.mark.parametrize(
    "a, b, joined",
    [("公平公正,", "依法", "公平公正,依法"), ("ISO", "9001", "ISO 9001"), ("41人*1.5万元=", "61.5万元", "41人*1.5万元=61.5万元"), ("有序, ", "圆满", "有序, 圆满"), ("", "x", "x")],
)
def test_join_wrapped(a: str, b: str, joined: str) -> None:
    assert join_wrapped(a, b) == joined


@pytest.mark.parametrize("a, b, joined", [("300", "100", "300 100"), ("70.4", "万元", "70.4万元"), ("办案", "业务费", "办案业务费")])
def test_join_cells_keeps_numbers_of_two_cells_apart(a: str, b: str, joined: str) -> None:
    assert join_cells(a, b) == joined


def test_may_fold_covers_every_code_point_fold_ideographs_changes() -> None:
    """Readers skip fold_ideographs for code points outside may_fold: none may be missed."""
    from jixiao.normalize.text import may_fold

    missed = [
        hex(code)
        for code in range(0x30000)
        if not 0xD800 <= code <= 0xDFFF and not may_fold(code) and fold_ideographs(chr(code)) != chr(code)
    ]
    assert missed == []
