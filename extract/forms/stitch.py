"""Multi-page stitching: cut the row stream into sections and attach each to its form.

A section starts at a form title, or at a 项目名称 (部门名称) row that follows other content.
A section continues the open form when it names the same project (or none) and restates no
header field with a different value — a continuation page repeating the title and the
项目名称 row, or starting straight with indicator rows. Anything else starts a new form.
Titles of other tables (收支总表, 自评表 …) end the open form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Optional

from ..layout.celltext import join_wrapped
from ..model import Row
from .header import HeaderState, Pair, line_to_pairs, row_to_pairs
from .labels import header_field, is_form_title, label_key, value_key
from .rowkind import RowKind, classify, row_text
from .settings import DEFAULT_FORM_SETTINGS, FormSettings

@dataclass
class Section:
    """Rows from one boundary to the next, each with its kind. ``kind`` is ``form`` (starts
    at a form title or identity row), ``other`` (starts at another table's title: ignored)
    or ``lead`` (rows before any boundary)."""

    kind: str
    rows: list[Row] = field(default_factory=list)
    kinds: list[RowKind] = field(default_factory=list)
    has_title: bool = False
    has_identity: bool = False
    has_body: bool = False  # header fields beyond the title, or indicator rows

    def add(self, row: Row, kind: RowKind) -> None:
        self.rows.append(row)
        self.kinds.append(kind)

    def pop(self) -> tuple[Row, RowKind]:
        return self.rows.pop(), self.kinds.pop()


def _one_line(row: Row) -> bool:
    return row.is_text and len(row.cells) == 1 and bool(row.cells[0].text)


def joined_titles(rows: Iterable[Row], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Iterator[Row]:
    """The row stream with a form title printed on two lines (``…_全国民`` / ``电诈中心建设项目
    绩效目标表``) as one title row: two free lines, one under the other, that make a title
    together while neither is one alone — or whose second is a title alone and whose first
    is its head (:func:`_title_head`: centred over it, same type size, no label)."""
    held: Optional[Row] = None
    for row in rows:
        if held is not None:
            first = held
            held = None
            if _one_line(row) and row.page == first.page and row.top - first.bottom < settings.title_gap * (first.bottom - first.top):
                text = join_wrapped(first.cells[0].text, row.cells[0].text)
                if is_form_title(text) and (not is_form_title(row.cells[0].text) or _title_head(first, row, settings)):
                    a, b = first.cells[0], row.cells[0]
                    cell = replace(a, text=text, x0=min(a.x0, b.x0), x1=max(a.x1, b.x1), bottom=b.bottom)
                    yield replace(first, bottom=row.bottom, cells=[cell])
                    continue
            yield first
        if _one_line(row) and not is_form_title(row.cells[0].text):
            held = row
        else:
            yield row
    if held is not None:
        yield held


def _glyph_cell(row: Row) -> Optional[int]:
    """The index of the row's one-glyph own cell (a glyph of a label stacked down a column)."""
    glyphs = [k for k, c in enumerate(row.cells) if c.first and len(c.text.strip()) == 1]
    return glyphs[0] if len(glyphs) == 1 else None


def _stacked_under(first: Row, k: int, row: Row, edge: float) -> bool:
    """Whether ``row`` holds only the next glyph of the label stacked from ``first``'s cell k."""
    if row.table is None or (row.page, row.table) != (first.page, first.table) or row.index != first.index + 1:
        return False
    own = [j for j, c in enumerate(row.cells) if c.first and c.text]
    if own != [k] or len(row.cells) != len(first.cells) or len(row.cells[k].text.strip()) != 1:
        return False
    a, b = first.cells[k], row.cells[k]
    return abs(a.x0 - b.x0) < edge and abs(a.x1 - b.x1) < edge


def joined_stacked_labels(rows: Iterable[Row], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Iterator[Row]:
    """The row stream with a label printed one glyph per grid row down a column (``总`` /
    ``体`` / ``目`` / ``标`` beside one merged value cell) as one row carrying the whole label;
    glyphs that join to no known label are left as printed."""
    held: list[Row] = []

    def release() -> Iterator[Row]:
        if len(held) > 1:
            k = _glyph_cell(held[0])
            assert k is not None
            label = "".join(r.cells[k].text.strip() for r in held)
            if header_field(label) is not None:
                first = held[0]
                cells = list(first.cells)
                cells[k] = replace(cells[k], text=label, bottom=held[-1].cells[k].bottom)
                yield replace(first, bottom=held[-1].bottom, cells=cells)
                return
        yield from held

    for row in rows:
        if held:
            k = _glyph_cell(held[0])
            if k is not None and _stacked_under(held[-1], k, row, settings.stacked_edge):
                held.append(row)
                continue
            yield from release()
            held = []
        if row.table is not None and _glyph_cell(row) is not None:
            held = [row]
        else:
            yield row
    if held:
        yield from release()


# Rows that are no form body: header rows and a column header (主管部门 may stand above
# 项目名称, and some producers repeat the column header there), titles and free text.
_NO_BODY = RowKind.TEXT | RowKind.TITLE | RowKind.COLUMN_HEADER | RowKind.HEADER


def rows_to_sections(rows: Iterable[Row], settings: FormSettings = DEFAULT_FORM_SETTINGS) -> Iterator[Section]:
    """Cut the document's row stream at form boundaries, classifying each row once."""
    section = Section("lead")
    for row in joined_titles(joined_stacked_labels(rows, settings), settings):
        kind = classify(row, settings)
        identity = RowKind.IDENTITY in kind
        if RowKind.TITLE in kind:
            if section.rows:
                yield section
            section = Section("form", has_title=True)
        elif RowKind.OTHER_TITLE in kind:
            if section.rows:
                yield section
            section = Section("other")
        elif identity and (section.has_identity or section.has_body or section.kind != "form"):
            # A column header printed just above this 项目名称 (on its page) is the new form's.
            lead = Section("form")
            while section.rows and section.rows[-1].page == row.page and RowKind.COLUMN_HEADER in section.kinds[-1]:
                held, held_kind = section.pop()
                lead.rows.insert(0, held)
                lead.kinds.insert(0, held_kind)
            if section.rows:
                yield section
            section = lead
        if identity:
            section.has_identity = True
        elif not kind & _NO_BODY and not (RowKind.LINE in kind and not section.has_body):
            section.has_body = True
        section.add(row, kind)
    if section.rows:
        yield section


def section_header(section: Section, settings: FormSettings = DEFAULT_FORM_SETTINGS) -> dict[str, str]:
    """The header fields a section states before its indicator table (for the decision)."""
    values: dict[str, str] = {}
    state = HeaderState(settings=settings)
    for row, kind in zip(section.rows, section.kinds):
        if RowKind.TITLE in kind:
            continue
        if RowKind.TEXT in kind:
            pairs = line_to_pairs(row)
        elif RowKind.COLUMN_HEADER in kind:
            if values:
                break
            continue  # printed above 项目名称 (a browser's repeated <thead>): read on
        elif RowKind.HEADER not in kind and not state.pending:
            if values:
                break
            continue
        else:
            pairs = row_to_pairs(row, state)
        for pair in pairs:
            if pair.key and pair.key != "block" and pair.value:
                values.setdefault(pair.key + ":" + label_key(pair.label), pair.value)
    return values


def section_title(section: Section) -> str:
    """The form title a section starts with ('' when it starts without one)."""
    for row, kind in zip(section.rows, section.kinds):
        if RowKind.TITLE in kind:
            return row_text(row)
    return ""


def continues(
    section: Section, form_header: dict[str, str], form_title: str = "", settings: FormSettings = DEFAULT_FORM_SETTINGS
) -> bool:
    """Whether a section belongs to the open form whose header is ``form_header``: a title
    other than the form's own starts a new form, a repeated one may continue it."""
    title = section_title(section) if section.has_title else ""
    if title and form_title and label_key(title) != label_key(form_title):
        return False
    stated = section_header(section, settings)
    for key, value in stated.items():
        known = form_header.get(key)
        if known is not None and value_key(known) != value_key(value):
            return False
        if known is None and not key.startswith("project_name"):
            return False
    return True


def pairs_summary(pairs: list[Pair]) -> dict[str, str]:
    """The decision keys of header pairs, as :func:`section_header` makes them."""
    return {
        p.key + ":" + label_key(p.label): p.value
        for p in pairs
        if p.key and p.key != "block" and p.value
    }


def _title_head(head: Row, row: Row, settings: FormSettings) -> bool:
    """Whether a one-phrase line is the first line of the title printed under it
    (``301007_泉州市公安局…_机场公安综`` over ``合修缮改造项目绩效目标表``)."""
    first = head.cells[0].text
    if header_field(first) or first.endswith(("。", "：", ":", "；", ";", "，", ",")):
        return False
    height, other = head.bottom - head.top, row.bottom - row.top
    a, b = head.cells[0], row.cells[0]
    centred = abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= settings.head_centred * max(a.x1 - a.x0, b.x1 - b.x0)
    same_size = abs(height - other) <= settings.head_same_size * max(height, other)
    return centred and same_size and 0 <= row.top - head.bottom <= settings.head_gap * height
