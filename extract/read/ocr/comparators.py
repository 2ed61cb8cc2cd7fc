"""Comparators (≥ ≤ ＞ ＜ > < =) read again where the recogniser is unsure, never guessed.

A target's comparator is one small glyph whose lower bar decides its meaning (≥95% against
>95%), and a low-resolution scan blurs that bar: the recogniser reads ``>`` for ``≥`` with a
low score, or drops a ``≤`` at the start of a cell altogether. Such a line — an unsure
comparator, or ink before its first character that nothing was read from — is read again on
a crop enlarged :data:`ENLARGE` times. The second reading replaces the first only when it is
sure of every comparator it holds and otherwise agrees with the first; else the line keeps its
first reading and :func:`unsure_comparator` reports it, so that the cell is flagged
``ocr-low-confidence`` (:mod:`.confidence`) rather than silently changed.
"""

from __future__ import annotations

from dataclasses import replace
import numpy as np

from .recognize import Box, OcrEngine, TextLine

COMPARATORS = frozenset("≥≤＞＜><=≧≦")
# A comparator read with less confidence than this is unsure (a wrong one changes the target).
SURE = 0.95
# A first character whose centre lies further than this many line heights from the box's left
# edge leaves something unread before it (the box's own margin is about 0.3).
LEADING_GAP = 1.1
ENLARGE = 1.5
PAD = 0.4  # of the line height, added around the crop
MIN_WIDTH = 3.0  # line heights: a narrower crop is widened with paper on both sides


def comparator_score(line: TextLine) -> float:
    """The lowest confidence of the line's comparators (1.0 when it holds none)."""
    if len(line.scores) != len(line.text):
        return line.score if any(ch in COMPARATORS for ch in line.text) else 1.0
    return min((score for ch, score in zip(line.text, line.scores) if ch in COMPARATORS), default=1.0)


def unsure_comparator(line: TextLine) -> bool:
    """Whether the line holds a comparator read with less than :data:`SURE` confidence."""
    return comparator_score(line) < SURE


def leading_gap(line: TextLine) -> bool:
    """Whether the line's box starts well before its first character was read."""
    if not line.centres or line.box.height <= 0:
        return False
    return (line.centres[0] - line.box.x0) / line.box.height > LEADING_GAP


def _agrees(first: str, second: str) -> bool:
    """The two readings differ only in comparators (or in one added at the start)."""
    strip = lambda text: "".join(ch for ch in text if ch not in COMPARATORS)  # noqa: E731
    return strip(first) == strip(second)


def reread(engine: OcrEngine, gray: np.ndarray, line: TextLine) -> TextLine:
    """The line read again on an enlarged crop, if that reading is sure of its comparators and
    agrees with the first; else the first reading."""
    import cv2

    box = line.box
    pad = PAD * box.height
    x0, top = max(0, int(box.x0 - pad)), max(0, int(box.top - pad))
    x1, bottom = min(gray.shape[1], int(np.ceil(box.x1 + pad))), min(gray.shape[0], int(np.ceil(box.bottom + pad)))
    piece = gray[top:bottom, x0:x1]
    if piece.size == 0:
        return line
    extra = max(0, int(MIN_WIDTH * piece.shape[0]) - piece.shape[1])
    piece = cv2.copyMakeBorder(piece, 0, 0, extra // 2, extra - extra // 2, cv2.BORDER_CONSTANT, value=255)
    x0 -= extra // 2
    big = cv2.resize(piece, None, fx=ENLARGE, fy=ENLARGE, interpolation=cv2.INTER_CUBIC)
    again = engine.recognize(big, [Box(0.0, 0.0, float(big.shape[1]), float(big.shape[0]))])
    if not again:
        return line
    second = again[0]
    if not _agrees(line.text, second.text) or unsure_comparator(second) or not any(ch in COMPARATORS for ch in second.text):
        return line
    centres = [x0 + x / ENLARGE for x in second.centres]
    return replace(line, text=second.text, centres=centres, scores=second.scores,
                   score=float(np.mean(second.scores)) if second.scores else line.score)  # fmt: skip


def recheck(engine: OcrEngine, gray: np.ndarray, lines: list[TextLine]) -> list[TextLine]:
    """Every line with an unsure comparator or unread leading ink, read again (:func:`reread`)."""
    return [reread(engine, gray, line) if unsure_comparator(line) or leading_gap(line) else line for line in lines]
