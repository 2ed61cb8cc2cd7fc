"""Header rows → label/value pairs (项目名称, 实施单位, funds, 年度目标 …).

A label's value is the text of the cells to its right up to the next label. A label with
nothing to its right takes its value from the next row: the whole row when it stands alone
(年度目标 above a full-width goal cell), else the cells below it (a funds block printed as
column headers over a row of amounts; a row of sub-column headers 合计 | 基本支出 | 项目支出
between them points each funds label at the amount under its 合计).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..layout.celltext import join_cells
from .settings import DEFAULT_FORM_SETTINGS, FormSettings
from .labels import header_field, is_funds_part, longer_period, names_annual, names_longer, printed_label, split_fused_label
from ..model import Row, RowCell

_INLINE = re.compile(r"^\s*([^:：]{2,14}?)\s*[:：]\s*(.+)$", re.S)
_AMOUNTISH = re.compile(r"^[\s\d.,，\-—万元¥￥]*$")
_UNIT_ONLY = re.compile(r"^(万?元|人民币)$")
# The first sub-column of a funds group printed as 合计 | 基本支出 | 项目支出: the group's amount.
_SUM_COLUMN = re.compile(r"^\s*(合计|小计|总计)\s*$")


@dataclass
class Pair:
    """One label with its value as printed, and the field it names (None: a plain field)."""

    label: str
    key: Optional[str]
    value: str
    funds: bool = False
    cells: list[RowCell] = field(default_factory=list)


@dataclass
class _Item:
    cell: RowCell
    label: Optional[str] = None  # printed label when the cell is a label
    key: Optional[str] = None
    funds: bool = False
    # x range its value stands in, when narrower than its label (a 合计 sub-column).
    column: Optional[tuple[float, float]] = None


@dataclass
class HeaderState:
    """What a header row leaves for the next one: labels still waiting for a value, and
    whether we are inside a funds block."""

    pending: list[_Item] = field(default_factory=list)
    # x range of the 年度 column when funds are printed for 中期 and 年度 side by side.
    annual_column: Optional[tuple[float, float]] = None
    # x range (and period word) of the 实施期/中期 funds labels and values when they stand
    # beside the 年度 ones as label | value | label | value.
    longer_column: Optional[tuple[float, float, str]] = None
    settings: FormSettings = DEFAULT_FORM_SETTINGS


def _classify(cell: RowCell, in_funds: bool) -> _Item:
    text = cell.text
    key = header_field(text)
    if key is not None:
        return _Item(cell, printed_label(text), key, funds=key.startswith("funds"))
    if in_funds and is_funds_part(text) and not _AMOUNTISH.match(text):
        return _Item(cell, printed_label(text), "funds_part", funds=True)
    return _Item(cell)


def _inline_pair(cell: RowCell, in_funds: bool) -> Optional[Pair]:
    """A cell that holds both label and value, e.g. ``年度资金总额：70.4``."""
    match = _INLINE.match(cell.text)
    if not match:
        fused = split_fused_label(cell.text)
        return Pair(fused[0], fused[1], fused[2], cells=[cell]) if fused else None
    label, value = match.group(1).strip(), match.group(2).strip()
    key = header_field(label)
    if key is None and in_funds and is_funds_part(label):
        key = "funds_part"
    if key is None:
        return None
    return Pair(label, key, value, funds=key.startswith("funds"), cells=[cell])


def is_header_row(row: Row) -> bool:
    """Whether a row's first own cell is a known header label (not the 绩效指标 block)."""
    for cell in row.cells:
        if cell.first and cell.text:
            key = header_field(cell.text)
            if key is None:
                inline = _INLINE.match(cell.text)
                key = header_field(inline.group(1)) if inline else None
            if key is None:
                fused = split_fused_label(cell.text)
                key = fused[1] if fused else None
            return key is not None and key != "block"
    return False


