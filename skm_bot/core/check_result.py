"""What a check returns: a status, a one-line summary and details."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """The outcome of one check."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"
    ERROR = "error"


@dataclass(frozen=True)
class CheckResult:
    """
    The result of one check.

    `summary` is one line a person reads first; `details` are further lines. Neither may hold
    a secret: checks only ever see redacted text and typed facts.
    """

    id: str
    status: Status
    summary: str
    details: tuple[str, ...] = ()
    duration_ms: float = 0.0
