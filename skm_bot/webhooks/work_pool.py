"""
The CPU-bound part of a request run off the event loop: a few threads and a bounded queue.

The event loop also answers `/healthz` and Slack's acks, which must come within 3 seconds.
Redacting and diagnosing a 1 MiB alert holds the thread that does it for a while; on the loop,
that would hold every other request too. When every thread is busy and the queue is full, `run`
raises Busy at once: the caller answers 503 with Retry-After rather than queueing without end.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
# What a busy server asks a sender to wait, in seconds, before it retries.
RETRY_AFTER = 5


class Busy(Exception):
    """Every worker thread is busy and the queue is full (or the pool is shutting down)."""


class WorkPool:
    """Run callables on `threads` threads, with at most `queue` more waiting for one."""

    def __init__(self, threads: int, queue: int) -> None:
        self.capacity = threads + queue
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="skm-bot-work")
        self._taken = 0
        self._lock = threading.Lock()

    @property
    def taken(self) -> int:
        """Jobs running or waiting now."""
        return self._taken

    async def run(self, work: Callable[[], T]) -> T:
        """`work()` on a worker thread; Busy when the pool is full."""
        with self._lock:
            if self._taken >= self.capacity:
                raise Busy
            self._taken += 1
        try:
            future = self._executor.submit(work)
        except RuntimeError:  # shut down: the server is stopping
            self._release()
            raise Busy from None
        # A slot is freed when the job ends, not when its request goes away: a cancelled
        # request's job still holds a thread until it finishes.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def shutdown(self) -> None:
        """Drop the jobs still queued and let the running ones finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _release(self, _future: Future[Any] | None = None) -> None:
        with self._lock:
            self._taken -= 1
