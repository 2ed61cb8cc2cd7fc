"""How far a batch is, in pages: what the progress bar and its ETA show.

The total is known before the first file is read (each PDF's page count, taken with its
fingerprint); pages count as their workers finish them, so the bar moves inside a large
file too. An OCR'd page costs tens of text pages: it counts for its measured cost (the mean
seconds of the OCR pages done over those of the text pages done), in what is done and in
the total alike, so the rate stays steady through a scan and the ETA does not jump. Pages
not yet read are counted as text pages: which of them need OCR is not known before.

Plain bookkeeping without a clock (the caller gives the elapsed seconds), tested as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

OCR = "ocr"
# What an OCR'd page is worth in text pages before both kinds have been timed: about 2 s
# against 0.03 s on the real corpus.
DEFAULT_OCR_WEIGHT = 50.0
MAX_OCR_WEIGHT = 500.0


@dataclass
class _File:
    expected: int  # pages it is known (or assumed) to have
    text: int = 0  # pages done, by how they were read
    ocr: int = 0
    finished: bool = False


@dataclass
class PageProgress:
    """Pages of a batch done and to do. ``expected`` are the files to read and their page
    counts; a file whose count is unknown is assumed to have one page until it finishes."""

    expected: dict[str, Optional[int]] = field(default_factory=dict)
    files: dict[str, _File] = field(default_factory=dict)
    text_seconds: float = 0.0
    text_pages: int = 0
    ocr_seconds: float = 0.0
    ocr_pages: int = 0

    def __post_init__(self) -> None:
        for name, pages in self.expected.items():
            self.files[name] = _File(expected=1 if pages is None else pages)

    def _file(self, name: str) -> _File:
        return self.files.setdefault(name, _File(expected=0))

    def page(self, name: str, method: str, seconds: float) -> None:
        """A page of file ``name`` is done, read by ``method`` in ``seconds``."""
        entry = self._file(name)
        if method == OCR:
            entry.ocr += 1
            self.ocr_pages += 1
            self.ocr_seconds += seconds
        else:
            entry.text += 1
            self.text_pages += 1
            self.text_seconds += seconds

    def finished(self, name: str, pages: Optional[int] = None) -> None:
        """File ``name`` is done (read, failed or skipped): its pages not heard of will not
        come (a failed file's, or those a cluster does not report), and ``pages`` is how
        many it turned out to have when that was not known."""
        entry = self._file(name)
        if self.expected.get(name, 0) is None and pages is not None:
            entry.expected = pages
        entry.finished = True

    @property
    def ocr_weight(self) -> float:
        """An OCR'd page's cost in text pages, as measured so far."""
        if not (self.ocr_pages and self.text_pages and self.text_seconds > 0):
            return DEFAULT_OCR_WEIGHT
        ratio = (self.ocr_seconds / self.ocr_pages) / (self.text_seconds / self.text_pages)
        return min(max(ratio, 1.0), MAX_OCR_WEIGHT)

    def units(self) -> tuple[float, float]:
        """(done, total) in text pages, OCR'd pages weighted."""
        weight = self.ocr_weight
        done = total = 0.0
        for entry in self.files.values():
            seen = entry.text + entry.ocr
            size = max(entry.expected, seen)
            extra = (weight - 1.0) * entry.ocr
            total += size + extra
            done += (size if entry.finished else seen) + extra
        return done, total

    @property
    def pages_done(self) -> int:
        """Pages done, every page counted once."""
        return sum(
            max(e.expected, e.text + e.ocr) if e.finished else e.text + e.ocr for e in self.files.values()
        )

    @property
    def pages_total(self) -> int:
        """Pages of the batch as known now."""
        return sum(max(e.expected, e.text + e.ocr) for e in self.files.values())

    def fraction(self) -> float:
        """Share of the work done, 0 to 1."""
        done, total = self.units()
        return min(done / total, 1.0) if total > 0 else 1.0

    def eta(self, elapsed: float) -> Optional[float]:
        """Seconds left at the rate so far; None before any work is done."""
        done, total = self.units()
        if done <= 0 or elapsed <= 0:
            return None
        return max(total - done, 0.0) * elapsed / done
