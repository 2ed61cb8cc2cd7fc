"""Run a batch on a Dask cluster: the same per-file work, spread over other machines' cores.

:func:`dask_executor` makes an ``Executor`` (extract/batch.py) like ``run_local``: each file is
one Dask task that calls ``process_task``; results stream back as tasks finish
(``distributed.as_completed``) and go through the same ``in_order`` and ``ResultWriter``, so a
cluster run writes the same bytes as a local run and ``--resume`` works the same. A task
carries the file's path or URL, never its bytes: workers read shared storage themselves
(extract/locate.py), and send records back in memory (a worker's disk is not the client's).

Dask is imported only when an executor is made, so a local run starts as fast as before.

Limits, and why:

- **Timeouts** — Dask cannot stop a running task. A task reads its file in a thread and
  waits what is left of ``settings.timeout`` after fingerprinting; past it the file is ``failed: timed out after N s`` and the
  thread runs on in the background until the parser returns, sharing the worker with its
  next task. A file that never returns keeps a core busy until the worker is restarted.
- **Memory** — ``--max-memory`` is no per-file cap here: it is the ``memory_limit`` of each
  worker of ``--cluster local`` (Dask's nanny restarts a worker that goes over it); on a
  remote cluster the workers' own ``--memory-limit`` applies.
- **Worker deaths** — a task whose worker dies (crash, out of memory, killed) is run again
  by the scheduler on another worker, as many times as the scheduler's
  ``distributed.scheduler.allowed-failures`` allows: 1 for ``--cluster local``; Dask's
  default is 3, so start a scheduler with ``SCHEDULER_CONFIG`` in its environment
  (``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=1``, and
  ``DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0`` so that files queued on a worker
  are not blamed when the file it is reading kills it) for "retried once". Then the file is
  ``failed: worker lost: …``. A task lost with its scheduler connection is submitted once
  more, then failed the same way; a cluster without any worker for ``NO_WORKERS_GRACE``
  seconds fails the files left, so a batch never hangs.
- **Records in memory** — a file's records come back whole in the task's result (a local
  worker streams them to a spool file instead), so a worker holds all forms of one file.
- **Exceptions in a task** (a remote input that cannot be downloaded) are retried once
  (``retries=1``), then the file is ``failed`` with the reason.
- ``--jobs`` is the number of workers of ``--cluster local``; a remote cluster has its own.
- **Whole files** — a file is one task, never cut into page ranges as the local pool cuts
  large PDFs; and no page events stream back: a file's pages count in the progress bar when
  it completes.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Optional

from .batch import Executor
from .inputs import is_url
from .locate import local_copy
from .results import FileResult
from ...schemas import ReasonCode
from .pool import PageEvents
from .worker import FileTask, failed, process_task, timed_out
from .settings import RunSettings

if TYPE_CHECKING:
    from distributed import Client, Future

LOCAL = "local"
# The scheduler settings of "retried once": a task whose worker dies is run once more, and
# only tasks that were running are blamed for a death (a worker holds no queue of tasks, so
# files waiting behind a crashing one are not failed with it). Given to ``--cluster local``;
# a scheduler started by hand takes them from the environment (README).
SCHEDULER_CONFIG = {"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.worker-saturation": 1.0}
# Seconds to reach a scheduler; Dask's own setting, when given in the environment, wins.
CONNECT_TIMEOUT = 10.0
_CONNECT_ENV = "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT"
# Seconds a cluster may have no worker at all before the files left are failed.
NO_WORKERS_GRACE = 60.0
# Seconds to fetch a finished task's result (recomputed if its worker died meanwhile).
RESULT_TIMEOUT = 300.0
_POLL = 0.05
_CHECK_EVERY = 2.0


class ClusterError(Exception):
    """The cluster cannot be reached or started; the message is the one-line reason."""


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'jixiao[cluster]'") from None
    return distributed


def connect_timeout() -> float:
    """Seconds to wait for a scheduler: ``CONNECT_TIMEOUT``, unless Dask's connect timeout
    is set in the environment."""
    if _CONNECT_ENV in os.environ:
        import dask.config
        from dask.utils import parse_timedelta

        return float(parse_timedelta(dask.config.get("distributed.comm.timeouts.connect")))
    return CONNECT_TIMEOUT


def check_address(address: str) -> None:
    """:class:`ClusterError` for an address Dask cannot parse. Checked before connecting,
    because a ``Client`` that fails on a bad address hangs for seconds on being collected."""
    _distributed()
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    try:
        scheme, location = parse_address(address)
        get_backend(scheme)
        if scheme in ("tcp", "tls"):
            parse_host_port(location, 8786)
    except ValueError as exc:
        raise ClusterError(f"bad --cluster address {address!r} (expected tcp://HOST:8786, or local): {_one_line(exc)}") from None


def connect(address: str) -> "Client":
    """A client of the scheduler at ``address``, or :class:`ClusterError`."""
    check_address(address)
    distributed = _distributed()
    timeout = connect_timeout()
    try:
        return distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError):
        raise ClusterError(f"cannot reach a Dask scheduler at {address} within {timeout:g} s") from None
    except Exception as exc:  # noqa: BLE001 - a bad address, a refused handshake
        raise ClusterError(f"cannot use --cluster {address}: {_one_line(exc)}") from None


@contextmanager
def local_cluster(settings: RunSettings) -> Iterator["Client"]:
    """A client of a cluster on this machine: ``settings.jobs`` worker processes of one
    thread, each capped at ``settings.max_memory_mb`` by Dask; a task whose worker dies is
    run once more, then failed."""
    distributed = _distributed()
    import dask.config

    memory = f"{settings.max_memory_mb}MiB" if settings.max_memory_mb else None
    try:
        with dask.config.set(SCHEDULER_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=settings.jobs,
                threads_per_worker=1,
                processes=True,
                memory_limit=memory,
                host="127.0.0.1",
                scheduler_port=0,
                dashboard_address=":0",  # a free port on 127.0.0.1: no clash with a running cluster
                silence_logs=logging.ERROR,
            )
    except Exception as exc:  # noqa: BLE001 - ports, spawn failures: one line for the user
        raise ClusterError(f"cannot start a local Dask cluster: {_one_line(exc)}") from None
    try:
        client = distributed.Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def dask_executor(address: str) -> Executor:
    """An executor that runs each file as a Dask task on the scheduler at ``address``
    (``tcp://HOST:8786``), or on a cluster started on this machine for ``local``.

    A remote scheduler is contacted now, so that an unreachable address fails
    (:class:`ClusterError`) before any file is hashed or any output is touched; its client
    is closed when the batch ends."""
    address = address.strip()
    if not address:
        raise ClusterError("--cluster needs an address: tcp://HOST:8786, or local")
    _distributed()  # a missing extra is told now, before any output is touched
    early: list[Client] = [] if address == LOCAL else [connect(address)]

    @contextmanager
    def client_for(settings: RunSettings) -> Iterator["Client"]:
        if address == LOCAL:
            with local_cluster(settings) as client:
                yield client
            return
        client = early.pop() if early else connect(address)
        try:
            yield client
        finally:
            client.close()

    def execute(
        tasks: Iterable[FileTask], settings: RunSettings, on_page: Optional[PageEvents] = None
    ) -> Iterator[tuple[FileTask, FileResult]]:
        todo = [_for_workers(task) for task in tasks]
        if not todo:
            while early:
                early.pop().close()
            return
        with _dask_logs(settings.verbose), client_for(settings) as client:
            yield from _stream(client, todo, settings)

    return execute


@contextmanager
def _dask_logs(verbose: bool) -> Iterator[None]:
    """Dask's own log lines in this process only with ``verbose``: what happens to a file is
    told by its one-line reason, and a lost scheduler would otherwise print a traceback."""
    if verbose:
        yield
        return
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] == "distributed"]
    loggers = [logging.getLogger(n) for n in ["distributed", *names]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def _for_workers(task: FileTask) -> FileTask:
    """The task with a path the workers can open: absolute (workers have their own working
    folder); URLs unchanged."""
    return task if is_url(task.path) else replace(task, path=os.path.abspath(task.path))


# ---- on the worker ------------------------------------------------------------------------


def read_on_worker(task: FileTask, settings: RunSettings) -> FileResult:
    """Run on a worker: fetch the input if it is remote, read it with ``process_task`` in a
    thread, and stop waiting after ``settings.timeout``. Raises only when the input cannot
    be fetched (Dask then retries once)."""
    with local_copy(task.path) as path:
        return _read_within(replace(task, path=path), settings)


def _read_within(task: FileTask, settings: RunSettings) -> FileResult:
    if not settings.timeout:
        return _read(task, settings)
    limit = task.time_left(settings)
    box: list[FileResult] = []
    thread = threading.Thread(
        target=lambda: box.append(_read(task, settings)), name=f"jixiao {task.display}", daemon=True
    )
    started = time.perf_counter()
    thread.start()
    thread.join(limit)
    if box:
        return box[0]
    return timed_out(task, settings, time.perf_counter() - started)


def _read(task: FileTask, settings: RunSettings) -> FileResult:
    try:
        return process_task(task, settings)
    except MemoryError:
        return failed(task, "out of memory on the worker", ReasonCode.OUT_OF_MEMORY)
    except Exception as exc:  # noqa: BLE001 - a bug in the worker itself, reported per file
        return failed(task, f"internal error in worker: {_one_line(exc)} (a bug: please report it)", ReasonCode.INTERNAL)


# ---- on the client ------------------------------------------------------------------------


@dataclass
class _Attempt:
    task: FileTask
    number: int  # 0 for the first submission, 1 for the one retry of a lost task


def _stream(client: "Client", tasks: list[FileTask], settings: RunSettings) -> Iterator[tuple[FileTask, FileResult]]:
    """Submit every task, then yield each result as it completes: once per task, whatever
    happens to workers or the scheduler connection."""
    from distributed import as_completed

    batch = uuid.uuid4().hex[:8]

    def submit(task: FileTask, number: int) -> "Future":
        return client.submit(
            read_on_worker,
            task,
            settings,
            key=f"jixiao-{batch}-{task.index}-{number}",
            retries=1,
            priority=-task.index,  # earlier files first: in_order can write them sooner
        )

    running: dict[Future, _Attempt] = {}
    completed = as_completed(loop=client.loop)
    for task in tasks:
        future = submit(task, 0)
        running[future] = _Attempt(task, 0)
        completed.add(future)
    watch = _Watchdog(client)
    try:
        while running:
            ready = completed.next_batch(block=False)
            if not ready:
                reason = watch.stalled()
                if reason is not None:
                    for attempt in list(running.values()):
                        yield attempt.task, failed(attempt.task, reason, ReasonCode.WORKER_LOST)
                    break
                time.sleep(_POLL)
                continue
            for future in ready:
                attempt = running.pop(future)
                result = _outcome(future, attempt.task)
                future.release()
                if result is None and attempt.number == 0 and client.status == "running":
                    retry = submit(attempt.task, 1)
                    running[retry] = _Attempt(attempt.task, 1)
                    completed.add(retry)
                    continue
                if result is None:
                    result = failed(attempt.task, _lost_reason(client), ReasonCode.WORKER_LOST)
                yield attempt.task, result
    finally:
        if running:
            client.cancel(list(running), force=True)


def _lost_reason(client: "Client") -> str:
    if client.status != "running":
        return "worker lost: the connection to the scheduler was lost"
    return "worker lost: its task was lost twice (workers or scheduler restarted)"


def _outcome(future: "Future", task: FileTask) -> Optional[FileResult]:
    """A finished future's result, or the ``failed`` result of a task that erred; None for
    a task that was lost (cancelled with its worker or scheduler connection)."""
    from distributed import KilledWorker

    if future.status == "finished":
        try:
            result: FileResult = future.result(timeout=RESULT_TIMEOUT)
            return result
        except Exception:  # noqa: BLE001 - its data went with its worker: lost
            return None
    if future.status != "error":
        return None
    exc = future.exception()
    if isinstance(exc, KilledWorker):
        worker = getattr(exc.last_worker, "address", exc.last_worker)
        return failed(
            task,
            f"worker lost: each worker that read it died ({exc.allowed_failures + 1} tries, last {worker}; "
            "a crash, or the worker's memory limit)",
            ReasonCode.WORKER_LOST,
        )
    if isinstance(exc, OSError):
        return failed(task, f"cannot read: {' '.join(str(exc).split())[:200]}", ReasonCode.UNREADABLE)
    return failed(task, f"internal error on the cluster: {_one_line(exc)} (a bug: please report it)", ReasonCode.INTERNAL)


class _Watchdog:
    """Tells when waiting cannot end: no scheduler, or no worker for too long."""

    def __init__(self, client: "Client") -> None:
        self.client = client
        self.checked = 0.0
        self.workerless_since: Optional[float] = None

    def stalled(self) -> Optional[str]:
        """The reason to give up on the tasks left, or None to go on waiting."""
        now = time.monotonic()
        if now - self.checked < _CHECK_EVERY:
            return None
        self.checked = now
        if self.client.status in ("closing", "closed"):
            return "worker lost: the connection to the scheduler was lost"
        if self.client.status != "running":
            return None  # reconnecting: the client gives up after its connect timeout
        try:
            workers = len(self.client.nthreads())
        except Exception:  # noqa: BLE001 - the scheduler went away: the client will notice
            return None
        if workers:
            self.workerless_since = None
        elif self.workerless_since is None:
            self.workerless_since = now
        elif now - self.workerless_since > NO_WORKERS_GRACE:
            return f"worker lost: the cluster had no workers for {NO_WORKERS_GRACE:g} s"
        return None
