"""Make the OCR test corpus: scans and a broken text layer, with their truth files.

Every PDF here is made from a PDF of the repository whose truth is known (the samples' goldens,
the producer corpus' truths), so the truth of a scan is its source's truth with the scan's own
path, sha256, page numbers and ``source.method = "ocr"``:

* ``scan-<name>.pdf`` — chosen pages rasterised with pypdfium2 at 150–200 dpi, gray, then
  spoiled as a scanner and a copier do: a skew of 1–2°, one page fed turned by a quarter turn,
  paper grain, a little blur, speckle and JPEG artefacts; wrapped back into a PDF with Pillow
  (one JPEG image per page, no text layer).
* ``cid-<name>.pdf`` — the source PDF with every font's ``/ToUnicode`` key renamed (same length,
  so offsets stay valid): the glyphs still draw, but pdfminer reads ``(cid:N)``, as in exports
  whose fonts lack a ToUnicode map.

* ``<damage>-<name>.pdf`` — issue 15's damaged scans (:mod:`damage`: skew 4–6° and 8–10°, faint
  broken rules, phone photo, red seal, 100 dpi JPEG q30, 300 dpi black and white) of a form or
  two of a source: made by the tests and the benchmark at run time, never committed.

Deterministic (seeded); each committed output is kept under 300 KB. The benchmark makes
whole-document scans of every source the same way (:func:`corpus_scans`). Usage::

    python tests/data/scans/make_scans.py          # rebuild the committed PDFs and truths
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
REPO = HERE.parents[2]
MAX_BYTES = 300_000


@dataclass(frozen=True)
class PageSpoil:
    """How one scanned page is spoiled."""

    skew: float = 0.0  # degrees, counter-clockwise
    quarter_turns: int = 0  # counter-clockwise quarter turns (the page fed sideways)


@dataclass(frozen=True)
class ScanSpec:
    """One scan: source PDF and its truth, the pages taken (1-based, in order), how."""

    name: str
    source: str  # relative to the repository root
    truth: str
    pages: tuple[int, ...]
    dpi: int
    quality: int  # JPEG quality
    spoil: dict[int, PageSpoil] = field(default_factory=dict)  # by source page

    @property
    def file(self) -> str:
        return f"scan-{self.name}.pdf"


# Committed, small (each under 300 KB): one form each, read by the tests.
SCANS = (
    # The seed's Calc export, form 1: a skewed page, then a page fed turned by a quarter turn.
    ScanSpec(
        "calc", "samples/lu-an-2021-calc.pdf", "tests/golden/lu-an-2021-calc.jsonl", (1, 2), 150, 30,
        {1: PageSpoil(skew=1.5), 2: PageSpoil(quarter_turns=3)},
    ),
    # The Word export, form 2: a page upside down, then a page skewed the other way.
    ScanSpec(
        "word", "tests/data/producers/word.pdf", "tests/data/producers/word.truth.jsonl", (3, 4), 150, 30,
        {3: PageSpoil(quarter_turns=2, skew=0.8), 4: PageSpoil(skew=-1.8)},
    ),
)


def corpus_scans(dpi: int = 200, quality: int = 35) -> tuple[ScanSpec, ...]:
    """Whole-document scans of every sample and producer PDF, for ``benchmarks/bench_ocr.py``
    (made in a temporary folder, not committed): skews of 1-2° both ways, one page in four
    turned, the turn and the skew changing from file to file."""
    sources = (
        ("calc", "samples/lu-an-2021-calc.pdf", "tests/golden/lu-an-2021-calc.jsonl", 11),
        ("drawn", "samples/lu-an-2021-drawn.pdf", "tests/golden/lu-an-2021-drawn.jsonl", 7),
        ("word", "tests/data/producers/word.pdf", "tests/data/producers/word.truth.jsonl", 4),
        ("browser", "tests/data/producers/browser.pdf", "tests/data/producers/browser.truth.jsonl", 4),
        ("calc-variant", "tests/data/producers/calc-variant.pdf", "tests/data/producers/calc-variant.truth.jsonl", 4),
        ("drawn-noborder", "tests/data/producers/drawn-noborder.pdf", "tests/data/producers/drawn-noborder.truth.jsonl", 4),
    )
    specs = []
    for k, (name, source, truth, n_pages) in enumerate(sources):
        spoils = {}
        for page in range(1, n_pages + 1):
            turn = (1, 2, 3)[(page + k) % 3] if (page + k) % 4 == 0 else 0
            skew = (1.5, -1.0, 2.0, -1.8, 0.0)[(page + 2 * k) % 5]
            spoils[page] = PageSpoil(skew=skew, quarter_turns=turn)
        specs.append(ScanSpec(name, source, truth, tuple(range(1, n_pages + 1)), dpi, quality, spoils))
    return tuple(specs)


# Broken text layers: (output, source, truth).
CIDS = (("cid-word.pdf", "tests/data/producers/word.pdf", "tests/data/producers/word.truth.jsonl"),)


def spoil(gray: np.ndarray, how: PageSpoil, rng: np.random.Generator) -> np.ndarray:
    """A clean rendering made to look scanned: grain, skew, turn, blur, speckle."""
    import cv2

    img = gray.astype(np.float32)
    img = img * 0.88 + 18  # paper is not white, ink is not black
    img += rng.normal(0.0, 3.0, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if how.skew:
        h, w = out.shape
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), how.skew, 1.0)
        out = cv2.warpAffine(out, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=235)
    out = cv2.GaussianBlur(out, (3, 3), 0.6)
    specks = rng.random(out.shape) < 0.0006
    out[specks] = rng.integers(0, 90, int(specks.sum())).astype(np.uint8)
    if how.quarter_turns:
        out = np.ascontiguousarray(np.rot90(out, how.quarter_turns))
    return out


def make_scan(spec: ScanSpec) -> bytes:
    """The scan's PDF bytes: one JPEG page per chosen source page."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(sum(map(ord, spec.name)))
    doc = pdfium.PdfDocument(str(REPO / spec.source))
    images = []
    try:
        for number in spec.pages:
            page = doc[number - 1]
            gray = page.render(scale=spec.dpi / 72, grayscale=True).to_numpy()
            page.close()
            gray = gray if gray.ndim == 2 else gray[:, :, 0]
            images.append(Image.fromarray(spoil(gray, spec.spoil.get(number, PageSpoil()), rng), mode="L"))
    finally:
        doc.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=spec.dpi, quality=spec.quality)
    return out.getvalue()


