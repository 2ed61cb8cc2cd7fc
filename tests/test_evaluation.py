"""Self-evaluations (绩效自评表) on synthetic pages: each layout of layouts.md read by its labels
into stage, execution, goal / goal_achieved, total_score and the per-row evaluation fields."""

from __future__ import annotations

from synth import Drawn, draw_table, page, text_at
from test_stitch import records

from jixiao.schemas import Execution

WIDE = 1000.0
W9 = [70, 100, 100, 110, 70, 70, 50, 70, 120]


def eval_title(d: Drawn, text: str = "信访干部培训专项项目绩效自评表", year: str = "（2024年度）") -> float:
    text_at(d, text, 200, 40, size=14)
    text_at(d, year, 300, 62)
    return 90


CENTRAL = [
    ["项目名称", "<", "信访干部培训专项", "<", "<", "<", "<", "<", "<"],
    ["主管部门", "<", "[292]国家信访局", "<", "<", "实施单位", "国家信访局", "<", "<"],
    ["项目资金（万元）", "<", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["^", "^", "年度资金总额：", "180.61", "180.03", "170.03", "10.0", "94.45%", "9.4"],
    ["^", "^", "其中：财政拨款", "140.61", "140.61", "130.61", "--", "--", "--"],
    ["^", "^", "上年结转", "40.00", "39.42", "39.42", "--", "--", "--"],
    ["^", "^", "其他资金", "0.00", "0.00", "0.00", "--", "--", "--"],
    ["年度总体目标", "预期目标", "<", "<", "<", "实际完成情况", "<", "<", "<"],
    ["^", "分级分类抓好干部培训", "<", "<", "<", "全年开展综合班次4期", "<", "<", "<"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["^", "产出指标（50分）", "数量指标", "培训人数", "≥300人", "366人", "30", "30", ""],
    ["^", "^", "质量指标", "培训合格率", "≥98%", "97%", "20", "18", "个别学员补考"],
    ["^", "效益指标（40分）", "社会效益指标", "信访工作质量", "有所提高", "明显提高", "40", "38", "缺少数据支撑"],
    ["^", "满意度指标", "服务对象满意度指标", "学员满意率", "≥95%", "100%", "10", "10", ""],
    ["总分", "<", "<", "<", "<", "<", "100", "96", ""],
]


def test_central_self_evaluation() -> None:
    d = Drawn()
    draw_table(d, CENTRAL, W9, eval_title(d))
    [rec] = records(page(1, d, width=WIDE))
    assert (rec.title, rec.stage, rec.kind, rec.year) == ("信访干部培训专项项目绩效自评表", "evaluation", "project", 2024)
    assert (rec.project_name, rec.department, rec.implementing_unit) == ("信访干部培训专项", "国家信访局", "国家信访局")
    assert rec.execution == [
        Execution(label="年度资金总额", planned=180.61, adjusted=180.03, spent=170.03, rate="94.45%", weight=10.0, score=9.4),
        Execution(label="其中：财政拨款", planned=140.61, adjusted=140.61, spent=130.61),
        Execution(label="上年结转", planned=40.0, adjusted=39.42, spent=39.42),
        Execution(label="其他资金", planned=0.0, adjusted=0.0, spent=0.0),
    ]
    assert (rec.funds.total, rec.funds.fiscal, rec.funds.other) == (180.03, 140.61, 0.0)
    assert (rec.goal, rec.goal_achieved) == ("分级分类抓好干部培训", "全年开展综合班次4期")
    assert rec.total_score == 96.0
    got = [(i.level1, i.name, i.target, i.actual, i.weight, i.score, i.deviation, i.achieved, i.extra) for i in rec.indicators]
    assert got == [
        ("产出指标", "培训人数", "≥300人", "366人", 30.0, 30.0, None, True, {"一级指标分值": "50"}),
        ("产出指标", "培训合格率", "≥98%", "97%", 20.0, 18.0, "个别学员补考", False, {"一级指标分值": "50"}),
        ("效益指标", "信访工作质量", "有所提高", "明显提高", 40.0, 38.0, "缺少数据支撑", None, {"一级指标分值": "40"}),
        ("满意度指标", "学员满意率", "≥95%", "100%", 10.0, 10.0, None, True, {}),
    ]
    assert rec.indicators[0].actual_value is not None and rec.indicators[0].actual_value.terms[0].value == 366
    assert [i.code for i in rec.issues] == []


def test_evaluation_continued_on_next_page_keeps_its_columns() -> None:
    p1, p2 = Drawn(), Drawn()
    draw_table(p1, CENTRAL[:12], W9, eval_title(p1))
    draw_table(p2, [["", *row[1:]] for row in CENTRAL[12:14]] + [CENTRAL[14]], W9, 40)
    [rec] = records(page(1, p1, width=WIDE), page(2, p2, width=WIDE))
    assert [i.name for i in rec.indicators] == ["培训人数", "培训合格率", "信访工作质量", "学员满意率"]
    assert [i.actual for i in rec.indicators] == ["366人", "97%", "明显提高", "100%"]
    assert rec.total_score == 96.0 and rec.source.pages == [1, 2]


def test_sichuan_split_target_beside_completed_value() -> None:
    d = Drawn()
    y = eval_title(d, "2023年度项目支出绩效自评表", "")
    y = draw_table(d, [["项目名称", "乡村道路养护", "<", "<", "<", "<", "<", "<", "<"]], W9, y)
    draw_table(
        d,
        [
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分"],
            ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "125公里", "20", "20"],
            ["^", "时效指标", "完工时间", "≤", "5", "个工作日", "3个工作日", "10", "10"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "88%", "10", "8"],
        ],
        [100, 100, 100, 70, 60, 70, 90, 50, 50],
        y + 10,
    )
    [rec] = records(page(1, d, width=WIDE))
    assert rec.stage == "evaluation" and rec.year == 2023
    got = [(i.target, i.actual, i.weight, i.score, i.achieved) for i in rec.indicators]
    assert got == [
        ("≥120公里", "125公里", 20.0, 20.0, True),
        ("≤5个工作日", "3个工作日", 10.0, 10.0, True),
        ("≥90%", "88%", 10.0, 8.0, False),
    ]
    assert all(i.extra == {} for i in rec.indicators)


def test_split_completed_value_is_joined_like_the_target() -> None:
    d = Drawn()
    y = eval_title(d, "项目支出绩效自评表", "（2023年度）")
    y = draw_table(d, [["项目名称", "乡村道路养护", "<", "<", "<", "<", "<", "<", "<", "<"]], [90] * 10, y)
    draw_table(
        d,
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "<", "<", "完成值", "<", "<", "得分"],
            ["^", "^", "^", "指标性质", "指标值", "度量单位", "指标性质", "指标值", "度量单位", "^"],
            ["产出指标", "数量指标", "养护里程", "≥", "120", "公里", "=", "118", "公里", "18"],
        ],
        [90] * 10,
        y + 10,
    )
    [rec] = records(page(1, d, width=WIDE))
    [row] = rec.indicators
    assert (row.target, row.actual, row.score, row.achieved) == ("≥120公里", "118公里", 18.0, False)


