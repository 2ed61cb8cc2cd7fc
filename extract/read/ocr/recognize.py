"""Text lines of an upright page image: detection, recognition and per-glyph positions.

The engine is rapidocr 3.x (:class:`Models`; rapidocr_onnxruntime 1.4 where only that is
installed): its wheel ships the PP-OCRv6 detection and recognition models and the 0/180° line
classifier as ONNX files, so nothing is downloaded at run time. Only its three ONNX sessions
and its DB post-processing are used; batching and CTC
decoding are done here because rapidocr's own (six crops per batch, every crop padded to at
least 320 px) pads short table cells to the width of long ones and costs twice the time, and
because the decoder here keeps *where* each character was read, which places every glyph in
the right cell when a detected line runs across a cell border.

Boxes and positions are in pixels of the image given (upright, deskewed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Optional

import numpy as np

from .heap import release_free_memory

# The recogniser's input height (PP-OCRv4 rec: 3 × 48 × W).
REC_HEIGHT = 48
# Crops of similar width share a batch: the widest may be this much wider than the narrowest
# (the rest is padding), and a batch holds at most this many input columns.
BATCH_WIDTH_RATIO = 1.3
BATCH_COLUMNS = 6000
# The recogniser's output is a probability for each of its ~18,700 characters at every time
# step (one per 8 input columns): 6,000 columns make 56 MB, held twice while the model runs
# (logits and softmax). A batch is therefore run this many columns at a time (the output
# stays under 12 MB); smaller runs cost no time, the convolutions are per crop anyway.
RUN_COLUMNS = 1200
# Lines read with a lower mean confidence are noise (specks, stamps, half-erased rules).
MIN_LINE_SCORE = 0.5


@dataclass(frozen=True)
class Box:
    """An axis-aligned box in pixels."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class TextLine:
    """One recognised line: its box, text, mean confidence and, per character, the x of its
    centre in pixels and the recogniser's confidence."""

    box: Box
    text: str
    score: float
    centres: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


class EngineUnavailable(RuntimeError):
    """The OCR engine (rapidocr, onnxruntime, OpenCV) cannot be loaded here."""


def _cv2() -> Any:
    try:
        import cv2
    except ImportError as exc:  # opencv-python (not -headless) needs libGL.so.1 and libglib-2.0
        raise EngineUnavailable(f"OpenCV cannot be imported ({exc}); pip install opencv-python-headless") from exc
    return cv2


