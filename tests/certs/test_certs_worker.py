"""InspectionPool: inspections run in worker threads, a bounded number at once, off the loop."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime

import pytest

from skm_bot.certs.inspect import Inspection, inspect_certificate
from skm_bot.certs.worker import InspectionPool

pytestmark = pytest.mark.anyio

HELD = 5.0  # How long a fake inspection waits to be released before it gives up.


class SlowInspector:
    """A fake inspection that holds its worker thread until the test releases it."""

    def __init__(self, result: Inspection) -> None:
        self.result = result
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.entered = 0
        self.active = 0
        self.peak = 0
        self.released_in_time: list[bool] = []
        self.first_entered = threading.Event()

    def __call__(
        self, data: bytes, *, filename: str, password: bytes | None, now: datetime
    ) -> Inspection:
        with self.lock:
            self.entered += 1
            self.active += 1
            self.peak = max(self.peak, self.active)
        self.first_entered.set()
        self.released_in_time.append(self.release.wait(HELD))
        with self.lock:
            self.active -= 1
        return self.result


@pytest.fixture
def slow(now) -> SlowInspector:
    return SlowInspector(inspect_certificate(b"", filename="empty.pem", password=None, now=now))


async def turns(count: int) -> None:
    """Let the event loop run `count` times round."""
    for _ in range(count):
        await asyncio.sleep(0)


async def test_loop_keeps_turning_while_an_inspection_works(slow, now):
    """Run on the loop, the fake would block it until it gave up waiting: released_in_time False."""
    pool = InspectionPool(inspect=slow)
    task = asyncio.create_task(pool.inspect(b"x", filename="c.pem", now=now))
    await asyncio.to_thread(slow.first_entered.wait, HELD)

    await turns(100)
    still_working = not task.done()
    slow.release.set()

    assert (await task) is slow.result
    assert (still_working, slow.released_in_time) == (True, [True])


async def test_no_more_than_workers_inspections_at_once(slow, now):
    pool = InspectionPool(workers=2, inspect=slow)
    tasks = [
        asyncio.create_task(pool.inspect(b"x", filename=f"{n}.pem", now=now)) for n in range(5)
    ]
    await asyncio.to_thread(slow.first_entered.wait, HELD)
    # Time for a third worker to start, were the pool to allow one.
    await asyncio.sleep(0.05)
    entered_while_held = slow.entered
    slow.release.set()
    await asyncio.gather(*tasks)

    assert (entered_while_held, slow.peak, slow.entered) == (2, 2, 5)


async def test_cancelled_caller_keeps_its_slot_until_its_thread_ends(slow, now):
    pool = InspectionPool(workers=1, inspect=slow)
    first = asyncio.create_task(pool.inspect(b"x", filename="1.pem", now=now))
    await asyncio.to_thread(slow.first_entered.wait, HELD)
    first.cancel()
    second = asyncio.create_task(pool.inspect(b"x", filename="2.pem", now=now))
    await asyncio.sleep(0.05)
    entered_while_first_runs = slow.entered
    slow.release.set()

    assert (await second) is slow.result
    assert (entered_while_first_runs, slow.peak) == (1, 1)


async def test_pool_inspects_with_no_password(now, pki):
    pool = InspectionPool()

    inspection = await pool.inspect(pki.leaf().cert_pem(), filename="c.pem", now=now)

    assert (inspection.filename, len(inspection.chain)) == ("c.pem", 1)
