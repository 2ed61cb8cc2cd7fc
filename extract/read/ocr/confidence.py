"""Low-confidence OCR → problems on the rows that hold the text, hence record ``issues``.

A row carries its problems to the form that reads it (:attr:`Row.problems`), so a text the
recogniser was unsure of is reported on the form where it was printed, even when one page
holds two forms; rows no form reads (a footer between forms) report nothing.
"""

from __future__ import annotations

from ....schemas.issues import OCR_LOW_CONFIDENCE
from ...model import PageRows, RowCell
from .comparators import comparator_score, unsure_comparator
from .recognize import TextLine

# Lines whose mean character confidence is below this are reported. Clean and noisy scans
# of the samples read at 0.95–1.0; misread lines mostly fall under 0.85.
LOW_CONFIDENCE = 0.85


SHOWN = 60  # characters of a cell's text quoted in the message


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _holds(cell: RowCell, x: float, y: float) -> bool:
    return cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom


def mark_unsure(rows: PageRows, lines: list[TextLine], threshold: float = LOW_CONFIDENCE) -> None:
    """Add an ``ocr-low-confidence`` problem to the row holding each unsure line (in
    points): read with a mean confidence under ``threshold``, or holding a comparator the
    recogniser is unsure of even after reading it again; naming the page and the cell's text,
    one problem per cell."""
    worst: dict[int, tuple[float, int, RowCell]] = {}
    for line in lines:
        if line.score >= threshold and not unsure_comparator(line):
            continue
        score = min(line.score, comparator_score(line))
        x, y = (line.box.x0 + line.box.x1) / 2, (line.box.top + line.box.bottom) / 2
        for k, row in enumerate(rows.rows):
            cell = next((c for c in row.cells if c.first and c.text and _holds(c, x, y)), None)
            if cell is not None:
                if id(cell) not in worst or score < worst[id(cell)][0]:
                    worst[id(cell)] = (score, k, cell)
                break
    for score, k, cell in sorted(worst.values(), key=lambda w: (w[1], w[2].x0)):
        rows.rows[k].problems.append(
            (OCR_LOW_CONFIDENCE, f"page {rows.page}: OCR is unsure of “{_shown(cell.text)}” (confidence {score:.2f})")
        )
