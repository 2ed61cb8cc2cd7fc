"""Form drafts → :class:`~jixiao.schemas.FormRecord`: header fields named, funds and targets
parsed, and findings a reader should check listed in ``issues``."""

from __future__ import annotations

import re
from typing import Optional

from ...normalize import parse_value
from ...normalize.amounts import parse_amount
from ...schemas import Box, FormRecord, Funds, Indicator, Issue, Source, Task
from ...schemas.issues import FIELD_MISSING, FUNDS_MISMATCH, FUNDS_UNIT, NAME_FROM_TITLE, NO_INDICATORS, SECOND_PROJECT, TITLE_MISSING
from .columns import grid_of
from .draft import FormDraft, IndicatorDraft
from .evaluation_record import actual_parts, evaluation_fields, evaluation_issues, indicator_evaluation, split_level_points
from .header import Pair
from .labels import FUNDS_KEYS, label_key, name_from_title, split_money_unit, value_key
from ..model import RowCell, boxes_union

_CODE = re.compile(r"^\s*[\[【(（]?\s*\d{2,}\s*[\]】)）]?\s*[-—_、.]?\s*|\s*[\[【(（]\s*\d{2,}\s*[\]】)）]\s*$")
_BOX_CHARS = "□☐☑☒■√✓✔"
_TICK_BOXES = re.compile(f"[{_BOX_CHARS}]")
_TICK = re.compile(r"[☑☒■√✓✔]")
_WORD_BEFORE = re.compile(f"[^\\s{_BOX_CHARS}]+$")
_WORD_AFTER = re.compile(f"[^\\s{_BOX_CHARS}]+")
# A Beijing project code before the name: 8 digits, a letter, 12 digits, then ``-``.
_PROJECT_CODE = re.compile(r"^\s*(\d{8}[A-Z]\d{12})\s*[-—－]\s*")
# A total at or above this many 万元 (100亿元) is more likely an amount printed in 元.
YUAN_LIKE = 1_000_000.0
_YUAN_LABEL = re.compile(r"[(（]\s*元\s*[)）]")
_HIDDEN_OPS = {"", "=", "＝", "定性", "定量", "等于"}

_SINGLE_KEYS = {"project_name", "department", "implementing_unit", "project_attribute", "unit_name", "goal_achieved"}


def strip_code(text: str) -> str:
    """``[042]六安市司法局`` → ``六安市司法局``: the department without its code."""
    return _CODE.sub("", text).strip() or text.strip()


def ticked_option(text: str) -> str:
    """``新增□ 延续☑`` → ``延续``; text without tick boxes is returned as printed."""
    if not _TICK_BOXES.search(text):
        return text
    tick = next((m for m in _TICK.finditer(text)), None)
    if tick is None:
        return text
    before = _WORD_BEFORE.search(text[: tick.start()])
    after = _WORD_AFTER.match(text[tick.end() :])
    if before and after:
        # Both sides touch a word: follow the form's convention, seen from where its boxes
        # stand (boxes first, as in "□新增 ☑延续", or after, as in "新增□ 延续☑").
        boxes_first = text.lstrip()[:1] in _BOX_CHARS
        return after.group(0) if boxes_first else before.group(0)
    if after:
        return after.group(0)
    if before:
        return before.group(0)
    return text


def compose_target(parts: dict[str, str]) -> Optional[str]:
    """Join split 指标性质 / 指标值 / 度量单位 cells: ``≥``,``90``,``%`` → ``≥90%``."""
    op = parts.get("op", "").strip()
    value = parts.get("target", "").strip()
    unit = parts.get("unit", "").strip()
    if op in _HIDDEN_OPS:
        op = ""
    if unit and value.endswith(unit):
        unit = ""
    text = op + value + unit
    return text or None


def _header_values(pairs: list[Pair]) -> tuple[dict[str, str], Funds, Optional[str], dict[str, str]]:
    single: dict[str, str] = {}
    funds_raw: dict[str, str] = {}
    goal: Optional[str] = None
    fields: dict[str, str] = {}
    for pair in pairs:
        if pair.key in _SINGLE_KEYS:
            if pair.value and pair.key not in single:
                # 单位：万元 printed on the value's line is no part of it.
                single[pair.key] = split_money_unit(pair.value)[0]
            continue
        if pair.funds or (pair.key or "").startswith("funds"):
            if pair.key == "funds_group" and not pair.value:
                continue
            funds_raw.setdefault(pair.label, pair.value)
            continue
        if pair.key == "goal":
            if pair.value and goal is None:
                goal = pair.value
            elif pair.value:
                fields.setdefault(pair.label, pair.value)
            continue
        if pair.key == "block":
            continue
        if pair.value:
            fields.setdefault(pair.label, pair.value)
    if goal is None:
        # Only a 实施期目标 printed (Quanzhou): it is the form's goal.
        longer = next((p for p in pairs if p.key == "goal_longer" and p.value), None)
        if longer is not None:
            goal = longer.value
            del fields[longer.label]
    return single, _funds(pairs, funds_raw), goal, fields


