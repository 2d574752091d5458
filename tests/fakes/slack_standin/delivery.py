"""Deliver what Slack sends to the bot: signed HTTP posts to `/slack/events`, or Socket Mode."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

import aiohttp

from tests.fakes.slack_standin.payloads import form_payload
from tests.fakes.slack_standin.signing import signed_headers
from tests.fakes.slack_standin.socket import SocketModeHub


@dataclass(frozen=True)
class Ack:
    """The bot's acknowledgement: HTTP status (200 for a Socket Mode ack), body and latency."""

    status: int
    body: Any
    seconds: float


class Delivery(Protocol):
    """One transport to the bot."""

    async def event(self, envelope: dict[str, Any], *, retry_num: int = 0) -> Ack: ...

    async def command(self, form: dict[str, str]) -> Ack: ...

    async def interactive(self, payload: dict[str, Any]) -> Ack: ...


class HttpDelivery:
    """Signed requests to the bot's Events API / interactivity URL, as Slack sends them."""

    def __init__(self, url: str, signing_secret: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self.signing_secret = signing_secret
        self.session = session

    async def post(
        self,
        body: bytes,
        content_type: str,
        *,
        extra_headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        signature: str | None = None,
    ) -> Ack:
        """Post raw `body` signed (or with the given bad `signature`) and return the ack."""
        headers = signed_headers(
            self.signing_secret, body, content_type=content_type, timestamp=timestamp
        )
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        headers.update(extra_headers or {})
        start = time.perf_counter()
        async with self.session.post(self.url, data=body, headers=headers) as response:
            text = await response.text()
            elapsed = time.perf_counter() - start
            parsed: Any = json.loads(text) if text.startswith(("[", "{")) else text
            return Ack(response.status, parsed, elapsed)

    async def event(self, envelope: dict[str, Any], *, retry_num: int = 0) -> Ack:
        extra = {}
        if retry_num:
            extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        body = json.dumps(envelope).encode()
        return await self.post(body, "application/json", extra_headers=extra)

    async def command(self, form: dict[str, str]) -> Ack:
        return await self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    async def interactive(self, payload: dict[str, Any]) -> Ack:
        body = urlencode(form_payload(payload)).encode()
        return await self.post(body, "application/x-www-form-urlencoded")


class SocketDelivery:
    """Envelopes over the stand-in's Socket Mode connection (unsigned, as Slack sends them)."""

    def __init__(self, hub: SocketModeHub) -> None:
        self.hub = hub

    async def _send(self, kind: str, payload: dict[str, Any], retry: int = 0) -> Ack:
        start = time.perf_counter()
        reason = "timeout" if retry else ""
        ack = await self.hub.send(kind, payload, retry_attempt=retry, retry_reason=reason)
        return Ack(200, ack.get("payload"), time.perf_counter() - start)

    async def event(self, envelope: dict[str, Any], *, retry_num: int = 0) -> Ack:
        return await self._send("events_api", envelope, retry_num)

    async def command(self, form: dict[str, str]) -> Ack:
        return await self._send("slash_commands", dict(form))

    async def interactive(self, payload: dict[str, Any]) -> Ack:
        return await self._send("interactive", payload)
