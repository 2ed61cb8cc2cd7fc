"""Forms across pages: continuation pages, carried labels, split rows, false forms.

Each test draws small synthetic pages (tests/synth.py) and runs the real stages
page → rows → forms → records on them.
"""

from __future__ import annotations

import pytest
from synth import Drawn, draw_table, page, text_at

from jixiao.extract.layout.rows import page_to_rows
from jixiao.extract.forms.build import rows_to_forms
from jixiao.extract.forms.record import form_to_record
from jixiao.schemas import FormRecord, Source

W5 = [90, 80, 120, 200, 110]
IND_HEADER = ["绩效指标", "一级指标", "二级指标", "三级指标", "本年度指标值"]


def records(*pages) -> list[FormRecord]:
    source = Source(path="t.pdf", sha256="0" * 64, pages=[], method="text")
    drafts = rows_to_forms(page_to_rows(p) for p in pages)
    return [form_to_record(d, k, source) for k, d in enumerate(drafts, start=1)]


def title(d: Drawn, top: float, text: str = "项目支出预算绩效目标表", year: str = "(2021年度)") -> float:
    text_at(d, text, 150, top, size=14)
    text_at(d, year, 250, top + 22)
    return top + 50


def header(d: Drawn, top: float, name: str, unit: str = "本级", total: str = "70.4") -> float:
    return draw_table(
        d,
        [
            ["项目名称", name, "<", "<", "<"],
            ["实施单位", unit, "<", "<", "<"],
            ["项目属性", "经常性项目", "<", "<", "<"],
            ["项目资金(万元)", "年度资金总额:", "<", total, "<"],
            ["^", "其中:财政拨款", "<", "14.4", "<"],
            ["^", "其他资金", "<", "56.0", "<"],
            ["年度目标", "", "<", "<", "<"],
            ["完成工作目标", "<", "<", "<", "<"],
        ],
        W5,
        top,
    )


def name_row(d: Drawn, top: float, name: str) -> float:
    return draw_table(d, [["项目名称", name, "<", "<", "<"]], W5, top)


def test_continuation_page_repeating_title_and_name_is_one_form() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "办案业务费")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "培训班", "60人,1次"], ["^", "^", "^", "帮教活动", "10人次"]], W5, y)
    p2 = Drawn()
    y = name_row(p2, title(p2, 40), "办案业务费")
    draw_table(p2, [["绩效指标", "", "质量指标", "指导工作", "高质量完成"], ["^", "效益指标", "社会效益指标", "维护稳定", "成效明显"]], W5, y)
    [rec] = records(page(1, p1), page(2, p2))
    assert rec.source.pages == [1, 2]
    assert rec.project_name == "办案业务费" and rec.implementing_unit == "本级"
    assert rec.funds.total == 70.4 and rec.funds.fiscal == 14.4 and rec.funds.other == 56.0
    assert rec.funds.raw == {"年度资金总额": "70.4", "其中:财政拨款": "14.4", "其他资金": "56.0"}
    assert rec.goal == "完成工作目标"
    rows = [(i.level1, i.level2, i.name, i.target, i.page) for i in rec.indicators]
    assert rows == [
        ("产出指标", "数量指标", "培训班", "60人,1次", 1),
        ("产出指标", "数量指标", "帮教活动", "10人次", 1),
        ("产出指标", "质量指标", "指导工作", "高质量完成", 2),
        ("效益指标", "社会效益指标", "维护稳定", "成效明显", 2),
    ]
    assert rec.issues == []


