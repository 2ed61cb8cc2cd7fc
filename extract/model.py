"""Plain data passed between the extraction stages.

PDF → :class:`Page` (chars, rules) → :class:`Table` (cells with spans) → :class:`Row` stream →
forms. Every stage takes and returns these, so each can be built and tested on its own
(synthetic pages included) without a PDF.
Coordinates are PDF points with the origin at the page's top-left (pdfplumber's ``top``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from ..schemas.issues import IssueCode

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


class Char(NamedTuple):
    """One glyph with its box; ``text`` is already folded (see normalize.text).

    A named tuple rather than a frozen dataclass: a page has thousands, and a tuple is made
    three times faster and takes half the memory (no ``__dict__``)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


class Segment(NamedTuple):
    """An axis-aligned ruling segment: horizontal at y=``pos`` from ``start`` to ``end``
    (x), or vertical at x=``pos`` from ``start`` to ``end`` (y). A named tuple, as
    :class:`Char` is: a ruled page has hundreds."""

    horizontal: bool
    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass
class Page:
    """What the parser needs of one PDF page: glyphs and ruling segments."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    segments: list[Segment]


@dataclass
class Cell:
    """A table cell, merged cells included: grid position, spans, box and text."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    text: str = ""
    page: int = 0


@dataclass
class Table:
    """A grid rebuilt from ruling lines: ``ys`` are row edges, ``xs`` column edges."""

    page: int
    xs: list[float]
    ys: list[float]
    cells: list[Cell]

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1


@dataclass
class RowCell:
    """A cell as seen from one row: ``first`` is False when a merged cell from an earlier
    row covers this row (its text then belongs to the row where it starts)."""

    text: str
    x0: float
    x1: float
    first: bool = True
    cell: Optional[Cell] = None
    top: float = 0.0
    bottom: float = 0.0
    page: int = 0


def boxes_union(cells: list[RowCell]) -> Optional[tuple[int, BBox]]:
    """The page and the box around these cells, on the page of the first of them."""
    cells = [c for c in cells if c.bottom > c.top]
    if not cells:
        return None
    page = cells[0].page
    same = [c for c in cells if c.page == page]
    box = (
        min(c.x0 for c in same),
        min(c.top for c in same),
        max(c.x1 for c in same),
        max(c.bottom for c in same),
    )
    return page, box


@dataclass
class Row:
    """One row of the document stream: a table grid row, or a free text line (``table`` is
    None) split into phrases at wide gaps."""

    page: int
    top: float
    bottom: float
    cells: list[RowCell]
    table: Optional[int] = None  # index of the table on its page; None for free text
    index: int = 0  # grid row index inside its table
    table_rows: int = 0  # grid rows of its table
    # (code, message) findings about how this row was read (an OCR text the recogniser was
    # unsure of); the form that reads the row lists them in its issues.
    problems: list[tuple[IssueCode, str]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Texts of the cells that start in this row, empty ones left out."""
        return [c.text for c in self.cells if c.first and c.text]

    @property
    def is_text(self) -> bool:
        return self.table is None


@dataclass
class PageRows:
    """The rows of one page in reading order, with what was seen of its text layer."""

    page: int
    rows: list[Row] = field(default_factory=list)
    n_chars: int = 0
    method: str = "text"  # how the page was read: text, ocr, spreadsheet, text-export, document
    warning: Optional[str] = None  # what the page may be missing, for the file's report