class Models:
    """The three ONNX models of one rapidocr release behind one interface: detection (DB
    quads), the 0/180° classifier, the recogniser's raw session and its character list.

    rapidocr 3.x (PP-OCRv6 small det/rec, headless OpenCV, Python 3.8–3.13) is preferred;
    rapidocr_onnxruntime 1.4 (PP-OCRv4) is the fallback where only it is installed. Both ship
    their models inside the wheel and are given the model files' paths, so nothing is
    downloaded at run time.
    """

    def __init__(self, threads: int) -> None:
        try:
            import rapidocr
        except ImportError:
            rapidocr = None
        if rapidocr is not None:
            self.name = f"rapidocr {version('rapidocr')}"
            self._v3 = True
            models = Path(rapidocr.__file__).parent / "models"
            det, rec, cls = (next(models.glob(pattern), None) for pattern in V3_MODELS)
            if det is None or rec is None or cls is None:
                raise EngineUnavailable(f"rapidocr's wheel has no {', '.join(V3_MODELS)} in {models}")
            self._ocr = rapidocr.RapidOCR(params={
                "Global.log_level": "warning",
                "Det.model_path": str(det), "Rec.model_path": str(rec), "Cls.model_path": str(cls),
                "Det.limit_type": "max", "Det.limit_side_len": DET_LIMIT,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            })  # fmt: skip
            self._ocr._load_det_model(), self._ocr._load_cls_model(), self._ocr._load_rec_model()
        else:
            try:
                from rapidocr_onnxruntime import RapidOCR
            except ImportError as exc:
                raise EngineUnavailable("rapidocr is not installed (pip install rapidocr onnxruntime)") from exc
            self.name = "rapidocr_onnxruntime 1.4"
            self._v3 = False
            self._ocr = RapidOCR(
                intra_op_num_threads=threads, inter_op_num_threads=1, det_limit_type="max", det_limit_side_len=DET_LIMIT
            )
        self.characters: list[str] = self._ocr.text_rec.postprocess_op.character

    def detect(self, bgr: np.ndarray) -> Any:
        """DB quads (N × 4 × 2) of the text lines of an image, or None."""
        if self._v3:
            return self._ocr.text_det(bgr).boxes
        return self._ocr.text_det(bgr)[0]

    def classify(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """(label, score) of each line crop: "0" upright, "180" upside down."""
        if self._v3:
            return list(self._ocr.text_cls(crops).cls_res)
        return list(self._ocr.text_cls(crops)[1])

    def recognise(self, tensor: np.ndarray) -> np.ndarray:
        """The recogniser's CTC probabilities (batch × steps × characters)."""
        out = self._ocr.text_rec.session(tensor)
        return np.asarray(out if self._v3 else out[0])


# rapidocr 3.x's model files (globs in its wheel's models/): detection, recognition, classifier.
V3_MODELS = ("*det*.onnx", "*rec*.onnx", "*cls*.onnx")
# Detection input: longer side at most this (the image given is already downscaled).
DET_LIMIT = 736


class OcrEngine:
    """The three ONNX models, loaded once on first use and kept for every later page.

    Create one per worker process (or per document): it holds onnxruntime sessions, which a
    forked process must not share with its parent, so there is no module-level instance.
    ``threads`` is onnxruntime's intra-op thread count; 1 by default, because batches run one
    file per core and extra threads only compete with the other workers.
    """

    def __init__(self, threads: int = 1) -> None:
        if threads < 1:
            raise ValueError("OcrEngine.threads must be >= 1")
        self.threads = threads
        self._ocr: Optional[Models] = None

    @property
    def ocr(self) -> Models:
        """The models, loaded on first use."""
        if self._ocr is None:
            _cv2().setNumThreads(self.threads)  # OpenCV's own pool would compete with the other workers
            self._ocr = Models(self.threads)
            release_free_memory()  # the models' files, parsed and optimised, leave ~20 MB free
        return self._ocr

    # ------------------------------------------------------------------ detection

    def detect(self, gray: np.ndarray, max_side: int) -> list[Box]:
        """Boxes of the text lines of a grayscale image, found on a copy downscaled so that
        its longer side is at most ``max_side`` (detection needs far less resolution than
        recognition: ~12 px tall glyphs are found as reliably as 30 px ones, 4× faster)."""
        cv2 = _cv2()
        height, width = gray.shape[:2]
        factor = min(1.0, max_side / max(height, width))
        small = gray if factor == 1.0 else cv2.resize(gray, (round(width * factor), round(height * factor)), interpolation=cv2.INTER_AREA)
        quads = self.ocr.detect(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
        if quads is None or len(quads) == 0:
            return []
        boxes = []
        for quad in np.asarray(quads, dtype=np.float32) / factor:
            x0, top = quad.min(axis=0)
            x1, bottom = quad.max(axis=0)
            x0, top = max(0.0, float(x0)), max(0.0, float(top))
            x1, bottom = min(float(width), float(x1)), min(float(height), float(bottom))
            if x1 - x0 >= 2 and bottom - top >= 2:
                boxes.append(Box(x0, top, x1, bottom))
        return boxes

    # ------------------------------------------------------------------ orientation

    def upside_down_share(self, gray: np.ndarray, boxes: list[Box], sample: int = 16) -> float:
        """Share of the widest line crops that the 0/180° classifier reads as turned over."""
        cv2 = _cv2()
        wide = sorted((b for b in boxes if b.width >= 2 * b.height), key=lambda b: -b.width)[:sample]
        if not wide:
            return 0.0
        crops = [cv2.cvtColor(crop(gray, b), cv2.COLOR_GRAY2BGR) for b in wide]
        labels = self.ocr.classify(crops)
        turned = sum(1 for label, score in labels if label == "180" and score >= 0.9)
        return turned / len(wide)

    # ------------------------------------------------------------------ recognition

    def recognize(self, gray: np.ndarray, boxes: list[Box]) -> list[TextLine]:
        """Read every box; lines below :data:`MIN_LINE_SCORE` and empty ones are dropped."""
        cv2 = _cv2()
        inputs: list[tuple[int, np.ndarray, float]] = []  # box index, normalised crop, px per input column
        for k, box in enumerate(boxes):
            piece = crop(gray, box)
            if piece.size == 0:
                continue
            height, width = piece.shape
            columns = max(REC_HEIGHT // 4, round(width * REC_HEIGHT / height))
            resized = cv2.resize(piece, (columns, REC_HEIGHT), interpolation=cv2.INTER_AREA if height > REC_HEIGHT else cv2.INTER_LINEAR)
            normalised = resized.astype(np.float32) / 127.5 - 1.0
            inputs.append((k, normalised, width / columns))
        lines: list[Optional[TextLine]] = [None] * len(boxes)
        for batch in _batches([inp[1].shape[1] for inp in inputs]):
            width = max(inputs[i][1].shape[1] for i in batch)
            for run in _runs(batch, width):
                tensor = np.zeros((len(run), 3, REC_HEIGHT, width), dtype=np.float32)
                for n, i in enumerate(run):
                    tensor[n, :, :, : inputs[i][1].shape[1]] = inputs[i][1]
                preds = self.ocr.recognise(tensor)
                step = width / preds.shape[1]  # input columns per CTC time step
                for n, i in enumerate(run):
                    k, _, px_per_column = inputs[i]
                    lines[k] = self._decode(preds[n], boxes[k], step * px_per_column)
                del tensor, preds
        return [line for line in lines if line is not None and line.text.strip() and line.score >= MIN_LINE_SCORE]

    def _decode(self, pred: np.ndarray, box: Box, px_per_step: float) -> TextLine:
        """Greedy CTC decoding that keeps the time step (hence the x) of every character."""
        characters = self.ocr.characters
        best = pred.argmax(axis=1)
        prob = pred.max(axis=1)
        keep = best != 0
        keep[1:] &= best[1:] != best[:-1]
        steps = np.flatnonzero(keep)
        text = "".join(characters[best[t]] for t in steps)
        centres = [float(box.x0 + (t + 0.5) * px_per_step) for t in steps]
        scores = [float(prob[t]) for t in steps]
        score = float(np.mean(scores)) if scores else 0.0
        return TextLine(box=box, text=text, score=score, centres=centres, scores=scores)


def crop(gray: np.ndarray, box: Box) -> np.ndarray:
    """The pixels of a box (rounded outwards)."""
    top, bottom = int(box.top), int(np.ceil(box.bottom))
    x0, x1 = int(box.x0), int(np.ceil(box.x1))
    return gray[top:bottom, x0:x1]


def _runs(batch: list[int], width: int) -> list[list[int]]:
    """A batch cut into runs of the recogniser of at most :data:`RUN_COLUMNS` input columns
    (at least one crop each), every run padded to the batch's width so that each crop is
    read as in the whole batch."""
    size = max(1, RUN_COLUMNS // width)
    return [batch[k : k + size] for k in range(0, len(batch), size)]


def _batches(widths: list[int]) -> list[list[int]]:
    """Indices grouped into batches of similar width (sorted), within the column budget."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches:
            current = batches[-1]
            first = widths[current[0]]
            if widths[i] <= BATCH_WIDTH_RATIO * first and (len(current) + 1) * widths[i] <= BATCH_COLUMNS:
                current.append(i)
                continue
        batches.append([i])
    return batches
