"""
The loop a slot schedule runs inside `serve`: run what is due, then sleep until the next slot.

A replica also wakes after a lease's length when that is sooner, so a slot whose replica died
mid-run is taken over once its lease runs out rather than at the next slot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

T = TypeVar("T")


def seconds_to_wake(until_next: timedelta, lease: timedelta) -> float:
    """Until the next slot, or a lease's length when that is sooner; never under a second."""
    return max(1.0, min(until_next, lease).total_seconds())


async def serve_slots(
    stop: asyncio.Event,
    *,
    name: str,
    run_due: Callable[[], Awaitable[Sequence[T]]],
    done: Callable[[T], None],
    wake_in: Callable[[], float],
    log: logging.Logger,
) -> None:
    """Run slot after slot until `stop` is set; a failure is logged and waited out."""
    while not stop.is_set():
        try:
            results = await run_due()
        except Exception as exc:  # the store is down: keep the schedule alive
            log.error("%s schedule failed: %s", name, type(exc).__name__)
        else:
            for result in results:
                done(result)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), wake_in())
