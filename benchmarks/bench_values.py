"""Time ``parse_value`` on a realistic mix of target texts, on one core; print values/s.

The mix imitates an indicator table's 指标值 column: mostly numeric targets (percentages, counts,
money, time limits, ranges, several terms in a cell), then qualitative wording, periods and
deadlines, prose with numbers, and empty cells. At least 1,000 distinct texts are built from
fixed word lists (no randomness, so runs compare) and parsed ~200,000 times in a stream weighted
like a real column (see ``build_stream``).

    python benchmarks/bench_values.py [--calls 200000]

The issue's target is 20,000 values/s. Nothing here is asserted; this is a measurement.
"""

from __future__ import annotations

import argparse
import itertools
import time

from jixiao.normalize import parse_value

_LABELS = ["", "合格率", "群众满意度", "覆盖率", "完成率", "考生", "培训人数", "每年", "验收合格率"]
# A comparator is written before the number or after it, as forms do (never both at odds).
_COMPARATORS = [
    ("", ""), ("≥", ""), ("≤", ""), ("＞＝", ""), ("不低于", ""), ("不少于", ""), ("达到", ""),
    ("约", ""), ("不超过", ""), ("", "以上"), ("", "以内"), ("", "左右"), ("", "(预估)"),
]  # fmt: skip
_NUMBERS = ["1", "2", "5", "12", "60", "95", "98.5", "100", "1,600", "70.35", "0", "3.5"]
_UNITS = ["%", "人", "人次", "次", "件", "个", "套", "万元", "元/人·月", "个工作日", "万人次", "场次"]
_RANGES = ["80%-90%", "5-10个工作日", "3~5次", "1-2万元", "85%～95%", "3至5场", "200-300人"]
_CHINESE = ["十二次", "两次", "三十五人", "一百人", "不少于十二次", "一万人次", "三至五次"]
_PERIODS = [
    "2021年", "2021年1-12月", "2022年6月底前", "2021年12月31日前", "2021.12", "2021年上半年",
    "2021年第三季度", "年底前", "2021年12月底前完成", "截至2021年12月31日", "2021-2023年",
    "2021年11月下旬", "上半年", "12月31日前",
]  # fmt: skip
_QUALITATIVE = [
    "高质量完成", "及时", "按计划完成", "明显提升", "成效明显", "满意", "支出合规", "有效",
    "符合国家标准", "完成年度任务", "持续发挥效益", "逐步提高", "显著改善", "规范", "零投诉",
]  # fmt: skip
_TEXT = [
    "2020年律师参与涉法涉诉值班200人次,参与案件10件",
    "评查70本卷宗,撰写通报",
    "2020年组织国家统一法律职业资格考试一阶段计算机考试和二阶段纸质化考试,服务考生约2000人。",
    "开展3次培训活动",
    "≥95%（抽样调查）",
    "完成2021年度工作任务",
    "培训100人次,提高业务能力",
]
_EMPTY = ["", "-", "/", "—", "无", " "]
_NON_NUMERIC = frozenset(_PERIODS + _QUALITATIVE + _TEXT + _EMPTY)


def build_texts() -> list[str]:
    """The distinct texts of the mix."""
    numeric = [
        f"{label}{before}{number}{unit}{after}"
        for label, (before, after), number, unit in itertools.product(
            _LABELS, _COMPARATORS, _NUMBERS, _UNITS
        )
    ][::11]  # a spread-out sample of the product, not its first corner
    multi = [
        f"{a}≥{x}%,{b}≥{y}%"
        for (a, b), x, y in itertools.product(
            itertools.permutations(["合格率", "优秀率", "及时率", "满意度"], 2), [90, 95], [85, 98]
        )
    ] + [f"{x}人,{y}次" for x, y in itertools.product([20, 60, 200], [1, 2, 3])]
    texts = numeric + multi + _RANGES + _CHINESE + _PERIODS + _QUALITATIVE + _TEXT + _EMPTY
    return list(dict.fromkeys(texts))


def build_stream(texts: list[str], calls: int) -> list[str]:
    """``calls`` texts in a realistic proportion: the short non-numeric lists are repeated so the
    stream is about 65 % numeric, 20 % qualitative, 8 % periods, 5 % prose, 2 % empty."""
    numeric = [text for text in texts if text not in _NON_NUMERIC]
    share = len(numeric) / 0.65
    weighted = list(numeric)
    for words, fraction in ((_QUALITATIVE, 0.20), (_PERIODS, 0.08), (_TEXT, 0.05), (_EMPTY, 0.02)):
        weighted += words * max(1, round(share * fraction / len(words)))
    order = sorted(range(len(weighted)), key=lambda i: (i * 7919) % len(weighted))  # interleave
    return list(itertools.islice(itertools.cycle([weighted[i] for i in order]), calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args()

    texts = build_texts()
    stream = build_stream(texts, args.calls)
    kinds: dict[str, int] = {}
    for text in stream[: len(set(stream)) * 2]:
        kind = parse_value(text).kind
        kinds[kind] = kinds.get(kind, 0) + 1

    started = time.perf_counter()
    for text in stream:
        parse_value(text)
    seconds = time.perf_counter() - started

    total = sum(kinds.values())
    mix = ", ".join(f"{kind} {count / total:.0%}" for kind, count in sorted(kinds.items()))
    print(f"{len(texts)} distinct texts; {len(stream)} calls ({mix}) in {seconds:.2f}s")
    print(f"{len(stream) / seconds:,.0f} values/s")


if __name__ == "__main__":
    main()