def test_continuation_page_with_only_indicator_rows() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "法律援助")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "办案数量", "≥400件"]], W5, y)
    p2 = Drawn()
    draw_table(p2, [["", "", "", "覆盖率", "≥100%"], ["^", "满意度指标", "服务对象满意度指标", "满意度", "95%"]], W5, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert [(i.level1, i.level2, i.name, i.page) for i in rec.indicators] == [
        ("产出指标", "数量指标", "办案数量", 1),
        ("产出指标", "数量指标", "覆盖率", 2),
        ("满意度指标", "服务对象满意度指标", "满意度", 2),
    ]
    assert rec.source.pages == [1, 2]


def test_next_project_starts_a_new_form() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "甲项目")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    p2 = Drawn()
    y = header(p2, title(p2, 40), "乙项目", unit="乙单位")
    draw_table(p2, [IND_HEADER, ["^", "产出指标", "数量指标", "乙指标", "2次"]], W5, y)
    first, second = records(page(1, p1), page(2, p2))
    assert (first.project_name, first.source.pages, [i.name for i in first.indicators]) == ("甲项目", [1], ["甲指标"])
    assert (second.project_name, second.source.pages, second.implementing_unit) == ("乙项目", [2], "乙单位")
    assert second.id.endswith(":2")


def test_two_forms_on_one_page_and_a_form_starting_mid_page() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 20), "甲项目")
    y = draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    y = header(p1, title(p1, y + 10), "乙项目", unit="乙单位")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "质量指标", "乙指标", "100%"]], W5, y)
    p2 = Drawn()
    draw_table(p2, [["", "效益指标", "社会效益指标", "乙效益", "明显"]], W5, 40)
    first, second = records(page(1, p1), page(2, p2))
    assert first.source.pages == [1] and second.source.pages == [1, 2]
    assert [i.name for i in second.indicators] == ["乙指标", "乙效益"]


def test_row_split_across_pages_is_joined() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "公证成本支出")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "公证服务器及数据", "1项"]], W5, y)
    p2 = Drawn()
    draw_table(p2, [["", "", "", "建设", ""], ["^", "^", "^", "机房空调", "5台"]], W5, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert [(i.name, i.target, i.page) for i in rec.indicators] == [("公证服务器及数据建设", "1项", 1), ("机房空调", "5台", 2)]


def test_other_table_after_the_last_form_is_not_read_as_rows() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "办案业务费")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "培训", "1次"]], W5, y)
    p2 = Drawn()
    text_at(p2, "2021年部门收支总表", 200, 40, size=14)
    draw_table(p2, [["项目", "预算数", "项目", "预算数"], ["一般公共预算", "100", "一般公共服务", "90"]], [120, 80, 120, 80], 80)
    [rec] = records(page(1, p1), page(2, p2))
    assert [i.name for i in rec.indicators] == ["培训"] and rec.source.pages == [1]


def test_project_list_table_is_not_a_form() -> None:
    p1 = Drawn()
    text_at(p1, "项目支出表", 200, 40, size=14)
    draw_table(p1, [["项目名称", "金额", "备注"], ["办案业务费", "70.4", ""]], [200, 80, 80], 80)
    assert records(page(1, p1)) == []


def test_title_without_a_form_is_not_a_form() -> None:
    p1 = Drawn()
    text_at(p1, "项目支出绩效目标表", 200, 40, size=14)
    text_at(p1, "本部门按要求编制了绩效目标。", 60, 80)
    assert records(page(1, p1)) == []


def test_same_project_name_with_a_different_header_is_a_new_form() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "运行经费", unit="甲单位")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲", "1次"]], W5, y)
    p2 = Drawn()
    y = header(p2, title(p2, 40), "运行经费", unit="乙单位")
    draw_table(p2, [IND_HEADER, ["^", "产出指标", "数量指标", "乙", "2次"]], W5, y)
    assert [r.implementing_unit for r in records(page(1, p1), page(2, p2))] == ["甲单位", "乙单位"]


