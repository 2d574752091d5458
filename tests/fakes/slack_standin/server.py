"""
The Slack stand-in as a server on 127.0.0.1: Web API, file uploads and downloads, response_url
and Socket Mode.
"""

from __future__ import annotations

import socket
import time
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.fakes.slack_standin.socket import SocketModeHub
from tests.fakes.slack_standin.state import Call, SlackState
from tests.fakes.slack_standin.uploads import receive_upload
from tests.fakes.slack_standin.webapi import api_handler

# Slack accepts five posts to one response_url (within 30 minutes).
RESPONSE_URL_USES = 5
_LOGIN_PAGE = "<!DOCTYPE html><html><body>Sign in to Slack</body></html>"


class SlackStandIn:
    """
    A local Slack for tests, demos and benchmarks: `async with SlackStandIn() as slack:`.

    Point the bot's Web API client at `slack.base_url`; deliver events over HTTP (signed) or
    over Socket Mode through `slack.socket`. Everything received is in `slack.state`.
    """

    def __init__(
        self, state: SlackState | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.state = state or SlackState()
        self.socket = SocketModeHub()
        self.host = host
        # 0: a free port at start. A stand-in stopped and started again keeps its port (and its
        # state), as Slack does after an outage.
        self.port = port
        self._runner: web.AppRunner | None = None
        self._response_uses: dict[str, int] = {}

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Web API base URL, as `SKM_BOT_SLACK_API_URL` takes it."""
        return f"{self.origin}/api/"

    def _app(self) -> web.Application:
        app = web.Application()
        # slack_sdk sends most methods as POST, conversations.history/replies as GET.
        handler = api_handler(self.state)
        app.router.add_post("/api/{method}", handler)
        app.router.add_get("/api/{method}", handler)
        app.router.add_get("/files-pri/{file_id}/{name}", self._download)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        app.router.add_get("/link/", self.socket.handle)
        return app

    async def start(self) -> SlackStandIn:
        """Bind a free loopback port and serve."""
        self._runner = web.AppRunner(self._app(), access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        """Close Socket Mode connections, then the server."""
        await self.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SlackStandIn:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _download(self, request: web.Request) -> web.Response:
        stored = self.state.files.get(request.match_info["file_id"])
        auth = request.headers.get("Authorization", "")
        if stored is None:
            return web.Response(status=404)
        if auth != f"Bearer {self.state.bot_token}":
            # Slack answers an unauthenticated download with its sign-in page, not a 401.
            return web.Response(text=_LOGIN_PAGE, content_type="text/html")
        return web.Response(body=stored.content, content_type=stored.mimetype)

    async def _upload(self, request: web.Request) -> web.Response:
        return await receive_upload(self.state, request)

    async def _response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        uses = self._response_uses.get(rid, 0) + 1
        self._response_uses[rid] = uses
        body: dict[str, Any] = await request.json()
        status = 200 if uses <= RESPONSE_URL_USES else 404
        error = None if status == 200 else "used_up"
        self.state.calls.append(Call("response_url", body, status, error, time.monotonic()))
        if status == 200:
            self.state.responses.append(body)
        return web.Response(status=status, text="ok" if status == 200 else "used_up")
