"""Certificate inspection off the event loop: in worker threads, a bounded number at once."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from datetime import datetime
from typing import Protocol

from skm_bot.certs.inspect import Inspection, inspect_certificate

# Inspection is CPU work (parsing, signature checks); more threads than this only queue on the GIL.
DEFAULT_WORKERS = 2


class Inspector(Protocol):
    """`inspect_certificate`'s shape, as far as the pool calls it (tests pass a slow fake)."""

    def __call__(
        self, data: bytes, *, filename: str, password: bytes | None, now: datetime
    ) -> Inspection: ...


class InspectionPool:
    """
    Inspects certificate files in worker threads, at most `workers` at a time.

    The event loop only waits; a file that takes long to parse delays its own reply, never the
    bot's other work. A slot is freed when the thread finishes, not when its caller stops
    waiting, so a cancelled caller cannot let more than `workers` run.
    """

    def __init__(
        self, workers: int = DEFAULT_WORKERS, inspect: Inspector = inspect_certificate
    ) -> None:
        self._slots = asyncio.Semaphore(workers)
        self._inspect = inspect

    async def inspect(self, data: bytes, *, filename: str, now: datetime) -> Inspection:
        """Inspect `data` (an uploaded file: no password) in a worker thread."""
        await self._slots.acquire()
        loop = asyncio.get_running_loop()
        work = functools.partial(self._inspect, data, filename=filename, password=None, now=now)
        try:
            future = loop.run_in_executor(None, self._run_then_free, loop, work)
        except BaseException:
            self._slots.release()
            raise
        return await future

    def _run_then_free(
        self, loop: asyncio.AbstractEventLoop, work: functools.partial[Inspection]
    ) -> Inspection:
        """In the worker thread: the work, then the slot back to the loop that lent it."""
        try:
            return work()
        finally:
            # The loop may be gone at shutdown; then nobody waits for the slot either.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._slots.release)
