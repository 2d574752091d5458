"""
The outbox worker: delivers queued Slack calls exactly once, paced, retried, surviving restarts.

* One message per second per channel (the pace is held in the table, so replicas share it).
* A 429 holds the channel for its `Retry-After`; other failures retry with exponential backoff,
  and errors that cannot heal (`channel_not_found`, …) give up at once.
* Exactly once: a post's `ts` is recorded in the same commit that marks it sent; a thread's top
  message is never posted again once its group has a ts; a row whose earlier attempt died in
  flight is first looked for in Slack (each post carries its outbox id as message metadata).

Build the client with `retry_handlers=[]`: slack_sdk's default retry of connection errors can
repeat a post that did reach Slack, behind the outbox's back.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.store.outbox_store import Delivered, OutboxItem, OutboxStore

log = structlog.get_logger("skm_bot.outbox")


class CallObserver(Protocol):
    """Told how long each Slack Web API call took and how it ended (the server's metrics)."""

    def observe_slack_call(self, method: str, outcome: str, seconds: float) -> None:
        """Record one call."""


METADATA_EVENT = "skm_bot_outbox"
# Slack errors that no retry will fix.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "invalid_blocks",
        "msg_blocks_too_long",
        "msg_too_long",
        "no_text",
        "too_many_attachments",
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "missing_scope",
        "cant_update_message",
        "message_not_found",
    }
)
_TRANSIENT = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError, OSError)
_MESSAGE_FIELDS = ("text", "blocks", "attachments")
# How far back the in-doubt check pages through a channel (200 messages a page).
_RECONCILE_PAGES = 5


def _utcnow() -> datetime:
    return datetime.now(UTC)


