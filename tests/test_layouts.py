"""Layout variants on synthetic pages: department forms, two indicator tables, header values
cut by a page break, tick boxes, other funds labels."""

from __future__ import annotations

import pytest

from synth import Drawn, draw_table, page, text_at
from test_stitch import IND_HEADER, W5, records, title

from jixiao.extract.forms.record import ticked_option, strip_code


def test_department_form_with_task_table() -> None:
    p1 = Drawn()
    y = title(p1, 40, text="部门（单位）整体支出绩效目标表")
    y = draw_table(
        p1,
        [
            ["部门（单位）名称", "[305]云溪县教育局", "<", "<", "<", "<"],
            ["年度主要任务", "任务名称", "主要内容", "预算金额（万元）", "<", "<"],
            ["^", "^", "^", "总额", "财政拨款", "其他资金"],
            ["^", "义务教育保障", "保障运转", "300", "250", "50"],
            ["^", "学生资助", "发放补助", "200", "200", "0"],
            ["^", "金额合计", "", "500", "450", "50"],
            ["年度总体目标", "保障全县义务教育均衡发展", "<", "<", "<", "<"],
        ],
        [100, 100, 100, 60, 60, 60],
        y,
    )
    draw_table(p1, [["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "<"], ["^", "产出指标", "数量指标", "资助学生", "≥1200人次", "<"]], [100, 100, 100, 60, 60, 60], y + 20)
    [rec] = records(page(1, p1))
    assert rec.kind == "department" and rec.department == "云溪县教育局"
    assert [(t.name, t.content, t.amounts) for t in rec.tasks] == [
        ("义务教育保障", "保障运转", {"总额": "300", "财政拨款": "250", "其他资金": "50"}),
        ("学生资助", "发放补助", {"总额": "200", "财政拨款": "200", "其他资金": "0"}),
    ]
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (500.0, 450.0, 50.0)
    assert rec.goal == "保障全县义务教育均衡发展"
    assert [(i.name, i.target) for i in rec.indicators] == [("资助学生", "≥1200人次")]
    assert rec.issues == []


def test_two_indicator_tables_say_which_grid_a_row_is_in() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(p1, [["项目名称", "智慧校园", "<", "<", "<"], ["实施单位", "教育局", "<", "<", "<"]], W5, y)
    y = draw_table(p1, [["长期绩效指标", "一级指标", "二级指标", "三级指标", "指标值"], ["^", "产出指标", "数量指标", "覆盖学校", "30所"]], W5, y + 10)
    draw_table(p1, [["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"], ["^", "产出指标", "数量指标", "新建教室", "12间"]], W5, y + 10)
    [rec] = records(page(1, p1))
    assert [(i.name, i.grid) for i in rec.indicators] == [("覆盖学校", "long-term"), ("新建教室", "annual")]


def test_single_indicator_table_has_no_grid() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(p1, [["项目名称", "智慧校园", "<", "<", "<"]], W5, y)
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "新建教室", "12间"]], W5, y + 10)
    p2 = Drawn()
    draw_table(p2, [IND_HEADER, ["^", "效益指标", "社会效益指标", "满意", "高"]], W5, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert [i.grid for i in rec.indicators] == [None, None]


def test_goal_cut_by_a_page_break_is_joined() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    draw_table(p1, [["项目名称", "智慧校园", "<", "<", "<"], ["年度目标", "第一部分目标文字", "<", "<", "<"]], W5, y)
    p2 = Drawn()
    y = draw_table(p2, [["", "第二部分文字", "<", "<", "<"]], W5, 40)
    draw_table(p2, [IND_HEADER, ["^", "产出指标", "数量指标", "新建教室", "12间"]], W5, y + 10)
    [rec] = records(page(1, p1), page(2, p2))
    assert rec.goal == "第一部分目标文字第二部分文字"
    assert rec.source.pages == [1, 2]


@pytest.mark.parametrize(
    "printed, option",
    [("新增□ 延续☑", "延续"), ("☑新增 □延续", "新增"), ("新增 √延续", "延续"), ("经常性项目", "经常性项目"), ("新增■ 延续□", "新增")],
)
def test_ticked_option(printed: str, option: str) -> None:
    assert ticked_option(printed) == option


@pytest.mark.parametrize(
    "printed, name",
    [("[042]六安市司法局", "六安市司法局"), ("042001-六安市司法局", "六安市司法局"), ("六安市司法局（042）", "六安市司法局"), ("六安市司法局", "六安市司法局")],
)
def test_department_code_is_dropped(printed: str, name: str) -> None:
    assert strip_code(printed) == name


def test_funds_split_into_several_sources() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(
        p1,
        [
            ["项目名称", "校舍维修", "<", "<", "<"],
            ["项目资金（万元）", "年度资金总额", "<", "100", "<"],
            ["^", "财政拨款", "<", "60", "<"],
            ["^", "自有资金", "<", "10", "<"],
            ["^", "事业收入", "<", "10", "<"],
            ["^", "上年结转", "<", "10", "<"],
            ["^", "其他", "<", "10", "<"],
        ],
        W5,
        y,
    )
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "维修面积", "500平方米"]], W5, y + 10)
    [rec] = records(page(1, p1))
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (100.0, 60.0, 10.0)
    assert rec.funds.raw == {"年度资金总额": "100", "财政拨款": "60", "自有资金": "10", "事业收入": "10", "上年结转": "10", "其他": "10"}


