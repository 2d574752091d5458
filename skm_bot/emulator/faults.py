"""Injectable faults (latency, 5xx, timeouts, malformed bodies) and the layer applying them."""

from __future__ import annotations

import asyncio
import contextlib
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class FaultKind(Enum):
    """What a fault does to a matching request."""

    LATENCY = "latency"  # wait latency_ms, then answer normally
    ERROR = "error"  # answer `status` (5xx) with an Internal Server Error envelope
    TIMEOUT = "timeout"  # hang up to hang_seconds (or until the client gives up), then 504
    NON_JSON = "non_json"  # answer `status` with an HTML page instead of JSON
    TRUNCATED_JSON = "truncated_json"  # answer normally but cut the JSON body in half


class Fault(BaseModel):
    """One fault rule; the first matching non-latency fault decides the response."""

    model_config = ConfigDict(extra="forbid")

    kind: FaultKind
    path_prefix: str = Field(default="", description="only requests whose path starts with this")
    latency_ms: int = Field(default=0, ge=0, le=600_000)
    status: int = Field(default=503, ge=100, le=599)
    hang_seconds: float = Field(default=60.0, gt=0, le=3600)
    remaining: int | None = Field(
        default=None, ge=1, description="apply this many times, or forever"
    )

    def matches(self, path: str) -> bool:
        """Whether this fault applies to a request for `path`."""
        return path.startswith(self.path_prefix)


def take_faults(faults: list[Fault], path: str) -> list[Fault]:
    """The faults matching `path`; uses up one go of each counted fault, dropping spent ones."""
    chosen = [fault for fault in faults if fault.matches(path)]
    for fault in chosen:
        if fault.remaining is not None:
            fault.remaining -= 1
            if fault.remaining == 0:
                faults.remove(fault)
    return chosen


async def apply_faults(
    faults: list[Fault], error_body: bytes, app: ASGIApp, scope: Scope, receive: Receive, send: Send
) -> None:
    """Run `app` for this request, bent by `faults` (already chosen for its path).

    `error_body` is the Internal Server Error envelope, sent by ERROR and TIMEOUT faults.
    """
    delay = sum(fault.latency_ms for fault in faults if fault.kind is FaultKind.LATENCY)
    if delay:
        await asyncio.sleep(delay / 1000)
    decisive = next((fault for fault in faults if fault.kind is not FaultKind.LATENCY), None)
    if decisive is None:
        await app(scope, receive, send)
    elif decisive.kind is FaultKind.ERROR:
        await _send(send, decisive.status, "application/json", error_body)
    elif decisive.kind is FaultKind.TIMEOUT:
        await _hang(receive, decisive.hang_seconds)
        await _send(send, 504, "application/json", error_body)
    elif decisive.kind is FaultKind.NON_JSON:
        page = b"<html><body><h1>Service Temporarily Unavailable</h1></body></html>"
        await _send(send, decisive.status, "text/html; charset=utf-8", page)
    else:
        await app(scope, receive, _truncating(send))


async def _hang(receive: Receive, seconds: float) -> None:
    """Wait `seconds`, returning early once the client disconnects (it timed out)."""

    async def until_disconnect() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(until_disconnect(), timeout=seconds)


async def _send(send: Send, status: int, content_type: str, body: bytes) -> None:
    headers = [
        (b"content-type", content_type.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _truncating(send: Send) -> Send:
    """A send that buffers the response and emits only the first half of its body."""
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def truncating_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
            return
        chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(chunks)
        cut = body[: max(1, len(body) // 2)]
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(cut)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": cut})

    return truncating_send
