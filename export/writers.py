"""Writing the ``forms`` and ``indicators`` tables as CSV, Parquet or XLSX files.

Each format writes ``DIR/forms.EXT`` and ``DIR/indicators.EXT``.

- CSV: UTF-8 with a BOM (``utf-8-sig``), which Excel needs to show Chinese correctly.
- Parquet: pyarrow, keeping the nullable dtypes (Int64 stays integer with nulls).
- XLSX: openpyxl, a bold header row frozen in place, columns as wide as their text (CJK
  characters count double), capped so a long goal does not make a column screen-wide. A
  text that starts with ``=`` is kept as text, never turned into a formula.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # imported when writing (see tables.py: the CLI must start light)
    import pandas as pd

Format = Literal["csv", "parquet", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "xlsx")
MAX_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000


def write_tables(tables: dict[str, pd.DataFrame], fmt: Format, out_dir: Path) -> list[Path]:
    """Write each table as ``out_dir/NAME.FMT``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out_dir / f"{name}.{fmt}"
        WRITERS[fmt](frame, path, name)
        written.append(path)
    return written


def write_csv(frame: pd.DataFrame, path: Path, name: str) -> None:
    """CSV in UTF-8 with a BOM; empty cells for missing values; dates as YYYY-MM-DD."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")


def write_parquet(frame: pd.DataFrame, path: Path, name: str) -> None:
    """Parquet through pyarrow, with the frame's dtypes."""
    frame.to_parquet(path, engine="pyarrow", index=False)


def write_xlsx(frame: pd.DataFrame, path: Path, name: str) -> None:
    """One sheet named after the table: bold frozen header, fitted widths, no formulas."""
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    clean = frame.copy()
    for column in clean.columns:
        if pd.api.types.is_string_dtype(clean[column].dtype):
            clean[column] = clean[column].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
    with pd.ExcelWriter(path, engine="openpyxl", date_format="YYYY-MM-DD", datetime_format="YYYY-MM-DD") as writer:
        clean.to_excel(writer, sheet_name=name, index=False)
        sheet = writer.sheets[name]
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # text such as "=100%" read as a formula
                    cell.data_type = "s"
        for k, column in enumerate(clean.columns, start=1):
            sheet.column_dimensions[get_column_letter(k)].width = column_width(column, clean[column])


def column_width(header: str, values: pd.Series) -> float:
    """A column's width in Excel character units: its widest header or value (of the first
    ``WIDTH_SAMPLE_ROWS``), plus padding, at most ``MAX_WIDTH``."""
    sample = values.head(WIDTH_SAMPLE_ROWS).dropna().astype(str)
    widest = max([display_width(header), *(display_width(v) for v in sample)])
    return min(widest + 2, MAX_WIDTH)


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-width view: wide and full-width (CJK) characters count
    two, others one; of a multi-line text, its longest line."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.splitlines()),
        default=0,
    )


WRITERS = {"csv": write_csv, "parquet": write_parquet, "xlsx": write_xlsx}
