"""The work pool: off the event loop, bounded, and back on its feet when a worker process dies."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from skm_bot.webhooks.work_pool import Busy, WorkPool

pytestmark = pytest.mark.anyio


def _thread_name() -> str:
    return threading.current_thread().name


def _die() -> None:
    os._exit(3)


@pytest.fixture
async def processes() -> AsyncIterator[WorkPool]:
    """One worker process (spawned: about a second), shut down after the test."""
    pool = WorkPool.processes(1, queue=0)
    yield pool
    pool.shutdown()


async def test_thread_pool_runs_work_off_the_event_loop():
    pool = WorkPool.threads(1, queue=0)
    try:
        name = await pool.run(_thread_name)
    finally:
        pool.shutdown()

    assert name.startswith("skm-bot-work")


async def test_pool_refuses_past_its_capacity_and_frees_slots():
    pool = WorkPool.threads(1, queue=1)
    gate = threading.Event()
    try:
        first = asyncio.ensure_future(pool.run(gate.wait))
        second = asyncio.ensure_future(pool.run(gate.wait))
        await asyncio.sleep(0)
        with pytest.raises(Busy):
            await pool.run(gate.wait)
        gate.set()
        await asyncio.gather(first, second)
        assert await pool.run(abs, -7) == 7
    finally:
        gate.set()
        pool.shutdown()

    assert pool.taken == 0


async def test_shut_down_pool_is_busy():
    pool = WorkPool.threads(1, queue=0)
    pool.shutdown()

    with pytest.raises(Busy):
        await pool.run(abs, -1)


@pytest.mark.slow  # real worker processes
async def test_process_pool_runs_work_in_another_process(processes: WorkPool):
    await processes.warm()

    assert await processes.run(os.getpid) != os.getpid()


@pytest.mark.slow  # real worker processes
async def test_process_pool_recovers_from_a_dead_worker(processes: WorkPool):
    """A worker killed mid-job (out of memory, say) costs that request a 503, not the pool."""
    with pytest.raises(Busy):
        await processes.run(_die)

    assert await processes.run(abs, -5) == 5
    assert processes.taken == 0


def _parent_and_workers(ready: Any) -> None:
    """A server stand-in: start a pool of two workers, report their pids, then wait to be killed."""

    async def main() -> None:
        pool = WorkPool.processes(2, queue=0)
        await pool.warm()
        pids = await asyncio.gather(*(pool.run(_slow_pid) for _ in range(2)))
        ready.send(sorted(set(pids)))
        await asyncio.sleep(60)

    asyncio.run(main())


def _slow_pid() -> int:
    time.sleep(0.2)  # both workers busy at once, so both pids are reported
    return os.getpid()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow  # real worker processes
def test_workers_exit_when_the_server_is_killed():
    """SIGKILL leaves no orphan: each worker watches its parent and exits with it."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    server = context.Process(target=_parent_and_workers, args=(send,))
    server.start()
    try:
        assert receive.poll(30), "the pool did not start"
        workers = receive.recv()
    finally:
        server.kill()
        server.join(10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)

    assert len(workers) == 2
    assert not [pid for pid in workers if _alive(pid)]
