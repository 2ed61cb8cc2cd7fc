"""Rows → forms: read header fields and indicator rows into drafts, page after page.

The builder consumes the row stream of a whole document (all sources produce the same rows),
asks :mod:`.stitch` where each segment belongs, and yields each :class:`FormDraft` as soon as
the next form starts, so memory does not grow with the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Optional

from ..layout.celltext import join_wrapped
from .columns import (
    Column,
    assign_cells,
    columns_from_header,
    fits_columns,
    grid_label,
    is_column_header,
    is_subheader,
    repeats_header,
)
from .evaluation import (
    EVALUATION_ROLES,
    ExecutionDraft,
    execution_columns,
    continue_goal_parts,
    goal_columns,
    is_execution_header,
    join_evaluation,
    read_execution,
    read_goal_parts,
    task_amount_key,
    total_score_of,
)
from .header import HeaderState, Pair, flush_pending, is_header_row, line_to_pairs, row_to_pairs
from ...schemas.issues import COLUMNS_INHERITED, HEADER_AS_INDICATOR, LONG_FORM, NAME_MISSING, ROW_UNPLACED, SECOND_PROJECT, SECOND_TITLE
from .labels import (
    column_role,
    header_field,
    is_department_title,
    is_evaluation_title,
    is_total_score,
    label_key,
    money_unit_line,
    split_levels,
    split_money_unit,
    value_key,
    year_in,
)
from .listtable import PACKED, Entry, ListState, is_list_table, packed_indicators
from ..model import PageRows, Row, RowCell
from .stitch import Segment, continues, is_line_row, is_title_row, pairs_summary, row_text, rows_to_segments
from .tasks import TaskDraft, is_amount_subheader, is_task_header, is_total, read_task, task_columns

# The amount labels of a 金额合计 row, as funds fields.
_AMOUNT_KEYS = {"总额": "funds_total", "合计": "funds_total", "金额合计": "funds_total", "财政拨款": "funds_fiscal", "其他资金": "funds_other"}

_LEVELS = ("level1", "level2")
# A line that only gives the year: (2021年度), 2021年, 预算年度：2021年 …
_YEAR_LINE = r"[(（]?(预算)?(年度)?[:：]?20\d{2}\s*年度?[)）]?"


@dataclass
class IndicatorDraft:
    """An indicator row as read, before the record is built."""

    level1: Optional[str]
    level2: Optional[str]
    name: str
    target: Optional[str]
    page: int
    extra: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)  # op / target / unit cells when split
    grid_label: Optional[str] = None  # the block or target label of its table's header
    cells: list[RowCell] = field(default_factory=list)  # the row's own cells, for its box
    entry: Optional[int] = None  # the list-table entry (project) it belongs to
    # self-evaluation columns (actual, weight, score, deviation …): role → (label, text)
    evaluation: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class FormDraft:
    """A form while it is being read: what was printed, with the pages it was seen on."""

    title: str = ""
    year: Optional[int] = None
    kind: str = "project"
    pairs: list[Pair] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)
    pages: set[int] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)
    problems: list[tuple[str, str]] = field(default_factory=list)
    columns: Optional[list[Column]] = None
    carry: dict[str, Optional[str]] = field(default_factory=dict)
    # level → (the empty merged cell: page, table, row, col; indicators waiting for its label)
    unresolved: dict[str, tuple[tuple[int, Optional[int], int, int], list[int]]] = field(default_factory=dict)
    last_table: Optional[tuple[int, int]] = None
    column_header_seen: bool = False
    task_columns: Optional[list[Column]] = None
    tasks: list[TaskDraft] = field(default_factory=list)
    grid_label: Optional[str] = None
    listing: Optional[ListState] = None  # set when the indicator table lists many projects
    money_unit: Optional[str] = None  # 万元 or 元, where a 单位：… line says
    # A self-evaluation (绩效自评表): its title says so, or its indicator table has an
    # 实际完成值 column. Then its funds grid, goal halves and 总分 (score text) are read.
    evaluation: bool = False
    execution: list[ExecutionDraft] = field(default_factory=list)
    execution_columns: Optional[list[Column]] = None
    goal_columns: Optional[dict[str, Column]] = None
    goal_pairs: list[Pair] = field(default_factory=list)
    total_score: Optional[str] = None
    # No title printed above it: title and year are those of the series heading printed
    # before it (Xi'an prints the 表14/表16 heading once, above the first table of the series).
    title_inherited: bool = False
    # The indicator columns of the form before it: taken when its own table prints no
    # column header but its cells stand exactly where those columns do.
    series_columns: Optional[list[Column]] = None

    @property
    def header(self) -> dict[str, str]:
        return pairs_summary(self.pairs)

    @property
    def is_template(self) -> bool:
        """An empty template: its indicator rows print names (指标1：…) but no targets, or it
        has no indicator rows and no header value at all (此表无数据, a blank grid)."""
        if self.indicators:
            return all(not d.target and not any(d.parts.values()) for d in self.indicators)
        return not any(p.value for p in self.pairs)

    @property
    def is_form(self) -> bool:
        """A draft is a form once it has an indicator table; a lone title or a table that
        merely has a 项目名称 column is not."""
        return self.column_header_seen or bool(self.indicators)


def _read_free_text(form: FormDraft, row: Row) -> bool:
    """Read a title, a year line or ``label：value`` phrases; False when the row is none of
    these (free text that belongs to no field)."""
    if is_title_row(row):
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
    if not form.column_header_seen:
        pairs = line_to_pairs(row)
        if pairs:
            form.pairs.extend(pairs)
            form.pages.add(row.page)
            return True
    return False



def _set_columns(form: FormDraft, row: Row, sub: Optional[Row]) -> None:
    form.columns = columns_from_header(row, sub)
    if is_list_table(form.columns):
        if form.listing is None:
            form.listing = ListState.of(form.columns)
            # Table rows above a list's column header are its first header lines, not fields.
            form.pairs = [p for p in form.pairs if not _above_in_table(p, row)]
        else:
            form.listing.columns = ListState.of(form.columns).columns
    form.column_header_seen = True
    form.grid_label = grid_label(form.columns)
    form.evaluation = form.evaluation or any(c.role == "actual" for c in form.columns)
    form.pages.add(row.page)


def _above_in_table(pair: Pair, row: Row) -> bool:
    cells = pair.cells
    return bool(cells) and all(c.cell is not None and c.page == row.page and c.top < row.top - 1 for c in cells)


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


def _map_row(row: Row, columns: list[Column]) -> _RowRead:
    placed = assign_cells(row, columns)
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
            waiting = form.unresolved.pop(level, None)
            if waiting and new_table:
                for index in waiting[1]:
                    setattr(form.indicators[index], level, text)
            form.carry[level] = text
        elif cell is not None and cell.cell is not None:
            waiting = form.unresolved.get(level)
            key = (row.page, row.table, cell.cell.row, cell.cell.col)
            if waiting and waiting[0] == key:
                unresolved.append(level)
            elif cell.first and _reaches_table_bottom(cell, row):
                form.unresolved[level] = (key, [])
                unresolved.append(level)
        levels[level] = form.carry.get(level)
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


def _is_total_row(row: Row) -> bool:
    """A 总分 / 合计 row under the indicators (self-evaluations, lists): no indicator."""
    own = [c.text for c in row.cells if c.first and c.text]
    return bool(own) and is_total_score(own[0])


def _read_indicator(form: FormDraft, row: Row, entry: Optional[int] = None) -> None:
    columns = form.columns or []
    if not fits_columns(row, columns):
        form.problems.append(
            (ROW_UNPLACED, f"page {row.page}: a row does not line up with the indicator columns: {row_text(row)[:60]}")
        )
        return
    read = _map_row(row, columns)
    table_key = (row.page, row.table if row.table is not None else -1)
    new_table = form.last_table is not None and table_key != form.last_table
    form.last_table = table_key
    texts = read.texts
    total = total_score_of(texts, {role: text for role, (_, text) in read.evaluation.items()})
    if total is not None:
        form.total_score = total
        form.pages.add(row.page)
        return
    parts = {r: texts.get(r, "") for r in ("op", "target", "unit") if r in texts}
    name, target = texts.get("name", ""), texts.get("target", "")
    own_levels = any(texts.get(level) for level in _LEVELS)
    split = parts.keys() - {"target"}
    same_entry = bool(form.indicators) and form.indicators[-1].entry == entry
    if new_table and same_entry and not own_levels and (not name or not any(parts.values())):
        _join_split_row(form, read, row)
        return
    if _is_total_row(row):
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
        form.unresolved[level][1].append(len(form.indicators))
    form.indicators.append(
        IndicatorDraft(
            level1=levels["level1"],
            level2=levels["level2"],
            name=name,
            target=target or None,
            page=row.page,
            extra=read.extra,
            parts=parts if split else {},
            grid_label=form.grid_label,
            cells=read.own_cells,
            entry=entry,
            evaluation=read.evaluation,
        )
    )
    form.pages.add(row.page)


def _inside_indicator_table(form: FormDraft, row: Row) -> bool:
    """A row of the table the last indicator came from that lines up with its columns: an
    indicator, even when its name reads like a header label (项目周期, 负责人)."""
    table = (row.page, row.table if row.table is not None else -1)
    return bool(form.indicators) and table == form.last_table and fits_columns(row, form.columns or [])


def _above_indicators(form: FormDraft, row: Row) -> bool:
    """A header row below a column header printed at the top of the page (a repeated table
    header), before any indicator: it does not line up with the indicator columns."""
    return not form.indicators and not fits_columns(row, form.columns or [])


def _read_task(form: FormDraft, row: Row) -> None:
    task = read_task(row, form.task_columns or [])
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
    for pair in reversed(form.pairs[-4:]):
        values = [c for c in pair.cells[1:] if c.text]
        if not pair.value or not values or values[-1].page >= row.page:
            continue
        x0, x1 = min(c.x0 for c in values), max(c.x1 for c in values)
        if all(min(c.x1, x1) - max(c.x0, x0) >= 0.5 * (c.x1 - c.x0) for c in own):
            text = ""
            for c in own:
                text = join_wrapped(text, c.text)
            pair.value = join_wrapped(pair.value, text)
            pair.cells.extend(own)
            form.pages.add(row.page)
            return True
    return False


def _read_list_row(form: FormDraft, row: Row) -> None:
    """A data row of a list table: its entry first, then its indicator."""
    assert form.listing is not None
    if form.listing.is_label_row(row):
        form.pages.add(row.page)
        return
    entry = form.listing.read_row(row)
    before = len(form.problems)
    _read_indicator(form, row, entry)
    form.listing.entries[entry].problems.extend(form.problems[before:])
    del form.problems[before:]


def _packed_rows(entry: Entry, index: int) -> list[IndicatorDraft]:
    """The indicators of an entry whose 绩效指标 cell packs them as one text (Guangzhou)."""
    pieces = [piece for logical in entry.cells.get(PACKED, []) for piece in logical.pieces]
    if not pieces:
        return []
    cells = [p.cell for p in pieces]
    return [
        IndicatorDraft(level1=l1, level2=l2, name=name, target=target, page=cells[0].page, cells=cells, entry=index)
        for l1, l2, name, target in packed_indicators(entry.text(PACKED))
    ]


def entry_forms(form: FormDraft) -> list[FormDraft]:
    """A list table's form split into one form per entry; any other form as it is."""
    listing = form.listing
    if listing is None:
        return [form]
    listing.finish()
    drafts = []
    kept = [p for p in form.pairs if p.key in ("department", "unit_name")]
    for k, entry in enumerate(listing.entries):
        rows = [d for d in form.indicators if d.entry == k] + _packed_rows(entry, k)
        if not rows:
            continue  # a 合计 or subtotal row: amounts, no indicators
        draft = FormDraft(title=form.title, year=form.year, kind=form.kind, pairs=list(kept), indicators=rows)
        draft.column_header_seen = True
        draft.problems = form.problems + entry.problems
        draft.pages = {d.page for d in rows}  # a merged cell's text may stand on a page of no row
        names = {value_key(lg.text) for lg in entry.cells.get("project_name", []) if lg.text}
        if len(names) > 1:
            draft.problems.append((SECOND_PROJECT, f"{len(names)} different 项目名称 cells beside one entry's rows"))
        for name, col in listing.columns.items():
            if name == PACKED:
                continue
            pieces = [piece for logical in entry.cells.get(name, []) for piece in logical.pieces]
            draft.pairs.append(
                Pair(col.label, name, entry.text(name), funds=name.startswith("funds"), cells=[p.cell for p in pieces])
            )
        drafts.append(draft)
    return drafts