@pytest.mark.parametrize(
    "labels, order",
    [
        (("指标性质", "指标值", "度量单位"), (0, 1, 2)),
        # Beijing 预算表12
        (("绩效指标性质", "本年绩效指标值", "绩效度量单位"), (0, 1, 2)),
        # Chongqing 表十二
        (("指标性质", "指标值", "计量单位"), (0, 1, 2)),
        # Changsha: the comparator column printed after the unit, beside a 指标值内容 column
        (("指标值类型", "指标值", "度量单位"), (1, 2, 0)),
    ],
)
def test_target_split_into_nature_value_unit_columns(labels: tuple[str, str, str], order: tuple[int, int, int]) -> None:
    def cells(row: list[str]) -> list[str]:
        return [row[k] for k in order]

    p1 = Drawn()
    y = header(p1, title(p1, 40), "法治宣传")
    draw_table(
        p1,
        [
            ["一级指标", "二级指标", "三级指标", *cells(list(labels)), "权重"],
            ["产出指标", "数量指标", "印制文本", *cells(["≥", "500", "份"]), "10"],
            ["^", "质量指标", "合格率", *cells(["=", "100", "%"]), "10"],
            ["^", "时效指标", "完成时间", *cells(["≤", "5", "个工作日"]), "10"],
            ["满意度指标", "满意度", "群众满意度", *cells(["定性", "高", ""]), "10"],
        ],
        [60, 60, 120, 80, 90, 80, 40],
        y,
    )
    [rec] = records(page(1, p1))
    assert [(i.target, i.extra) for i in rec.indicators] == [
        ("≥500份", {"权重": "10"}),
        ("100%", {"权重": "10"}),
        ("≤5个工作日", {"权重": "10"}),
        ("高", {"权重": "10"}),
    ]
    assert [(t.op, t.value, t.unit) for t in rec.indicators[0].value.terms] == [(">=", 500, "份")]


def test_two_line_table_header() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "法治宣传")
    draw_table(
        p1,
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "<", "<"],
            ["^", "^", "^", "指标性质", "指标值", "度量单位"],
            ["产出指标", "数量指标", "印制文本", "≤", "5", "个工作日"],
        ],
        [60, 60, 160, 50, 60, 60],
        y,
    )
    [rec] = records(page(1, p1))
    assert [(i.name, i.target) for i in rec.indicators] == [("印制文本", "≤5个工作日")]


def test_funds_printed_as_column_headers_over_amounts() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(
        p1,
        [
            ["项目名称", "信息化建设", "<", "<"],
            ["主管部门及代码", "[042]六安市司法局", "实施单位", "本级"],
            ["项目资金(万元)", "年度资金总额", "财政拨款", "其他资金"],
            ["^", "155.0", "20.0", "135.0"],
            ["年度目标", "保障运转", "<", "<"],
        ],
        [100, 140, 100, 100],
        y,
    )
    draw_table(p1, [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "设备", "5台"]], [100, 140, 100, 100], y + 20)
    [rec] = records(page(1, p1))
    assert rec.department == "六安市司法局" and rec.implementing_unit == "本级"
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (155.0, 20.0, 135.0)
    assert rec.goal == "保障运转"


def test_funds_groups_over_sum_sub_columns() -> None:
    # Beijing 预算13表: 财政拨款 and 其他资金 each over 合计 | 基本支出 | 项目支出; the group's
    # amount is the one under its 合计.
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(
        p1,
        [
            ["部门名称", "北京市甲局", "<", "<", "<", "<", "<", "<"],
            ["总体资金情况（万元）", "预算支出总额", "财政拨款", "<", "<", "其他资金", "<", "<"],
            ["^", "^", "合计", "基本支出", "项目支出", "合计", "基本支出", "项目支出"],
            ["^", "30.5", "20.5", "15.0", "5.5", "10.0", "10.0", ""],
            ["年度目标", "保障运转", "<", "<", "<", "<", "<", "<"],
        ],
        [110, 70, 50, 50, 50, 50, 50, 50],
        y,
    )
    draw_table(p1, [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "设备", "5台"]], [100, 140, 100, 100], y + 20)
    [rec] = records(page(1, p1))
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (30.5, 20.5, 10.0)
    assert rec.goal == "保障运转"


def test_funds_that_do_not_add_up_are_an_issue() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "办案业务费", total="80.0")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "培训", "1次"]], W5, y)
    [rec] = records(page(1, p1))
    assert [i.code for i in rec.issues] == ["funds-mismatch"]