def row_to_pairs(row: Row, state: HeaderState) -> list[Pair]:
    """Read one header row; labels left without a value are kept in ``state`` for the next
    row, and labels waiting from the previous row are filled from this one if it has none."""
    in_funds = any(
        not c.first and header_field(c.text) == "funds_group" for c in row.cells
    )
    items: list[_Item] = []
    pairs: list[Pair] = []
    for cell in row.cells:
        if not cell.first:
            continue
        if not cell.text:
            items.append(_Item(cell))
            continue
        item = _classify(cell, in_funds)
        if item.key == "funds_group":
            in_funds = True
        if item.key is None:
            inline = _inline_pair(cell, in_funds)
            if inline is not None:
                items.append(_Item(cell, inline.label, "inline"))
                pairs.append(inline)
                continue
        items.append(item)

    if (
        state.pending
        and all(it.label is None for it in items)
        and _narrow_to_sum_columns(state.pending, [it.cell for it in items if it.cell.text], state.settings.value_below)
    ):
        return pairs
    merged_funds = any(not c.first and (header_field(c.text) or "").startswith("funds") for c in row.cells)
    _label_funds_parts(items, in_funds or merged_funds)
    labels = [it for it in items if it.label is not None and it.key != "inline"]
    first_label = next((k for k, it in enumerate(items) if it.label is not None), len(items))
    if labels and first_label >= 2:
        # Unknown label/value cells before the first known label (单位负责人 | 陈建华 | 联系电话 …).
        pairs.extend(_unlabelled_pairs([it.cell for it in items[:first_label] if it.cell.text]))
    if not labels and state.pending:
        pairs.extend(_fill_pending(state.pending, [it.cell for it in items if it.cell.text], state.settings.value_below))
        state.pending = []
        return pairs
    if not labels:
        pairs.extend(_unlabelled_pairs([it.cell for it in items if it.cell.text]))
        state.pending = []
        return pairs

    read: list[tuple[_Item, str, list[RowCell], bool]] = []
    for k, item in enumerate(items):
        if item.label is None or item.key == "inline":
            continue
        values: list[RowCell] = []
        for nxt in items[k + 1 :]:
            if nxt.label is not None:
                break
            values.append(nxt.cell)
        text = ""
        for v in values:
            text = join_cells(text, v.text)
        last = not any(it.label is not None for it in items[k + 1 :])
        read.append((item, text, values, last))
    # A row of labels with no values at all is a column header: values come in the next row.
    all_empty = all(not text for item, text, _, _ in read if item.key != "funds_group")
    if all_empty and _set_annual_column(read, state):
        return pairs
    _track_longer_column(read, state)
    pending: list[_Item] = []
    for item, text, values, last in read:
        longer = _in_longer_column(item, state)
        if longer:
            item = _as_longer_field(item, state)
        if state.annual_column is not None and item.funds:
            values = _in_column(values, state.annual_column, state.settings.value_below)
            text = ""
            for v in values:
                text = join_cells(text, v.text)
        if item.key == "funds_group" and not text:
            # Kept, empty, for what its label says (项目资金（元）: the amounts' unit).
            pairs.append(Pair(item.label or "", item.key, "", True, [item.cell]))
            continue
        if not text and (all_empty or last):
            pending.append(item)
            continue
        funds = not longer and (item.funds or in_funds)
        pairs.append(Pair(item.label or "", item.key, text, funds, [item.cell, *values]))
    for item in state.pending:
        pairs.append(Pair(item.label or "", item.key, "", item.funds, [item.cell]))
    state.pending = pending
    return pairs


def _set_annual_column(read: list[tuple[_Item, str, list[RowCell], bool]], state: HeaderState) -> bool:
    """A funds row of column headers 中期资金总额 | 年度资金总额: remember where the annual
    amounts stand, and read only those (the record's funds are the year's)."""
    labels = [item for item, _, _, _ in read if item.key != "funds_group"]
    if len(labels) < 2 or not all(item.funds for item in labels):
        return False
    annual = [it for it in labels if names_annual(it.cell.text)]
    longer = [it for it in labels if names_longer(it.cell.text)]
    if not annual or not longer:
        return False
    state.annual_column = (annual[0].cell.x0, annual[0].cell.x1)
    state.pending = []
    return True


def _label_funds_parts(items: list[_Item], in_funds: bool) -> None:
    """``当年预算 | 12,700.00 | 市级支出 | 12,700.00``: after a funds label and its amount (or
    inside a funds block), a short text cell followed by an amount is the label of that
    amount (a funds part the vocabulary does not know), never part of the value before."""
    for k in range(len(items) - 1):
        cell, amount = items[k], items[k + 1]
        after_funds = k >= 2 and items[k - 2].funds and items[k - 2].key != "funds_group" and _is_amount(items[k - 1])
        if cell.label is not None or amount.label is not None or not (in_funds or after_funds):
            continue
        text = cell.cell.text
        if text and not _AMOUNTISH.match(text) and len(text) <= 12 and (_is_amount(amount) or not amount.cell.text):
            items[k] = _Item(cell.cell, printed_label(text), "funds_part", funds=True)


def _is_amount(item: _Item) -> bool:
    return item.label is None and bool(item.cell.text) and bool(_AMOUNTISH.match(item.cell.text))


