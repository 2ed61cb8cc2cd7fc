"""Property tests: ``parse_value`` never raises and always hands back the raw text unchanged."""

from __future__ import annotations

from typing import Optional

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.normalize import parse_value
from jixiao.normalize.amounts import parse_amount

# Pieces real targets are built from: labels, comparators, digits in both widths, Chinese
# numerals, magnitude prefixes, units, range marks, separators, period words and noise.
_TARGET_PIECES = [
    "合格率", "满意度", "考生", "每年", "覆盖率达", "听证会", "项目预算", "PM2.5", "5G", "新建",
    "≥", "≤", ">", "<", "=", "＞＝", "＜＝", "≧", "≦", "不低于", "不少于", "至少", "达到", "达",
    "控制在", "约", "大约", "左右", "以上", "及以上", "以下", "以内", "内", "(预估)", "（预计）",
    "(含)", "0", "1", "5", "9", "12", "60", "100", "2021", "2022", "1,600", "70.35", "0.5", ".",
    "０", "９", "１２", "十", "十二", "两", "三十五", "一百", "一万", "零", "点", "万", "亿", "千",
    "百万", "千万", "%", "％", "﹪", "‰", "人", "人次", "次", "件", "个", "个工作日", "元", "万元",
    "元/人·月", "/", "·", "公里", "平方米", "本卷宗", "所学校", "年", "月", "日", "号", "季度",
    "上半年", "第三", "旬", "底", "末", "前", "之前", "截至", "完成", "办结", "-", "~", "～", "至",
    "—", "到", ",", "，", ";", "；", "、", "且", "和", "\n", " ", "\u3000", "。", "(", ")", "（",
    "）", ":", "：", "无", "高质量完成", "及时", "𠀀", "\x00", "\ufeff",
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    value = parse_value(text)
    assert value.raw == text
    assert value.kind in ("numeric", "period", "qualitative", "text", "empty")


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_TARGET_PIECES), max_size=12).map("".join))
def test_never_raises_on_target_like_text(text: str) -> None:
    value = parse_value(text)
    assert value.raw == text
    if value.kind == "numeric":
        assert value.terms and value.period is None
        for term in value.terms:
            assert (term.op == "range") == (term.upper is not None)
    elif value.kind == "period":
        assert value.period is not None and not value.terms
        if value.period.start and value.period.end:
            assert value.period.start <= value.period.end
    else:
        assert not value.terms and value.period is None


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_TARGET_PIECES), max_size=12).map("".join),
    st.one_of(st.none(), st.integers(1900, 2099), st.integers()),
)
def test_never_raises_with_a_form_year(text: str, year: Optional[int]) -> None:
    assert parse_value(text, year=year).raw == text


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_amount_never_raises(text: str) -> None:
    result = parse_amount(text)
    assert result is None or isinstance(result, float)
