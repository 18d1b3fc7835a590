"""Where extraction runs. It is CPU-bound, and the engine's regular expressions hold the GIL
for long stretches: run in a thread of the serving process, one long article slowed every
other request from 5 ms to hundreds. So it runs in worker processes, at most EXTRACT_WORKERS
articles at a time per server process, and the serving process keeps its event loop and its
GIL for the requests. EXTRACT_WORKERS=0 runs it in the caller's thread instead (the CLI, and
tests that watch the engine from inside the process)."""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from app.extract import warm_up as warm_up_extractor

T = TypeVar("T")
log = logging.getLogger("tradeclaims.extraction")


def warm_up() -> None:
    """Everything a worker loads before its first article: the extractor's tables and
    quantulum3, and datasketch for the copy signatures."""
    from app.services import copies

    warm_up_extractor()
    copies.warm_up()


class Runner(Protocol):
    def __call__(self, fn: Callable[..., T], /, *args: Any) -> T: ...


def inline(fn: Callable[..., T], /, *args: Any) -> T:
    """The Runner that runs `fn` right here, in the caller's thread."""
    return fn(*args)


class ExtractionUnavailable(RuntimeError):
    """A worker process died (killed, out of memory): this article was not extracted."""


class ExtractionPool:
    """Worker processes for the CPU-bound steps of ingestion. `run` blocks its caller (a
    request's worker thread) until a worker has done the step; beyond `workers` steps at once
    the others wait their turn in the pool's queue. The processes start on first use, each
    warmed up (tables compiled, quantulum3 loaded) before it takes an article."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # spawn: a fresh interpreter, not a fork of a process with threads and
                # database connections in flight
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=warm_up,
                )
            return self._executor

    def run(self, fn: Callable[..., T], /, *args: Any) -> T:
        if self.workers == 0:
            return fn(*args)
        pool = self._pool()
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool as exc:
            log.error("an extraction worker died; starting new ones")
            with self._lock:
                if self._executor is pool:
                    self._executor = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise ExtractionUnavailable("an extraction worker died") from exc

    def pids(self) -> list[int]:
        """The worker processes' ids (none before the first article)."""
        with self._lock:
            pool = self._executor
        processes = getattr(pool, "_processes", None) or {}
        return sorted(processes)

    def start(self) -> None:
        """Start the worker processes now rather than on the first article."""
        if self.workers:
            self.run(warm_up)

    def close(self) -> None:
        with self._lock:
            pool, self._executor = self._executor, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