def test_label_of_merged_cell_printed_only_after_the_page_break() -> None:
    """Calc prints a merged cell's label in the part of the cell on the next page."""
    p1 = Drawn()
    y = header(p1, title(p1, 40), "公共卫生")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "成本指标", "人均经费", "84元"], ["^", "", "", "差距", "不断缩小"]], W5, y)
    p2 = Drawn()
    draw_table(p2, [["绩效指标", "效益指标", "社会效益指标", "健康素养", "≥25%"]], W5, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert [(i.level1, i.level2, i.name) for i in rec.indicators] == [
        ("产出指标", "成本指标", "人均经费"),
        ("效益指标", "社会效益指标", "差距"),
        ("效益指标", "社会效益指标", "健康素养"),
    ]


def test_indicator_named_like_a_header_label_stays_an_indicator() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "公共文化")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "时效指标", "项目资金拨付及时率", "100%"]], W5, y)
    [rec] = records(page(1, p1))
    assert [(i.name, i.target) for i in rec.indicators] == [("项目资金拨付及时率", "100%")]


def _two_forms(name1: str, name2: str) -> list[FormRecord]:
    p1 = Drawn()
    y = header(p1, title(p1, 40), name1)
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "培训班", "60人"]], W5, y)
    p2 = Drawn()
    y = header(p2, title(p2, 40), name2)
    draw_table(p2, [IND_HEADER, ["^", "产出指标", "数量指标", "帮教", "10人次"]], W5, y)
    return records(page(1, p1), page(2, p2))


def test_projects_differing_only_in_brackets_are_two_forms() -> None:
    assert [r.project_name for r in _two_forms("农村公路建设（一期）", "农村公路建设（二期）")] == [
        "农村公路建设（一期）",
        "农村公路建设（二期）",
    ]
    [same] = _two_forms("办案业务费", "办案 业务费")
    assert len(same.indicators) == 2


def test_header_printed_as_free_text_lines_starts_new_forms() -> None:
    def form_page(number: int, name: str) -> object:
        d = Drawn()
        y = title(d, 40)
        text_at(d, "项目名称：" + name, 40, y)
        text_at(d, "主管部门：司法局", 320, y)
        draw_table(d, [IND_HEADER, ["^", "产出指标", "数量指标", "培训" + name, "60人"]], W5, y + 30)
        return page(number, d)

    assert [(r.project_name, r.department, len(r.indicators)) for r in records(form_page(1, "甲项目"), form_page(2, "乙项目"))] == [
        ("甲项目", "司法局", 1),
        ("乙项目", "司法局", 1),
    ]


def test_header_starting_with_the_department_keeps_the_title() -> None:
    p1 = Drawn()
    y = draw_table(p1, [["主管部门及代码", "[042]司法局", "<", "<", "<"], ["项目名称", "甲项目", "<", "<", "<"]], W5, title(p1, 40))
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "培训", "1次"]], W5, y)
    [rec] = records(page(1, p1))
    assert (rec.title, rec.year, rec.department, rec.project_name) == ("项目支出预算绩效目标表", 2021, "司法局", "甲项目")


def test_indicator_named_like_a_header_field_inside_the_table() -> None:
    p1 = Drawn()
    y = header(p1, title(p1, 40), "办案业务费")
    draw_table(
        p1,
        [IND_HEADER, ["^", "产出指标", "时效指标", "完成时间", "12月"], ["^", "^", "^", "项目周期", "1年"], ["^", "^", "^", "负责人", "专人"]],
        W5,
        y,
    )
    [rec] = records(page(1, p1))
    assert [(i.name, i.target) for i in rec.indicators] == [("完成时间", "12月"), ("项目周期", "1年"), ("负责人", "专人")]
    assert rec.fields == {}


