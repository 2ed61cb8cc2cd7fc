"""Labels are matched tolerantly, never by position."""

from __future__ import annotations

import pytest

from jixiao.extract.forms.labels import (
    column_role,
    execution_role,
    goal_part,
    header_field,
    is_department_title,
    is_form_title,
    is_other_title,
    is_total_score,
    level_points,
    name_from_title,
    names_annual,
    names_longer,
    split_fused_label,
    split_money_unit,
    year_in,
)


@pytest.mark.parametrize(
    "text, field",
    [
        ("项目名称", "project_name"),
        ("项 目 名 称", "project_name"),
        ("项目名称：", "project_name"),
        ("主管部门及代码", "department"),
        ("主管部门", "department"),
        ("部门（单位）名称", "department"),
        ("实施单位", "implementing_unit"),
        ("项目实施单位", "implementing_unit"),
        ("项目属性", "project_attribute"),
        ("项目资金(万元)", "funds_group"),
        ("项目资金（万元）", "funds_group"),
        ("资金情况（万元）", "funds_group"),
        ("年度资金总额:", "funds_total"),
        ("年度资金总额：", "funds_total"),
        ("资金总额", "funds_total"),
        ("其中:财政拨款", "funds_fiscal"),
        ("其中：财政拨款", "funds_fiscal"),
        ("财政拨款", "funds_fiscal"),
        ("其他资金", "funds_other"),
        ("年度目标", "goal"),
        ("年度绩效目标", "goal"),
        ("总体目标", "goal"),
        ("年度总体目标", "goal"),
        ("绩效指标", "block"),
        ("项目负责人", "field"),
        ("中期目标", "field"),
        ("产出指标", None),
        ("举办行业性专业性人民调解员骨干培训班", None),
        # variants of real published forms (layouts.md)
        ("转移支付名称", "project_name"),
        ("专项（项目）名称", "project_name"),
        ("市级主管部门", "department"),
        ("年度金额", "funds_total"),
        ("项目资金总额", "funds_total"),
        ("预算支出总额", "funds_total"),
        ("当年预算", "funds_total"),
        ("年度资金", "funds_group"),
        ("当年整体绩效目标", "goal"),
        ("项目总目标", "goal_longer"),
        ("实施期资金总额：", "funds_total_longer"),
        ("项目实施期目标", "goal_longer"),
        ("实施期限", "field"),
        ("部门预算编码", "field"),
        ("执行率分值（10）", "field"),
        ("高质量完成", None),
    ],
)
def test_header_field(text: str, field: str | None) -> None:
    assert header_field(text) == field


@pytest.mark.parametrize(
    "text, role",
    [
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "name"),
        ("指标名称", "name"),
        ("本年度指标值", "target"),
        ("年度指标值", "target"),
        ("全年指标值", "target"),
        ("指标值", "target"),
        ("指标值（包含数字及文字描述）", "target"),
        ("指标性质", "op"),
        ("度量单位", "unit"),
        # Beijing 预算表12, Chongqing 表十二, Changsha: split target columns under other names
        ("绩效指标性质", "op"),
        ("本年绩效指标值", "target"),
        ("绩效度量单位", "unit"),
        ("计量单位", "unit"),
        ("指标值类型", "op"),
        ("指标值内容", None),
        ("实际完成值", "actual"),
        ("全年实际值（B）", "actual"),
        ("完成值", "actual"),
        ("全年实际完成值", "actual"),
        ("实际完成指标值", "actual"),
        ("年度指标值（A）", "target"),
        ("权重", "weight"),
        ("分值", "weight"),
        ("得分", "score"),
        ("偏差原因分析及改进措施", "deviation"),
        ("未完成原因", "deviation"),
        ("指标方向", None),
    ],
)
def test_column_role(text: str, role: str | None) -> None:
    assert column_role(text) == role


@pytest.mark.parametrize(
    "text, is_title",
    [
        ("项目支出预算绩效目标表", True),
        ("2021年项目支出绩效目标表", True),
        ("部门整体支出绩效目标表", True),
        ("六安市司法局2022年度项目支出绩效目标申报表", True),
        ("项目支出绩效自评表", True),
        ("信访干部培训专项项目绩效自评表", True),
        ("部门整体支出绩效自评表", True),
        ("项目支出绩效目标自评表", True),
        ("2023年度绩效自评工作开展情况", False),
        ("按照要求编制了项目支出绩效目标表，详见附件。", False),
    ],
)
def test_is_form_title(text: str, is_title: bool) -> None:
    assert is_form_title(text) == is_title


def test_other_tables_titles() -> None:
    assert is_other_title("2021年部门收支总表")
    assert not is_other_title("项目支出绩效自评表")  # a form title since self-evaluations are read
    assert not is_other_title("项目支出预算绩效目标表")


@pytest.mark.parametrize("text, year", [("(2021年度)", 2021), ("（2023年）", 2023), ("2022年项目支出绩效目标表", 2022), ("填报单位(盖章)", None)])
def test_year_in(text: str, year: int | None) -> None:
    assert year_in(text) == year