def _track_longer_column(read: list[tuple[_Item, str, list[RowCell], bool]], state: HeaderState) -> None:
    """Funds printed for 实施期 and 年度 side by side (``实施期资金总额： | 818.75 | 年度资金总额：
    | 818.75``): the labels from the 实施期 one up to the 年度 one are the period's, on this
    row and the funds rows below it; a row without funds labels ends the block."""
    funds = [item for item, _, _, _ in read if item.funds and item.key != "funds_group"]
    if not funds:
        state.longer_column = None
        return
    longer = [it for it in funds if longer_period(it.cell.text)]
    annual = [it for it in funds if not longer_period(it.cell.text) and it.key == "funds_total"]
    if longer and annual and longer[0].cell.x0 < annual[0].cell.x0:
        period = longer_period(longer[0].cell.text) or ""
        state.longer_column = (longer[0].cell.x0, annual[0].cell.x0, period)


def _in_longer_column(item: _Item, state: HeaderState) -> bool:
    column = state.longer_column
    return (
        column is not None
        and item.funds
        and item.key != "funds_group"
        and column[0] - 1 <= item.cell.x0 < column[1] - 1
    )


def _as_longer_field(item: _Item, state: HeaderState) -> _Item:
    """A funds label of the 实施期 column as a plain field (``实施期财政拨款``): the record's
    funds are the year's."""
    period = state.longer_column[2] if state.longer_column else ""
    label = printed_label(item.label or "")
    if not longer_period(label):
        label = period + re.sub(r"^其中[:：]?", "", label)
    return _Item(item.cell, label, None, funds=False)


def _in_column(values: list[RowCell], column: tuple[float, float], share: float) -> list[RowCell]:
    inside = [v for v in values if v.text and min(v.x1, column[1]) - max(v.x0, column[0]) > share * (v.x1 - v.x0)]
    return inside or values


def flush_pending(state: HeaderState) -> list[Pair]:
    """Labels that never got a value (the next row was no header row): empty values."""
    pairs = [Pair(it.label or "", it.key, "", it.funds, [it.cell]) for it in state.pending]
    state.pending = []
    return pairs


def _fill_pending(pending: list[_Item], cells: list[RowCell], share: float) -> list[Pair]:
    if len(pending) == 1:
        item = pending[0]
        text = ""
        for c in cells:
            text = join_cells(text, c.text)
        return [Pair(item.label or "", item.key, text, item.funds, [item.cell, *cells])]
    pairs = []
    for item in pending:
        below = _below(item, cells, share)
        text = ""
        for c in below:
            text = join_cells(text, c.text)
        pairs.append(Pair(item.label or "", item.key, text, item.funds, [item.cell, *below]))
    return pairs


def _narrow_to_sum_columns(pending: list[_Item], cells: list[RowCell], share: float) -> bool:
    """A row of sub-column headers under waiting funds labels (财政拨款 over 合计 | 基本支出 |
    项目支出): each label's value is the amount under its 合计 column, in the next row. False
    (nothing changed) unless every label with cells below starts with such a column."""
    if not cells or any(re.search(r"\d", c.text) for c in cells):
        return False
    narrowed = []
    for item in pending:
        below = _below(item, cells, share)
        if not below:
            continue
        if not item.funds or not _SUM_COLUMN.match(below[0].text):
            return False
        narrowed.append((item, (below[0].x0, below[0].x1)))
    if not narrowed:
        return False
    for item, column in narrowed:
        item.column = column
    return True


def _below(item: _Item, cells: list[RowCell], share: float) -> list[RowCell]:
    """The cells standing under an item's column."""
    x0, x1 = item.column or (item.cell.x0, item.cell.x1)
    width = max(x1 - x0, 1e-6)
    return [c for c in cells if min(c.x1, x1) - max(c.x0, x0) > share * min(_w(c), width)]


def _unlabelled_pairs(cells: list[RowCell]) -> list[Pair]:
    """A header row with no known label: read it as alternating label/value cells when the
    would-be labels are short phrases (项目负责人 | 张三 | 联系电话 | …)."""
    if len(cells) < 2 or len(cells) % 2:
        return []
    pairs = []
    for label, value in zip(cells[::2], cells[1::2]):
        text = printed_label(label.text)
        if not (1 < len(text) <= 12) or re.search(r"\d", text):
            return []
        pairs.append(Pair(text, None, value.text, cells=[label, value]))
    return pairs


def line_to_pairs(row: Row) -> list[Pair]:
    """Known ``label：value`` phrases of a free text line above a form's table."""
    pairs = []
    for cell in row.cells:
        pair = _inline_pair(cell, in_funds=False)
        if pair is not None and not _UNIT_ONLY.match(pair.value):
            pairs.append(pair)
    return pairs


def _w(cell: RowCell) -> float:
    return max(cell.x1 - cell.x0, 1e-6)