def test_value_and_unit_cells_under_one_target_header() -> None:
    widths = [90, 80, 100, 160, 70, 60]
    p1 = Drawn()
    y = header(p1, title(p1, 40), "甲项目")
    draw_table(
        p1,
        [["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "<"], ["^", "产出指标", "数量指标", "培训人数", "≥60", "人"], ["^", "^", "质量指标", "合格率", "95", "%"]],
        widths,
        y,
    )
    [rec] = records(page(1, p1))
    assert [(i.name, i.target) for i in rec.indicators] == [("培训人数", "≥60人"), ("合格率", "95%")]


def _header_first_page(number: int, name: str, with_title: bool):
    """A browser print: the indicator column header (<thead>) is the table's first row, above
    项目名称, and repeats on every page; one project per page."""
    d = Drawn()
    if with_title:
        text_at(d, "项目支出绩效目标表", 150, 30, size=14)
    draw_table(
        d,
        [
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["项目名称", name, "<", "<"],
            ["年度目标", f"完成{name}任务", "<", "<"],
            ["产出指标", "数量指标", f"{name}数量", "10个"],
            ["^", "质量指标", f"{name}质量", "100%"],
            ["效益指标", "社会效益指标", f"{name}效益", "提升"],
        ],
        [100, 100, 200, 120],
        70,
    )
    return page(number, d)


@pytest.mark.parametrize("titles_on_every_page", [True, False])
def test_header_first_tables_give_one_form_per_project(titles_on_every_page: bool) -> None:
    names = ["甲项目", "乙项目", "丙项目"]
    pages = [_header_first_page(k + 1, n, k == 0 or titles_on_every_page) for k, n in enumerate(names)]
    got = records(*pages)
    assert [(r.project_name, r.source.pages, [i.name for i in r.indicators]) for r in got] == [
        (n, [k + 1], [f"{n}数量", f"{n}质量", f"{n}效益"]) for k, n in enumerate(names)
    ]
    assert all(r.goal == f"完成{r.project_name}任务" for r in got)


def test_stacked_forms_in_one_frame_split_at_the_next_title() -> None:
    """Shanghai: several forms stacked on one page in one ruled frame; the next form's title and
    year line are rows of the table, never indicators of the form above."""
    def form(name: str) -> list[list[str]]:
        return [
            ["财政项目支出绩效目标填报表", "<", "<", "<"],
            ["（2023年度）", "<", "<", "<"],
            ["项目名称", name, "<", "<"],
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "数量指标", f"{name}数量", "10个"],
            ["效益指标", "社会效益指标", f"{name}效益", "提升"],
        ]

    d = Drawn()
    draw_table(d, form("甲项目") + form("乙项目"), [100, 100, 200, 120], 40)
    got = records(page(1, d))
    assert [(r.project_name, r.year, [i.name for i in r.indicators]) for r in got] == [
        ("甲项目", 2023, ["甲项目数量", "甲项目效益"]),
        ("乙项目", 2023, ["乙项目数量", "乙项目效益"]),
    ]
def _header_form(rows: list[list[str]]) -> FormRecord:
    p1 = Drawn()
    y = draw_table(p1, rows, [90, 110, 90, 110], title(p1, 40))
    draw_table(p1, [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "改造户数", "≥225户"]], [90, 110, 90, 110], y)
    [rec] = records(page(1, p1))
    return rec


def test_values_stop_at_the_next_printed_label() -> None:
    """Xi'an 表16 / Quanzhou 部门整体: 实施期限 and 部门预算编码 are labels, not part of the
    department; 实施期 funds and goal beside the 年度 ones go to fields."""
    rec = _header_form(
        [
            ["项目名称", "农村危房改造补助资金", "<", "<"],
            ["主管部门", "西安市住房和城乡建设局", "实施期限", "1年"],
            ["实施期资金总额：", "818.75", "年度资金总额：", "500.00"],
            ["其中：财政拨款", "800.00", "其中：财政拨款", "480.00"],
            ["其他资金", "18.75", "其他资金", "20.00"],
            ["实施期总目标", "<", "年度目标", "<"],
            ["三年完成改造", "<", "完成本年改造", "<"],
        ]
    )
    assert rec.department == "西安市住房和城乡建设局"
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (500.0, 480.0, 20.0)
    assert rec.goal == "完成本年改造"
    assert rec.fields == {
        "实施期限": "1年",
        "实施期资金总额": "818.75",
        "实施期财政拨款": "800.00",
        "实施期其他资金": "18.75",
        "实施期总目标": "三年完成改造",
    }


