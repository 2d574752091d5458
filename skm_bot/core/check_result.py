"""What a check returns: a status, a one-line summary, details, and the facts it found."""

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

    `found` holds the facts the check learnt on its way, as (name, value) pairs named as in
    `core.found_facts` (a key version read from the ciphertext, the keystore holding the key):
    they fill in what the paste did not say.
    """

    id: str
    status: Status
    summary: str
    details: tuple[str, ...] = ()
    duration_ms: float = 0.0
    found: tuple[tuple[str, str | int], ...] = ()
