"""One worksheet as read, independent of the file format: cells with text and border sides,
merges, column widths and row heights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union


POINTS_PER_CHAR = 5.25  # one character of column width: 7 px at 96 dpi
DEFAULT_COL_WIDTH = 8.43  # characters, Excel's default when a sheet states none
DEFAULT_ROW_HEIGHT = 15.0  # points


# Border sides of a cell as bits; a cell is ruled when vertical ones close it on both sides.
LEFT, TOP, RIGHT, BOTTOM = 1, 2, 4, 8

CellValue = Union[None, str, bool, int, float, dt.datetime, dt.date, dt.time, dt.timedelta]


@dataclass(frozen=True)
class SheetCell:
    """One cell as read: its text as Excel shows it (cleaned) and its border sides (bits)."""

    text: str = ""
    sides: int = 0


@dataclass
class Sheet:
    """One worksheet, independent of the file format. Indices are 0-based; only cells with
    text or borders are listed; merges are inclusive ``(row0, col0, row1, col1)``."""

    number: int  # 1-based position in the workbook
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    col_widths: dict[int, float] = field(default_factory=dict)  # points, where not the default
    row_heights: dict[int, float] = field(default_factory=dict)  # points, where not the default
    default_col_width: float = DEFAULT_COL_WIDTH * POINTS_PER_CHAR
    default_row_height: float = DEFAULT_ROW_HEIGHT