def _read_evaluation_header(form: FormDraft, row: Row) -> bool:
    """A self-evaluation's funds grid (header, then 年度资金总额 … rows) or its goal split into
    预期目标 | 实际完成情况 (then the row of texts beneath); False for any other row."""
    if is_execution_header(row):
        form.execution_columns, form.goal_columns = execution_columns(row), None
    elif goal_columns(row) is not None:
        form.goal_columns, form.execution_columns = goal_columns(row), None
    elif form.execution_columns is not None:
        line = read_execution(row, form.execution_columns)
        if line is None:
            form.execution_columns = None
            return _read_evaluation_header(form, row)
        form.execution.append(line)
        if line.pair is not None:
            form.pairs.append(line.pair)
    elif form.goal_columns is not None and form.goal_pairs:
        if not continue_goal_parts(form.goal_pairs, row, form.goal_columns):
            form.goal_columns = None
            return False
    elif form.goal_columns is not None:
        form.goal_pairs = read_goal_parts(row, form.goal_columns)
        if not form.goal_pairs:
            form.goal_columns = None
            return False
        form.pairs.extend(form.goal_pairs)
    else:
        return False
    form.evaluation = True
    form.pages.add(row.page)
    return True


_EDGE = 3.0  # points


def _fits_series_columns(form: FormDraft, row: Row) -> bool:
    """An indicator row (its first cell the 绩效指标 block label) of a table printed without
    its column header, whose cells stand exactly on the previous form's columns."""
    columns = form.series_columns
    if not columns or form.listing is not None or len(row.cells) != len(columns) or not row.cells[0].text:
        return False
    if header_field(row.cells[0].text) != "block" or columns[0].role != "block":
        return False
    return all(abs(c.x0 - col.x0) <= _EDGE and abs(c.x1 - col.x1) <= _EDGE for c, col in zip(row.cells, columns))


