"""Word documents (.docx) → the row stream, read from their XML tables (``method="document"``).

A .docx holds its tables as tables: ``w:gridSpan`` says how many grid columns a cell covers and
``w:vMerge`` which cells continue the one above, so the grid of a form comes straight from the
file, no geometry needed. The body is laid out as one :class:`~.spreadsheet.Sheet` per printed
page and handed to the spreadsheet builder (:func:`~.spreadsheet.sheet_to_rows`), so the form
parser reads Word forms with the same conventions as workbooks:

* **Columns.** Every table's grid (``w:tblGrid``, in twips, after its indent) gives x edges;
  the union of all edges of a page is the sheet's column axis, and a cell spans the columns
  between its own edges. Tables with different grids thus share one axis, as in a PDF print.
* **Rows.** Each table row is a sheet row; every table cell is ruled (a Word table is a table
  whether its borders are drawn or not). A paragraph outside tables is a free-text row (the
  title, 填报单位); an empty paragraph is an empty row, which ends a table as a gap does.
* **Pages.** A page break (``w:br w:type="page"``, 段前分页, a section break) starts a new sheet;
  the page number is its position, so a form on one printed page has ``pages == [1]``.

Legacy and WPS files (.doc, .wps, and WPS spreadsheets .et) are converted with LibreOffice
(``soffice --headless --convert-to``) when it is on the PATH, into a temporary folder; without
it the file fails with a one-line reason.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from ...normalize.text import clean_text
from ...schemas import ReasonCode
from ..errors import InputError
from ..model import PageRows
from .spreadsheet import BOTTOM, LEFT, RIGHT, TOP, ZIP_MAGIC, Sheet, SheetCell, sheet_to_rows

METHOD = "document"
TWIPS_PER_POINT = 20
RULED = LEFT | TOP | RIGHT | BOTTOM
# Suffix → what LibreOffice converts it to before it is read.
CONVERTED: dict[str, str] = {".doc": "docx", ".wps": "docx", ".et": "xlsx"}
CONVERT_TIMEOUT = 120.0


@dataclass
class _Cell:
    """A table cell placed on the page's rows: x edges in points, rows inclusive."""

    x0: float
    x1: float
    row0: int
    row1: int
    text: str


@dataclass
class _Page:
    """One printed page while it is read: cells of tables, phrases of paragraphs."""

    cells: list[_Cell] = field(default_factory=list)
    phrases: dict[int, str] = field(default_factory=dict)  # row → paragraph text
    edges: set[float] = field(default_factory=set)
    rows: int = 0


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def _attr(element: Optional[Any], name: str) -> Optional[str]:
    return None if element is None else element.get(_w(name))


def _is_page_break(node: Any) -> bool:
    return node.tag == _w("br") and _attr(node, "type") == "page"


def _paragraph_parts(paragraph: Any) -> list[str]:
    """A paragraph's raw text, split where it breaks the page (Word and LibreOffice put the
    break inside the paragraph, before or after its text)."""
    parts = [""]
    for node in paragraph.iter(_w("t"), _w("tab"), _w("br")):
        if node.tag == _w("t"):
            parts[-1] += node.text or ""
        elif node.tag == _w("tab"):
            parts[-1] += "\t"
        elif _is_page_break(node):
            parts.append("")
        elif _attr(node, "type") in (None, "textWrapping"):
            parts[-1] += "\n"
    return parts


def _text(element: Any) -> str:
    """The text of a cell: its paragraphs on lines, page breaks ignored, cleaned."""
    return clean_text("\n".join("".join(_paragraph_parts(p)) for p in element.iter(_w("p"))))


def _breaks_before(paragraph: Any) -> bool:
    props = paragraph.find(_w("pPr"))
    flag = None if props is None else props.find(_w("pageBreakBefore"))
    return flag is not None and _attr(flag, "val") not in ("0", "false")


def _section_ends(paragraph: Any) -> bool:
    """A section break ending the paragraph that starts a new page (not ``continuous``)."""
    props = paragraph.find(_w("pPr"))
    section = None if props is None else props.find(_w("sectPr"))
    if section is None:
        return False
    return _attr(section.find(_w("type")), "val") != "continuous"


def _grid_edges(table: Any) -> list[float]:
    """The x edges of a table's grid columns, in points, after its indent."""
    props = table.find(_w("tblPr"))
    indent = None if props is None else props.find(_w("tblInd"))
    x = float(_attr(indent, "w") or 0) / TWIPS_PER_POINT
    edges = [x]
    grid = table.find(_w("tblGrid"))
    for col in [] if grid is None else grid.findall(_w("gridCol")):
        x += float(_attr(col, "w") or 0) / TWIPS_PER_POINT
        edges.append(x)
    return edges


