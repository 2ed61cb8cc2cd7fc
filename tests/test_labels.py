"""Labels are matched tolerantly, never by position."""

from __future__ import annotations

import pytest

from jixiao.extract.forms.labels import (
    column_role,
    execution_role,
    goal_part,
    header_field,
    is_form_title,
    is_other_title,
    is_total_score,
    level_points,
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
