"""A page without a usable text layer → the same :class:`~jixiao.extract.model.Page` a text PDF
gives (glyphs and ruling segments in points), so that one form parser reads both.

    render (200 dpi, gray, colour removed) ─▶ even light ─▶ undo perspective ─▶ level (skew) ─▶ detect text lines ─▶ turn upright if they say
    so (and detect again) ─▶ rules by morphology, then erased ─▶ recognise each line ─▶
    comparators the recogniser is unsure of read again ─▶ correct labels ─▶ glyphs placed where the recogniser read each character

:class:`OcrReader` does this for the pages of one PDF that need it: it opens the file with
pypdfium2 and loads the models only when a first page needs them, renders one page at a time
(memory stays flat) and turns each OCR page into rows with ``method = "ocr"``; rows holding a
text the recogniser was unsure of carry an ``ocr-low-confidence`` problem for the form's
issues (:mod:`.confidence`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Optional, Union

import numpy as np

from ...model import Char, Page, Segment
from .comparators import recheck
from .confidence import LOW_CONFIDENCE
from .correct import correct_line, pitch_per_height
from .drawn_rules import LineSettings, image_to_segments
from .recognize import Box, OcrEngine, TextLine
from .geometry import unwarp
from .heap import release_free_memory
from .render import DPI, PageImage, even_light, is_sideways, level, quarter_turn, render_gray

# Detection runs on a copy whose longer side is at most this many pixels.
DETECT_SIDE = 1024
# A glyph's box is its line box less this share of the line height above and below: the
# detector's boxes have margins (unclip), and glyphs of a text PDF do not.
LINE_MARGIN = 0.15
# Usual half-advance of a glyph, in glyph heights: full-width (hanzi) and narrow (digits …).
HALF_WIDE = 0.5
HALF_NARROW = 0.28
# Neighbours further apart than their usual widths plus this many glyph heights have a gap.
GAP = 0.6


@dataclass(frozen=True)
class OcrSettings:
    """How pages are read by OCR; validated once."""

    dpi: int = DPI
    detect_side: int = DETECT_SIDE
    threads: int = 1  # onnxruntime intra-op threads per process
    low_confidence: float = LOW_CONFIDENCE  # lines read with less are reported
    lines: LineSettings = field(default_factory=LineSettings)

    def __post_init__(self) -> None:
        if not 72 <= self.dpi <= 600:
            raise ValueError("OcrSettings.dpi must be in [72, 600]")
        if self.detect_side < 256 or self.threads < 1:
            raise ValueError("OcrSettings.detect_side must be >= 256 and threads >= 1")
        if not 0 <= self.low_confidence <= 1:
            raise ValueError("OcrSettings.low_confidence must be in [0, 1]")


@dataclass
class OcrPage:
    """What OCR made of one page: the page for the parser, the lines read (in points) and
    how the image had to be turned."""

    page: Page
    lines: list[TextLine]
    quarter_turns: int = 0
    skew: float = 0.0


def _read_image(
    image: PageImage, engine: OcrEngine, settings: OcrSettings
) -> tuple[PageImage, list[Segment], list[Box], np.ndarray]:
    """Rules, detected lines and the rule-free image; the image turned upright first when the
    detected lines say it lies sideways or upside down.

    Lines are detected on the image *with* its rules: a border keeps text that touches it
    apart from the next cell's (without it, the detector merges them into one shape and
    drops it); they are read on the image without rules (no border read as 1 or |).
    """
    boxes = engine.detect(image.gray, settings.detect_side)
    turns = 0
    if is_sideways([(b.width, b.height) for b in boxes]):
        turns = 1
        image = replace(image, gray=quarter_turn(image.gray, 1))
        boxes = engine.detect(image.gray, settings.detect_side)
    if engine.upside_down_share(image.gray, boxes) > 0.5:
        turns += 2
        image = replace(image, gray=quarter_turn(image.gray, 2))
        boxes = engine.detect(image.gray, settings.detect_side)
    image = replace(image, quarter_turns=turns)
    heights = sorted(b.height for b in boxes if b.width >= 2 * b.height)
    line_height = heights[len(heights) // 2] / image.scale if heights else None
    text = [(b.x0, b.top, b.x1, b.bottom) for b in boxes]
    segments, clean = image_to_segments(image.gray, image.scale, settings.lines, line_height, text)
    return image, segments, boxes, clean


def ocr_page(pdf_page: Any, number: int, engine: OcrEngine, settings: OcrSettings = OcrSettings()) -> OcrPage:
    """OCR one pypdfium2 page (``number`` is 1-based) into a :class:`Page` in points."""
    scale = settings.dpi / 72.0
    flat = even_light(unwarp(render_gray(pdf_page, settings.dpi))[0], scale)
    gray, skew = level(flat)
    image = PageImage(gray=gray, scale=scale, skew=skew)
    image, segments, boxes, clean = _read_image(image, engine, settings)
    read = recheck(engine, clean, engine.recognize(clean, boxes))
    per_height = pitch_per_height(read)
    lines = [to_points(correct_line(line, per_height), scale) for line in read]
    chars = [ch for line in lines for ch in line_to_chars(line)]
    page = Page(number=number, width=image.width, height=image.height, chars=chars, segments=segments)
    return OcrPage(page=page, lines=lines, quarter_turns=image.quarter_turns, skew=skew)


def to_points(line: TextLine, scale: float) -> TextLine:
    """The line with its box and character positions in points."""
    box = line.box
    return replace(
        line,
        box=Box(box.x0 / scale, box.top / scale, box.x1 / scale, box.bottom / scale),
        centres=[x / scale for x in line.centres],
    )


def _half_width(ch: str, size: float) -> float:
    """Half the advance a glyph of this line height usually has: full-width or narrow."""
    return size * (HALF_WIDE if unicodedata.east_asian_width(ch) in ("W", "F") else HALF_NARROW)


def line_to_chars(line: TextLine) -> list[Char]:
    """Glyphs for a recognised line, centred where the recogniser read each character
    (evenly spread over the box when positions are missing).

    Neighbours touch (no gap, hence no space in the text) unless their centres are further
    apart than their usual half-widths plus :data:`GAP` line heights: then each keeps its
    usual width and the gap stays, so a line running across a cell border or two phrases
    read as one keep their gap and the text-PDF rules for spaces and phrases apply."""
    text, box = line.text, line.box
    if not text:
        return []
    margin = LINE_MARGIN * box.height
    top, bottom = box.top + margin, box.bottom - margin
    size = bottom - top
    centres = line.centres
    if len(centres) != len(text):
        pitch = box.width / len(text)
        centres = [box.x0 + (k + 0.5) * pitch for k in range(len(text))]
    halves = [_half_width(ch, size) for ch in text]
    # Boundaries between neighbours: shared when they are close, else each keeps its width.
    rights: list[float] = []
    lefts: list[float] = [max(box.x0, centres[0] - halves[0])]
    for k in range(len(text) - 1):
        distance = centres[k + 1] - centres[k]
        if distance <= halves[k] + halves[k + 1] + GAP * size:
            cut = centres[k] + distance * halves[k] / (halves[k] + halves[k + 1])
            rights.append(cut)
            lefts.append(cut)
        else:
            rights.append(centres[k] + halves[k])
            lefts.append(centres[k + 1] - halves[k + 1])
    rights.append(min(box.x1, centres[-1] + halves[-1]))
    chars = []
    for ch, x0, x1, centre in zip(text, lefts, rights, centres):
        if x1 - x0 < 0.2:
            x0, x1 = centre - 0.1, centre + 0.1
        chars.append(Char(ch, x0, top, x1, bottom))
    return chars


class OcrReader:
    """OCR for the pages of one PDF, opened on first need and closed with :meth:`close`.

    Holds the pypdfium2 document and the engine; one per :func:`pdf_rows` call, so a forked
    worker never shares onnxruntime sessions or pdfium handles with its parent.
    """

    def __init__(
        self,
        path: Union[str, Path],
        password: str = "",
        settings: OcrSettings = OcrSettings(),
        engine: Optional[OcrEngine] = None,
    ) -> None:
        self.path = Path(path)
        self.password = password
        self.settings = settings
        self._engine = engine
        self._doc: Any = None

    @property
    def engine(self) -> OcrEngine:
        if self._engine is None:
            self._engine = OcrEngine(threads=self.settings.threads)
        return self._engine

    @property
    def doc(self) -> Any:
        """The pypdfium2 document (the given password, then none: owner-password PDFs)."""
        if self._doc is None:
            import pypdfium2 as pdfium

            try:
                self._doc = pdfium.PdfDocument(str(self.path), password=self.password or None)
            except pdfium.PdfiumError:
                if not self.password:
                    raise
                self._doc = pdfium.PdfDocument(str(self.path))
        return self._doc

    def image_share(self, number: int) -> float:
        """The share of page ``number``'s area covered by its largest image."""
        from .detect import largest_image_share

        page = self.doc[number - 1]
        try:
            return largest_image_share(page)
        finally:
            page.close()

    def read(self, number: int) -> OcrPage:
        """OCR page ``number`` (1-based): its glyphs and rules, and the recognised lines
        with their confidence (for :func:`.confidence.mark_unsure` on its rows)."""
        from .detect import is_blank

        release_free_memory()  # what the text pages before left free, before the page images
        page = self.doc[number - 1]
        try:
            if is_blank(page):  # no ink: nothing to read, and the models are not loaded for it
                blank = Page(number=number, width=page.get_width(), height=page.get_height(), chars=[], segments=[])
                result = OcrPage(page=blank, lines=[])
            else:
                result = ocr_page(page, number, self.engine, self.settings)
        finally:
            page.close()
            release_free_memory()
        return result

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None

    def __enter__(self) -> "OcrReader":
        return self

    def __exit__(
        self, kind: Optional[type[BaseException]], value: Optional[BaseException], tb: Optional[TracebackType]
    ) -> None:
        self.close()