@dataclass(frozen=True)
class DamagedSpec:
    """A scan with one kind of damage (:data:`damage.DAMAGES`) of chosen source pages."""

    damage: str
    name: str  # the source's short name
    source: str
    truth: str
    pages: tuple[int, ...]

    @property
    def file(self) -> str:
        return f"{self.damage}-{self.name}.pdf"


# Sources of the damaged scans: the forms the OCR path was tuned on, and forms it never saw
# (the held-out layout corpus of issue 7). (name, source, truth, pages: a form or two each).
TUNING = (
    ("calc", "samples/lu-an-2021-calc.pdf", "tests/golden/lu-an-2021-calc.jsonl", (1, 2)),
    ("word", "tests/data/producers/word.pdf", "tests/data/producers/word.truth.jsonl", (1, 2, 3, 4)),
    ("browser", "tests/data/producers/browser.pdf", "tests/data/producers/browser.truth.jsonl", (1, 2)),
)
UNSEEN = (
    ("department", "tests/data/layouts/department.pdf", "tests/data/layouts/department.truth.jsonl", (1, 2)),
    ("split", "tests/data/layouts/split-columns.pdf", "tests/data/layouts/split-columns.truth.jsonl", (3,)),
    ("two-grids", "tests/data/layouts/two-grids.pdf", "tests/data/layouts/two-grids.truth.jsonl", (3,)),
    ("header", "tests/data/layouts/header-variants.pdf", "tests/data/layouts/header-variants.truth.jsonl", (3, 4)),
)


def damaged_scans(kinds: tuple[str, ...], sources: tuple[tuple[str, str, str, tuple[int, ...]], ...]) -> tuple[DamagedSpec, ...]:
    """One damaged scan per kind and source."""
    return tuple(DamagedSpec(kind, *source) for kind in kinds for source in sources)


