"""Multi-page stitching: cut the row stream into segments and attach each to its form.

A segment starts at a form title, or at a 项目名称 (部门名称) row that follows other content.
A segment continues the open form when it names the same project (or none) and restates no
header field with a different value — a continuation page repeating the title and the
项目名称 row, or starting straight with indicator rows. Anything else starts a new form.
Titles of other tables (收支总表, 自评表 …) end the open form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Optional

from ..layout.celltext import join_wrapped
from .columns import is_column_header
from .header import HeaderState, Pair, is_header_row, line_to_pairs, row_to_pairs
from .labels import header_field, is_form_title, is_other_title, label_key, split_fused_label, value_key
from ..model import Row

IDENTITY_KEYS = ("project_name",)


@dataclass
class Segment:
    """Rows from one boundary to the next. ``kind`` is ``form`` (starts at a form title or
    identity row), ``other`` (starts at another table's title: ignored) or ``lead`` (rows
    before any boundary)."""

    kind: str
    rows: list[Row] = field(default_factory=list)
    has_title: bool = False
    has_identity: bool = False
    has_body: bool = False  # header fields beyond the title, or indicator rows


def row_text(row: Row) -> str:
    """All own text of a row, joined as one line."""
    text = ""
    for t in row.texts:
        text = join_wrapped(text, t)
    return text


def is_title_row(row: Row) -> bool:
    """A form title: a free text line, or a table row with a single cell, matching …绩效目标表."""
    texts = row.texts
    return len(texts) == 1 and is_form_title(texts[0])


def is_line_row(row: Row) -> bool:
    """A table row holding one short line of text and no label: a title or year line that a
    producer put inside the table's frame."""
    own = [c for c in row.cells if c.first and c.text]
    return (
        len(own) == 1
        and header_field(own[0].text) in (None, "field")
        and split_fused_label(own[0].text) is None
        and len(own[0].text) <= 40
    )


def is_other_title_row(row: Row) -> bool:
    """A free text line titling some other table; it ends the open form."""
    texts = row.texts
    return row.is_text and len(texts) == 1 and is_other_title(texts[0])


def is_identity_row(row: Row) -> bool:
    """A row whose first own cell is 项目名称 (or its variants)."""
    for cell in row.cells:
        if cell.first and cell.text:
            key = header_field(cell.text)
            if key is None and ("：" in cell.text or ":" in cell.text):
                key = header_field(cell.text.replace("：", ":").split(":", 1)[0])
            if key is None:
                fused = split_fused_label(cell.text)
                key = fused[1] if fused else None
            return key in IDENTITY_KEYS
    return False


def _one_line(row: Row) -> bool:
    return row.is_text and len(row.cells) == 1 and bool(row.cells[0].text)


def joined_titles(rows: Iterable[Row]) -> Iterator[Row]:
    """The row stream with a form title printed on two lines (``…_全国民`` / ``电诈中心建设项目
    绩效目标表``) as one title row: two free lines, one under the other, that make a title
    together while neither is one alone — or whose second is a title alone and whose first
    is its head (:func:`_title_head`: centred over it, same type size, no label)."""
    held: Optional[Row] = None
    for row in rows:
        if held is not None:
            first = held
            held = None
            if _one_line(row) and row.page == first.page and row.top - first.bottom < 2 * (first.bottom - first.top):
                text = join_wrapped(first.cells[0].text, row.cells[0].text)
                if is_form_title(text) and (not is_form_title(row.cells[0].text) or _title_head(first, row)):
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


def _stacked_under(first: Row, k: int, row: Row) -> bool:
    """Whether ``row`` holds only the next glyph of the label stacked from ``first``'s cell k."""
    if row.table is None or (row.page, row.table) != (first.page, first.table) or row.index != first.index + 1:
        return False
    own = [j for j, c in enumerate(row.cells) if c.first and c.text]
    if own != [k] or len(row.cells) != len(first.cells) or len(row.cells[k].text.strip()) != 1:
        return False
    a, b = first.cells[k], row.cells[k]
    return abs(a.x0 - b.x0) < 2 and abs(a.x1 - b.x1) < 2


