"""List tables (many projects in one indicator table): each data row read into its entry,
and the finished table split into one form per entry."""

from __future__ import annotations

from ...schemas.issues import SECOND_PROJECT
from ..model import Row
from .draft import FormDraft, IndicatorDraft
from .header import Pair
from .indicators import read_indicator
from .labels import value_key
from .listtable import PACKED, Entry, packed_indicators
from .rowkind import RowKind

def read_list_row(form: FormDraft, row: Row, kind: RowKind) -> None:
    """A data row of a list table: its entry first, then its indicator."""
    listing = form.reading.listing
    assert listing is not None
    placed = listing.place(row)
    if listing.is_label_row(placed):
        form.pages.add(row.page)
        return
    entry = listing.read_row(row, placed)
    before = len(form.problems)
    read_indicator(form, row, kind, entry)
    listing.entries[entry].problems.extend(form.problems[before:])
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
    listing = form.reading.listing
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
        draft.reading.column_header_seen = True
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
