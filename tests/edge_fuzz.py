"""
What the fuzz tests of the HTTP edges share: an ASGI app driven from Hypothesis's synchronous
examples on one event loop of its own, and strategies for hostile values.

Hypothesis runs each example as a plain function call, so the app, its store and its client live
on a loop this driver owns; every request goes through the real app with httpx.ASGITransport,
which re-raises any exception the app lets escape (a 500 with a traceback, in production).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable
from typing import Any, TypeVar

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from starlette.types import ASGIApp

T = TypeVar("T")

# Tens of examples by default, so the suite stays fast; SKM_BOT_FUZZ_EXAMPLES=2000 to dig.
FUZZ = settings(
    max_examples=int(os.environ.get("SKM_BOT_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = (
    "",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "😀",
    "<!channel> <https://evil.example|Click to re-authenticate>",
    "password=CANARY-fuzz-secret",
    "9" * 5000,
    "k" * 600,
    "{" * 50,
    "firing",
    "resolved",
    "2026-11-26T03:00:00Z",
    "0001-01-01T00:00:00Z",
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}',
)

texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=16,
)
header_values = st.one_of(
    st.sampled_from(["", "0", "-1", "abc", "9" * 5000, "v0=" + "0" * 64, "application/json"]),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
)


def deep(depth: int) -> bytes:
    """A JSON array nested `depth` levels."""
    return b"[" * depth + b"]" * depth


class AppDriver:
    """An event loop of its own, and an httpx client over the ASGI app it serves."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._client: httpx.AsyncClient | None = None

    def serve(self, app: ASGIApp) -> None:
        """Send the requests to `app`."""
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://bot.test")

    @property
    def client(self) -> httpx.AsyncClient:
        assert self._client is not None, "serve(app) first"
        return self._client

    def run(self, work: Awaitable[T]) -> T:
        """Run `work` on the driver's loop."""
        return self.loop.run_until_complete(work)

    def post(self, path: str, body: bytes, headers: dict[str, Any]) -> httpx.Response:
        return self.run(self.client.post(path, content=body, headers=headers))

    def healthy(self) -> bool:
        """The server still answers its liveness probe."""
        response = self.run(self.client.get("/healthz"))
        return response.status_code == 200 and response.json() == {"ok": True}

    def close(self) -> None:
        if self._client is not None:
            self.run(self._client.aclose())
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()


async def post_then_disconnect(app: ASGIApp, path: str, headers: dict[str, str]) -> list[Any]:
    """Call `app` as a server would for a client that sends part of a body and hangs up."""
    incoming = [
        {"type": "http.request", "body": b"{", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Any] = []

    async def receive() -> Any:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 40000),
        "server": ("bot.test", 80),
    }
    await app(scope, receive, send)
    return sent
