"""Running the jobs of a report run in worker processes, with progress on stderr.

Workers are forked on Linux (no re-import of the library) and spawned
elsewhere. Ctrl-C and SIGTERM stop the pool: queued jobs are cancelled and
running ones terminated. Processes die with the run: a worker exits when its
parent dies, even by ``kill -9`` (PR_SET_PDEATHSIG on Linux, a watch on the
parent's pid everywhere), and its kernel dies with it (``kernel_launcher``).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from newinfra.report.execute import error_line, run_job
from newinfra.report.job_types import Job, JobResult

__all__ = [
    "Progress",
    "isatty",
    "raise_system_exit",
    "run_jobs",
    "terminate_as_exit",
    "worker_init",
]

PR_SET_PDEATHSIG = 1
PARENT_POLL_S = 1.0


def raise_system_exit(signum, frame):  # pragma: no cover - signal path
    raise SystemExit(128 + signum)


def _exit_now(signum, frame):  # pragma: no cover - runs in a worker
    # Nothing in a worker needs unwinding: its files live in the run's temporary
    # folder, and its kernel dies with it. Unwinding instead could leave the
    # worker waiting for the next job of a parent that is gone.
    os._exit(128 + signum)


def _watch_parent(parent: int) -> None:  # pragma: no cover - runs in a worker
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os.kill(os.getpid(), signal.SIGTERM)


def worker_init(parent: int) -> None:
    """Set up a worker: Ctrl-C is the parent's to handle; exit when the parent dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_now)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the request took effect
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


@contextlib.contextmanager
def terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit(143) so that clean-up code runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_system_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork starts workers without re-importing the library (and keeps the caller's
    # state, which tests rely on); elsewhere fork is unsafe and spawn is used.
    method = "fork" if sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=worker_init,
        initargs=(os.getpid(),),
    )


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued jobs and stop running ones (their kernels stop with them)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


def run_jobs(jobs: Sequence[Job], workers: int, progress: Progress) -> dict[str, JobResult]:
    """Run every job on ``workers`` processes; each job's result by its name."""
    results: dict[str, JobResult] = {}
    pool = _pool(workers)
    try:
        pending: dict[Future, str] = {}
        started: dict[str, float] = {}
        for job in jobs:
            pending[pool.submit(run_job, job)] = job.name
            started[job.name] = time.monotonic()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                name = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    result = JobResult(name, "failed", f"worker process died ({exc})")
                    result.duration_s = round(time.monotonic() - started[name], 1)
                except Exception as exc:
                    result = JobResult(name, "failed", error_line(exc))
                    result.duration_s = round(time.monotonic() - started[name], 1)
                results[name] = result
                progress.update(result)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return results


class Progress:
    """A tqdm bar on a terminal; one plain line per finished job otherwise (cron, CI)."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.bar = None
        if isatty(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="run", desc="reports")

    def update(self, result: JobResult) -> None:
        self.done += 1
        status = "ok" if result.ok else "FAILED"
        line = f"[{self.done}/{self.total}] {status} {result.name} ({result.duration_s:.1f} s)"
        if result.error:
            line += f": {result.error}"
        if self.bar is not None:
            if not result.ok:
                self.bar.write(line, file=self.stream)
            self.bar.set_postfix_str(result.name, refresh=False)
            self.bar.update(1)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
