"""The stand-in's Socket Mode side: a `ws://` endpoint that sends envelopes and collects acks."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web


class SocketModeHub:
    """The connections the bot opened, and the envelopes waiting for their ack."""

    def __init__(self) -> None:
        self.connections: list[web.WebSocketResponse] = []
        self.acks: list[dict[str, Any]] = []
        self._waiting: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._connected = asyncio.Event()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """One bot connection: say hello, then read acks until it closes."""
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections.append(ws)
        self._connected.set()
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self.connections),
                "connection_info": {"app_id": "A0STANDIN"},
                "debug_info": {"host": "standin", "approximate_connection_time": 3600},
            }
        )
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._ack(json.loads(msg.data))
        finally:
            self.connections.remove(ws)
            if not self.connections:
                self._connected.clear()
        return ws

    def _ack(self, data: dict[str, Any]) -> None:
        self.acks.append(data)
        future = self._waiting.pop(str(data.get("envelope_id")), None)
        if future is not None and not future.done():
            future.set_result(data)

    async def wait_connected(self, timeout: float = 5.0) -> None:
        """Return once the bot holds a connection."""
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def send(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 5.0,
    ) -> dict[str, Any]:
        """
        Send one envelope (`events_api`, `slash_commands` or `interactive`) and return the ack.

        Raises TimeoutError when the bot does not ack in time (Slack would then redeliver).
        """
        await self.wait_connected(timeout)
        envelope_id = str(uuid.uuid4())
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[envelope_id] = future
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": retry_attempt,
            "retry_reason": retry_reason,
        }
        await self.connections[-1].send_json(envelope)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._waiting.pop(envelope_id, None)

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the bot to reconnect, as Slack does every few hours."""
        for ws in list(self.connections):
            await ws.send_json({"type": "disconnect", "reason": reason})

    async def close(self) -> None:
        """Close every connection (at shutdown)."""
        for ws in list(self.connections):
            await ws.close(code=WSCloseCode.GOING_AWAY)
