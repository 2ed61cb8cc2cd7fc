"""Writing the tables (``forms``, ``indicators``, ``tasks``) as CSV, Parquet, XLSX or SQLite.

CSV and Parquet write a file per table, ``DIR/NAME.EXT``; XLSX writes one workbook with a
sheet per table and SQLite one database with a table each (``ONE_FILE``).

- CSV: UTF-8 with a BOM (``utf-8-sig``), which Excel needs to show Chinese correctly.
- Parquet: pyarrow, keeping the nullable dtypes (Int64 stays integer with nulls).
- XLSX: openpyxl, a bold header row frozen in place on every sheet, columns as wide as their
  text (CJK characters count double), capped so a long goal does not make a column
  screen-wide. A text that starts with ``=`` is kept as text, never turned into a formula.
- SQLite: ``forms.id`` is the primary key; ``indicators`` and ``tasks`` are keyed by
  ``(form_id, row)`` with ``form_id`` a foreign key to ``forms.id``. Dates are ISO text.

A one-file format is written to a temporary file beside the target and moved into place, so
a failed export leaves an earlier file whole.
"""

from __future__ import annotations

import os
import sqlite3
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal

if TYPE_CHECKING:  # imported when writing (see tables.py: the CLI must start light)
    import pandas as pd

Format = Literal["csv", "parquet", "xlsx", "sqlite"]
FORMATS: tuple[Format, ...] = ("csv", "parquet", "xlsx", "sqlite")
# Formats writing every table into one file, with the suffixes that name such a file.
ONE_FILE: dict[str, tuple[str, ...]] = {"xlsx": (".xlsx",), "sqlite": (".sqlite", ".db", ".sqlite3")}
MAX_WIDTH = 60
WIDTH_SAMPLE_ROWS = 2000


class ExportError(ValueError):
    """Tables that cannot be written as asked (e.g. two forms with one id in a database)."""


def output_file(out: Path, fmt: Format, stem: str) -> Path:
    """Where a one-file format goes: ``out`` itself when it has the format's suffix, else
    ``out/STEM.SUFFIX`` (``out`` a folder)."""
    suffixes = ONE_FILE[fmt]
    return out if out.suffix.lower() in suffixes else out / f"{stem}{suffixes[0]}"


def write_tables(tables: dict[str, pd.DataFrame], fmt: Format, out: Path, stem: str = "tables") -> list[tuple[str, Path]]:
    """Write every table; returns ``(table, file)`` pairs. ``out`` is the folder of
    CSV/Parquet files, or the file (or its folder, see ``output_file``) of XLSX/SQLite."""
    if fmt in ONE_FILE:
        path = output_file(out, fmt, stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace_atomically(path, lambda tmp: ONE_FILE_WRITERS[fmt](tables, tmp))
        return [(name, path) for name in tables]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        FILE_WRITERS[fmt](frame, path)
        written.append((name, path))
    return written


def _replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV in UTF-8 with a BOM; empty cells for missing values; dates as YYYY-MM-DD."""
    frame.to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """Parquet through pyarrow, with the frame's dtypes."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise ExportError("--to parquet needs pyarrow: pip install 'jixiao[parquet]'") from None
    frame.to_parquet(path, engine="pyarrow", index=False)


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """One workbook, a sheet per table: bold frozen header, fitted widths, no formulas."""
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl", date_format="YYYY-MM-DD", datetime_format="YYYY-MM-DD") as writer:
        for name, frame in tables.items():
            _write_sheet(writer, frame, name)


def _write_sheet(writer: Any, frame: pd.DataFrame, name: str) -> None:
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    clean = frame.copy()
    for column in clean.columns:
        if pd.api.types.is_string_dtype(clean[column].dtype):
            clean[column] = clean[column].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
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


SQL_TYPES = {"string": "TEXT", "Int64": "INTEGER", "Float64": "REAL", "boolean": "INTEGER"}
PARENT, CHILD_KEY = "forms", ("form_id", "row")


def write_sqlite(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """One database, a table each; ``forms.id`` the key the other tables point to."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        for name, frame in tables.items():
            db.execute(create_table_sql(name, frame))
            marks = ", ".join("?" for _ in frame.columns)
            try:
                db.executemany(f"INSERT INTO {quote(name)} VALUES ({marks})", _sql_rows(frame))
            except sqlite3.IntegrityError as exc:
                raise ExportError(f"{name}: {exc} (records of two runs with the same forms?)") from None
        db.commit()
    finally:
        db.close()


def create_table_sql(name: str, frame: pd.DataFrame) -> str:
    """``CREATE TABLE`` for a frame: column types from its dtypes, and the keys."""
    columns = [f"{quote(c)} {SQL_TYPES.get(str(t), 'TEXT')}" for c, t in frame.dtypes.items()]
    if name == PARENT:
        columns.append('PRIMARY KEY ("id")')
    elif all(key in frame.columns for key in CHILD_KEY):
        columns.append(f"PRIMARY KEY ({', '.join(map(quote, CHILD_KEY))})")
        columns.append(f'FOREIGN KEY ("form_id") REFERENCES {quote(PARENT)}("id")')
    return f"CREATE TABLE {quote(name)} ({', '.join(columns)})"


def quote(identifier: str) -> str:
    """An SQL identifier quoted (column names such as ``extra.权重``)."""
    return '"' + identifier.replace('"', '""') + '"'


def _sql_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    import pandas as pd

    def plain(value: Any) -> Any:
        if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        return value.item() if hasattr(value, "item") else value

    return [tuple(plain(v) for v in row) for row in frame.astype(object).itertuples(index=False, name=None)]


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


FILE_WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {"csv": write_csv, "parquet": write_parquet}
ONE_FILE_WRITERS: dict[str, Callable[[dict[str, pd.DataFrame], Path], None]] = {"xlsx": write_xlsx, "sqlite": write_sqlite}