def _hanzi_boxes(page: object, scale: float, height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (pixels, top-left origin) of the hanzi of a pypdfium2 page: the seal's lettering."""
    text = page.get_textpage()  # type: ignore[attr-defined]
    boxes = []
    try:
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch and "\u4e00" <= ch <= "\u9fff":
                x0, y0, x1, y1 = text.get_charbox(i)
                boxes.append((x0 * scale, (height - y1) * scale, x1 * scale, (height - y0) * scale))
    finally:
        text.close()
    return boxes


def make_damaged(spec: DamagedSpec) -> bytes:
    """The damaged scan's PDF bytes: one image per chosen source page."""
    import pypdfium2 as pdfium
    from PIL import Image

    from damage import DAMAGES  # noqa: E402 (next to this file)

    damage = DAMAGES[spec.damage]
    rng = np.random.default_rng(sum(map(ord, spec.file)))
    doc = pdfium.PdfDocument(str(REPO / spec.source))
    images = []
    try:
        for number in spec.pages:
            page = doc[number - 1]
            scale = damage.dpi / 72
            rgb = page.render(scale=scale).to_numpy()[:, :, :3][:, :, ::-1].copy()  # BGR(x) → RGB
            glyphs = _hanzi_boxes(page, scale, page.get_height())
            page.close()
            out = damage.spoil(rgb, rng, glyphs)
            if damage.quality is None:
                images.append(Image.fromarray(out, mode="L").convert("1"))
            else:
                images.append(Image.fromarray(out, mode="RGB" if out.ndim == 3 else "L"))
    finally:
        doc.close()
    out = io.BytesIO()
    quality = {"quality": damage.quality} if damage.quality else {}
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=damage.dpi, **quality)
    return out.getvalue()


def build_damaged(spec: DamagedSpec, folder: Path) -> Path:
    """Make one damaged scan and its truth in ``folder``; returns the truth file."""
    data = make_damaged(spec)
    sha = hashlib.sha256(data).hexdigest()
    return write(folder, spec.file, data, scan_truth(REPO / spec.truth, spec.file, sha, spec.pages), None)


def strip_tounicode(data: bytes) -> bytes:
    """Rename every ``/ToUnicode`` key (same length: the xref offsets stay right)."""
    if b"/ObjStm" in data:
        raise ValueError("font dictionaries inside object streams: cannot patch bytes")
    return data.replace(b"/ToUnicode", b"/NoUnicode")


def scan_truth(truth_file: Path, file: str, sha: str, pages: tuple[int, ...]) -> list[dict]:
    """The source truth's forms that lie on the chosen pages, renumbered for the new file."""
    renumber = {old: new for new, old in enumerate(pages, start=1)}
    records = []
    for line in truth_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        old_pages = record["source"]["pages"]
        if not all(p in renumber for p in old_pages):
            continue
        record["source"] = {"path": file, "sha256": sha, "pages": [renumber[p] for p in old_pages], "method": "ocr"}
        record["id"] = f"{sha[:12]}:{len(records) + 1}"
        for indicator in record.get("indicators", []):
            indicator["page"] = renumber.get(indicator.get("page"), indicator.get("page"))
            indicator.pop("bbox", None)
        record.pop("boxes", None)
        records.append(record)
    return records


def write(folder: Path, file: str, data: bytes, truth: list[dict], max_bytes: int | None = MAX_BYTES) -> Path:
    """Write a PDF and its truth file; refuse a committed file over ``max_bytes``."""
    if max_bytes is not None and len(data) > max_bytes:
        raise SystemExit(f"{file}: {len(data)} bytes, over {max_bytes}")
    (folder / file).write_bytes(data)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in truth)
    truth_file = folder / file.replace(".pdf", ".truth.jsonl")
    truth_file.write_text(lines, encoding="utf-8")
    return truth_file


def build_scan(spec: ScanSpec, folder: Path, max_bytes: int | None = MAX_BYTES) -> Path:
    """Make one scan and its truth in ``folder``; returns the truth file."""
    data = make_scan(spec)
    sha = hashlib.sha256(data).hexdigest()
    return write(folder, spec.file, data, scan_truth(REPO / spec.truth, spec.file, sha, spec.pages), max_bytes)


def build_cid(file: str, source: str, truth: str, folder: Path) -> Path:
    """Make one broken-text-layer PDF and its truth in ``folder``; returns the truth file."""
    data = strip_tounicode((REPO / source).read_bytes())
    sha = hashlib.sha256(data).hexdigest()
    return write(folder, file, data, scan_truth(REPO / truth, file, sha, tuple(range(1, 1000))))


def main() -> None:
    for spec in SCANS:
        build_scan(spec, HERE)
        print(f"{spec.file}: {(HERE / spec.file).stat().st_size // 1024} KB")
    for file, source, truth in CIDS:
        build_cid(file, source, truth, HERE)
        print(f"{file}: {(HERE / file).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