class OutboxWorker:
    """Claims outbox rows and makes their Slack calls; several may run against one database."""

    def __init__(
        self,
        store: OutboxStore,
        client: AsyncWebClient,
        *,
        worker_id: str,
        clock: Callable[[], datetime] = _utcnow,
        pace: float = 1.0,
        lease: float = 60.0,
        max_attempts: int = 8,
        backoff: float = 1.0,
        backoff_cap: float = 300.0,
        poll_interval: float = 0.25,
        metrics: CallObserver | None = None,
        jitter: Callable[[], float] = lambda: random.uniform(0.8, 1.2),
    ) -> None:
        self.store = store
        self.client = client
        self.worker_id = worker_id
        self.clock = clock
        self.pace = timedelta(seconds=pace)
        self.lease = timedelta(seconds=lease)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.poll_interval = poll_interval
        self.metrics = metrics
        # Spreads retries of many rows failing together; tests pass `lambda: 1.0`.
        self.jitter = jitter

    async def run_once(self) -> int:
        """
        Claim what is ready (one row per channel) and deliver it; the number claimed.

        The calls Slack answered are recorded together, in one commit after the last of them:
        three statements a round, where a commit per call cost most of the outbox's CPU. A
        crash in between leaves them in flight, to be found in Slack by the next claim (as for
        a crash right after any one call).
        """
        items = await self.store.claim_outbox(self.worker_id, now=self.clock(), lease=self.lease)
        outcomes = await asyncio.gather(*(self.attempt(item) for item in items))
        sent = [outcome for outcome in outcomes if outcome is not None]
        await self.store.mark_all_sent(sent, now=self.clock(), pace=self.pace)
        return len(items)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; a store outage is logged and waited out."""
        while not stop.is_set():
            try:
                claimed = await self.run_once()
            except Exception as exc:  # the store is down: keep the worker alive and retry
                log.error("outbox_claim_failed", error=type(exc).__name__)
                claimed = 0
            if claimed == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.poll_interval)

    async def deliver(self, item: OutboxItem) -> None:
        """Make one row's Slack call and record the outcome."""
        sent = await self.attempt(item)
        if sent is not None:
            await self.store.mark_all_sent([sent], now=self.clock(), pace=self.pace)

    async def attempt(self, item: OutboxItem) -> Delivered | None:
        """
        Make one row's Slack call: what to record when Slack answered, else None (a failure,
        already recorded for its retry).
        """
        try:
            ts, top = await self._send(item)
        except SlackApiError as exc:
            await self._failed(item, exc)
        except _TRANSIENT as exc:
            await self._retry(item, f"{type(exc).__name__}: {exc}"[:200], permanent=False)
        else:
            return Delivered(item, ts, top)
        return None

    async def _failed(self, item: OutboxItem, exc: SlackApiError) -> None:
        response = exc.response
        if response.status_code == 429:
            retry_after = _retry_after(response.headers)
            log.info("outbox_rate_limited", channel=item.channel, retry_after=retry_after)
            retry_at = self.clock() + timedelta(seconds=retry_after)
            await self.store.release(
                item, error="ratelimited", retry_at=retry_at, failed=False, hold_channel=True
            )
            return
        error = str(response.get("error") or f"http_{response.status_code}")
        await self._retry(item, error, permanent=error in PERMANENT_ERRORS)

    async def _retry(self, item: OutboxItem, error: str, *, permanent: bool) -> None:
        dead = permanent or item.attempts + 1 >= self.max_attempts
        delay = min(self.backoff_cap, self.backoff * 2**item.attempts) * self.jitter()
        log.warning("outbox_send_failed", outbox_id=item.id, error=error, gave_up=dead)
        retry_at = self.clock() + timedelta(seconds=delay)
        await self.store.release(item, error=error, retry_at=retry_at, failed=True, dead=dead)

    async def _send(self, item: OutboxItem) -> tuple[str | None, bool]:
        """The call for one row: (the message ts, whether it is its group's top message)."""
        group_ts = item.thread_ts if item.group_id else None
        if item.role == "top" and group_ts:
            return group_ts, True  # already posted: never a second top message
        if item.role == "update":
            ts = group_ts or item.payload.get("ts")
            if ts:
                await self._call("chat_update", channel=item.channel, ts=ts, **_fields(item))
                return ts, False
            # The top never made it (given up): posting it now restores the thread.
            return await self._post(item, thread_ts=None), item.group_id is not None
        thread_ts = group_ts if item.role == "reply" else None
        if item.group_id is None:
            thread_ts = item.payload.get("thread_ts")
        return await self._post(item, thread_ts=thread_ts), item.role == "top"

    async def _post(self, item: OutboxItem, *, thread_ts: str | None) -> str | None:
        if item.doubtful:
            found = await self._already_posted(item, thread_ts)
            if found:
                log.info("outbox_found_earlier_post", outbox_id=item.id)
                return found
        response = await self._call(
            "chat_postMessage",
            channel=item.channel,
            thread_ts=thread_ts,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"outbox_id": item.id}},
            **_fields(item),
        )
        ts = response.get("ts")
        return str(ts) if ts else None

    async def _already_posted(self, item: OutboxItem, thread_ts: str | None) -> str | None:
        """The ts of this row's message if an attempt that died in flight did post it."""
        if thread_ts:
            method, where = "conversations_replies", {"ts": thread_ts}
        else:
            method, where = (
                "conversations_history",
                {"oldest": str(item.created_at.timestamp() - 60)},
            )
        cursor = None
        try:
            for _ in range(_RECONCILE_PAGES):
                response = await self._call(
                    method,
                    channel=item.channel,
                    include_all_metadata=True,
                    limit=200,
                    cursor=cursor,
                    **where,
                )
                found = _find_outbox_message(response.get("messages") or [], item.id)
                cursor = (response.get("response_metadata") or {}).get("next_cursor")
                if found or not cursor:
                    return found
        except _TRANSIENT as exc:
            log.warning("outbox_reconcile_failed", outbox_id=item.id, error=type(exc).__name__)
        return None

    async def _call(self, method: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await getattr(self.client, method)(**kwargs)
        except Exception:
            outcome = "error"
            raise
        finally:
            if self.metrics is not None:
                elapsed = time.perf_counter() - started
                self.metrics.observe_slack_call(method, outcome, elapsed)


def _find_outbox_message(messages: list[Any], outbox_id: int) -> str | None:
    for message in messages:
        metadata = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == METADATA_EVENT and payload.get("outbox_id") == outbox_id:
            return str(message["ts"])
    return None


def _fields(item: OutboxItem) -> dict[str, Any]:
    return {k: item.payload[k] for k in _MESSAGE_FIELDS if k in item.payload}


def _retry_after(headers: Any) -> int:
    raw = None
    for name in ("Retry-After", "retry-after"):
        if headers and name in headers:
            raw = headers[name]
            break
    value = raw[0] if isinstance(raw, list) else raw
    try:
        return max(1, int(str(value)))
    except (TypeError, ValueError):
        return 1