def apply_segment(form: FormDraft, segment: Segment) -> None:
    """Read a segment's rows into a form (new or continued)."""
    state = HeaderState()
    rows = segment.rows
    skip_next = False
    for k, row in enumerate(rows):
        form.problems.extend(row.problems)
        if skip_next:
            skip_next = False
            continue
        if row.is_text or is_title_row(row):
            if not _read_free_text(form, row) and form.listing is not None:
                form.listing.take_line(row)
            continue
        if not (form.column_header_seen or state.pending) and is_line_row(row) and _read_free_text(form, row):
            continue
        if not form.column_header_seen and _read_evaluation_header(form, row):
            continue
        if is_column_header(row):
            form.pairs.extend(flush_pending(state))
            sub = rows[k + 1] if k + 1 < len(rows) and is_subheader(rows[k + 1]) else None
            _set_columns(form, row, sub)
            form.task_columns = None
            skip_next = sub is not None
            continue
        if form.columns is not None and repeats_header(row, form.columns):
            form.pages.add(row.page)
            continue
        if form.listing is not None:
            _read_list_row(form, row)
            continue
        if form.columns is None and is_task_header(row):
            form.pairs.extend(flush_pending(state))
            sub = rows[k + 1] if k + 1 < len(rows) and is_amount_subheader(rows[k + 1]) else None
            form.task_columns = task_columns(row, sub)
            form.pages.add(row.page)
            skip_next = sub is not None
            continue
        if form.task_columns is not None and not is_header_row(row):
            _read_task(form, row)
            continue
        form.task_columns = None
        if form.columns is None and not state.pending and _continues_value(form, row):
            continue
        if form.columns is None and not state.pending and _fits_series_columns(form, row):
            form.pairs.extend(flush_pending(state))
            form.columns = form.series_columns
            form.column_header_seen = True
            form.grid_label = grid_label(form.columns)
            form.problems.append((COLUMNS_INHERITED, "no column header printed: the previous form's columns, whose edges its cells share"))
        header = is_header_row(row) and not _inside_indicator_table(form, row)
        if header or state.pending or form.columns is None or _above_indicators(form, row):
            form.pairs.extend(row_to_pairs(row, state))
            form.pages.add(row.page)
            continue
        _read_indicator(form, row)
    form.pairs.extend(flush_pending(state))


