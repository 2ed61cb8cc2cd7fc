"""Indicator rows: a data row mapped onto the indicator columns, its 一级/二级指标 carried
down merged cells and across page breaks, a row cut by a page break joined to the one before."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...schemas.issues import HEADER_AS_INDICATOR, NAME_MISSING, ROW_UNPLACED
from ..layout.celltext import join_wrapped
from ..model import Row, RowCell
from .columns import Column, assign_cells, fits_columns
from .draft import FormDraft, IndicatorDraft
from .evaluation import EVALUATION_ROLES, join_evaluation, total_score_of
from .labels import column_role, header_field, split_levels
from .rowkind import RowKind, row_text
from .settings import DEFAULT_FORM_SETTINGS, FormSettings

_LEVELS = ("level1", "level2")


def _cell_text(cell: Optional[RowCell]) -> str:
    return cell.text if cell is not None else ""


@dataclass
class _RowRead:
    """A data row mapped onto the indicator columns."""

    texts: dict[str, str]
    extra: dict[str, str]
    level_cells: dict[str, RowCell]
    own_cells: list[RowCell]
    evaluation: dict[str, tuple[str, str]] = field(default_factory=dict)


def _map_row(row: Row, columns: list[Column], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> _RowRead:
    placed = assign_cells(row, columns, settings)
    read = _RowRead({}, {}, {}, [])
    for k, col in enumerate(columns):
        cell = placed.get(k)
        text = _cell_text(cell)
        if col.role in _LEVELS and cell is not None:
            read.level_cells[col.role] = cell
        if col.role in ("level1", "level2", "name", "target", "op", "unit"):
            prior = read.texts.get(col.role)
            read.texts[col.role] = join_wrapped(prior, text) if prior else text
        elif col.role in EVALUATION_ROLES and text:
            read.extra[col.label] = text
            join_evaluation(read.evaluation, col.role, col.label, text)
        elif col.role is None and text:
            read.extra[col.label] = text
        if cell is not None and col.role not in ("level1", "level2", "block"):
            read.own_cells.append(cell)
    return read


def _reaches_table_bottom(cell: RowCell, row: Row) -> bool:
    return cell.cell is not None and cell.cell.row + cell.cell.rowspan >= row.table_rows > 0


def _levels(form: FormDraft, read: _RowRead, row: Row, new_table: bool) -> tuple[dict[str, Optional[str]], list[str]]:
    """The row's 一级/二级指标, carried down merged cells and across pages.

    A merged cell cut by a page break may print its label on the next page only (Calc
    does): rows under an empty merged cell that runs to the bottom of its page are
    *unresolved* until the next page's first row shows the label.
    """
    levels: dict[str, Optional[str]] = {}
    unresolved: list[str] = []
    for level in _LEVELS:
        text = read.texts.get(level)
        cell = read.level_cells.get(level)
        if text:
            waiting = form.reading.unresolved.pop(level, None)
            if waiting and new_table:
                for index in waiting[1]:
                    setattr(form.indicators[index], level, text)
            form.reading.carry[level] = text
        elif cell is not None and cell.cell is not None:
            waiting = form.reading.unresolved.get(level)
            key = (row.page, row.table, cell.cell.row, cell.cell.col)
            if waiting and waiting[0] == key:
                unresolved.append(level)
            elif cell.first and _reaches_table_bottom(cell, row):
                form.reading.unresolved[level] = (key, [])
                unresolved.append(level)
        levels[level] = form.reading.carry.get(level)
    return levels, unresolved


def _join_split_row(form: FormDraft, read: _RowRead, row: Row) -> None:
    prev = form.indicators[-1]
    prev.name = join_wrapped(prev.name, read.texts.get("name", ""))
    prev.target = join_wrapped(prev.target or "", read.texts.get("target", "")) or None
    for part, text in prev.parts.items():
        prev.parts[part] = join_wrapped(text, read.texts.get(part, ""))
    for label, text in read.extra.items():
        prev.extra[label] = join_wrapped(prev.extra.get(label, ""), text)
    for role, (label, text) in read.evaluation.items():
        join_evaluation(prev.evaluation, role, label, text)
    form.pages.add(row.page)


def read_indicator(form: FormDraft, row: Row, kind: RowKind, entry: Optional[int] = None) -> None:
    """Read a data row of the indicator table into the form: an indicator, the wrapped rest
    of the one before (cut by a page break), a 总分 row, or a problem when it does not line up."""
    columns = form.reading.columns or []
    if not fits_columns(row, columns, form.reading.settings):
        form.problems.append(
            (ROW_UNPLACED, f"page {row.page}: a row does not line up with the indicator columns: {row_text(row)[:60]}")
        )
        return
    read = _map_row(row, columns, form.reading.settings)
    table_key = (row.page, row.table if row.table is not None else -1)
    new_table = form.reading.last_table is not None and table_key != form.reading.last_table
    form.reading.last_table = table_key
    texts = read.texts
    total = total_score_of(texts, {role: text for role, (_, text) in read.evaluation.items()})
    if total is not None:
        form.total_score = total
        form.pages.add(row.page)
        return
    parts: dict[str, str] = {r: texts.get(r, "") for r in ("op", "target", "unit") if r in texts}
    name, target = texts.get("name", ""), texts.get("target", "")
    own_levels = any(texts.get(level) for level in _LEVELS)
    split = parts.keys() - {"target"}
    same_entry = bool(form.indicators) and form.indicators[-1].entry == entry
    if new_table and same_entry and not own_levels and (not name or not any(parts.values())):
        _join_split_row(form, read, row)
        return
    if RowKind.TOTAL in kind:
        form.pages.add(row.page)
        return
    levels, unresolved = _levels(form, read, row, new_table)
    if not name and not target and not any(parts.values()):
        return
    if not any(c.role in _LEVELS for c in columns):
        level1, level2, rest = split_levels(name)
        if level1 is not None:
            levels, name = {"level1": level1, "level2": level2}, rest
    if not name:
        form.problems.append((NAME_MISSING, f"page {row.page}: an indicator row has a target but no name"))
    elif column_role(name) is not None and (not target or column_role(target) is not None):
        form.problems.append((HEADER_AS_INDICATOR, f"page {row.page}: an indicator reads like a column label: {name[:30]}"))
    for level in unresolved:
        form.reading.unresolved[level][1].append(len(form.indicators))
    form.indicators.append(
        IndicatorDraft(
            level1=levels["level1"],
            level2=levels["level2"],
            name=name,
            target=target or None,
            page=row.page,
            extra=read.extra,
            parts=parts if split else {},
            grid_label=form.reading.grid_label,
            cells=read.own_cells,
            entry=entry,
            evaluation=read.evaluation,
        )
    )
    form.pages.add(row.page)


def inside_indicator_table(form: FormDraft, row: Row) -> bool:
    """A row of the table the last indicator came from that lines up with its columns: an
    indicator, even when its name reads like a header label (项目周期, 负责人)."""
    table = (row.page, row.table if row.table is not None else -1)
    return bool(form.indicators) and table == form.reading.last_table and fits_columns(row, form.reading.columns or [], form.reading.settings)


def above_indicators(form: FormDraft, row: Row) -> bool:
    """A header row below a column header printed at the top of the page (a repeated table
    header), before any indicator: it does not line up with the indicator columns."""
    return not form.indicators and not fits_columns(row, form.reading.columns or [], form.reading.settings)




def fits_series_columns(form: FormDraft, row: Row) -> bool:
    """An indicator row (its first cell the 绩效指标 block label) of a table printed without
    its column header, whose cells stand exactly on the previous form's columns."""
    columns = form.reading.series_columns
    if not columns or form.reading.listing is not None or len(row.cells) != len(columns) or not row.cells[0].text:
        return False
    if header_field(row.cells[0].text) != "block" or columns[0].role != "block":
        return False
    edge = form.reading.settings.series_edge
    return all(abs(c.x0 - col.x0) <= edge and abs(c.x1 - col.x1) <= edge for c, col in zip(row.cells, columns))
