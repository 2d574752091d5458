"""
The CPU-bound part of a request run off the event loop: a few workers and a bounded queue.

The event loop also answers `/healthz` and Slack's acks, which must come within 3 seconds.
Redacting and diagnosing a 1 MiB alert keeps a CPU busy for a good part of a second. In worker
threads that still stalls the loop: a regular expression scanning a megabyte holds the GIL for
its whole run. So the server runs this work in worker processes (`WorkPool.processes`); threads
(`WorkPool.threads`) serve tests and embedding, where a stall costs nothing. When every worker is
busy and the queue is full, `run` raises Busy at once: the caller answers 503 with Retry-After
rather than queueing without end.

What every job needs and never changes (the catalogue, the router) is handed to each worker once
with `share`, not pickled with each job: the catalogue alone pickles to ~300 KB, ~45 ms a job.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.connection
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

import structlog

T = TypeVar("T")
# What a busy server asks a sender to wait, in seconds, before it retries.
RETRY_AFTER = 5
# Worker processes yield the CPU to the event loop's process whenever it wants it: the loop's
# answers are small and due now, the workers' are large and can wait a few milliseconds.
WORKER_NICENESS = 10

log = structlog.get_logger("skm_bot.webhooks.work_pool")


# In a worker: what `WorkPool.share` handed it, by key (in the server's process for threads).
_shared: dict[str, Any] = {}


def shared(key: str) -> Any:
    """In a job: the value shared under `key` (see `WorkPool.share`)."""
    return _shared[key]


def _install(values: Mapping[str, Any]) -> None:
    _shared.update(values)


class Busy(Exception):
    """Every worker is busy and the queue is full (or the pool is shutting down or restarting)."""


def _nothing() -> None:
    return None


def start_worker(niceness: int, values: Mapping[str, Any] | None = None) -> None:
    """
    In each worker process, first: take the shared `values`, yield the CPU to the server
    (`niceness`), and exit when the server does. A server killed outright (SIGKILL, OOM) cannot
    stop its workers, and they would wait for work forever; the parent's sentinel tells them
    it is gone.
    """
    _install(values or {})
    os.nice(niceness)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def exit_with_parent() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=exit_with_parent, name="skm-bot-orphan-guard", daemon=True).start()


class WorkPool:
    """Run picklable callables on `workers` workers, with at most `queue` more waiting."""

    def __init__(
        self,
        make_executor: Callable[[Mapping[str, Any]], Executor],
        workers: int,
        queue: int,
        *,
        remote: bool = False,
    ) -> None:
        self.workers = workers
        self.capacity = workers + queue
        self.remote = remote
        self._values: dict[str, Any] = {}
        self._build = make_executor
        self._make_executor: Callable[[], Executor] = lambda: self._build(dict(self._values))
        self._executor = self._make_executor()
        self._taken = 0
        self._lock = threading.Lock()

    @classmethod
    def threads(cls, workers: int, queue: int) -> WorkPool:
        """Worker threads in this process: cheap to start, but they share the GIL."""

        def make(values: Mapping[str, Any]) -> Executor:
            _install(values)
            return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="skm-bot-work")

        return cls(make, workers, queue)

    @classmethod
    def processes(cls, workers: int, queue: int) -> WorkPool:
        """Worker processes: the event loop's process keeps its CPU and its GIL."""
        # spawn, not fork: the server's process has threads (the store's driver, this pool's
        # own), and a forked child would inherit their locks in whatever state they were.
        context = multiprocessing.get_context("spawn")

        def make(values: Mapping[str, Any]) -> Executor:
            return ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=start_worker,
                initargs=(WORKER_NICENESS, values),
            )

        return cls(make, workers, queue, remote=True)

    def share(self, value: Any) -> str:
        """
        Hand `value` to every worker once; jobs read it with `shared(key)`. The key.

        Call it before `warm`: workers already started are replaced (their jobs finish first).
        """
        key = uuid.uuid4().hex
        with self._lock:
            self._values[key] = value
            old, self._executor = self._executor, self._make_executor()
        old.shutdown(wait=False)
        return key

    @property
    def taken(self) -> int:
        """Jobs running or waiting now."""
        return self._taken

    async def warm(self) -> None:
        """Start every worker now, so the first requests do not wait for them."""
        await asyncio.gather(*(self.run(_nothing) for _ in range(self.workers)))

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """`work(*args)` on a worker; Busy when the pool is full."""
        with self._lock:
            if self._taken >= self.capacity:
                raise Busy
            self._taken += 1
        executor = self._executor
        try:
            future = executor.submit(work, *args)
        except (RuntimeError, BrokenProcessPool):  # shut down, or a worker died
            self._release()
            self._restart(executor)
            raise Busy from None
        # A slot is freed when the job ends, not when its request goes away: a cancelled
        # request's job still holds a worker until it finishes.
        future.add_done_callback(self._release)
        try:
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._restart(executor)
            raise Busy from None

    def shutdown(self) -> None:
        """Drop the jobs still queued and let the running ones finish."""
        with self._lock:
            self._make_executor = _closed
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _restart(self, broken: Executor) -> None:
        # A worker process that died (killed for its memory, say) breaks the whole executor:
        # every later submit would fail. Replace it once; the request is answered 503.
        with self._lock:
            if self._executor is not broken or self._make_executor is _closed:
                return
            log.error("work_pool_restarted")
            self._executor = self._make_executor()
        broken.shutdown(wait=False, cancel_futures=True)

    def _release(self, _future: Future[Any] | None = None) -> None:
        with self._lock:
            self._taken -= 1


def _closed() -> Executor:
    raise RuntimeError("the work pool is shut down")