def test_lettered_columns_and_reasons_not_met() -> None:
    d = Drawn()
    y = eval_title(d, "2023年度部门项目绩效自评表", "")
    y = draw_table(d, [["项目名称", "智慧校园", "<", "<", "<", "<", "<", "<"]], [100, 100, 110, 110, 110, 50, 50, 110], y)
    draw_table(
        d,
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值（A）", "全年实际值（B）", "分值", "得分", "未完成原因"],
            ["产出指标", "数量指标", "新建教室", "12间", "12间", "50", "50", ""],
            ["效益指标", "社会效益指标", "覆盖学生", "≥3000人", "2800人", "50", "45", "招生减少"],
            ["合计", "<", "<", "<", "<", "100", "95", ""],
        ],
        [100, 100, 110, 110, 110, 50, 50, 110],
        y + 10,
    )
    [rec] = records(page(1, d, width=WIDE))
    got = [(i.name, i.target, i.actual, i.score, i.deviation, i.achieved) for i in rec.indicators]
    assert got == [("新建教室", "12间", "12间", 50.0, None, True), ("覆盖学生", "≥3000人", "2800人", 45.0, "招生减少", False)]
    assert rec.total_score == 95.0


def test_department_self_evaluation_with_task_table() -> None:
    d = Drawn()
    y = eval_title(d, "部门整体支出绩效自评表", "（2023年度）")
    widths = [90, 110, 110, 90, 90, 70, 60, 60]
    y = draw_table(
        d,
        [
            ["部门（单位）名称", "<", "云溪县教育局", "<", "<", "<", "<", "<"],
            ["年度主要任务", "任务名称", "主要内容", "全年预算数", "全年执行数", "执行率", "分值", "得分"],
            ["^", "义务教育保障", "保障运转", "300", "290", "96.67%", "10", "9.7"],
            ["^", "学生资助", "发放补助", "200", "200", "100%", "10", "10"],
            ["^", "金额合计", "", "500", "490", "98%", "20", "19.7"],
            ["年度总体目标", "预期目标", "<", "<", "实际完成情况", "<", "<", "<"],
            ["^", "保障义务教育均衡发展", "<", "<", "全县义务教育均衡发展", "<", "<", "<"],
        ],
        widths,
        y,
    )
    draw_table(
        d,
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["产出指标", "数量指标", "资助学生", "≥1200人次", "1300人次", "80", "80", ""],
            ["总分", "<", "<", "<", "<", "100", "99.7", ""],
        ],
        widths,
        y + 10,
    )
    [rec] = records(page(1, d, width=WIDE))
    assert (rec.kind, rec.stage, rec.department) == ("department", "evaluation", "云溪县教育局")
    assert [(t.name, t.amounts) for t in rec.tasks] == [
        ("义务教育保障", {"全年预算数": "300", "全年执行数": "290", "执行率": "96.67%", "分值": "10", "得分": "9.7"}),
        ("学生资助", {"全年预算数": "200", "全年执行数": "200", "执行率": "100%", "分值": "10", "得分": "10"}),
    ]
    assert rec.funds.total == 500.0
    assert (rec.goal, rec.goal_achieved) == ("保障义务教育均衡发展", "全县义务教育均衡发展")
    assert [(i.name, i.actual, i.achieved) for i in rec.indicators] == [("资助学生", "1300人次", True)]
    assert rec.total_score == 99.7


