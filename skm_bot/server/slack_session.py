"""One HTTP session for a Slack Web API client's calls, while a server runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient


@asynccontextmanager
async def shared_session(client: AsyncWebClient) -> AsyncIterator[None]:
    """
    One HTTP session (and its kept-alive connections) for every call of `client` meanwhile.

    Without one, slack_sdk opens a session and a new TCP and TLS connection for each call: most
    of the CPU an outbox message cost. A client given its own session keeps it.
    """
    if client.session is not None:
        yield
        return
    timeout = aiohttp.ClientTimeout(total=client.timeout)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        client.session = session
        try:
            yield
        finally:
            client.session = None
