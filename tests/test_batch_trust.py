"""A batch a user can trust: every file one report row, no input overwritten, no hang, no
crash on odd names or a full disk (issue 13). Every odd file is generated here."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.extract.run import output as output_module
from jixiao.extract.run import probe, spool
from jixiao.extract.run import worker as runner
from jixiao.extract.run.inputs import escape_name, find_inputs
from jixiao.extract.run.failures import classify
from jixiao.extract.run.job import extract_file
from jixiao.schemas import ReasonCode

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "lu-an-2021-drawn.pdf"


def variant(dst: Path, n: int) -> Path:
    """A copy of the sample with different bytes, so it is not a duplicate."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(SAMPLE.read_bytes() + f"\n% variant {n}\n".encode())
    return dst


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").split("\n") if line]


def run(*args: str) -> "CliRunner.invoke":
    return CliRunner().invoke(main, ["extract", *args])


def test_twin_names_under_two_roots_each_get_a_row(tmp_path: Path) -> None:
    dl = tmp_path / "dl"
    variant(dl / "滁州" / "附件1.pdf", 1)
    variant(dl / "芜湖" / "附件1.pdf", 2)
    out = tmp_path / "o.jsonl"
    result = run(str(dl / "滁州"), str(dl / "芜湖"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [(r["path"], r["status"]) for r in rows(tmp_path / "o.report.jsonl")] == [
        ("滁州/附件1.pdf", "ok"),
        ("芜湖/附件1.pdf", "ok"),
    ]
    assert sorted({r["source"]["path"] for r in rows(out)}) == ["滁州/附件1.pdf", "芜湖/附件1.pdf"]


@pytest.mark.parametrize(
    "roots, shown",
    [
        (["a"], ["x.pdf", "sub/y.pdf"]),  # one folder: relative to it, as before
        (["a/x.pdf"], ["x.pdf"]),
        (["a", "b"], ["a/x.pdf", "a/sub/y.pdf", "b/x.pdf"]),
        (["a/x.pdf", "b/x.pdf"], ["a/x.pdf", "b/x.pdf"]),
        (["a", "a/sub"], ["x.pdf", "sub/y.pdf"]),  # a file met twice is kept once
    ],
)
def test_display_paths_are_relative_to_the_folder_holding_every_root(tmp_path: Path, roots: list[str], shown: list[str]) -> None:
    for name in ("a/x.pdf", "a/sub/y.pdf", "b/x.pdf"):
        variant(tmp_path / name, len(name))
    found = find_inputs([tmp_path / r for r in roots])
    assert sorted(f.display for f in found) == sorted(shown)


@pytest.mark.parametrize("which", ["-o", "--report", "both"])
def test_an_output_that_is_an_input_or_the_other_output_is_refused(tmp_path: Path, which: str) -> None:
    folder = tmp_path / "in"
    seed = variant(folder / "draw-seed.pdf", 1)
    before = seed.read_bytes()
    if which == "both":
        args = ["-o", str(tmp_path / "f.jsonl"), "--report", str(tmp_path / "f.jsonl")]
    else:
        args = [which, str(seed)] + (["-o", str(tmp_path / "o.jsonl")] if which == "--report" else [])
    result = run(str(folder), *args)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert seed.read_bytes() == before
    assert not (tmp_path / "f.jsonl").exists()


def test_an_unwritable_report_leaves_the_existing_output_untouched(tmp_path: Path) -> None:
    variant(tmp_path / "in" / "a.pdf", 1)
    out = tmp_path / "o.jsonl"
    out.write_text('{"kept": true}\n', encoding="utf-8")
    result = run(str(tmp_path / "in"), "-o", str(out), "--report", str(tmp_path / "no" / "such" / "r.jsonl"))
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output and len(result.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == '{"kept": true}\n'


def test_a_second_run_on_the_same_output_is_refused_while_the_first_runs(tmp_path: Path) -> None:
    variant(tmp_path / "in" / "a.pdf", 1)
    out = tmp_path / "o.jsonl"
    first = subprocess.Popen(
        [sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'ab'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "held"
        out.write_text("partial\n", encoding="utf-8")
        result = run(str(tmp_path / "in"), "-o", str(out))
        assert result.exit_code == 2, result.output
        assert "being written by another jixiao run" in result.output
        assert out.read_text(encoding="utf-8") == "partial\n"  # never truncated by the refused run
    finally:
        first.kill()
        first.wait()
    assert run(str(tmp_path / "in"), "-o", str(out)).exit_code == 0
    with open(out, "rb") as fh:  # the lock is released when the run ends
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_two_real_runs_on_one_output_one_is_refused(tmp_path: Path) -> None:
    for k in range(3):
        variant(tmp_path / "in" / f"{k}.pdf", k)
    out = tmp_path / "o.jsonl"
    cmd = [sys.executable, "-m", "jixiao.cli", "extract", str(tmp_path / "in"), "-o", str(out), "-j", "1"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(p.wait(timeout=300) for p in procs)
    errors = [p.stderr.read() for p in procs]  # type: ignore[union-attr]
    assert codes == [0, 2], errors
    assert any("being written by another jixiao run" in e for e in errors)
    assert len(rows(out)) == 18 and b"\0" not in out.read_bytes()


def test_a_non_utf8_name_is_escaped_and_resumable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/\xff\xfe\xe9t\xe9.pdf"
    with open(raw, "wb") as fh:
        fh.write(SAMPLE.read_bytes())
    out = tmp_path / "o.jsonl"
    result = run(str(folder), "-o", str(out), "-v")
    assert result.exit_code == 0, result.output
    [row] = rows(tmp_path / "o.report.jsonl")
    assert row["path"] == "\\xff\\xfe\\xe9t\\xe9.pdf" and row["status"] == "ok"
    assert {r["source"]["path"] for r in rows(out)} == {row["path"]}
    again = run(str(folder), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert [r["path"] for r in rows(tmp_path / "o.report.jsonl")] == [row["path"]]
    assert len(rows(out)) == 6


def test_control_characters_in_names_are_escaped_on_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder).mkdir()
    (folder / "red\x1b[31m\nname.pdf").write_bytes(b"not a pdf")
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "extract", str(folder), "-o", str(tmp_path / "o.jsonl")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1
    assert "\x1b" not in proc.stderr and "red\\x1b[31m\\nname.pdf" in proc.stderr


def test_escape_name_keeps_valid_names_and_shows_bad_bytes() -> None:
    assert escape_name("附件1.pdf") == "附件1.pdf"
    assert escape_name(os.fsdecode(b"a\xffb.pdf")) == "a\\xffb.pdf"


def test_a_fifo_is_skipped_without_being_opened(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    os.mkfifo(folder / "pipe.pdf")
    os.mkfifo(tmp_path / "named.pdf")
    out = tmp_path / "o.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "extract", str(folder), str(tmp_path / "named.pdf"), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = {r["path"]: r for r in rows(tmp_path / "o.report.jsonl")}
    assert set(report) == {"in/a.pdf", "in/pipe.pdf", "named.pdf"}
    for name in ("in/pipe.pdf", "named.pdf"):
        assert (report[name]["status"], report[name]["code"]) == ("skipped", "not-a-file")
        assert report[name]["reason"] == "not read: a FIFO (named pipe)"


def test_hashing_runs_under_the_file_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    variant(folder / "b-stalls.pdf", 2)
    variant(folder / "c.pdf", 3)
    real = probe.file_sha256

    def stalling(path: str) -> str:
        if "stalls" in str(path):
            time.sleep(600)
        return real(path)

    monkeypatch.setattr(probe, "file_sha256", stalling)
    started = time.monotonic()
    result = run(str(folder), "-o", str(tmp_path / "o.jsonl"), "--timeout", "8")
    assert time.monotonic() - started < 60
    assert result.exit_code == 1, result.output
    report = {r["path"]: (r["status"], r["code"]) for r in rows(tmp_path / "o.report.jsonl")}
    assert report == {"a.pdf": ("ok", None), "b-stalls.pdf": ("failed", "timeout"), "c.pdf": ("ok", None)}


def test_an_unreadable_sub_folder_gets_a_failed_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (CI may run as root): the listing is refused by a stub."""
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    variant(folder / "locked" / "b.pdf", 2)
    real_scandir = os.scandir

    def scandir(path: "os.PathLike[str] | str | int" = ".") -> "os._ScandirIterator[str]":
        # shutil.rmtree (sweeping a stale spool folder) lists folders by descriptor
        if not isinstance(path, int) and os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(str(folder), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1, result.output
    report = {r["path"]: r for r in rows(tmp_path / "o.report.jsonl")}
    assert report["locked/"]["status"] == "failed" and report["locked/"]["code"] == "unreadable"
    assert report["locked/"]["reason"] == "cannot read folder: Permission denied"
    assert report["a.pdf"]["status"] == "ok"


def _limited_run(args: list[str], limit: int) -> subprocess.CompletedProcess:
    code = (
        "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "from jixiao.cli import main; sys.argv = ['jixiao', *sys.argv[1:]]; main()"
    )
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_a_full_disk_is_one_line_keeps_valid_jsonl_and_resume_completes(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes every file of the run (records, report, the workers' spool files)
    stop growing at ``limit`` bytes, as a full disk does."""
    folder = tmp_path / "in"
    for k in range(3):
        variant(folder / f"{k}.pdf", k)
    clean = tmp_path / "clean.jsonl"
    assert run(str(folder), "-o", str(clean)).exit_code == 0
    first_file = sum(len(line) + 1 for line in clean.read_bytes().split(b"\n")[:6])
    out = tmp_path / "o.jsonl"
    proc = _limited_run(["extract", str(folder), "-o", str(out), "-j", "1", "-q"], first_file + 200)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "cannot write" in proc.stderr and "--resume" in proc.stderr
    assert len(rows(out)) == 6 and len(rows(tmp_path / "o.report.jsonl")) == 1  # whole lines only
    again = run(str(folder), "-o", str(out), "--resume")
    assert again.exit_code == 0, again.output
    assert out.read_bytes() == clean.read_bytes()


@pytest.mark.parametrize("how", ["write", "folder"])
def test_a_full_temp_folder_does_not_fail_good_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    if how == "write":
        class Full:
            def write(self, data: bytes) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

            def fileno(self) -> int:
                return os.open(os.devnull, os.O_WRONLY)

            def close(self) -> None:
                pass

        monkeypatch.setattr(spool, "open_spool", lambda path: Full())
    else:
        def no_folder(*args: object, **kwargs: object) -> str:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(runner.tempfile, "mkdtemp", no_folder)
    out = tmp_path / "o.jsonl"
    result = run(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    [row] = rows(tmp_path / "o.report.jsonl")
    assert row["status"] == "ok" and len(rows(out)) == 6


def test_spool_folders_of_killed_runs_are_swept(tmp_path: Path) -> None:
    stale = tmp_path / (spool.SPOOL_PREFIX + "dead")
    stale.mkdir()
    (stale / spool.SPOOL_OWNER).write_bytes(b"")
    (stale / "0.jsonl").write_text("{}\n")
    young = tmp_path / (spool.SPOOL_PREFIX + "starting")  # its owner may not have locked it yet
    young.mkdir()
    (young / spool.SPOOL_OWNER).write_bytes(b"")
    old = time.time() - 2 * spool.SPOOL_GRACE
    os.utime(stale, (old, old))
    with spool.spool_folder(str(tmp_path)) as live:
        assert live is not None and not stale.exists() and young.exists()
        os.utime(live, (old, old))
        assert spool.sweep_spools(str(tmp_path)) == []  # the live one is locked: kept
    assert os.listdir(tmp_path) == [young.name]


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    """A batch killed with SIGKILL leaves no worker reading on."""
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    code = (
        "import sys, time, os\n"
        "from jixiao.extract.run import worker as runner\n"
        "def slow(task, settings, **kw):\n"
        "    print(os.getpid(), flush=True); time.sleep(120)\n"
        "runner.process_task = slow\n"
        "from jixiao.cli import main\n"
        "sys.argv = ['jixiao', 'extract', sys.argv[1], '-o', sys.argv[2]]\n"
        "main()\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code, str(folder), str(tmp_path / "o.jsonl")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    parent.kill()
    parent.wait()
    for _ in range(50):
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        try:
            os.waitpid(worker, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.1)
    else:
        os.kill(worker, 9)
        pytest.fail("the worker outlived its parent")


def _raise_in(module: str, exc: BaseException) -> BaseException:
    namespace = {"__name__": module, "exc": exc}
    exec("def boom():\n    raise exc\n", namespace)
    try:
        namespace["boom"]()
    except BaseException as caught:  # noqa: BLE001
        return caught
    raise AssertionError


@pytest.mark.parametrize(
    "module, exc, reason, code",
    [
        ("pdfminer.ascii85", ValueError("Non-Ascii85 digit found"), "damaged PDF: ValueError: Non-Ascii85 digit found", ReasonCode.DAMAGED),
        ("pdfminer.psparser", AssertionError("Invalid octal"), "damaged PDF: AssertionError: Invalid octal", ReasonCode.DAMAGED),
        ("pdfminer.pdftypes", TypeError("unsupported operand"), "damaged PDF: TypeError: unsupported operand", ReasonCode.DAMAGED),
        ("pypdfium2._helpers.page", RuntimeError("Failed to load page"), "damaged PDF: RuntimeError: Failed to load page", ReasonCode.DAMAGED),
        ("pdfminer.pdfdocument", ValueError("the file is encrypted"), "encrypted: a password is needed (use --password)", ReasonCode.ENCRYPTED),
        ("jixiao.extract.layout.grid", ValueError("oops"), "internal error: ValueError: oops (a bug: please report it)", ReasonCode.INTERNAL),
    ],
)
def test_library_exceptions_are_damaged_pdfs_and_ours_are_bugs(module: str, exc: BaseException, reason: str, code: ReasonCode) -> None:
    assert classify(_raise_in(module, exc)) == (reason, code)


def _pdf_with_a_missing_page(path: Path) -> Path:
    """Two pages counted in the page tree; the second is not in the file."""
    content = b"BT /F1 12 Tf 100 700 Td (hello) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 7\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets) + b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def test_a_page_missing_from_a_damaged_file_is_a_warning(tmp_path: Path) -> None:
    pdf = _pdf_with_a_missing_page(tmp_path / "missing.pdf")
    report = extract_file(pdf, pdf.name).report
    assert report.status == "no-forms" and report.pages == 1
    assert report.warnings == ["page 2 could not be read (missing from the file)"]


def test_after_resume_rows_stay_in_input_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        variant(folder / name, ord(name[0]))
    out = tmp_path / "o.jsonl"
    real = runner.process_task

    def failing_a(task: runner.FileTask, settings: runner.RunSettings, **kwargs):  # type: ignore[no-untyped-def]
        if task.display == "a.pdf":
            raise RuntimeError("boom")
        return real(task, settings, **kwargs)

    monkeypatch.setattr(runner, "process_task", failing_a)
    assert run(str(folder), "-o", str(out)).exit_code == 1
    monkeypatch.setattr(runner, "process_task", real)
    assert run(str(folder), "-o", str(out), "--resume").exit_code == 0
    assert [r["path"] for r in rows(tmp_path / "o.report.jsonl")] == ["a.pdf", "b.pdf", "c.pdf"]
    clean = tmp_path / "clean.jsonl"
    run(str(folder), "-o", str(clean))
    assert out.read_bytes() == clean.read_bytes()


def test_libraries_temporary_files_go_with_the_spool_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """onnxruntime leaves a .ses file in TMPDIR: a batch must leave nothing but its outputs."""
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(runner.tempfile, "tempdir", str(temp))
    real = runner.process_task

    def leaving_a_file(task: runner.FileTask, settings: runner.RunSettings, **kwargs):  # type: ignore[no-untyped-def]
        Path(os.environ["TMPDIR"], ".ses").write_text("session")
        runner.tempfile.mkstemp()
        return real(task, settings, **kwargs)

    monkeypatch.setattr(runner, "process_task", leaving_a_file)
    assert run(str(folder), "-o", str(tmp_path / "o.jsonl")).exit_code == 0
    assert os.listdir(temp) == []


def test_ocr_writes_nothing_in_home_or_temp(tmp_path: Path) -> None:
    """onnxruntime's telemetry (a database under ~/.cache, a .ses file in TMPDIR) is off."""
    pytest.importorskip("rapidocr")
    home, temp = tmp_path / "home", tmp_path / "temp"
    home.mkdir()
    temp.mkdir()
    scan = ROOT / "tests" / "data" / "scans" / "scan-word.pdf"
    code = "import sys; from jixiao.extract.run.job import extract_file; print(extract_file(sys.argv[1], 'x.pdf').report.status)"
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"} | {"HOME": str(home), "TMPDIR": str(temp)}
    proc = subprocess.run([sys.executable, "-c", code, str(scan)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert list(home.rglob("*")) == [] and list(temp.rglob("*")) == []
    assert "telemetry" not in proc.stderr


def test_sigterm_stops_the_batch_cleanly(tmp_path: Path) -> None:
    """kill (SIGTERM) is an exit the process survives: exit 130, no spool folder left,
    outputs valid for --resume."""
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    variant(folder / "b.pdf", 2)
    temp = tmp_path / "temp"
    temp.mkdir()
    code = (
        "import sys, time, os\n"
        "from jixiao.extract.run import worker as runner\n"
        "real = runner.process_task\n"
        "def slow(task, settings, **kw):\n"
        "    if task.display == 'b.pdf':\n"
        "        print('reading', flush=True); time.sleep(120)\n"
        "    return real(task, settings, **kw)\n"
        "runner.process_task = slow\n"
        "from jixiao.cli import main\n"
        "sys.argv = ['jixiao', 'extract', sys.argv[1], '-o', sys.argv[2], '-j', '1']\n"
        "main()\n"
    )
    out = tmp_path / "o.jsonl"
    env = os.environ | {"TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(folder), str(out)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "reading"
    proc.terminate()
    assert proc.wait(timeout=60) == 130
    assert "Traceback" not in proc.stderr.read()  # type: ignore[union-attr]
    assert os.listdir(temp) == []
    assert [r["path"] for r in rows(tmp_path / "o.report.jsonl")] == ["a.pdf"] and len(rows(out)) == 6


def test_a_stopped_worker_prints_no_traceback(tmp_path: Path) -> None:
    """A forked child inherits the batch's SIGTERM handler; at interpreter exit
    multiprocessing stops daemonic children with SIGTERM. The child must die quietly."""
    code = (
        "import multiprocessing, signal, sys, time\n"
        "from jixiao.extract.run import worker\n"
        "def boom(signum, frame): raise KeyboardInterrupt\n"
        "signal.signal(signal.SIGTERM, boom)\n"
        "def child(parent):\n"
        "    worker.child_signals(parent)\n"
        "    time.sleep(60)\n"
        "p = multiprocessing.get_context('fork').Process(target=child, args=(multiprocessing.current_process().pid,), daemon=True)\n"
        "p.start(); time.sleep(1); p.terminate(); p.join()\n"
        "print(p.exitcode)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "-15" and "Traceback" not in proc.stderr, proc.stderr


def test_records_to_a_pipe_with_python_unbuffered(tmp_path: Path) -> None:
    """``PYTHONUNBUFFERED=1`` (set in many container images) makes stdout a raw file; on a
    pipe it cannot tell its position, which the disk-full rollback asked for: every
    ``extract -o - | …`` failed with a traceback."""
    folder = tmp_path / "in"
    variant(folder / "a.pdf", 1)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "extract", "-q", str(folder / "a.pdf"), "-o", "-"],
        cwd=ROOT, capture_output=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert len(lines) == 6 and all(json.loads(line)["schema_version"] == 1 for line in lines)