def test_target_form_is_written_without_evaluation_keys() -> None:
    d = Drawn()
    text_at(d, "项目支出绩效目标表", 150, 40, size=14)
    draw_table(
        d,
        [
            ["项目名称", "智慧校园", "<", "<", "<", "<"],
            ["一级指标", "二级指标", "三级指标", "指标值", "权重", "分值"],
            ["产出指标", "数量指标", "新建教室", "12间", "10%", "10"],
        ],
        [100, 100, 100, 80, 60, 60],
        80,
    )
    [rec] = records(page(1, d))
    assert rec.stage == "target" and rec.indicators[0].extra == {"权重": "10%", "分值": "10"}
    dumped = rec.model_dump(mode="json")
    assert not {"stage", "execution", "goal_achieved", "total_score"} & dumped.keys()
    assert not {"actual", "weight", "score", "achieved"} & dumped["indicators"][0].keys()


def test_funds_grid_rows_beyond_the_funds_labels() -> None:
    """A department grid also lists 基本支出 / 项目支出; a group label with no amounts ends it."""
    d = Drawn()
    y = eval_title(d, "部门整体支出绩效自评表", "（2023年度）")
    draw_table(
        d,
        [
            ["部门名称", "<", "云溪县教育局", "<", "<", "<", "<", "<", "<"],
            ["年度预算\n（万元）", "<", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["^", "^", "年度资金总额", "500", "520", "510", "10", "98.08%", "9.8"],
            ["^", "^", "基本支出", "300", "300", "300", "", "", ""],
            ["^", "^", "项目支出", "200", "220", "210", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["^", "产出指标", "数量指标", "资助学生", "≥1200人次", "1300人次", "90", "90", ""],
        ],
        W9,
        y,
    )
    [rec] = records(page(1, d, width=WIDE))
    assert [(e.label, e.adjusted, e.spent) for e in rec.execution] == [
        ("年度资金总额", 520.0, 510.0), ("基本支出", 300.0, 300.0), ("项目支出", 220.0, 210.0)
    ]
    assert rec.funds.total == 520.0 and [i.actual for i in rec.indicators] == ["1300人次"]



def test_department_task_table_over_a_page_break() -> None:
    """The task table of a 部门整体支出绩效自评表 runs onto the next page without its header."""
    widths = [90, 110, 110, 90, 90, 70, 60, 60]
    p1, p2 = Drawn(), Drawn()
    y = eval_title(p1, "部门整体支出绩效自评表", "（2023年度）")
    draw_table(
        p1,
        [
            ["部门名称", "云溪县教育局", "<", "<", "<", "<", "<", "<"],
            ["年度主要任务", "任务名称", "主要内容", "全年预算数", "全年执行数", "执行率", "分值", "得分"],
            ["^", "义务教育保障", "保障运转", "300", "290", "96.67%", "10", "9.7"],
        ],
        widths,
        y,
    )
    y = draw_table(
        p2,
        [
            ["", "学生资助", "发放补助", "200", "200", "100%", "10", "10"],
            ["^", "金额合计", "", "500", "490", "98%", "20", "19.7"],
        ],
        widths,
        40,
    )
    draw_table(
        p2,
        [
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["产出指标", "数量指标", "资助学生", "≥1200人次", "1300人次", "80", "80", ""],
        ],
        widths,
        y + 10,
    )
    [rec] = records(page(1, p1, width=WIDE), page(2, p2, width=WIDE))
    assert [t.name for t in rec.tasks] == ["义务教育保障", "学生资助"]
    assert rec.funds.total == 500.0 and rec.source.pages == [1, 2]
    assert [(i.name, i.actual) for i in rec.indicators] == [("资助学生", "1300人次")]


def test_goal_halves_cut_by_a_page_break() -> None:
    """预期目标 and 实际完成情况 continue at the top of the next page: each half is joined."""
    p1, p2 = Drawn(), Drawn()
    draw_table(p1, CENTRAL[:9], W9, eval_title(p1))
    draw_table(p2, [["", "提升队伍整体素质", "<", "<", "<", "培训学员366人", "<", "<", "<"], *CENTRAL[9:11]], W9, 40)
    [rec] = records(page(1, p1, width=WIDE), page(2, p2, width=WIDE))
    assert (rec.goal, rec.goal_achieved) == ("分级分类抓好干部培训提升队伍整体素质", "全年开展综合班次4期培训学员366人")
    assert [i.name for i in rec.indicators] == ["培训人数"] and rec.fields == {}


def test_evaluation_without_an_actual_column_says_so() -> None:
    d = Drawn()
    y = eval_title(d)
    draw_table(
        d,
        [
            ["项目名称", "培训专项", "<", "<", "<"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "执行情况说明"],
            ["产出指标", "数量指标", "培训人数", "≥300人", "已完成366人"],
        ],
        [100, 100, 100, 100, 120],
        y,
    )
    [rec] = records(page(1, d, width=WIDE))
    assert rec.stage == "evaluation" and rec.indicators[0].extra == {"执行情况说明": "已完成366人"}
    assert [i.code for i in rec.issues] == ["actual-missing"]


def test_weights_in_percent_and_scores_that_are_no_number() -> None:
    d = Drawn()
    y = eval_title(d)
    draw_table(
        d,
        [
            ["项目名称", "培训专项", "<", "<", "<", "<", "<"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重", "得分"],
            ["产出指标", "数量指标", "培训人数", "≥300人", "366人", "20%", "满分"],
            ["^", "^", "培训班次", "≥4次", "4次", "--", "--"],
        ],
        [100, 100, 100, 100, 100, 60, 60],
        y,
    )
    [rec] = records(page(1, d, width=WIDE))
    got = [(i.weight, i.score, i.extra) for i in rec.indicators]
    assert got == [(20.0, None, {"得分": "满分"}), (None, None, {})]
