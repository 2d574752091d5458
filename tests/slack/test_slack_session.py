"""The bolt app's Web API client shares one HTTP session while the server runs."""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from tests.fakes.asgi_server import serving

pytestmark = pytest.mark.anyio


async def test_http_app_gives_the_slack_client_one_session_while_serving():
    """
    Every reply's calls (👀, the running message, its updates) go over one session's kept-alive
    connections; without it slack_sdk opened a session and a connection per call.
    """
    client = AsyncWebClient(token="xoxb-x", base_url="http://127.0.0.1:9/api/")
    app = build_http_app(Settings(), bolt_app=None, slack_client=client)

    async with serving(app):
        session = client.session
        assert session is not None
        assert not session.closed

    assert client.session is None
    assert session.closed
