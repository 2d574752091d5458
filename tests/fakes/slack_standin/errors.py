"""The stand-in's `ok: false` answers, shared by its Web API methods."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """An `ok: false` answer: Slack's error string, plus any extra fields it sends with it."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra
