"""The form stage's row classifier: each row's kinds from its own text and cells."""

from __future__ import annotations

import pytest

from jixiao.extract.forms.rowkind import RowKind, classify
from jixiao.extract.model import Row, RowCell

K = RowKind


def table_row(*texts: str) -> Row:
    cells = [RowCell(text, 100.0 * k, 100.0 * (k + 1)) for k, text in enumerate(texts)]
    return Row(page=1, top=0.0, bottom=10.0, cells=cells, table=0)


def line(text: str) -> Row:
    return Row(page=1, top=0.0, bottom=10.0, cells=[RowCell(text, 0.0, 300.0)])


@pytest.mark.parametrize(
    "row, kind",
    [
        (line("2024年度项目支出绩效目标表"), K.TEXT | K.TITLE),
        (line("部门收支总表"), K.TEXT | K.OTHER_TITLE),
        (line("单位：万元"), K.TEXT | K.LINE),
        (table_row("项目名称", "社区养老服务"), K.IDENTITY | K.HEADER),
        (table_row("主管部门", "民政局"), K.HEADER),
        (table_row("一级指标", "二级指标", "三级指标", "指标值"), K.COLUMN_HEADER),
        (table_row("指标性质", "指标值", "度量单位"), K.SUBHEADER),
        (table_row("任务名称", "主要内容", "预算金额"), K.TASK_HEADER),
        (table_row("总额", "财政拨款", "其他资金"), K.AMOUNT_SUBHEADER),
        (table_row("项目资金", "年初预算数", "全年预算数", "全年执行数"), K.EXECUTION_HEADER),
        (table_row("预期目标", "实际完成情况"), K.GOAL_HEADER),
        (table_row("总分", "100"), K.TOTAL),
    ],
)
def test_classify(row: Row, kind: RowKind) -> None:
    """A row is at least what it prints; a row may be several kinds (a title line is also a
    short line, 总额 is a header label and an amount sub-label)."""
    assert kind in classify(row)


def test_an_indicator_row_is_no_kind() -> None:
    assert classify(table_row("产出指标", "数量指标", "服务人数", "≥500人")) == K.NONE


@pytest.mark.parametrize(
    "row, not_kind",
    [
        (line("2024年度项目支出绩效目标表"), K.OTHER_TITLE | K.HEADER),
        (table_row("主管部门", "民政局"), K.IDENTITY | K.COLUMN_HEADER | K.TEXT),
        (table_row("一级指标", "二级指标", "三级指标", "指标值"), K.HEADER | K.TASK_HEADER),
        (table_row("总分", "100"), K.COLUMN_HEADER | K.IDENTITY),
    ],
)
def test_classify_excludes(row: Row, not_kind: RowKind) -> None:
    assert not classify(row) & not_kind


def test_the_form_stage_tolerances_reach_the_classifier() -> None:
    """A line row is at most ``line_chars`` long: the tolerance comes from the settings."""
    from jixiao.extract.forms.settings import FormSettings

    row = table_row("（2024年度）")
    assert K.LINE in classify(row)
    assert K.LINE not in classify(row, FormSettings(line_chars=3))


@pytest.mark.parametrize("field, value", [("column_cover", 1.5), ("series_edge", -1.0), ("value_lookback", -2)])
def test_form_settings_are_validated_once(field: str, value: float) -> None:
    from jixiao.extract.forms.settings import FormSettings

    with pytest.raises(ValueError, match=field):
        FormSettings(**{field: value})


def test_run_settings_carry_the_form_tolerances() -> None:
    from jixiao.extract.forms.settings import FormSettings
    from jixiao.extract.run.settings import RunSettings

    assert RunSettings().forms == FormSettings()
    assert RunSettings.resolve({"forms": FormSettings(series_edge=1.0)}).forms.series_edge == 1.0
