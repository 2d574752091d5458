"""
`POST /slack/events` in HTTP mode: bounded, verified, then handed to bolt.

The body is capped before it is read whole (Content-Length first, then counted while it
streams), and its signature and timestamp are verified on the raw bytes before anything parses
it. Only then does bolt see the request, as the bytes read here; bolt verifies it again, which
cannot fail (see `slack_signature.WINDOW_SECONDS`) and costs one HMAC. Every refusal is a 4xx
with a short reason. A body is never logged, not even a genuine one that arrives late: the log
says why the request was refused, its length and the start of its SHA-256.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import structlog
from slack_bolt.adapter.starlette.async_handler import to_starlette_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from skm_bot.server.slack_envelope import envelope_problem
from skm_bot.server.slack_signature import SIGNATURE_HEADER, TIMESTAMP_HEADER, refusal
from skm_bot.webhooks.body import Disconnected, TooLarge, TooSlow, read_body

log = structlog.get_logger("skm_bot.server.slack")


class UnreadablePayload(ValueError):
    """A verified body bolt cannot read as a Slack payload."""


def _refused(status: int, error: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail}, status_code=status)


def fingerprint(body: bytes) -> str:
    """What the log may say about a body: the start of its SHA-256, never its content."""
    return hashlib.sha256(body).hexdigest()[:16]


def bolt_request(request: Request, body: bytes) -> AsyncBoltRequest:
    """The verified body as bolt's request; UnreadablePayload when it is not a Slack payload."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadablePayload("the body is not UTF-8") from None
    try:
        parsed = AsyncBoltRequest(
            body=text,
            query=request.query_params,  # type: ignore[arg-type]
            headers=request.headers,  # type: ignore[arg-type]
        )
    # Bolt parses the body and reads its envelope as it builds the request, and a body that is
    # not a Slack envelope (a list, a number where an object goes) fails there with whatever
    # error that shape causes. Signed, it can only come from Slack or the secret's holder.
    except Exception as exc:
        raise UnreadablePayload("the body is not a Slack payload") from exc
    problem = envelope_problem(parsed.body)
    if problem is not None:
        raise UnreadablePayload(f"not a Slack payload: {problem}")
    return parsed


@dataclass
class SlackEvents:
    """The `/slack/events` endpoint, with its limits and clock injected."""

    app: AsyncApp
    signing_secret: str
    max_body: int
    body_timeout: float
    clock: Callable[[], float] = field(default=time.time)

    async def handle(self, request: Request) -> Response:
        """Answer one request: refused with a 4xx and its reason, or bolt's answer."""
        try:
            body = await read_body(request, self.max_body, self.body_timeout)
        except TooLarge:
            self._log(request, 413, "payload_too_large")
            return _refused(413, "payload_too_large", f"the body is over {self.max_body} bytes")
        except TooSlow:
            self._log(request, 408, "request_timeout")
            return _refused(408, "request_timeout", "the body was not sent in time")
        except Disconnected:
            return _refused(400, "client_disconnected", "the client closed the connection")
        headers = request.headers
        reason = refusal(
            body,
            headers.get(TIMESTAMP_HEADER),
            headers.get(SIGNATURE_HEADER),
            self.signing_secret,
            now=self.clock(),
        )
        if reason is not None:
            self._log(request, 401, reason, body)
            return _refused(401, "invalid_request", reason)
        try:
            verified = bolt_request(request, body)
        except UnreadablePayload as exc:
            self._log(request, 400, str(exc), body)
            return _refused(400, "invalid_payload", str(exc))
        return to_starlette_response(await self.app.async_dispatch(verified))

    def _log(self, request: Request, status: int, reason: str, body: bytes | None = None) -> None:
        facts: dict[str, Any] = {"status": status, "reason": reason}
        if body is None:
            facts["declared_length"] = request.headers.get("content-length", "")[:20]
        else:
            facts |= {"length": len(body), "sha256": fingerprint(body)}
        retry = request.headers.get("x-slack-retry-num")
        if retry is not None:
            facts["retry_num"] = retry[:8]
        log.warning("slack_request_refused", **facts)