def _funds(pairs: list[Pair], raw: dict[str, str], bare_unit: str = "万元") -> Funds:
    """The funds of the header pairs, in 万元; numbers printed without a unit are in
    ``bare_unit`` (元 on forms that print their amounts in 元)."""
    amounts: dict[str, Optional[float]] = {}
    for pair in pairs:
        if pair.key in FUNDS_KEYS and pair.label in raw:
            amounts.setdefault(pair.key, parse_amount(raw[pair.label], bare_unit))
    if amounts.get("funds_other") is None:
        for label, text in raw.items():
            if label_key(label) == "其他":
                amounts["funds_other"] = parse_amount(text, bare_unit)
    total = amounts.get("funds_total")
    if total is None:
        # 实施期资金总额 printed alone, with no 年度 column beside it.
        total = amounts.get("funds_total_longer")
    if total is None:
        total = amounts.get("funds_group")
    return Funds(total=total, fiscal=amounts.get("funds_fiscal"), other=amounts.get("funds_other"), raw=raw)


def _split_code(name: str, fields: dict[str, str]) -> str:
    """``11000024T000002830551-统计监测…`` → ``统计监测…``, the code in ``fields['项目代码']``."""
    match = _PROJECT_CODE.match(name)
    if not match:
        return name
    fields.setdefault("项目代码", match.group(1))
    return name[match.end() :].strip()


def _in_yuan(draft: FormDraft, funds: Funds) -> bool:
    """Whether the form prints its amounts in 元: a ``单位：元`` line, or ``（元）`` in a funds
    label (项目资金（元）)."""
    if draft.money_unit == "元":
        return True
    return any(_YUAN_LABEL.search(label) for label in funds.raw) or any(
        _YUAN_LABEL.search(p.label) for p in draft.pairs if p.key == "funds_group"
    )


def to_box(cells: list[RowCell]) -> Box | None:
    """The schema box around cells (on the first cell's page)."""
    found = boxes_union(cells)
    if found is None:
        return None
    page, (x0, top, x1, bottom) = found
    return Box(page=page, x0=round(x0, 1), top=round(top, 1), x1=round(x1, 1), bottom=round(bottom, 1))


def _boxes(pairs: list[Pair]) -> dict[str, Box]:
    """Where each header value was read, keyed by its place in the record."""
    boxes: dict[str, Box] = {}
    for pair in pairs:
        if not pair.value:
            continue
        if pair.key in _SINGLE_KEYS or pair.key == "goal":
            name = pair.key if pair.key != "unit_name" else "fields.单位名称"
        elif pair.funds or (pair.key or "").startswith("funds"):
            name = f"funds.raw.{pair.label}"
        else:
            name = f"fields.{pair.label}"
        values = pair.cells[1:] or pair.cells
        box = to_box(values)
        if box is not None:
            boxes.setdefault(name, box)
    return boxes


def _indicator(draft: IndicatorDraft, year: Optional[int], several_grids: bool, evaluation: bool) -> Indicator:
    target = compose_target(draft.parts) if draft.parts else draft.target
    level1, extra = split_level_points(draft.level1 or None, draft.extra)
    indicator = Indicator(
        level1=level1,
        level2=draft.level2 or None,
        name=draft.name,
        target=target,
        value=parse_value(target or "", year=year),
        page=draft.page,
        extra=extra,
        bbox=to_box(draft.cells),
        grid=grid_of(draft.grid_label) if several_grids else None,
    )
    if not evaluation:
        return indicator
    parts = actual_parts(draft.evaluation)
    actual = compose_target(parts) if parts.keys() - {"target"} else parts.get("target") or None
    return indicator_evaluation(indicator, draft.evaluation, actual, year)


