"""One SKM API call as handlers see it: who is calling, from where, with what; field helpers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.state import EmulatorState


@dataclass(frozen=True)
class ClientFacts:
    """What the server can see of the client: address, MAC header, presented certificate."""

    ip: str | None
    mac_header: str | None
    cert_pem: str | None


@dataclass(frozen=True)
class Call:
    """A routed SKM API request."""

    state: EmulatorState
    version: str
    params: Mapping[str, str]
    query: Mapping[str, str]
    body: Any
    client: ClientFacts
    user: str

    def text(self, name: str, *, required: bool = True, max_length: int | None = None) -> str:
        """A string field of the JSON body (Invalid Parameter when missing, wrong or too long)."""
        value = self.body.get(name) if isinstance(self.body, dict) else None
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and value == ""):
            raise SkmError(ErrorKind.INVALID_PARAMETER, f"{name} is required")
        if max_length is not None and len(value) > max_length:
            raise SkmError(ErrorKind.INVALID_PARAMETER, f"{name} is longer than {max_length}")
        return value

    def number(self, name: str, *, default: int | None = None) -> int:
        """An integer field of the JSON body."""
        value = self.body.get(name) if isinstance(self.body, dict) else None
        if value is None and default is not None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise SkmError(ErrorKind.INVALID_PARAMETER, f"{name} must be a number")
        return value

    def query_int(self, name: str, default: int) -> int:
        """An integer query parameter."""
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError as exc:
            raise SkmError(ErrorKind.INVALID_PARAMETER, f"{name} must be a number") from exc

    def flag(self, name: str) -> bool:
        """A `?name=true` query flag."""
        return self.query.get(name, "").lower() == "true"


# SKM's timestamps carry no zone; the service is run from Korea and its console shows KST, so
# the emulator writes Korea time (the emulator's choice, documented in docs/emulator.md).
KST = timezone(timedelta(hours=9), "KST")


def timestamp(moment: datetime | None) -> str | None:
    """SKM's zone-less timestamp with milliseconds, in Korea time (KST, UTC+9)."""
    if moment is None:
        return None
    local = moment.astimezone(KST)
    return local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}"
