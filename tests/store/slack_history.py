"""A tiny Slack fake that keeps message metadata and answers conversations.history/replies.

The shared stand-in has no history methods; the outbox's in-doubt check needs them.
"""

from __future__ import annotations

import itertools
import socket
from typing import Any

from aiohttp import web


class HistoryFake:
    """chat.postMessage, chat.update, conversations.history and conversations.replies."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        self.posts = 0
        self.history_calls = 0
        self._ts = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = {**request.query}
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        if method == "chat.postMessage":
            self.posts += 1
            message = {**args, "ts": f"1700000000.{next(self._ts):06d}"}
            self.messages.append(message)
            return web.json_response({"ok": True, "channel": args["channel"], "ts": message["ts"]})
        if method in ("conversations.history", "conversations.replies"):
            thread = args.get("ts")
            found = [
                m
                for m in self.messages
                if m["channel"] == args["channel"]
                and (thread is None or m.get("thread_ts") == thread)
            ]
            return web.json_response({"ok": True, "messages": found})
        return web.json_response({"ok": True, "ts": args.get("ts")})

    async def __aenter__(self) -> HistoryFake:
        app = web.Application()
        app.router.add_post("/api/{method}", self._handle)
        app.router.add_get("/api/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}/api/"
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()
