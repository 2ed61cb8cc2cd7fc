"""The progress line of ``jixiao extract`` on stderr, and its closing counts."""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import IO, TYPE_CHECKING, Optional

from jixiao.extract.run.progress import PageProgress

from .text import terminal_text

if TYPE_CHECKING:  # the command line imports this module before it needs the pipeline
    from jixiao.extract.run.results import FileResult
    from jixiao.schemas import FileReport


class Progress:
    """Progress on stderr: a live line on a terminal, plain log lines otherwise. The bar
    counts pages (OCR'd pages weighted by their cost, see :mod:`jixiao.extract.run.progress`)."""

    def __init__(self, total: int, quiet: bool, verbose: bool, stream: IO[str] = sys.stderr) -> None:
        self.total = total
        self.planned = False
        self.done = 0
        self.pages = 0
        self.failed = 0
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream
        self.live = stream.isatty() and not quiet
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.ocr_pages = 0
        self.forms_with_issues = 0
        self.issues: Counter[str] = Counter()
        self.work = PageProgress()

    def __call__(self, result: FileResult) -> None:
        rep = result.report
        self.done += 1
        self.pages += rep.pages or 0
        self.failed += rep.status == "failed"
        self.ocr_pages += rep.ocr_pages
        self.forms_with_issues += rep.forms_with_issues
        self.issues.update(rep.issues)
        self.work.finished(rep.path, rep.pages)
        if self.quiet:
            return
        if rep.status == "failed" or self.verbose or not self.live:
            if self.live:
                self.stream.write("\r\033[K")
            self.stream.write(self._line(rep) + "\n")
        self._draw(force=self.done == self.total)

    def page(self, path: str, method: str, seconds: float) -> None:
        """A worker finished a page of ``path``."""
        self.work.page(path, method, seconds)
        if not self.quiet:
            self._draw()

    def _draw(self, force: bool = False) -> None:
        if self.live:
            now = time.monotonic()
            if now - self.last_draw > 0.1 or force:
                self.last_draw = now
                self.stream.write("\r\033[K" + self._bar())
        self.stream.flush()

    def _line(self, rep: FileReport) -> str:
        head = f"[{self.done}/{self.total}] {rep.status}: {terminal_text(rep.path)}"
        if rep.status == "failed":
            return f"{head}: {terminal_text(rep.reason or '')}"
        if rep.status == "skipped":
            return f"{head} ({terminal_text(rep.reason or '')})"
        warned = f", {len(rep.warnings)} warnings" if rep.warnings else ""
        return f"{head} ({rep.pages} pages, {rep.forms} forms, {rep.seconds:.1f}s{warned})"

    def _bar(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        done, total = self.work.pages_done, self.work.pages_total
        eta = self.work.eta(elapsed)
        width = 24
        filled = int(width * self.work.fraction())
        left = "--:--" if eta is None else f"{int(eta // 60)}:{int(eta % 60):02d}"
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages, {self.done}/{self.total} files, "
            f"{done / elapsed:.1f} pages/s, {self.failed} failed, ETA {left}"
        )

    def findings(self, top: int = 3) -> str:
        """The closing line's second half: forms with issues (their top codes), OCR'd pages."""
        text = f"{self.forms_with_issues} forms with issues"
        if self.issues:
            text += " (" + ", ".join(f"{code} {n}" for code, n in self.issues.most_common(top)) + ")"
        return text + f", {self.ocr_pages} pages OCR'd"

    def start(self, total: int, pages: Optional[dict[str, Optional[int]]] = None) -> None:
        """The batch is planned: ``total`` files, ``pages`` the page counts of those to
        read, from now."""
        self.total = total
        self.work = PageProgress(expected=dict(pages or {}))
        self.started = time.monotonic()
        self.planned = True

    def close(self) -> None:
        if self.live and self.planned:
            self.stream.write("\n")
            self.stream.flush()