def _issues(draft: FormDraft, record: FormRecord) -> list[Issue]:
    issues = [Issue(code=code, message=message) for code, message in draft.problems]
    funds = record.funds
    if funds.total is not None and (funds.fiscal is not None or funds.other is not None):
        parts = (funds.fiscal or 0.0) + (funds.other or 0.0)
        others = [k for k in funds.raw if k not in _funds_labels(draft.pairs)]
        if not others and abs(parts - funds.total) > 0.005 * max(1.0, abs(funds.total)):
            issues.append(
                Issue(
                    code=FUNDS_MISMATCH,
                    message=f"财政拨款 {funds.fiscal} + 其他资金 {funds.other} ≠ 资金总额 {funds.total}",
                )
            )
    names = {value_key(p.value) for p in draft.pairs if p.key == "project_name" and p.value}
    if len(names) > 1:
        issues.append(Issue(code=SECOND_PROJECT, message=f"{len(names)} different 项目名称 values in one record"))
    if funds.total is not None and funds.total >= YUAN_LIKE and not _in_yuan(draft, funds):
        issues.append(
            Issue(
                code=FUNDS_UNIT,
                message=f"资金总额 {funds.total} 万元 is over 100亿元: the amounts may be printed in 元",
            )
        )
    if not record.title:
        issues.append(Issue(code=TITLE_MISSING, message="no form title was found above the table"))
    elif draft.title_inherited:
        issues.append(
            Issue(code=TITLE_MISSING, message="no form title above the table: title and year of the series heading before it")
        )
    if record.kind == "project" and not record.project_name:
        issues.append(Issue(code=FIELD_MISSING, message="项目名称 was not found"))
    if not record.indicators:
        issues.append(Issue(code=NO_INDICATORS, message="the indicator table has no rows"))
    return issues


def _funds_labels(pairs: list[Pair]) -> set[str]:
    return {p.label for p in pairs if p.key in FUNDS_KEYS}


def form_method(methods: set[str], default: str) -> str:
    """A form read partly by OCR is an OCR form: that is what a reader should know."""
    if "ocr" in methods:
        return "ocr"
    return next(iter(methods)) if len(methods) == 1 else default


def form_to_record(draft: FormDraft, index: int, source: Source) -> FormRecord:
    """Build the record of the ``index``-th (1-based) form of a file."""
    single, funds, goal, fields = _header_values(draft.pairs)
    kind = draft.kind
    department = single.get("department")
    implementing = single.get("implementing_unit")
    unit_name = single.get("unit_name")
    if unit_name:
        # 单位名称 printed with the table names the form's unit: its department where no
        # 主管部门 is printed, else (a project form) its implementing unit.
        if department is None:
            department = unit_name
        elif kind == "project" and implementing is None:
            implementing = unit_name
        else:
            fields.setdefault("单位名称", unit_name)
    project_name = single.get("project_name")
    if project_name:
        project_name = _split_code(project_name, fields)
    attribute = single.get("project_attribute")
    several_grids = len({grid_of(d.grid_label) for d in draft.indicators}) > 1
    if kind == "project" and not single.get("project_name") and draft.tasks:
        kind = "department"
    from_title = None
    if kind == "project" and not project_name and draft.title:
        from_title = name_from_title(draft.title)
        if from_title is not None:
            project_name = from_title[0]
            implementing = implementing or from_title[1]
    if _in_yuan(draft, funds):
        funds = _funds(draft.pairs, funds.raw, bare_unit="元")  # a cell that writes its unit keeps it
    record = FormRecord(
        id=f"{source.sha256[:12]}:{index}",
        source=source.model_copy(update={"pages": sorted(draft.pages), "method": form_method(draft.methods, source.method)}),
        title=draft.title,
        kind=kind,  # type: ignore[arg-type]
        year=draft.year,
        department=strip_code(department) if department else None,
        project_name=project_name,
        implementing_unit=implementing,
        project_attribute=ticked_option(attribute) if attribute else None,
        funds=funds,
        goal=goal,
        fields=fields,
        indicators=[_indicator(d, draft.year, several_grids, draft.evaluation) for d in draft.indicators],
        tasks=[Task(name=t.name, content=t.content, amounts=t.amounts) for t in draft.tasks],
        **(evaluation_fields(draft, single.get("goal_achieved")) if draft.evaluation else {}),
    )
    record.issues = _issues(draft, record) + evaluation_issues(record)
    if from_title is not None:
        record.issues.append(
            Issue(code=NAME_FROM_TITLE, message="no 项目名称 printed: project_name read from the title")
        )
    record.boxes = _boxes(draft.pairs)
    return record