def test_unknown_funds_part_after_an_amount_is_a_label() -> None:
    """Chongqing 表十一: 当年预算 | amount | 市级支出 | amount."""
    rec = _header_form(
        [
            ["项目名称", "水库移民后期扶持", "主管部门", "重庆市水利局"],
            ["当年预算", "12,700.00", "市级支出", ""],
            ["^", "^", "补助区县", "12,700.00"],
            ["项目实施期目标", "支持实施项目不少于86个", "<", "<"],
        ]
    )
    assert rec.funds.total == 12700.0
    assert rec.funds.raw == {"当年预算": "12,700.00", "市级支出": "", "补助区县": "12,700.00"}
    assert rec.goal == "支持实施项目不少于86个"
    assert rec.fields == {}


def test_department_code_label_is_not_in_the_department() -> None:
    rec = _header_form([["部门名称", "泉州市公安局", "部门预算编码", "301"], ["资金总额", "81562.56", "<", "<"]])
    assert rec.department == "泉州市公安局"
    assert rec.fields == {"部门预算编码": "301"}


def test_title_wrapped_over_two_lines_names_the_project() -> None:
    """Quanzhou: no 项目名称 row; the title, wrapped over two lines, carries unit and name."""
    p1 = Drawn()
    text_at(p1, "301007_泉州市公安局晋江国际机场分局_机场公安综", 100, 40, size=14)
    text_at(p1, "合修缮改造项目绩效目标表", 205, 58, size=14)
    y = draw_table(p1, [["资金总额：", "57.00"], ["项目实施期目标", "完成改造"]], [150, 250], 90)
    draw_table(p1, [["一级指标", "二级指标", "三级指标", "目标值"], ["产出指标", "数量指标", "改造面积", "100%"]], [100, 100, 100, 100], y)
    [rec] = records(page(1, p1))
    assert rec.title == "301007_泉州市公安局晋江国际机场分局_机场公安综合修缮改造项目绩效目标表"
    assert (rec.project_name, rec.implementing_unit) == ("机场公安综合修缮改造", "泉州市公安局晋江国际机场分局")
    assert "name-from-title" in [i.code for i in rec.issues]
    assert rec.goal == "完成改造"


@pytest.mark.parametrize(
    "unit_line, label, total",
    [
        ("单位：元", "项目资金", 410.0),
        (None, "项目资金（元）", 410.0),
        ("单位：万元", "项目资金", 4100000.0),
    ],
)
def test_amounts_in_yuan_are_converted(unit_line: str | None, label: str, total: float) -> None:
    p1 = Drawn()
    y = title(p1, 40)
    if unit_line:
        text_at(p1, unit_line, 400, y - 12)
    y = draw_table(
        p1,
        [
            ["项目名称", "11000024T000002830551-统计监测分析", "<"],
            [label, "年度资金总额", "4,100,000.00"],
            ["^", "其中:财政拨款", "4,100,000.00"],
            ["年度目标", "完成监测", "<"],
        ],
        [100, 150, 150],
        y + 6,
    )
    draw_table(p1, [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "报告", "4份"]], [100, 100, 100, 100], y)
    [rec] = records(page(1, p1))
    assert (rec.funds.total, rec.funds.fiscal) == (total, total)
    assert ("funds-unit" in [i.code for i in rec.issues]) == (total > 1_000_000)
    assert rec.funds.raw["年度资金总额"] == "4,100,000.00"
    assert (rec.project_name, rec.fields.get("项目代码")) == ("统计监测分析", "11000024T000002830551")


@pytest.mark.parametrize(
    "rows, department, implementing",
    [
        # Changsha: 单位名称 with the project (no 主管部门 printed) is its department (TRUTH.md).
        ([["项目名称", "民警训练经费", "单位名称", "长沙市公安局"], ["资金总额", "81.00", "<", "<"]], "长沙市公安局", None),
        # Beside a printed 主管部门, 单位名称 is the unit carrying the project out.
        (
            [["项目名称", "民警训练经费", "<", "<"], ["主管部门", "长沙市公安局", "单位名称", "长沙市公安局警训处"], ["资金总额", "81.00", "<", "<"]],
            "长沙市公安局",
            "长沙市公安局警训处",
        ),
    ],
)
def test_unit_name_of_a_project_form(rows: list[list[str]], department: str, implementing: str | None) -> None:
    rec = _header_form(rows)
    assert (rec.department, rec.implementing_unit) == (department, implementing)


