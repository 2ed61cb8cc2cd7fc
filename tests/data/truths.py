"""Truth records of the generated test corpora: built, checked by the contract, written.

What
    The part every generator script shares (``samples/make_samples.py`` and
    ``tests/data/*/make_*.py``): a truth record in the goldens' format (the contract's
    :class:`jixiao.schemas.FormRecord` of version 1 without the indicators' ``value``), its
    check against the contract, the JSONL file it goes to, and the command line of the PDF
    corpora (render the chosen PDFs, or keep those on disk, then write their truths).

Why
    A truth must mean the same thing in every corpus: one builder fixes the keys and their order
    (the files are committed, so the bytes matter), and one check validates every record through
    the contract with a placeholder ``value``, so a truth never drifts from the schema unseen.
    Unlike ``FormRecord.model_dump``, the builder writes only the fields given here, so fields the
    schema gains later (with defaults) do not change the committed files.

The scripts are not a package: each puts ``tests/data`` on ``sys.path`` and imports ``truths``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Callable, ClassVar, Optional, TypeVar

# The form's own fields, in the order a record holds them (``funds`` stands before ``goal``).
HEAD_KEYS = ("title", "kind", "year", "department", "project_name", "implementing_unit", "project_attribute")
TAIL_KEYS = ("goal", "fields")


def amount(text: str) -> Optional[float]:
    """A printed amount as a number of 万元: ``1,268.50`` → 1268.5; blank → None."""
    cleaned = text.replace(",", "").strip()
    return float(cleaned) if cleaned else None


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file: the truth's ``source.sha256`` and, in its first 12, its ``id``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def form_header(form: object) -> dict[str, Any]:
    """The form-level fields of a record (title … project_attribute, goal, fields), read from a
    form object that has them as attributes (the producers', layouts' and sheets' forms do)."""
    return {key: getattr(form, key) for key in HEAD_KEYS + TAIL_KEYS}


def truth_indicator(level1: str, level2: str, name: str, target: Optional[str], page: int,
                    extra: Optional[Mapping[str, str]] = None, **more: Any) -> dict[str, Any]:
    """One truth indicator: the contract's fields without ``value``; ``more`` (e.g. ``grid``)
    comes last, only where a corpus sets it."""
    return {"level1": level1, "level2": level2, "name": name, "target": target, "page": page,
            "extra": dict(extra or {}), **more}


def check(record: Mapping[str, Any]) -> None:
    """Validate a truth record through the contract (``FormRecord``), giving each indicator the
    placeholder ``value`` the truth leaves out; raises pydantic's ValidationError if it fails."""
    from jixiao.schemas import FormRecord

    checked = json.loads(json.dumps(record))
    for indicator in checked["indicators"]:
        indicator["value"] = {"raw": indicator["target"] or "", "kind": "text"}  # the truth leaves `value` out
    FormRecord.model_validate(checked)


def truth_record(sha256: str, index: int, *, path: str, pages: Sequence[int], method: str,
                 header: Mapping[str, Any], funds: Mapping[str, Any], indicators: list[dict[str, Any]],
                 **more: Any) -> dict[str, Any]:
    """The checked truth of the ``index``-th form (from 1) of the file ``path`` (its name) with
    hash ``sha256``: ``header`` gives the form-level fields (see :func:`form_header`), ``more``
    the corpus' own ones (e.g. ``tasks``), which come after ``issues``."""
    record = {
        "schema_version": 1,
        "id": f"{sha256[:12]}:{index}",
        "source": {"path": path, "sha256": sha256, "pages": list(pages), "method": method},
        **{key: header[key] for key in HEAD_KEYS},
        "funds": dict(funds),
        "goal": header["goal"],
        "fields": dict(header["fields"]),
        "indicators": indicators,
        "issues": [],
        **more,
    }
    check(record)
    return record


def write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> None:
    """Write one record a line, UTF-8 kept as is (the committed truths' and goldens' format).
    Every record is built before the file is opened, so one that fails leaves the old file."""
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------- PDF corpora


class CorpusPdf:
    """Base of one PDF of a corpus (make_producers' and make_layouts' ``PdfSpec``): the PDF
    ``file`` lies in the class's ``directory`` (the script's), its truth beside it."""

    directory: ClassVar[Path]
    file: str

    @property
    def path(self) -> Path:
        """The PDF."""
        return self.directory / self.file

    @property
    def truth_path(self) -> Path:
        """``<name>.truth.jsonl`` beside the PDF."""
        return self.directory / (Path(self.file).stem + ".truth.jsonl")


Spec = TypeVar("Spec", bound=CorpusPdf)


def write_pdf_truth(spec: CorpusPdf, records: list[dict[str, Any]]) -> None:
    """Write ``<name>.truth.jsonl`` for a PDF and say which pages its forms span."""
    write_jsonl(spec.truth_path, records)
    pages = [r["source"]["pages"] for r in records]
    print(f"{spec.truth_path.name}: {len(records)} forms, pages {pages}")


def pdf_corpus_main(
    argv: Optional[list[str]],
    *,
    description: str,
    noun: str,
    renderers: Mapping[str, Callable[[Spec, Path], Path]],
    load_specs: Callable[[], list[Spec]],
    key: Callable[[Spec], str],
    truth_records: Callable[[Spec], list[dict[str, Any]]],
    max_bytes: int,
) -> int:
    """The command line of a PDF corpus: render the chosen PDFs (``noun`` names what a renderer
    makes, chosen by ``key(spec)``; all by default) in a work directory, copy each next to the
    script and refuse one over ``max_bytes``, then write every chosen PDF's truth. With
    ``--truth-only`` nothing is rendered: the truths follow the PDFs on disk."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(f"{noun}s", nargs="*", help=f"{noun}s to build: {', '.join(renderers)} (default: all)")
    parser.add_argument("--truth-only", action="store_true", help="rewrite the truths for the PDFs on disk")
    parser.add_argument("--work", type=Path, help="keep the intermediate .docx/.html/.xlsx here")
    args = parser.parse_args(argv)
    chosen: list[str] = getattr(args, f"{noun}s")
    unknown = set(chosen) - set(renderers)
    if unknown:
        parser.error(f"unknown {noun}(s): {', '.join(sorted(unknown))}")
    for spec in (s for s in load_specs() if not chosen or key(s) in chosen):
        if not args.truth_only:
            work = args.work or Path(tempfile.mkdtemp(prefix=f"{noun}s_"))
            work.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(renderers[key(spec)](spec, work), spec.path)
            finally:
                if not args.work:
                    shutil.rmtree(work, ignore_errors=True)
            size = spec.path.stat().st_size
            print(f"{spec.file}: {size // 1024} KB")
            if size > max_bytes:
                raise SystemExit(f"{spec.file} is {size} bytes, over {max_bytes}")
        write_pdf_truth(spec, truth_records(spec))
    return 0