@pytest.mark.parametrize(
    "text, is_title",
    [
        ("（二）绩效目标表及说明", False),
        ("预算11表项目支出绩效目标表金额单位：万元", True),
        ("2026年市级重点专项资金绩效目标表（一级项目）", True),
    ],
)
def test_section_heading_is_no_title(text: str, is_title: bool) -> None:
    assert is_form_title(text) == is_title


@pytest.mark.parametrize(
    "title, expected",
    [
        ("市级机关保留公务用车委托管理费项目绩效目标表", ("市级机关保留公务用车委托管理费", None)),
        (
            "301007_泉州市公安局晋江国际机场分局_机场公安综合修缮改造项目绩效目标表",
            ("机场公安综合修缮改造", "泉州市公安局晋江国际机场分局"),
        ),
        ("2026年食堂食材及配送服务采购项目绩效目标表", ("2026年食堂食材及配送服务采购", None)),
        ("预算14表-1 促进教育事业均衡发展共同事权转移支付绩效目标表", ("促进教育事业均衡发展共同事权转移支付", None)),
        ("2025年项目支出绩效目标表", None),
        ("预算表12 项目支出绩效目标表", None),
        ("部门整体支出绩效目标表", None),
        ("2022年专项资金总体绩效目标表", None),
    ],
)
def test_name_from_title(title: str, expected: tuple[str, str | None] | None) -> None:
    assert name_from_title(title) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("预算11表项目支出绩效目标表金额单位：万元", ("预算11表项目支出绩效目标表", "万元")),
        ("滁州市教育局 单位:元", ("滁州市教育局", "元")),
        ("单位：万元", ("单位：万元", None)),
        ("六安市司法局", ("六安市司法局", None)),
    ],
)
def test_split_money_unit(text: str, expected: tuple[str, str | None]) -> None:
    assert split_money_unit(text) == expected


@pytest.mark.parametrize(
    "title, department",
    [("部门整体支出绩效目标表", True), ("2026年部门整体绩效目标表", True), ("2020年专项资金整体绩效目标表", False)],
)
def test_department_titles(title: str, department: bool) -> None:
    assert is_department_title(title) == department


@pytest.mark.parametrize(
    "text, expected",
    [
        ("产出指标（50分）", ("产出指标", "50")),
        ("产出指标50分", ("产出指标", "50")),
        ("满意度指标（10）", ("满意度指标", "10")),
        ("效益指标(30.5分)", ("效益指标", "30.5")),
        ("产出指标", ("产出指标", None)),
        ("2024年指标", ("2024年指标", None)),
    ],
)
def test_level_points(text: str, expected: tuple[str, str | None]) -> None:
    assert level_points(text) == expected


@pytest.mark.parametrize(
    "text, role",
    [("年初预算数", "planned"), ("全年预算数", "adjusted"), ("调整后预算数", "adjusted"), ("全年执行数", "spent"),
     ("预算执行数", "spent"), ("执行率", "rate"), ("分值", "weight"), ("得分", "score"), ("年度资金总额", None)],
)
def test_execution_role(text: str, role: str | None) -> None:
    assert execution_role(text) == role


@pytest.mark.parametrize(
    "text, part",
    [("预期目标", "goal"), ("实际完成情况", "goal_achieved"), ("年度总体目标", None), ("完成情况", "goal_achieved"),
     ("年初设定目标", "goal"), ("全年实际完成情况", "goal_achieved"), ("年度绩效目标", "goal")],
)
def test_goal_part(text: str, part: str | None) -> None:
    assert goal_part(text) == part


@pytest.mark.parametrize("text, total", [("总分", True), ("总 分", True), ("合计", True), ("总分值说明", False)])
def test_is_total_score(text: str, total: bool) -> None:
    assert is_total_score(text) == total


@pytest.mark.parametrize(
    "text, expected",
    [
        ("专项（项目）名称伯乐奖", ("专项（项目）名称", "project_name", "伯乐奖")),
        ("项目名称 社保大厦物业费", ("项目名称", "project_name", "社保大厦物业费")),
        ("主管部门西安市人力资源和社会保障局", ("主管部门", "department", "西安市人力资源和社会保障局")),
        ("项目名称", None),  # a label alone
        ("项目名称及编码", None),  # the label goes on
        ("项目资金来源说明", None),  # not a name field
        ("单位名称项目名称", None),  # two labels, no value
        ("高质量完成", None),
    ],
)
def test_split_fused_label(text: str, expected: tuple[str, str, str] | None) -> None:
    assert split_fused_label(text) == expected


@pytest.mark.parametrize(
    "label, annual, longer",
    [
        ("年度资金总额", True, False),
        ("本年指标值", True, False),
        ("全年目标值", True, False),
        ("中期资金总额", False, True),
        ("长期绩效指标", False, True),
        ("指标值", False, False),
    ],
)
def test_annual_and_longer_labels(label: str, annual: bool, longer: bool) -> None:
    assert (names_annual(label), names_longer(label)) == (annual, longer)
