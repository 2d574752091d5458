"""A bound on how long work may take: a regression to quadratic time fails, never stalls."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def within(seconds: float, work: Callable[[], T]) -> T:
    """
    `work()`'s result, or AssertionError if it takes longer than `seconds`.

    The work runs in a daemon thread, so a regression that hangs fails the test instead of
    stalling the whole run.
    """
    outcome: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise AssertionError(f"still running after {seconds} s")
    if errors:
        raise errors[0]
    return outcome[0]
