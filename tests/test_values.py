"""Hand-written table of target texts and their parses (values.md).

Each row was worked out from the contract, not copied from the program. Numbers are compared
with their type: ``60`` must come back an ``int`` and ``60.0`` a ``float``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Union

import pytest

from jixiao.normalize import parse_value
from jixiao.schemas import Value

Number = Union[int, float]
TermRow = tuple[Optional[str], str, Number, Optional[Number], Optional[str], Number, Optional[str]]
PeriodRow = tuple[Optional[str], Optional[str], str]


def t(
    label: Optional[str],
    op: str,
    value: Number,
    upper: Optional[Number],
    unit: Optional[str],
    base_value: Number,
    base_unit: Optional[str],
) -> TermRow:
    """One expected term, in values.md's column order."""
    return (label, op, value, upper, unit, base_value, base_unit)


def n(value: Number, unit: Optional[str], op: str = "=", label: Optional[str] = None) -> TermRow:
    """Shorthand for a term whose unit has no magnitude prefix (base = value, base unit = unit)."""
    return (label, op, value, None, unit, value, unit)


def p(start: Optional[str], end: Optional[str], op: str = "=") -> PeriodRow:
    """An expected period; dates as ISO strings."""
    return (start, end, op)


NUMERIC = "numeric"

# (raw, kind, terms-or-period)
CASES: list[tuple[str, str, Any]] = [
    # --- values.md examples -------------------------------------------------------------------
    ("≥90%", NUMERIC, [t(None, ">=", 90, None, "%", 90, "%")]),
    ("95%以上", NUMERIC, [t(None, ">=", 95, None, "%", 95, "%")]),
    ("不低于98%", NUMERIC, [t(None, ">=", 98, None, "%", 98, "%")]),
    ("≤0%", NUMERIC, [t(None, "<=", 0, None, "%", 0, "%")]),
    ("70.35万元", NUMERIC, [t(None, "=", 70.35, None, "万元", 703500, "元")]),
    ("3.5万册", NUMERIC, [t(None, "=", 3.5, None, "万册", 35000, "册")]),
    ("60人,1次", NUMERIC, [t(None, "=", 60, None, "人", 60, "人"), t(None, "=", 1, None, "次", 1, "次")]),
    (
        "合格率≥95%,优秀率≥90%",
        NUMERIC,
        [t("合格率", ">=", 95, None, "%", 95, "%"), t("优秀率", ">=", 90, None, "%", 90, "%")],
    ),
    ("考生1500人", NUMERIC, [t("考生", "=", 1500, None, "人", 1500, "人")]),
    ("200件(预估)", NUMERIC, [t(None, "~", 200, None, "件", 200, "件")]),
    ("80%-90%", NUMERIC, [t(None, "range", 80, 90, "%", 80, "%")]),
    ("≤1.2万元/公里", NUMERIC, [t(None, "<=", 1.2, None, "万元/公里", 12000, "元/公里")]),
    ("2021年", "period", p("2021-01-01", "2021-12-31")),
    ("2021年1-12月", "period", p("2021-01-01", "2021-12-31")),
    ("2022年6月底前", "period", p(None, "2022-06-30", "<=")),
    ("高质量完成", "qualitative", None),
    (
        "2020年组织国家统一法律职业资格考试一阶段计算机考试和二阶段纸质化考试,服务考生约2000人。",
        "text",
        None,
    ),
    # --- percentages --------------------------------------------------------------------------
    ("100%", NUMERIC, [n(100, "%")]),
    ("≥98%", NUMERIC, [n(98, "%", ">=")]),
    ("≥99.5%", NUMERIC, [n(99.5, "%", ">=")]),
    ("≤2%", NUMERIC, [n(2, "%", "<=")]),
    ("<1%", NUMERIC, [n(1, "%", "<")]),
    (">85%", NUMERIC, [n(85, "%", ">")]),
    ("=100%", NUMERIC, [n(100, "%", "=")]),
    ("90%及以上", NUMERIC, [n(90, "%", ">=")]),
    ("3%以下", NUMERIC, [n(3, "%", "<=")]),
    ("5%以内", NUMERIC, [n(5, "%", "<=")]),
    ("98%或以上", NUMERIC, [n(98, "%", ">=")]),
    ("不高于5%", NUMERIC, [n(5, "%", "<=")]),
    ("不超过3%", NUMERIC, [n(3, "%", "<=")]),
    ("大于等于95%", NUMERIC, [n(95, "%", ">=")]),
    ("小于或等于10%", NUMERIC, [n(10, "%", "<=")]),
    ("低于2%", NUMERIC, [n(2, "%", "<")]),
    ("高于80%", NUMERIC, [n(80, "%", ">")]),
    ("≥95%以上", NUMERIC, [n(95, "%", ">=")]),
    ("不低于95%(含)", NUMERIC, [n(95, "%", ">=")]),
    ("≤1‰", NUMERIC, [n(1, "‰", "<=")]),
    ("100.0%", NUMERIC, [n(100.0, "%")]),
    ("0%", NUMERIC, [n(0, "%")]),
    ("群众满意度≥90%", NUMERIC, [n(90, "%", ">=", "群众满意度")]),
    ("更新完成率达100%", NUMERIC, [n(100, "%", ">=", "更新完成率")]),
    ("覆盖率达到95%以上", NUMERIC, [n(95, "%", ">=", "覆盖率")]),
    ("完成率为100%", NUMERIC, [n(100, "%", "=", "完成率")]),
    ("验收合格率:100%", NUMERIC, [n(100, "%", "=", "验收合格率")]),
    ("提高5个百分点", NUMERIC, [n(5, "个百分点", "=", "提高")]),
    ("≥2个百分点", NUMERIC, [n(2, "个百分点", ">=")]),
    ("同比增长≥8%", NUMERIC, [n(8, "%", ">=", "同比增长")]),
    ("较上年下降10%以上", NUMERIC, [n(10, "%", ">=", "较上年下降")]),
    ("100%完成", NUMERIC, [n(100, "%")]),
    # --- counts with units --------------------------------------------------------------------
    ("1套", NUMERIC, [n(1, "套")]),
    ("300册", NUMERIC, [n(300, "册")]),
    ("500份", NUMERIC, [n(500, "份")]),
    ("10人次", NUMERIC, [n(10, "人次")]),
    ("≥100件", NUMERIC, [n(100, "件", ">=")]),
    ("≥400件", NUMERIC, [n(400, "件", ">=")]),
    ("2次", NUMERIC, [n(2, "次")]),
    ("≥4期", NUMERIC, [n(4, "期", ">=")]),
    ("12场次", NUMERIC, [n(12, "场次")]),
    ("≥30户", NUMERIC, [n(30, "户", ">=")]),
    ("15家", NUMERIC, [n(15, "家")]),
    ("6辆", NUMERIC, [n(6, "辆")]),
    ("2台", NUMERIC, [n(2, "台")]),
    ("8个", NUMERIC, [n(8, "个")]),
    ("3项", NUMERIC, [n(3, "项")]),
    ("20篇", NUMERIC, [n(20, "篇")]),
    ("0起", NUMERIC, [n(0, "起")]),
    ("安全事故0起", NUMERIC, [n(0, "起", "=", "安全事故")]),
    ("≥50名", NUMERIC, [n(50, "名", ">=")]),
    ("1200株", NUMERIC, [n(1200, "株")]),
    ("500亩", NUMERIC, [n(500, "亩")]),
    ("≥2000平方米", NUMERIC, [n(2000, "平方米", ">=")]),
    ("12.6公里", NUMERIC, [n(12.6, "公里")]),
    ("5座", NUMERIC, [n(5, "座")]),
    ("≥3个乡镇", NUMERIC, [n(3, "个乡镇", ">=")]),
    ("新建2所学校", NUMERIC, [n(2, "所学校", "=", "新建")]),
    ("评查70本卷宗", NUMERIC, [n(70, "本卷宗", "=", "评查")]),
    ("培训50名村医", NUMERIC, [n(50, "名村医", "=", "培训")]),
    ("1,600人", NUMERIC, [n(1600, "人")]),
    ("12,000册", NUMERIC, [n(12000, "册")]),
    ("90分以上", NUMERIC, [n(90, "分", ">=")]),
    ("≥85分", NUMERIC, [n(85, "分", ">=")]),
    ("4.5星", NUMERIC, [n(4.5, "星")]),
    ("3年", NUMERIC, [n(3, "年")]),
    ("12个月", NUMERIC, [n(12, "个月")]),
    ("≥0", NUMERIC, [n(0, None, ">=")]),
    ("95", NUMERIC, [n(95, None)]),
    ("安全事故发生率0", NUMERIC, [n(0, None, "=", "安全事故发生率")]),
    ("3倍", NUMERIC, [n(3, "倍")]),
    ("5G基站≥20个", NUMERIC, [n(20, "个", ">=", "5G基站")]),
    ("PM2.5年均浓度≤35μg/m³", NUMERIC, [n(35, "μg/m³", "<=", "PM2.5年均浓度")]),
    ("新建10kV线路5.2km", NUMERIC, [n(5.2, "km", "=", "新建10kV线路")]),
    # --- money and magnitude prefixes ---------------------------------------------------------
    ("63万元", NUMERIC, [t(None, "=", 63, None, "万元", 630000, "元")]),
    ("165万元", NUMERIC, [t(None, "=", 165, None, "万元", 1650000, "元")]),
    ("≤70.4万元", NUMERIC, [t(None, "<=", 70.4, None, "万元", 704000, "元")]),
    ("项目预算63万元", NUMERIC, [t("项目预算", "=", 63, None, "万元", 630000, "元")]),
    ("1.5亿元", NUMERIC, [t(None, "=", 1.5, None, "亿元", 150000000, "元")]),
    ("≥2.35亿元", NUMERIC, [t(None, ">=", 2.35, None, "亿元", 235000000, "元")]),
    ("5千元", NUMERIC, [t(None, "=", 5, None, "千元", 5000, "元")]),
    ("3百万元", NUMERIC, [t(None, "=", 3, None, "百万元", 3000000, "元")]),
    ("1.2千万元", NUMERIC, [t(None, "=", 1.2, None, "千万元", 12000000, "元")]),
    ("≥1.2万人次", NUMERIC, [t(None, ">=", 1.2, None, "万人次", 12000, "人次")]),
    ("2.5万亩", NUMERIC, [t(None, "=", 2.5, None, "万亩", 25000, "亩")]),
    ("≥1.2万", NUMERIC, [t(None, ">=", 1.2, None, "万", 12000, None)]),
    ("0.85万元", NUMERIC, [t(None, "=", 0.85, None, "万元", 8500, "元")]),
    ("1.23456万元", NUMERIC, [t(None, "=", 1.23456, None, "万元", 12345.6, "元")]),
    ("10.0万元", NUMERIC, [t(None, "=", 10.0, None, "万元", 100000, "元")]),
    ("1,600.00万元", NUMERIC, [t(None, "=", 1600.0, None, "万元", 16000000, "元")]),
    ("100万千瓦时", NUMERIC, [t(None, "=", 100, None, "万千瓦时", 1000000, "千瓦时")]),
    ("3千米", NUMERIC, [n(3, "千米")]),
    ("2.5千瓦时", NUMERIC, [n(2.5, "千瓦时")]),
    ("1200元", NUMERIC, [n(1200, "元")]),
    ("控制在100万元以内", NUMERIC, [t(None, "<=", 100, None, "万元", 1000000, "元")]),
    ("节约资金10万元", NUMERIC, [t("节约资金", "=", 10, None, "万元", 100000, "元")]),
    ("节约10万元", NUMERIC, [t("节约", "=", 10, None, "万元", 100000, "元")]),
    # --- time limits --------------------------------------------------------------------------
    ("≤5个工作日", NUMERIC, [n(5, "个工作日", "<=")]),
    ("5个工作日内", NUMERIC, [n(5, "个工作日", "<=")]),
    ("3个工作日内办结", NUMERIC, [n(3, "个工作日", "<=")]),
    ("30日内", NUMERIC, [n(30, "日", "<=")]),
    ("≤30天", NUMERIC, [n(30, "天", "<=")]),
    ("24小时", NUMERIC, [n(24, "小时")]),
    ("≤2小时", NUMERIC, [n(2, "小时", "<=")]),
    ("15分钟以内", NUMERIC, [n(15, "分钟", "<=")]),
    ("1年内", NUMERIC, [n(1, "年", "<=")]),
    ("不超过10个工作日", NUMERIC, [n(10, "个工作日", "<=")]),
    ("办结时限≤20个工作日", NUMERIC, [n(20, "个工作日", "<=", "办结时限")]),
    ("6个月以内", NUMERIC, [n(6, "个月", "<=")]),
    # --- comparator words ---------------------------------------------------------------------
    ("不少于12次", NUMERIC, [n(12, "次", ">=")]),
    ("不小于3次", NUMERIC, [n(3, "次", ">=")]),
    ("至少2次", NUMERIC, [n(2, "次", ">=")]),
    ("达到100%", NUMERIC, [n(100, "%", ">=")]),
    ("不多于5次", NUMERIC, [n(5, "次", "<=")]),
    ("不大于3%", NUMERIC, [n(3, "%", "<=")]),
    ("大于90%", NUMERIC, [n(90, "%", ">")]),
    ("超过50人", NUMERIC, [n(50, "人", ">")]),
    ("多于10家", NUMERIC, [n(10, "家", ">")]),
    ("小于5%", NUMERIC, [n(5, "%", "<")]),
    ("少于3次", NUMERIC, [n(3, "次", "<")]),
    ("等于100%", NUMERIC, [n(100, "%", "=")]),
    ("控制在5%以内", NUMERIC, [n(5, "%", "<=")]),
    ("达到5%以下", NUMERIC, [n(5, "%", "<=")]),
    ("每年不少于2次", NUMERIC, [n(2, "次", ">=", "每年")]),
    ("送达95%", NUMERIC, [n(95, "%", "=", "送达")]),
    ("≤5%以上", "text", None),
    # --- ranges -------------------------------------------------------------------------------
    ("5-10个工作日", NUMERIC, [t(None, "range", 5, 10, "个工作日", 5, "个工作日")]),
    ("3~5次", NUMERIC, [t(None, "range", 3, 5, "次", 3, "次")]),
    ("3～5次", NUMERIC, [t(None, "range", 3, 5, "次", 3, "次")]),
    ("3至5次", NUMERIC, [t(None, "range", 3, 5, "次", 3, "次")]),
    ("3—5次", NUMERIC, [t(None, "range", 3, 5, "次", 3, "次")]),
    ("5%～10%", NUMERIC, [t(None, "range", 5, 10, "%", 5, "%")]),
    ("85%-95%", NUMERIC, [t(None, "range", 85, 95, "%", 85, "%")]),
    ("1-2万元", NUMERIC, [t(None, "range", 1, 2, "万元", 10000, "元")]),
    ("3万-5万元", NUMERIC, [t(None, "range", 3, 5, "万元", 30000, "元")]),
    ("1.5-2.5万元", NUMERIC, [t(None, "range", 1.5, 2.5, "万元", 15000, "元")]),
    ("200人-300人", NUMERIC, [t(None, "range", 200, 300, "人", 200, "人")]),
    ("每期50~60人", NUMERIC, [t("每期", "range", 50, 60, "人", 50, "人")]),
    ("≥80%-90%", "text", None),
    ("3人-5次", "text", None),
    # --- approximate --------------------------------------------------------------------------
    ("约2000人", NUMERIC, [n(2000, "人", "~")]),
    ("大约300份", NUMERIC, [n(300, "份", "~")]),
    ("100人左右", NUMERIC, [n(100, "人", "~")]),
    ("500册(预计)", NUMERIC, [n(500, "册", "~")]),
    ("500册（预计）", NUMERIC, [n(500, "册", "~")]),
    ("服务考生约2000人", NUMERIC, [n(2000, "人", "~", "服务考生")]),
    ("约200人次(预计)", NUMERIC, [n(200, "人次", "~")]),
    ("约1.5万元", NUMERIC, [t(None, "~", 1.5, None, "万元", 15000, "元")]),
    # --- several terms, labels, separators ----------------------------------------------------
    ("200人,1次", NUMERIC, [n(200, "人"), n(1, "次")]),
    ("60人，1次", NUMERIC, [n(60, "人"), n(1, "次")]),
    (
        "听证会20场次、咨询会10场次",
        NUMERIC,
        [n(20, "场次", "=", "听证会"), n(10, "场次", "=", "咨询会")],
    ),
    (
        "听证会20场次、咨询会10场次、现场调查30场次",
        NUMERIC,
        [n(20, "场次", "=", "听证会"), n(10, "场次", "=", "咨询会"), n(30, "场次", "=", "现场调查")],
    ),
    ("合格率≥95%;优秀率≥90%", NUMERIC, [n(95, "%", ">=", "合格率"), n(90, "%", ">=", "优秀率")]),
    ("合格率≥95%；优秀率≥90%", NUMERIC, [n(95, "%", ">=", "合格率"), n(90, "%", ">=", "优秀率")]),
    ("合格率≥95%\n优秀率≥90%", NUMERIC, [n(95, "%", ">=", "合格率"), n(90, "%", ">=", "优秀率")]),
    ("≥95%且≤100%", NUMERIC, [n(95, "%", ">="), n(100, "%", "<=")]),
    ("培训2期和考核1次", NUMERIC, [n(2, "期", "=", "培训"), n(1, "次", "=", "考核")]),
    ("100件以上,结案率≥90%", NUMERIC, [n(100, "件", ">="), n(90, "%", ">=", "结案率")]),
    ("培训2期,每期50人", NUMERIC, [n(2, "期", "=", "培训"), n(50, "人", "=", "每期")]),
    ("1.合格率≥95%;2.优秀率≥90%", NUMERIC, [n(95, "%", ">=", "合格率"), n(90, "%", ">=", "优秀率")]),
    ("合格率：≥95%", NUMERIC, [n(95, "%", ">=", "合格率")]),
    ("群众满意度 ≥ 90%", NUMERIC, [n(90, "%", ">=", "群众满意度")]),
    ("≥90% ≥85%", NUMERIC, [n(90, "%", ">="), n(85, "%", ">=")]),
    ("文化、体育场馆开放率100%", NUMERIC, [n(100, "%", "=", "文化、体育场馆开放率")]),
    ("一次性补助1000元", NUMERIC, [n(1000, "元", "=", "一次性补助")]),
    # --- Chinese numerals ---------------------------------------------------------------------
    ("不少于十二次", NUMERIC, [n(12, "次", ">=")]),
    ("两次", NUMERIC, [n(2, "次")]),
    ("三十五人", NUMERIC, [n(35, "人")]),
    ("一百人", NUMERIC, [n(100, "人")]),
    ("一千二百册", NUMERIC, [n(1200, "册")]),
    ("一万人次", NUMERIC, [t(None, "=", 1, None, "万人次", 10000, "人次")]),
    ("一万", NUMERIC, [t(None, "=", 1, None, "万", 10000, None)]),
    ("三十万元", NUMERIC, [t(None, "=", 30, None, "万元", 300000, "元")]),
    ("十二次以上", NUMERIC, [n(12, "次", ">=")]),
    ("每季度一次", NUMERIC, [n(1, "次", "=", "每季度")]),
    ("三至五次", NUMERIC, [t(None, "range", 3, 5, "次", 3, "次")]),
    ("一年内", NUMERIC, [n(1, "年", "<=")]),
    ("两个", NUMERIC, [n(2, "个")]),
    ("统一规范管理", "qualitative", None),
    ("一站式服务", "qualitative", None),
    ("一次性完成", "qualitative", None),
    ("十三五规划落实", "qualitative", None),
    # --- full-width forms ---------------------------------------------------------------------
    ("１２.５％", NUMERIC, [n(12.5, "%")]),
    ("≥９５％", NUMERIC, [n(95, "%", ">=")]),
    ("＞＝90%", NUMERIC, [n(90, "%", ">=")]),
    ("＜＝3％", NUMERIC, [n(3, "%", "<=")]),
    ("≧90﹪", NUMERIC, [n(90, "%", ">=")]),
    ("≦5个工作日", NUMERIC, [n(5, "个工作日", "<=")]),
    ("＞80%", NUMERIC, [n(80, "%", ">")]),
    # --- comparators typed on Chinese keyboards (layouts.md) ----------------------------------
    ("》95%", NUMERIC, [n(95, "%", ">")]),
    ("》=95%", NUMERIC, [n(95, "%", ">=")]),
    ("〉 9个", NUMERIC, [n(9, "个", ">")]),
    ("《5%", NUMERIC, [n(5, "%", "<")]),
    ("《=3天", NUMERIC, [n(3, "天", "<=")]),
    ("合格率》98%", NUMERIC, [n(98, "%", ">", "合格率")]),
    ("＞=85%", NUMERIC, [n(85, "%", ">=")]),
    ("=>60分", NUMERIC, [n(60, "分", ">=")]),
    ("≥＝90%", NUMERIC, [n(90, "%", ">=")]),
    ("=<2次", NUMERIC, [n(2, "次", "<=")]),
    ("依据《条例》2021年版", "text", None),
    ("１，６００人", NUMERIC, [n(1600, "人")]),
    ("合格率：１００％", NUMERIC, [n(100, "%", "=", "合格率")]),
    # --- compound units -----------------------------------------------------------------------
    ("≥500元/人·月", NUMERIC, [n(500, "元/人·月", ">=")]),
    ("300元/人•月", NUMERIC, [n(300, "元/人·月")]),
    ("1次/年", NUMERIC, [n(1, "次/年")]),
    ("100人次/年", NUMERIC, [n(100, "人次/年")]),
    ("≤200元/人/月", NUMERIC, [n(200, "元/人/月", "<=")]),
    ("50元／平方米", NUMERIC, [n(50, "元/平方米")]),
    ("2次/季度", NUMERIC, [n(2, "次/季度")]),
    ("≤35万元/公里", NUMERIC, [t(None, "<=", 35, None, "万元/公里", 350000, "元/公里")]),
    # --- periods and deadlines ----------------------------------------------------------------
    ("2021年度", "period", p("2021-01-01", "2021-12-31")),
    ("2021年全年", "period", p("2021-01-01", "2021-12-31")),
    ("2021年12月", "period", p("2021-12-01", "2021-12-31")),
    ("2021年2月", "period", p("2021-02-01", "2021-02-28")),
    ("2024年2月", "period", p("2024-02-01", "2024-02-29")),
    ("2021.12", "period", p("2021-12-01", "2021-12-31")),
    ("2021.6", "period", p("2021-06-01", "2021-06-30")),
    ("2021年12月31日", "period", p("2021-12-31", "2021-12-31")),
    ("2021.12.31", "period", p("2021-12-31", "2021-12-31")),
    ("2021-12-31", "period", p("2021-12-31", "2021-12-31")),
    ("2021年12月底前完成", "period", p(None, "2021-12-31", "<=")),
    ("2021年12月31日前", "period", p(None, "2021-12-31", "<=")),
    ("2021年6月30日之前", "period", p(None, "2021-06-30", "<=")),
    ("2021年底前", "period", p(None, "2021-12-31", "<=")),
    ("2021年底", "period", p("2021-12-31", "2021-12-31")),
    ("2021年内完成", "period", p(None, "2021-12-31", "<=")),
    ("2023年2月底前", "period", p(None, "2023-02-28", "<=")),
    ("2021年上半年", "period", p("2021-01-01", "2021-06-30")),
    ("2021年下半年", "period", p("2021-07-01", "2021-12-31")),
    ("2021年第三季度", "period", p("2021-07-01", "2021-09-30")),
    ("2021年4季度", "period", p("2021-10-01", "2021-12-31")),
    ("2021年1-6月", "period", p("2021-01-01", "2021-06-30")),
    ("2021年3月至11月", "period", p("2021-03-01", "2021-11-30")),
    ("2021.1-2021.12", "period", p("2021-01-01", "2021-12-31")),
    ("2021年1月1日-2021年12月31日", "period", p("2021-01-01", "2021-12-31")),
    ("2021-2023年", "period", p("2021-01-01", "2023-12-31")),
    ("截至2021年12月31日", "period", p(None, "2021-12-31", "<=")),
    ("2021年11月下旬", "period", p("2021-11-21", "2021-11-30")),
    ("完成时间:2021年10月", "period", p("2021-10-01", "2021-10-31")),
    ("年底前", "period", p(None, None, "<=")),
    ("12月31日前", "period", p(None, None, "<=")),
    ("上半年", "period", p(None, None)),
    ("第三季度", "period", p(None, None)),
    ("2021年2月30日", "text", None),
    # --- qualitative --------------------------------------------------------------------------
    ("及时", "qualitative", None),
    ("按计划完成", "qualitative", None),
    ("明显提升", "qualitative", None),
    ("成效明显", "qualitative", None),
    ("满意", "qualitative", None),
    ("支出合规", "qualitative", None),
    ("符合国家标准", "qualitative", None),
    ("零投诉", "qualitative", None),
    ("不超过预算", "qualitative", None),
    ("≥上年水平", "qualitative", None),
    ("长期", "qualitative", None),
    # --- empty --------------------------------------------------------------------------------
    ("", "empty", None),
    ("   ", "empty", None),
    ("-", "empty", None),
    ("/", "empty", None),
    ("—", "empty", None),
    ("——", "empty", None),
    ("无", "empty", None),
    ("／", "empty", None),
    ("\u3000", "empty", None),
    # --- prose with digits --------------------------------------------------------------------
    ("2020年律师参与涉法涉诉值班200人次,参与案件10件", "text", None),
    ("评查70本卷宗,撰写通报", "text", None),
    ("开展3次培训活动", "text", None),
    ("≥95%（抽样调查）", "text", None),
    ("1:1", "text", None),
    ("±5%", "text", None),
    ("完成2021年度工作任务", "text", None),
    ("按照GB3095-2012二级标准执行", "text", None),
    ("≥4.5分(满分5分)", "text", None),
    ("60人1次", "text", None),
    ("2021年完成率100%", "text", None),
    ("培训100人次,提高业务能力", "text", None),
]


