"""Batches never stop, never lose data, and can be resumed.

Every bad input is generated here, small. The CLI is run in a subprocess where a real
process boundary matters (kill -9, resume); elsewhere through click's CliRunner.
"""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.extract.run import worker as runner

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "lu-an-2021-drawn.pdf"
SAMPLE2 = ROOT / "samples" / "lu-an-2021-calc.pdf"


def variant(src: Path, dst: Path, n: int) -> Path:
    """A copy of a PDF with different bytes (a comment after %%EOF), so it is not a duplicate."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_bytes() + f"\n% variant {n}\n".encode())
    return dst


def encrypted_pdf(path: Path, user_password: str) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", strength=128)
    c = canvas.Canvas(str(path), encrypt=enc)
    c.drawString(100, 700, "hello")
    c.showPage()
    c.save()
    return path


def bomb_pdf(path: Path, gigabytes: int = 2) -> Path:
    """A one-page PDF whose content stream inflates to ``gigabytes`` GB (doubly deflated)."""
    inner = zlib.compressobj(9)
    chunk = b"\0" * (64 << 20)
    parts = [inner.compress(chunk) for _ in range(gigabytes * 16)]
    once = b"".join(parts) + inner.flush()
    twice = zlib.compress(once, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice) + twice + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "六安 司法局 2021.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(SAMPLE.read_bytes()[:3000])
    (folder / "page.pdf").write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    encrypted_pdf(folder / "locked.pdf", "secret")
    (folder / "sub").mkdir()
    shutil.copy(SAMPLE, folder / "sub" / "copy.PDF")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4 hidden")
    (folder / "notes.txt").write_text("not a pdf")
    (folder / "dangling.pdf").symlink_to(folder / "nowhere.pdf")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def test_bad_inputs_get_a_status_and_the_batch_goes_on(bad_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(bad_folder), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    report = {row["path"]: row for row in read_jsonl(tmp_path / "out.report.jsonl")}
    assert set(report) == {
        "六安 司法局 2021.pdf", "empty.pdf", "truncated.pdf", "page.pdf", "locked.pdf", "sub/copy.PDF", "dangling.pdf",
    }
    # The two copies have the same bytes: the first in path order is read, the other skipped.
    assert report["sub/copy.PDF"]["status"] == "ok" and report["sub/copy.PDF"]["forms"] == 6
    assert report["empty.pdf"]["reason"] == "empty file (0 bytes)"
    assert report["page.pdf"]["reason"] == "not a PDF: the file is an HTML page"
    assert report["truncated.pdf"]["status"] == "failed" and report["truncated.pdf"]["reason"]
    assert report["locked.pdf"]["reason"].startswith("encrypted")
    assert report["六安 司法局 2021.pdf"]["status"] == "skipped"
    assert report["六安 司法局 2021.pdf"]["reason"] == "same content as sub/copy.PDF"
    assert report["dangling.pdf"]["reason"].startswith("cannot read")
    for row in report.values():
        if row["status"] == "failed":
            assert "\n" not in row["reason"] and "internal error" not in row["reason"]
    records = read_jsonl(out)
    assert len(records) == 6 and {r["source"]["path"] for r in records} == {"sub/copy.PDF"}


def test_encrypted_pdf_opens_with_password_or_empty_user_password(tmp_path: Path) -> None:
    locked = encrypted_pdf(tmp_path / "locked.pdf", "secret")
    open_pdf = encrypted_pdf(tmp_path / "owner-only.pdf", "")
    ok = CliRunner().invoke(main, ["extract", str(locked), str(open_pdf), "--password", "secret", "-o", str(tmp_path / "o.jsonl")])
    assert ok.exit_code == 0, ok.output
    rows = read_jsonl(tmp_path / "o.report.jsonl")
    assert [r["status"] for r in rows] == ["no-forms", "no-forms"]


def test_worker_crash_is_reported_and_other_files_are_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    variant(SAMPLE, folder / "a.pdf", 1)
    variant(SAMPLE, folder / "b-crash.pdf", 2)
    variant(SAMPLE, folder / "c.pdf", 3)
    real = runner.process_task

    def crashing(task: runner.FileTask, settings: runner.RunSettings, **kwargs):
        if "crash" in task.display:
            faulthandler.disable()  # pytest's handler would print a dump; real runs have none
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(task, settings, **kwargs)

    monkeypatch.setattr(runner, "process_task", crashing)  # inherited by forked workers
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1
    report = {r["path"]: r for r in read_jsonl(tmp_path / "out.report.jsonl")}
    assert report["b-crash.pdf"]["status"] == "failed"
    assert report["b-crash.pdf"]["reason"] == "worker crashed (SIGSEGV)"
    assert report["a.pdf"]["status"] == report["c.pdf"]["status"] == "ok"
    assert [r["source"]["path"] for r in read_jsonl(out)] == ["a.pdf"] * 6 + ["c.pdf"] * 6


def test_hanging_file_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    variant(SAMPLE, folder / "slow.pdf", 1)
    variant(SAMPLE, folder / "quick.pdf", 2)
    real = runner.process_task

    def slow(task: runner.FileTask, settings: runner.RunSettings, **kwargs):
        if "slow" in task.display:
            time.sleep(60)
        return real(task, settings, **kwargs)

    monkeypatch.setattr(runner, "process_task", slow)
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(tmp_path / "o.jsonl"), "--timeout", "6"])
    assert result.exit_code == 1
    report = {r["path"]: r for r in read_jsonl(tmp_path / "o.report.jsonl")}
    assert report["slow.pdf"]["reason"] == "timed out after 6 s"
    assert report["quick.pdf"]["status"] == "ok"


def test_decompression_bomb_fails_on_the_memory_cap(tmp_path: Path) -> None:
    bomb = bomb_pdf(tmp_path / "bomb.pdf")
    assert bomb.stat().st_size < 100_000
    result = CliRunner().invoke(main, ["extract", str(bomb), "-o", str(tmp_path / "o.jsonl"), "--max-memory", "1024", "--timeout", "60"])
    assert result.exit_code == 1
    [row] = read_jsonl(tmp_path / "o.report.jsonl")
    assert row["status"] == "failed" and "memory" in row["reason"]


def _run_cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_kill_9_then_resume_equals_a_clean_run(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n in range(8):
        variant(SAMPLE if n % 2 else SAMPLE2, folder / f"f{n}.pdf", n)
    clean = tmp_path / "clean.jsonl"
    assert _run_cli("extract", str(folder), "-o", str(clean), "--jobs", "2", "-q").wait(120) == 0

    out = tmp_path / "out.jsonl"
    report = tmp_path / "out.report.jsonl"
    proc = _run_cli("extract", str(folder), "-o", str(out), "--jobs", "1", "-q")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if report.exists() and len(report.read_text().splitlines()) >= 3:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open(out, "a", encoding="utf-8") as fh:
        fh.write('{"schema_version": 1, "id": "half a rec')  # what a kill mid-write could leave
    partial = len(report.read_text().splitlines())
    assert 3 <= partial < 8, "the batch should have been killed mid-way"

    resumed = _run_cli("extract", str(folder), "-o", str(out), "--resume", "--jobs", "2")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert "already done" in err
    assert out.read_bytes() == clean.read_bytes()
    assert len(read_jsonl(report)) == 8


def test_rerun_output_is_byte_identical(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n in range(3):
        variant(SAMPLE, folder / f"f{n}.pdf", n)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    CliRunner().invoke(main, ["extract", str(folder), "-o", str(a), "--jobs", "2"])
    CliRunner().invoke(main, ["extract", str(folder), "-o", str(b), "--jobs", "1"])
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["extract", "no/such/dir"], "does not exist"),
        (["extract", "samples", "--jobs", "0"], "--jobs"),
        (["extract", "samples", "--bogus"], "No such option"),
        (["extract", "samples", "--resume"], "--resume needs --output"),
        (["extract", "samples", "-o", "no/such/dir/out.jsonl"], "cannot write"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "jixiao.cli", *args], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_timeout_bounds_a_file_whatever_its_ocr_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--timeout is the most one file may take: OCR pages (blank ones included) add nothing."""
    folder = tmp_path / "in"
    variant(SAMPLE, folder / "scan.pdf", 1)
    real = runner.process_task

    def slow_scan(task: runner.FileTask, settings: runner.RunSettings, **kwargs):
        for _ in range(6):
            time.sleep(0.5)
            kwargs["on_page"]("ocr")
        return real(task, settings, sink=kwargs.get("sink"))

    monkeypatch.setattr(runner, "process_task", slow_scan)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(tmp_path / "o.jsonl"), "--timeout", "1"])
    assert time.monotonic() - started < 2.8
    assert result.exit_code == 1, result.output
    [row] = read_jsonl(tmp_path / "o.report.jsonl")
    assert (row["status"], row["code"], row["reason"]) == ("failed", "timeout", "timed out after 1 s")


def test_resume_retries_a_failed_file_whose_duplicate_was_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    variant(SAMPLE, folder / "a.pdf", 1)
    shutil.copy(folder / "a.pdf", folder / "b.pdf")
    out = tmp_path / "out.jsonl"
    real = runner.process_task

    def failing(task: runner.FileTask, settings: runner.RunSettings, **kwargs):
        faulthandler.disable()
        os.kill(os.getpid(), signal.SIGSEGV)

    monkeypatch.setattr(runner, "process_task", failing)
    CliRunner().invoke(main, ["extract", str(folder), "-o", str(out)])
    assert [r["status"] for r in read_jsonl(tmp_path / "out.report.jsonl")] == ["failed", "skipped"]
    monkeypatch.setattr(runner, "process_task", real)
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out), "--resume"])
    assert result.exit_code == 0, result.output
    report = {r["path"]: r["status"] for r in read_jsonl(tmp_path / "out.report.jsonl")}
    assert report == {"a.pdf": "ok", "b.pdf": "skipped"}
    assert len(read_jsonl(out)) == 6