def test_title_and_year_inside_the_table_frame() -> None:
    p1 = Drawn()
    y = draw_table(
        p1,
        [
            ["项目支出绩效目标表", "<", "<", "<", "<"],
            ["（2023年度）", "<", "<", "<", "<"],
            ["填报单位（盖章）", "<", "<", "<", "<"],
            ["项目名称", "智慧校园", "<", "<", "<"],
            ["实施单位", "教育局", "<", "<", "<"],
        ],
        W5,
        40,
    )
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "新建教室", "12间"]], W5, y + 10)
    [rec] = records(page(1, p1))
    assert (rec.title, rec.year, rec.project_name) == ("项目支出绩效目标表", 2023, "智慧校园")


def test_funds_for_the_medium_term_and_the_year_side_by_side() -> None:
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(
        p1,
        [
            ["项目名称", "智慧校园", "<", "<", "<"],
            ["项目资金（万元）", "", "中期资金总额", "年度资金总额", "<"],
            ["^", "资金总额", "300", "100", "<"],
            ["^", "其中：财政拨款", "240", "80", "<"],
            ["^", "其他资金", "60", "20", "<"],
        ],
        W5,
        y,
    )
    draw_table(p1, [IND_HEADER, ["^", "产出指标", "数量指标", "新建教室", "12间"]], W5, y + 10)
    [rec] = records(page(1, p1))
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (100.0, 80.0, 20.0)
    assert rec.funds.raw == {"资金总额": "100", "其中：财政拨款": "80", "其他资金": "20"}


def test_column_header_repeated_above_the_project_name() -> None:
    """Some producers repeat the indicator table's header at the top of every page, page 1
    included, above the 项目名称 row."""
    p1 = Drawn()
    y = title(p1, 40)
    y = draw_table(
        p1,
        [
            IND_HEADER,
            ["项目名称", "老旧小区改造", "<", "<", "<"],
            ["单位负责人", "陈建华", "联系电话", "0551-1234", "<"],
            ["实施单位", "住建局", "<", "<", "<"],
            ["绩效指标", "产出指标", "数量指标", "改造小区", "32个"],
        ],
        W5,
        y,
    )
    p2 = Drawn()
    draw_table(p2, [IND_HEADER, ["", "", "时效指标", "完成时间", "2025年底前"]], W5, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert (rec.title, rec.year, rec.project_name, rec.implementing_unit) == ("项目支出预算绩效目标表", 2021, "老旧小区改造", "住建局")
    assert rec.fields == {"单位负责人": "陈建华", "联系电话": "0551-1234"}
    assert [(i.level1, i.level2, i.name) for i in rec.indicators] == [
        ("产出指标", "数量指标", "改造小区"),
        ("产出指标", "时效指标", "完成时间"),
    ]


def test_row_cut_by_a_page_break_with_split_target_columns() -> None:
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"]
    widths = [70, 90, 200, 50, 50, 50]
    p1 = Drawn()
    y = draw_table(p1, [["项目名称", "医疗救助", "<", "<", "<", "<"]], widths, title(p1, 40))
    draw_table(p1, [header, ["效益指标", "社会效益指标", "住院费用个人", "≤", "15", "%"]], widths, y + 10)
    p2 = Drawn()
    draw_table(p2, [["", "", "负担比例", "", "", ""], ["^", "^", "满意度", "≥", "90", "%"]], widths, 40)
    [rec] = records(page(1, p1), page(2, p2))
    assert [(i.name, i.target) for i in rec.indicators] == [("住院费用个人负担比例", "≤15%"), ("满意度", "≥90%")]