def _typed(value: Any) -> Any:
    """A number with its type, so that ``60`` and ``60.0`` compare different."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (type(value).__name__, value)
    return value


def _term_rows(value: Value) -> list[tuple[Any, ...]]:
    return [
        tuple(
            _typed(x)
            for x in (
                term.label, term.op, term.value, term.upper, term.unit, term.base_value, term.base_unit
            )
        )
        for term in value.terms
    ]


def _as_date(text: Optional[str]) -> Optional[date]:
    return date.fromisoformat(text) if text else None


def test_table_is_large_and_distinct() -> None:
    raws = [raw for raw, _, _ in CASES]
    assert len(raws) >= 170
    assert len(set(raws)) == len(raws)


@pytest.mark.parametrize(("raw", "kind", "expected"), CASES, ids=[c[0] or "<blank>" for c in CASES])
def test_parse_value(raw: str, kind: str, expected: Any) -> None:
    value = parse_value(raw)
    assert value.raw == raw
    assert value.kind == kind
    if kind == NUMERIC:
        assert _term_rows(value) == [tuple(_typed(x) for x in row) for row in expected]
        assert value.period is None
    elif kind == "period":
        start, end, op = expected
        assert value.period is not None
        assert (value.period.start, value.period.end, value.period.op) == (
            _as_date(start),
            _as_date(end),
            op,
        )
        assert value.terms == []
    else:
        assert value.terms == []
        assert value.period is None


YEAR_CASES: list[tuple[str, PeriodRow]] = [
    ("年底前", p(None, "2021-12-31", "<=")),
    ("年内", p(None, "2021-12-31", "<=")),
    ("12月31日前", p(None, "2021-12-31", "<=")),
    ("6月底前", p(None, "2021-06-30", "<=")),
    ("上半年", p("2021-01-01", "2021-06-30")),
    ("第三季度", p("2021-07-01", "2021-09-30")),
    ("三季度", p("2021-07-01", "2021-09-30")),
    ("1-12月", p("2021-01-01", "2021-12-31")),
    ("10月", p("2021-10-01", "2021-10-31")),
    ("当年", p("2021-01-01", "2021-12-31")),
    ("次年3月底前", p(None, "2022-03-31", "<=")),
    ("2022年6月底前", p(None, "2022-06-30", "<=")),  # a written year wins over year=
]


@pytest.mark.parametrize(("raw", "expected"), YEAR_CASES, ids=[c[0] for c in YEAR_CASES])
def test_period_takes_the_form_year(raw: str, expected: PeriodRow) -> None:
    value = parse_value(raw, year=2021)
    start, end, op = expected
    assert value.kind == "period"
    assert value.period is not None
    assert (value.period.start, value.period.end, value.period.op) == (
        _as_date(start),
        _as_date(end),
        op,
    )


def test_year_does_not_change_numeric_targets() -> None:
    assert parse_value("≥90%", year=2021) == parse_value("≥90%")


def test_value_serialises_to_the_contract_json() -> None:
    dumped = parse_value("60人,1次").model_dump(mode="json")
    assert dumped == {
        "raw": "60人,1次",
        "kind": "numeric",
        "terms": [
            {"label": None, "op": "=", "value": 60, "upper": None, "unit": "人",
             "base_value": 60, "base_unit": "人"},
            {"label": None, "op": "=", "value": 1, "upper": None, "unit": "次",
             "base_value": 1, "base_unit": "次"},
        ],
        "period": None,
    }
    period = parse_value("2022年6月底前").model_dump(mode="json")["period"]
    assert period == {"start": None, "end": "2022-06-30", "op": "<="}
