"""Rows → forms: read header fields, indicator rows and sub-tables into drafts, page after page.

The builder consumes the row stream of a whole document (all sources produce the same rows),
cut into sections whose rows :mod:`.rowkind` has classified (:mod:`.stitch`), decides where
each section belongs, and yields each :class:`~.draft.FormDraft` as soon as the next form
starts, so memory does not grow with the document. Indicator rows are read by
:mod:`.indicators`, the rows of a list table by :mod:`.entries`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Optional

from ...schemas.issues import COLUMNS_INHERITED, LONG_FORM, SECOND_TITLE
from ...schemas.record import TEXT_EXPORT
from ..layout.celltext import join_wrapped
from ..model import PageRows, Row
from .columns import columns_from_header, grid_label, repeats_header
from .draft import FormDraft, ReadingState
from .entries import entry_forms, read_list_row
from .evaluation import (
    continue_goal_parts,
    execution_columns,
    goal_columns,
    read_execution,
    read_goal_parts,
    task_amount_key,
)
from .header import Pair, flush_pending, line_to_pairs, row_to_pairs, HeaderState
from .indicators import above_indicators, fits_series_columns, inside_indicator_table, read_indicator
from .labels import (
    header_field,
    is_department_title,
    is_evaluation_title,
    label_key,
    money_unit_line,
    split_money_unit,
    year_in,
)
from .listtable import ListState, is_list_table
from .realign import ExportAligner
from .rowkind import RowKind, row_text
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .stitch import Section, continues, rows_to_sections
from .tasks import is_total, read_task, task_columns

# The amount labels of a 金额合计 row, as funds fields.
_AMOUNT_KEYS = {"总额": "funds_total", "合计": "funds_total", "金额合计": "funds_total", "财政拨款": "funds_fiscal", "其他资金": "funds_other"}


# A line that only gives the year: (2021年度), 2021年, 预算年度：2021年 …
_YEAR_LINE = r"[(（]?(预算)?(年度)?[:：]?20\d{2}\s*年度?[)）]?"


def _read_free_text(form: FormDraft, row: Row, kind: RowKind) -> bool:
    """Read a title, a year line or ``label：value`` phrases; False when the row is none of
    these (free text that belongs to no field)."""
    if RowKind.TITLE in kind:
        title, unit = split_money_unit(row_text(row))
        form.money_unit = form.money_unit or unit
        if not form.title:
            form.title = title
            form.kind = "department" if is_department_title(title) else "project"
            form.evaluation = is_evaluation_title(title)
            form.year = form.year or year_in(title)
        elif label_key(title) != label_key(form.title):
            form.problems.append((SECOND_TITLE, f"page {row.page}: a second form title inside the form: {title[:40]}"))
        form.pages.add(row.page)
        return True
    text = row_text(row)
    if len(text) <= 16 and year_in(text) is not None and re.fullmatch(_YEAR_LINE, re.sub(r"\s", "", text)):
        form.year = form.year or year_in(text)
        form.pages.add(row.page)
        return True
    units = [u for u in (money_unit_line(c.text) for c in row.cells) if u]
    if units:
        form.money_unit = form.money_unit or units[0]
        if len(units) == len(row.cells):
            form.pages.add(row.page)
            return True
    if not form.reading.column_header_seen:
        pairs = line_to_pairs(row)
        if pairs:
            form.pairs.extend(pairs)
            form.pages.add(row.page)
            return True
    return False


def _set_columns(form: FormDraft, row: Row, sub: Optional[Row]) -> None:
    form.reading.columns = columns_from_header(row, sub)
    if is_list_table(form.reading.columns):
        if form.reading.listing is None:
            form.reading.listing = ListState.of(form.reading.columns, form.reading.settings)
            # Table rows above a list's column header are its first header lines, not fields.
            form.pairs = [p for p in form.pairs if not _above_in_table(p, row)]
        else:
            form.reading.listing.columns = ListState.of(form.reading.columns, form.reading.settings).columns
    form.reading.column_header_seen = True
    form.reading.grid_label = grid_label(form.reading.columns)
    form.evaluation = form.evaluation or any(c.role == "actual" for c in form.reading.columns)
    form.pages.add(row.page)


def _above_in_table(pair: Pair, row: Row) -> bool:
    cells = pair.cells
    return bool(cells) and all(c.cell is not None and c.page == row.page and c.top < row.top - 1 for c in cells)


def _read_task(form: FormDraft, row: Row) -> None:
    task = read_task(row, form.reading.task_columns or [], form.reading.settings)
    if task is None:
        return
    form.pages.add(row.page)
    if is_total(task):
        form.pairs.extend(
            Pair(label, _AMOUNT_KEYS.get(label_key(label)) or task_amount_key(label) or "funds_part", text, funds=True, cells=[])
            for label, text in task.amounts.items()
        )
    else:
        form.tasks.append(task)


def _continues_value(form: FormDraft, row: Row) -> bool:
    """A header value cut by a page break (a long 年度目标): a row with no label whose text
    lies under the value of a pair read on an earlier page. Its text is appended there."""
    own = [c for c in row.cells if c.first and c.text]
    if not own or any(header_field(c.text) for c in own):
        return False
    tolerances = form.reading.settings
    for pair in reversed(form.pairs[-tolerances.value_lookback :]):
        values = [c for c in pair.cells[1:] if c.text]
        if not pair.value or not values or values[-1].page >= row.page:
            continue
        x0, x1 = min(c.x0 for c in values), max(c.x1 for c in values)
        if all(min(c.x1, x1) - max(c.x0, x0) >= tolerances.value_under * (c.x1 - c.x0) for c in own):
            text = ""
            for c in own:
                text = join_wrapped(text, c.text)
            pair.value = join_wrapped(pair.value, text)
            pair.cells.extend(own)
            form.pages.add(row.page)
            return True
    return False


def _read_evaluation_header(form: FormDraft, row: Row, kind: RowKind) -> bool:
    """A self-evaluation's funds grid (header, then 年度资金总额 … rows) or its goal split into
    预期目标 | 实际完成情况 (then the row of texts beneath); False for any other row."""
    if RowKind.EXECUTION_HEADER in kind:
        form.reading.execution_columns, form.reading.goal_columns = execution_columns(row), None
    elif RowKind.GOAL_HEADER in kind:
        form.reading.goal_columns, form.reading.execution_columns = goal_columns(row), None
    elif form.reading.execution_columns is not None:
        line = read_execution(row, form.reading.execution_columns, form.reading.settings)
        if line is None:
            form.reading.execution_columns = None
            return _read_evaluation_header(form, row, kind)
        form.execution.append(line)
        if line.pair is not None:
            form.pairs.append(line.pair)
    elif form.reading.goal_columns is not None and form.reading.goal_pairs:
        if not continue_goal_parts(form.reading.goal_pairs, row, form.reading.goal_columns, form.reading.settings):
            form.reading.goal_columns = None
            return False
    elif form.reading.goal_columns is not None:
        form.reading.goal_pairs = read_goal_parts(row, form.reading.goal_columns, form.reading.settings)
        if not form.reading.goal_pairs:
            form.reading.goal_columns = None
            return False
        form.pairs.extend(form.reading.goal_pairs)
    else:
        return False
    form.evaluation = True
    form.pages.add(row.page)
    return True


# Rows read as free text: free lines and form titles.
_FREE = RowKind.TEXT | RowKind.TITLE


def apply_section(form: FormDraft, section: Section) -> None:
    """Read a section's rows into a form (new or continued), by the kind of each row and
    the table the form is in."""
    state = HeaderState(settings=form.reading.settings)
    rows, kinds = section.rows, section.kinds
    skip_next = False
    for k, (row, kind) in enumerate(zip(rows, kinds)):
        following = kinds[k + 1] if k + 1 < len(kinds) else RowKind.NONE
        form.problems.extend(row.problems)
        if skip_next:
            skip_next = False
            continue
        if kind & _FREE:
            if not _read_free_text(form, row, kind) and form.reading.listing is not None:
                form.reading.listing.take_line(row)
            continue
        if not (form.reading.column_header_seen or state.pending) and RowKind.LINE in kind and _read_free_text(form, row, kind):
            continue
        if not form.reading.column_header_seen and _read_evaluation_header(form, row, kind):
            continue
        if RowKind.COLUMN_HEADER in kind:
            form.pairs.extend(flush_pending(state))
            sub = rows[k + 1] if RowKind.SUBHEADER in following else None
            _set_columns(form, row, sub)
            form.reading.task_columns = None
            skip_next = sub is not None
            continue
        if form.reading.columns is not None and repeats_header(row, form.reading.columns):
            form.pages.add(row.page)
            continue
        if form.reading.listing is not None:
            read_list_row(form, row, kind)
            continue
        if form.reading.columns is None and RowKind.TASK_HEADER in kind:
            form.pairs.extend(flush_pending(state))
            sub = rows[k + 1] if RowKind.AMOUNT_SUBHEADER in following else None
            form.reading.task_columns = task_columns(row, sub)
            form.pages.add(row.page)
            skip_next = sub is not None
            continue
        if form.reading.task_columns is not None and RowKind.HEADER not in kind:
            _read_task(form, row)
            continue
        form.reading.task_columns = None
        if form.reading.columns is None and not state.pending and _continues_value(form, row):
            continue
        if form.reading.columns is None and not state.pending and fits_series_columns(form, row):
            form.pairs.extend(flush_pending(state))
            form.reading.columns = columns = form.reading.series_columns or []
            form.reading.column_header_seen = True
            form.reading.grid_label = grid_label(columns)
            form.problems.append((COLUMNS_INHERITED, "no column header printed: the previous form's columns, whose edges its cells share"))
        header = RowKind.HEADER in kind and not inside_indicator_table(form, row)
        if header or state.pending or form.reading.columns is None or above_indicators(form, row):
            form.pairs.extend(row_to_pairs(row, state))
            form.pages.add(row.page)
            continue
        read_indicator(form, row, kind)
    form.pairs.extend(flush_pending(state))


def flag_long_form(form: FormDraft, spans: dict[str, list[int]], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> None:
    """Add a long-form problem when ``form`` fills far more pages than the forms of its kind
    read before it in its file (``spans``: their page counts by kind, updated here)."""
    span = max(form.pages) - min(form.pages) + 1 if form.pages else 0
    siblings = spans.setdefault(form.kind, [])
    if len(siblings) >= settings.long_form_siblings:
        median = sorted(siblings)[len(siblings) // 2]
        if span >= median + settings.long_form_pages:
            form.problems.append((LONG_FORM, f"spans {span} pages where the file's forms before it span {median}"))
    siblings.append(span)


def inherit_heading(form: FormDraft, title: str, year: Optional[int]) -> None:
    """A form printed without a title of its own takes the title (and, where it prints none,
    the year) of the series heading printed before it."""
    form.title = title
    if form.year is None:
        form.year = year
    form.title_inherited = True


def rows_to_forms(pages: Iterable[PageRows], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Iterator[FormDraft]:
    """All forms of a document, in order; each yielded once the next one has started;
    ``settings`` are the form stage's tolerances."""
    current: Optional[FormDraft] = None

    methods: dict[int, str] = {}

    aligner = ExportAligner()

    def rows() -> Iterator[Row]:
        for page in pages:
            methods[page.page] = page.method
            yield from aligner.rows(page.rows) if page.method == TEXT_EXPORT else page.rows

    spans: dict[str, list[int]] = {}  # page counts of the forms so far, by kind
    heading: list[tuple[str, Optional[int]]] = []  # the last title printed, with its year

    def finished(form: FormDraft) -> FormDraft:
        form.methods = {methods.get(p, "text") for p in form.pages}
        if form.title:
            heading[:] = [(form.title, form.year)]
        elif heading:
            inherit_heading(form, *heading[0])
        if not form.is_template:
            flag_long_form(form, spans, settings)
        return form

    for section in rows_to_sections(rows(), settings):
        if section.kind == "other":
            if current is not None and current.is_form:
                yield from map(finished, entry_forms(current))
            current = None
            continue
        if section.kind == "lead" and current is None and not any(RowKind.COLUMN_HEADER in k for k in section.kinds):
            continue
        if current is not None and continues(section, current.header, current.title, settings):
            apply_section(current, section)
            continue
        if current is not None and current.is_form:
            yield from map(finished, entry_forms(current))
        series = current.reading.columns if current is not None and current.reading.listing is None else None
        current = FormDraft(reading=ReadingState(series_columns=series, settings=settings))
        apply_section(current, section)
    if current is not None and current.is_form:
        yield from map(finished, entry_forms(current))
