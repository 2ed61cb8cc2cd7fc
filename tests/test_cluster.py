"""Batches on a Dask cluster: the bytes of a local run, and nothing lost when a worker dies.

A real scheduler and two workers run on 127.0.0.1 for this module, started the way the README
tells a user (``dask scheduler`` / ``dask worker``). A preload in the workers adds test hooks:
a file named ``*slow*`` takes 6 s longer, a file named ``*poison*`` kills the worker reading it.
The CLI runs in a subprocess, as a user runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_batch import SAMPLE, SAMPLE2, read_jsonl, variant

from jixiao.cli import main

PRELOAD = '''
"""Test hooks in a worker: *slow* files take 6 s longer, *poison* files kill their worker."""
import os
import signal
import time

from jixiao.extract.run import cluster

# Dask may run a preload more than once: wrap the real function, never the hook.
_real = cluster.__dict__.setdefault("_unhooked_process_task", cluster.process_task)


def _hooked(task, settings, sink=None):
    if "slow" in task.display:
        time.sleep(6)
    if "poison" in task.display:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real(task, settings, sink)


cluster.process_task = _hooked
'''


@dataclass
class Cluster:
    """A scheduler and two workers in subprocesses, and a client to watch them."""

    address: str
    client: Any

    def ready(self) -> None:
        """Both workers up (a killed one is restarted by its nanny)."""
        self.client.wait_for_workers(2, timeout=60)


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from distributed import Client

    home = tmp_path_factory.mktemp("dask")
    (home / "hooks.py").write_text(PRELOAD, encoding="utf-8")
    scheduler_file = home / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True, "cwd": home}
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file)],
            env={
                **os.environ,
                "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
                "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0",
            },
            **quiet,  # type: ignore[call-overload]
        )
    ]
    try:
        deadline = time.monotonic() + 30
        while not scheduler_file.exists() or not scheduler_file.read_text():
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [*dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                     "--no-dashboard", "--memory-limit", "2GiB", "--death-timeout", "60",
                     "--preload", str(home / "hooks.py")],
                    **quiet,  # type: ignore[call-overload]
                )
            )
        client = Client(address, set_as_default=False, timeout=30)
        try:
            found = Cluster(address, client)
            found.ready()
            yield found
        finally:
            client.close()
    finally:
        for process in reversed(processes):
            _stop(process)


@pytest.fixture
def up(cluster: Cluster) -> Cluster:
    cluster.ready()
    return cluster


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Samples with different bytes, a duplicate, a bad file, a sub-folder, a hidden file."""
    root = tmp_path_factory.mktemp("inputs") / "in"
    variant(SAMPLE, root / "a-drawn.pdf", 1)
    variant(SAMPLE2, root / "b-calc.pdf", 2)
    shutil.copy(root / "a-drawn.pdf", root / "c-same-as-a.pdf")
    (root / "d-not-a-pdf.pdf").write_text("<!DOCTYPE html><html>404</html>", encoding="utf-8")
    variant(SAMPLE2, root / "sub" / "e 六安.pdf", 3)
    variant(SAMPLE, root / ".hidden.pdf", 4)
    return root


