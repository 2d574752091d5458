"""
Messages on their way to their first reply go before other messages' live checks.

A burst of mentions shares one event loop. A message's first reply (its claim, the diagnosis,
👀, the running message) is a few milliseconds of work; its live checks and their updates are
several times that. Left to interleave, the checks of the first messages slowed every later
claim (each a few trips through the loop) and the last first reply came after most of the
checks: 50 mentions at once, first reply 1.1 s at p99 where each needs a few ms. So live
checks wait while any message is still on its way to its first reply, for at most `hold`
seconds: under a steady stream of messages no check waits longer than that.

    ticket = first_replies.expect()     # the message is claimed: its first reply is owed
    ticket.done()                       # posted (or nothing to post); idempotent
    await first_replies.wait_turn()     # before live checks
"""

from __future__ import annotations

import asyncio

# Longest a message's live checks wait for others' first replies (seconds); well inside the
# time a whole diagnosis may take, so a burst delays checks a little and never starves them.
HOLD = 1.0


class Ticket:
    """One message's first reply, owed until `done`."""

    def __init__(self, owner: FirstReplies) -> None:
        self._owner: FirstReplies | None = owner

    def done(self) -> None:
        """The first reply is posted, or will not be: counted once however often called."""
        owner, self._owner = self._owner, None
        if owner is not None:
            owner._settle()


class FirstReplies:
    """How many first replies are owed, and the live checks waiting for them to be posted."""

    def __init__(self, *, hold: float = HOLD) -> None:
        self.hold = hold
        self.owed = 0
        self._waiting: list[asyncio.Future[None]] = []

    @property
    def waiting(self) -> int:
        """How many messages' live checks are waiting their turn."""
        return len(self._waiting)

    def expect(self) -> Ticket:
        """One more first reply owed; `done` on the ticket once it is posted."""
        self.owed += 1
        return Ticket(self)

    async def wait_turn(self) -> None:
        """Return once no first reply is owed, or after `hold` seconds at most."""
        if self.owed == 0:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            async with asyncio.timeout(self.hold):
                await waiter
        except TimeoutError:
            pass
        finally:
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    def _settle(self) -> None:
        self.owed -= 1
        if self.owed > 0:
            return
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(None)
