"""The Slack stand-in on an event loop of its own, in a thread: for tests that are not async."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.fakes.slack_standin.server import SlackStandIn
from tests.fakes.slack_standin.state import SlackState


@contextmanager
def standin_in_thread(state: SlackState | None = None) -> Iterator[SlackStandIn]:
    """A started stand-in served from a daemon thread; stopped on exit."""
    loop = asyncio.new_event_loop()
    standin = SlackStandIn(state)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(standin.start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, name="slack-standin", daemon=True)
    thread.start()
    if not started.wait(10):
        raise RuntimeError("the Slack stand-in did not start")
    try:
        yield standin
    finally:
        asyncio.run_coroutine_threadsafe(standin.stop(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