def test_form_without_a_title_takes_the_series_heading() -> None:
    """Xi'an 表14: the series heading is printed once, above the first table; the next
    tables print none and take its title and year, saying so."""
    p1 = Drawn()
    y = header(p1, title(p1, 40, "2020年部门专项业务经费重点项目绩效目标表", year=""), "甲项目")
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    p2 = Drawn()
    y = header(p2, 40, "乙项目", unit="乙单位")
    draw_table(p2, [IND_HEADER, ["^", "产出指标", "数量指标", "乙指标", "2次"]], W5, y)
    first, second = records(page(1, p1), page(2, p2))
    assert (first.title, first.year) == ("2020年部门专项业务经费重点项目绩效目标表", 2020)
    assert "title-missing" not in [i.code for i in first.issues]
    assert (second.project_name, second.title, second.year) == ("乙项目", first.title, 2020)
    assert "title-missing" in [i.code for i in second.issues]


def test_name_label_fused_with_its_value_starts_a_new_form() -> None:
    """Xi'an p61: ``专项（项目）名称伯乐奖`` printed in one cell names the next project."""
    p1 = Drawn()
    y = header(p1, title(p1, 40), "甲项目")
    y = draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    y = draw_table(p1, [["专项（项目）名称乙项目", "<", "<", "<", "<"], ["年度目标", "乙目标", "<", "<", "<"]], W5, y + 20)
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "乙指标", "2次"]], W5, y)
    first, second = records(page(1, p1))
    assert (first.project_name, [i.name for i in first.indicators]) == ("甲项目", ["甲指标"])
    assert (second.project_name, second.goal, [i.name for i in second.indicators]) == ("乙项目", "乙目标", ["乙指标"])


@pytest.mark.parametrize("glyphs, goal", [("总体目标", "保障大厦运转"), ("甲乙丙丁", None)])
def test_label_stacked_one_glyph_per_row(glyphs: str, goal: str | None) -> None:
    """Xi'an 表14: 总 / 体 / 目 / 标 printed one glyph per grid row beside one merged value
    cell is the label 总体目标; glyphs that make no label stay as printed."""
    p1 = Drawn()
    y = draw_table(p1, [["项目名称", "甲项目", "<", "<", "<"]], W5, title(p1, 40))
    stacked = [[glyphs[0], "保障大厦运转", "<", "<", "<"]] + [[g, "^", "^", "^", "^"] for g in glyphs[1:]]
    y = draw_table(p1, stacked, W5, y)
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    [rec] = records(page(1, p1))
    assert (rec.project_name, rec.goal, [i.name for i in rec.indicators]) == ("甲项目", goal, ["甲指标"])


@pytest.mark.parametrize("widths, inherited", [(W5, True), ([90, 100, 110, 200, 100], False)])
def test_table_without_its_column_header_takes_the_previous_forms_columns(widths: list[float], inherited: bool) -> None:
    """Xi'an p63: the next project's grid is printed without its header row; its cells stand
    on the previous form's column edges, so its rows are read with those columns (and say so).
    A grid whose cells stand elsewhere is not."""
    p1 = Drawn()
    y = header(p1, title(p1, 40), "甲项目")
    y = draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "甲指标", "1次"]], W5, y)
    y = draw_table(p1, [["项目名称", "乙项目", "<", "<", "<"], ["年度目标", "乙目标", "<", "<", "<"]], W5, y + 20)
    draw_table(p1, [["绩效指标", "产出指标", "数量指标", "乙指标", "2次"], ["^", "^", "质量指标", "丙指标", "100%"]], widths, y)
    records_ = records(page(1, p1))
    names = [[i.name for i in r.indicators] for r in records_]
    if inherited:
        assert names == [["甲指标"], ["乙指标", "丙指标"]]
        assert records_[1].indicators[1].target == "100%"
        assert "columns-inherited" in [i.code for i in records_[1].issues]
    else:
        assert names[0] == ["甲指标"] and (len(names) == 1 or names[1] != ["乙指标", "丙指标"])
