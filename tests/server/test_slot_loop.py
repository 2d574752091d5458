"""The loop both slot schedules run: when it wakes, and that a failed run does not end it."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from skm_bot.server.slot_loop import seconds_to_wake, serve_slots

pytestmark = pytest.mark.anyio

LEASE = timedelta(minutes=5)
log = logging.getLogger("tests.slot_loop")


@pytest.mark.parametrize(
    ("until_next", "expected"),
    [
        (timedelta(minutes=2), 120.0),
        (timedelta(hours=1), 300.0),
        (timedelta(milliseconds=10), 1.0),
        (timedelta(0), 1.0),
    ],
)
def test_it_wakes_at_the_next_slot_or_after_a_lease_whichever_is_sooner(until_next, expected):
    assert seconds_to_wake(until_next, LEASE) == expected


async def test_a_failed_run_is_logged_and_the_next_one_still_runs(caplog):
    stop = asyncio.Event()
    done: list[str] = []
    runs = 0

    async def run_due() -> list[str]:
        nonlocal runs
        runs += 1
        if runs == 1:
            raise OSError("the store is down")
        stop.set()
        return ["C1"]

    with caplog.at_level(logging.ERROR, logger=log.name):
        await serve_slots(
            stop, name="test", run_due=run_due, done=done.append, wake_in=lambda: 0.0, log=log
        )

    assert done == ["C1"]
    assert [r.getMessage() for r in caplog.records] == ["test schedule failed: OSError"]