def extract(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``jixiao extract ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "extract", "-q", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


@dataclass
class Run:
    records: bytes
    report: list[dict[str, Any]]


def finished(out: Path) -> Run:
    report = out.with_name(out.name.replace(".jsonl", ".report.jsonl"))
    return Run(out.read_bytes(), read_jsonl(report))


def same_report(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """Equal report rows but for the time taken."""
    drop = lambda rows: [{k: v for k, v in row.items() if k != "seconds"} for row in rows]  # noqa: E731
    return drop(a) == drop(b)


@pytest.fixture(scope="module")
def reference(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The local run (forked workers) that every cluster run must equal."""
    out = tmp_path_factory.mktemp("reference") / "out.jsonl"
    done = extract(str(folder), "-o", str(out), "--jobs", "2")
    assert done.returncode == 1, done.stderr  # the HTML page is failed
    run = finished(out)
    assert [r["status"] for r in run.report] == ["ok", "ok", "skipped", "failed", "ok"]
    return run


def test_importing_the_cli_does_not_import_dask() -> None:
    code = "import sys, jixiao.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', 'fsspec'}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_cluster_run_writes_the_bytes_of_a_local_run(up: Cluster, folder: Path, reference: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = extract(str(folder), "-o", str(out), "--cluster", up.address)
    assert done.returncode == 1 and done.stderr.count("\n") == 2, done.stderr  # summary + where the reasons are
    run = finished(out)
    assert run.records == reference.records
    assert same_report(run.report, reference.report)


def test_file_urls_in_and_out(up: Cluster, folder: Path, reference: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = extract(folder.as_uri(), "-o", out.as_uri(), "--cluster", up.address)
    assert done.returncode == 1, done.stderr
    run = finished(out)
    assert run.records == reference.records and same_report(run.report, reference.report)


def test_remote_inputs_are_fetched_by_the_workers_and_outputs_uploaded(
    up: Cluster, folder: Path, reference: Run, tmp_path: Path
) -> None:
    # simplecache:: makes fsspec treat the folder as remote storage: the client hashes the
    # files through fsspec, each worker downloads its file, the output is uploaded at the end.
    out = tmp_path / "uploaded" / "out.jsonl"
    done = extract(f"simplecache::{folder.as_uri()}", "-o", f"simplecache::{out.as_uri()}", "--cluster", up.address)
    assert done.returncode == 1, done.stderr
    assert f"reasons in simplecache::{out.parent.as_uri()}/out.report.jsonl" in done.stderr
    run = finished(out)
    assert run.records == reference.records and same_report(run.report, reference.report)


def interrupted(reference: Run, out: Path, files: int) -> Path:
    """The files an interrupted run leaves: the first ``files`` files done and written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    kept = reference.report[:files]
    rows = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    out.with_name("out.report.jsonl").write_text(rows, encoding="utf-8")
    paths = {r["path"] for r in kept}
    lines = reference.records.decode().splitlines(keepends=True)
    out.write_text("".join(line for line in lines if json.loads(line)["source"]["path"] in paths), encoding="utf-8")
    return out


def test_resume_on_a_cluster_is_a_local_resume(up: Cluster, folder: Path, reference: Run, tmp_path: Path) -> None:
    local = interrupted(reference, tmp_path / "local" / "out.jsonl", 2)
    out = interrupted(reference, tmp_path / "cluster" / "out.jsonl", 2)
    assert extract(str(folder), "-o", str(local), "--resume", "--jobs", "2").returncode == 1
    done = extract(str(folder), "-o", str(out), "--resume", "--cluster", up.address)
    assert done.returncode == 1, done.stderr
    run = finished(out)
    assert run.records == reference.records
    assert same_report(run.report, finished(local).report)


def test_a_file_past_the_timeout_is_failed_and_the_batch_goes_on(up: Cluster, tmp_path: Path) -> None:
    variant(SAMPLE, tmp_path / "in" / "a-slow.pdf", 1)
    variant(SAMPLE, tmp_path / "in" / "b.pdf", 2)
    out = tmp_path / "out.jsonl"
    done = extract(str(tmp_path / "in"), "-o", str(out), "--timeout", "3", "--cluster", up.address)
    assert done.returncode == 1, done.stderr
    report = {r["path"]: r for r in finished(out).report}
    assert report["a-slow.pdf"]["reason"] == "timed out after 3 s"
    assert report["b.pdf"]["status"] == "ok"


def test_a_worker_killed_mid_batch_loses_nothing(up: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n, name in enumerate(["a.pdf", "b-slow.pdf", "c.pdf", "d.pdf", "e.pdf"]):
        variant(SAMPLE if n % 2 else SAMPLE2, folder / name, n)
    local = extract(str(folder), "-o", str(tmp_path / "local.jsonl"), "--jobs", "2")
    assert local.returncode == 0, local.stderr
    out = tmp_path / "out.jsonl"
    cli = subprocess.Popen(
        [sys.executable, "-m", "jixiao.cli", "extract", "-q", str(folder), "-o", str(out), "--cluster", up.address],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        # Kill the worker while it reads b-slow.pdf (task keys are jixiao-BATCH-INDEX-TRY).
        deadline = time.monotonic() + 30
        victim = None
        while victim is None:
            assert time.monotonic() < deadline and cli.poll() is None, "b-slow.pdf never ran"
            for worker, keys in up.client.processing().items():
                if any(str(key).split("-")[2] == "1" for key in keys):
                    victim = worker
            time.sleep(0.05)
        pid = up.client.run(os.getpid, workers=[victim])[victim]
        os.kill(pid, signal.SIGKILL)
        assert cli.wait(timeout=60) == 0, cli.stderr.read() if cli.stderr else ""
    finally:
        if cli.poll() is None:
            cli.kill()
    local_run, run = finished(tmp_path / "local.jsonl"), finished(out)
    assert run.records == local_run.records
    assert same_report(run.report, local_run.report)
    assert [r["path"] for r in run.report] == ["a.pdf", "b-slow.pdf", "c.pdf", "d.pdf", "e.pdf"]


def test_a_file_that_kills_every_worker_is_failed_after_one_retry(up: Cluster, tmp_path: Path) -> None:
    variant(SAMPLE, tmp_path / "in" / "a.pdf", 1)
    variant(SAMPLE, tmp_path / "in" / "b-poison.pdf", 2)
    variant(SAMPLE2, tmp_path / "in" / "c.pdf", 3)
    out = tmp_path / "out.jsonl"
    done = extract(str(tmp_path / "in"), "-o", str(out), "--cluster", up.address)
    assert done.returncode == 1, done.stderr
    report = {r["path"]: r for r in finished(out).report}
    assert report["b-poison.pdf"]["status"] == "failed"
    assert report["b-poison.pdf"]["reason"].startswith("worker lost: each worker that read it died (2 tries")
    assert report["a.pdf"]["status"] == report["c.pdf"]["status"] == "ok"
    assert len(read_jsonl(out)) == 12


def test_a_local_cluster(folder: Path, reference: Run, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    done = extract(str(folder), "-o", str(out), "--cluster", "local", "--jobs", "2")
    assert done.returncode == 1, done.stderr
    run = finished(out)
    assert run.records == reference.records and same_report(run.report, reference.report)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_scheduler_is_one_line_and_exit_2(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.monotonic()
    done = extract(str(folder), "-o", str(out), "--cluster", address, env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert done.returncode == 2
    assert done.stderr == f"jixiao: cannot reach a Dask scheduler at {address} within 1 s\n"
    assert not out.exists()  # nothing touched
    assert time.monotonic() - started < 20


def test_a_bad_address_is_one_line_and_exit_2(folder: Path) -> None:
    done = extract(str(folder), "--cluster", "tcp://127.0.0.1:port")
    assert done.returncode == 2 and done.stderr.startswith("jixiao: bad --cluster address") and done.stderr.count("\n") == 1


# ---- URL inputs and outputs without a cluster ------------------------------------------------


@pytest.fixture
def memory_folder() -> Iterator[str]:
    """A folder on fsspec's in-memory file system (remote storage for the walk's rules)."""
    import fsspec

    fs = fsspec.filesystem("memory")
    for path in ["/m/in/a.pdf", "/m/in/B.PDF", "/m/in/sub/c.xlsx", "/m/in/.h.pdf", "/m/in/.git/d.pdf", "/m/in/n.txt", "/m/in/~$e.xlsx"]:
        fs.pipe(path, b"%PDF-1.4 " + path.encode())
    yield "memory://m/in"
    fs.rm("/m", recursive=True)


def test_a_url_folder_is_walked_with_the_local_rules(memory_folder: str) -> None:
    from jixiao.extract.run.locate import find_locations

    found = find_locations([memory_folder])
    assert [(f.display, f.path) for f in found] == [
        ("B.PDF", "memory://m/in/B.PDF"),
        ("a.pdf", "memory://m/in/a.pdf"),
        ("sub/c.xlsx", "memory://m/in/sub/c.xlsx"),
    ]
    assert [f.display for f in find_locations([memory_folder + "/a.pdf"])] == ["a.pdf"]


def test_a_remote_file_is_a_local_copy_while_it_is_read(memory_folder: str) -> None:
    from jixiao.extract.run.fingerprint import file_sha256
    from jixiao.extract.run.locate import local_copy

    url = memory_folder + "/sub/c.xlsx"
    with local_copy(url) as path:
        assert path.endswith("/c.xlsx") and Path(path).read_bytes().startswith(b"%PDF-1.4 /m/in/sub/c.xlsx")
        assert file_sha256(url) == file_sha256(path)
    assert not Path(path).exists()


def test_remote_inputs_without_cluster_are_a_usage_error(memory_folder: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", memory_folder, "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2
    assert "add --cluster ADDRESS" in result.output and result.output.count("\n") == 1


def test_missing_url_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", (tmp_path / "nowhere").as_uri(), "-o", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_resume_into_a_remote_output_is_refused(folder: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(folder), "-o", "memory://m/out.jsonl", "--resume"])
    assert result.exit_code == 2
    assert result.output.startswith("jixiao: --resume needs a local --output") and result.output.count("\n") == 1


def test_a_remote_output_is_written_here_then_uploaded_beside_its_url(memory_folder: str) -> None:
    import fsspec

    from jixiao.extract.run.locate import stage_output

    staged = stage_output(memory_folder + "/out/run.jsonl")
    report = Path(staged.path).with_name("run.report.jsonl")
    Path(staged.path).write_text("{}\n", encoding="utf-8")
    report.write_text("[]\n", encoding="utf-8")
    assert staged.shown(report) == memory_folder + "/out/run.report.jsonl"
    assert staged.upload() == [memory_folder + "/out/run.jsonl", memory_folder + "/out/run.report.jsonl"]
    fs = fsspec.filesystem("memory")
    assert fs.cat("/m/in/out/run.jsonl") == b"{}\n" and fs.cat("/m/in/out/run.report.jsonl") == b"[]\n"
    assert not report.parent.exists()