def joined_stacked_labels(rows: Iterable[Row]) -> Iterator[Row]:
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
            if k is not None and _stacked_under(held[-1], k, row):
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


def rows_to_segments(rows: Iterable[Row]) -> Iterator[Segment]:
    """Cut the document's row stream at form boundaries."""
    segment = Segment("lead")
    for row in joined_titles(joined_stacked_labels(rows)):
        title, identity = is_title_row(row), is_identity_row(row)
        if title:
            if segment.rows:
                yield segment
            segment = Segment("form", has_title=True)
        elif is_other_title_row(row):
            if segment.rows:
                yield segment
            segment = Segment("other")
        elif identity and (segment.has_identity or segment.has_body or segment.kind != "form"):
            # A column header printed just above this 项目名称 (on its page) is the new form's.
            lead: list[Row] = []
            while segment.rows and segment.rows[-1].page == row.page and is_column_header(segment.rows[-1]):
                lead.insert(0, segment.rows.pop())
            if segment.rows:
                yield segment
            segment = Segment("form", rows=lead)
        if identity:
            segment.has_identity = True
        elif not (row.is_text or title or is_column_header(row) or is_header_row(row)) and not (
            is_line_row(row) and not segment.has_body
        ):
            # Header rows and a column header are no body: 主管部门 may stand above 项目名称, and
            # some producers repeat the column header there.
            segment.has_body = True
        segment.rows.append(row)
    if segment.rows:
        yield segment


def segment_header(segment: Segment) -> dict[str, str]:
    """The header fields a segment states before its indicator table (for the decision)."""
    values: dict[str, str] = {}
    state = HeaderState()
    for row in segment.rows:
        if is_title_row(row):
            continue
        if row.is_text:
            pairs = line_to_pairs(row)
        elif is_column_header(row):
            if values:
                break
            continue  # printed above 项目名称 (a browser's repeated <thead>): read on
        elif not is_header_row(row) and not state.pending:
            if values:
                break
            continue
        else:
            pairs = row_to_pairs(row, state)
        for pair in pairs:
            if pair.key and pair.key != "block" and pair.value:
                values.setdefault(pair.key + ":" + label_key(pair.label), pair.value)
    return values


def segment_title(segment: Segment) -> str:
    """The form title a segment starts with ('' when it starts without one)."""
    for row in segment.rows:
        if is_title_row(row):
            return row_text(row)
    return ""


def continues(segment: Segment, form_header: dict[str, str], form_title: str = "") -> bool:
    """Whether a segment belongs to the open form whose header is ``form_header``: a title
    other than the form's own starts a new form, a repeated one may continue it."""
    title = segment_title(segment) if segment.has_title else ""
    if title and form_title and label_key(title) != label_key(form_title):
        return False
    stated = segment_header(segment)
    for key, value in stated.items():
        known = form_header.get(key)
        if known is not None and value_key(known) != value_key(value):
            return False
        if known is None and not key.startswith("project_name"):
            return False
    return True


def pairs_summary(pairs: list[Pair]) -> dict[str, str]:
    """The decision keys of header pairs, as :func:`segment_header` makes them."""
    return {
        p.key + ":" + label_key(p.label): p.value
        for p in pairs
        if p.key and p.key != "block" and p.value
    }


def _title_head(head: Row, row: Row) -> bool:
    """Whether a one-phrase line is the first line of the title printed under it
    (``301007_泉州市公安局…_机场公安综`` over ``合修缮改造项目绩效目标表``)."""
    first = head.cells[0].text
    if header_field(first) or first.endswith(("。", "：", ":", "；", ";", "，", ",")):
        return False
    height, other = head.bottom - head.top, row.bottom - row.top
    a, b = head.cells[0], row.cells[0]
    centred = abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) <= 0.1 * max(a.x1 - a.x0, b.x1 - b.x0)
    same_size = abs(height - other) <= 0.15 * max(height, other)
    return centred and same_size and 0 <= row.top - head.bottom <= 1.2 * height