# A form spanning this many pages more than the median of the file's forms before it (of at
# least _SIBLINGS) may hold the next forms too.
_LONGER_BY, _SIBLINGS = 3, 3


def flag_long_form(form: FormDraft, spans: dict[str, list[int]]) -> None:
    """Add a long-form problem when ``form`` fills far more pages than the forms of its kind
    read before it in its file (``spans``: their page counts by kind, updated here)."""
    span = max(form.pages) - min(form.pages) + 1 if form.pages else 0
    siblings = spans.setdefault(form.kind, [])
    if len(siblings) >= _SIBLINGS:
        median = sorted(siblings)[len(siblings) // 2]
        if span >= median + _LONGER_BY:
            form.problems.append((LONG_FORM, f"spans {span} pages where the file's forms before it span {median}"))
    siblings.append(span)


def inherit_heading(form: FormDraft, title: str, year: Optional[int]) -> None:
    """A form printed without a title of its own takes the title (and, where it prints none,
    the year) of the series heading printed before it."""
    form.title = title
    if form.year is None:
        form.year = year
    form.title_inherited = True


def rows_to_forms(pages: Iterable[PageRows]) -> Iterator[FormDraft]:
    """All forms of a document, in order; each yielded once the next one has started."""
    current: Optional[FormDraft] = None

    methods: dict[int, str] = {}

    def rows() -> Iterator[Row]:
        for page in pages:
            methods[page.page] = page.method
            yield from page.rows

    spans: dict[str, list[int]] = {}  # page counts of the forms so far, by kind
    heading: list[tuple[str, Optional[int]]] = []  # the last title printed, with its year

    def finished(form: FormDraft) -> FormDraft:
        form.methods = {methods.get(p, "text") for p in form.pages}
        if form.title:
            heading[:] = [(form.title, form.year)]
        elif heading:
            inherit_heading(form, *heading[0])
        if not form.is_template:
            flag_long_form(form, spans)
        return form


    for segment in rows_to_segments(rows()):
        if segment.kind == "other":
            if current is not None and current.is_form:
                yield from map(finished, entry_forms(current))
            current = None
            continue
        if segment.kind == "lead" and current is None and not any(is_column_header(r) for r in segment.rows):
            continue
        if current is not None and continues(segment, current.header, current.title):
            apply_segment(current, segment)
            continue
        if current is not None and current.is_form:
            yield from map(finished, entry_forms(current))
        series = current.columns if current is not None and current.listing is None else None
        current = FormDraft(series_columns=series)
        apply_segment(current, segment)
    if current is not None and current.is_form:
        yield from map(finished, entry_forms(current))