def _read_table(table: Any, page: _Page) -> None:
    """Place a table's cells on the page: gridSpan widens a cell, vMerge extends the cell above."""
    edges = _grid_edges(table)
    open_above: dict[int, _Cell] = {}  # grid column → cell a vMerge continues
    for tr in table.findall(_w("tr")):
        row = page.rows
        page.rows += 1
        props = tr.find(_w("trPr"))
        before = None if props is None else props.find(_w("gridBefore"))
        col = int(_attr(before, "val") or 0)
        for tc in tr.findall(_w("tc")):
            tc_props = tc.find(_w("tcPr"))
            span_el = None if tc_props is None else tc_props.find(_w("gridSpan"))
            span = max(int(_attr(span_el, "val") or 1), 1)
            merge = None if tc_props is None else tc_props.find(_w("vMerge"))
            last = min(col + span, len(edges) - 1)
            if col >= len(edges) - 1:
                break  # a cell beyond the declared grid
            if merge is not None and _attr(merge, "val") != "restart" and col in open_above:
                open_above[col].row1 = row
            else:
                cell = _Cell(edges[col], edges[last], row, row, _text(tc))
                page.cells.append(cell)
                page.edges.update(edges[col : last + 1])
                if merge is not None:
                    open_above[col] = cell
                else:
                    open_above.pop(col, None)
            col += span


def _blocks(parent: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body in order, content controls (``w:sdt``, as Word
    forms wrap their fields) opened."""
    for element in parent:
        if element.tag == _w("sdt"):
            content = element.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)
        else:
            yield element


def document_pages(body: Any) -> list[_Page]:
    """The body's tables and paragraphs, page by page."""
    pages = [_Page()]
    for element in _blocks(body):
        if element.tag == _w("tbl"):
            _read_table(element, pages[-1])
        elif element.tag == _w("p"):
            if _breaks_before(element) and (pages[-1].cells or pages[-1].phrases):
                pages.append(_Page())
            for k, part in enumerate(_paragraph_parts(element)):
                if k:
                    pages.append(_Page())
                text = clean_text(part)
                if text:
                    pages[-1].phrases[pages[-1].rows] = text
                pages[-1].rows += 1
            if _section_ends(element):
                pages.append(_Page())
    return [p for p in pages if p.cells or p.phrases]


def page_to_sheet(page: _Page, number: int) -> Sheet:
    """A page as a sheet: columns from the union of the tables' edges."""
    edges = sorted(round(e, 1) for e in page.edges) or [0.0, 100.0]
    xs = sorted(set(edges))
    sheet = Sheet(number=number)
    for k in range(len(xs) - 1):
        sheet.col_widths[k] = xs[k + 1] - xs[k]
    for cell in page.cells:
        c0 = bisect_left(xs, round(cell.x0, 1))
        c1 = max(bisect_left(xs, round(cell.x1, 1)) - 1, c0)
        for r in range(cell.row0, cell.row1 + 1):
            for c in range(c0, c1 + 1):
                sheet.cells[(r, c)] = SheetCell(text=cell.text if (r, c) == (cell.row0, c0) else "", sides=RULED)
        if (cell.row0, c0) != (cell.row1, c1):
            sheet.merges.append((cell.row0, c0, cell.row1, c1))
    for row, text in page.phrases.items():
        sheet.cells[(row, 0)] = SheetCell(text=text)
    return sheet


def docx_rows(path: Path) -> Iterator[PageRows]:
    """The row stream of a .docx: one page per printed page."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if not head:
        raise InputError("empty file (0 bytes)", ReasonCode.EMPTY)
    if not head.startswith(ZIP_MAGIC):
        raise InputError("damaged Word document: not a .docx (zip) file")
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency of jixiao
        raise InputError("reading .docx needs python-docx (pip install python-docx)") from None
    try:
        body = docx.Document(str(path)).element.body
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"damaged Word document: {exc}") from None
    for number, page in enumerate(document_pages(body), start=1):
        rows = sheet_to_rows(page_to_sheet(page, number))
        rows.method = METHOD
        yield rows


def converted_rows(path: Path) -> Iterator[PageRows]:
    """A .doc, .wps or .et file converted by LibreOffice, then read as .docx or .xlsx."""
    target = CONVERTED[path.suffix.lower()]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(
            f"{path.suffix.lower()} files need LibreOffice to convert them (soffice is not on the PATH); save it as .{target}",
            ReasonCode.NEEDS_LIBREOFFICE,
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", target,
                 "--outdir", work, str(path)],
                check=True, capture_output=True, timeout=CONVERT_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise InputError(f"LibreOffice could not convert it: {type(exc).__name__}") from None
        converted = Path(work) / f"{path.stem}.{target}"
        if not converted.is_file():
            raise InputError(f"LibreOffice could not convert it to .{target}")
        if target == "xlsx":
            from .spreadsheet import spreadsheet_rows

            yield from spreadsheet_rows(converted)
        else:
            yield from docx_rows(converted)
