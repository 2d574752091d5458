"""
The webhook edge: refuse, bound, authenticate, parse, then store before answering 2xx.

Order of refusals: 404 when the webhook's secret is not configured (never open), 413 over the
size limit, 408 when the body is not sent in time, 401 on failed authentication (nothing
stored), 415 without a JSON content type, 400 for a body that is not UTF-8 JSON or nests too
deeply, 422 naming the field a payload gets wrong, 503 with Retry-After when every worker is
busy or the store is down (so Alertmanager retries). 200 means every alert is in the store and
its Slack calls are queued. Parsing, redaction and diagnosis of a small body (up to
`INLINE_MAX` bytes, a few alerts: about 2 ms) run on the event loop, where they cost less than
handing them to another process and back; a larger body runs on the work pool (worker processes
in the server), so a large alert never holds the event loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import structlog
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from skm_bot.core.alert_groups import ThreadRenderer
from skm_bot.core.alerts import Source
from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.profile import Profile
from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.settings import Settings
from skm_bot.store.batch import MAX_BATCH, MAX_WAIT, BatchWriter
from skm_bot.store.batch_plan import AlertIntake, Delivery, IngestResult
from skm_bot.webhooks import signatures as auth
from skm_bot.webhooks.body import Disconnected, TooLarge, TooSlow, read_body
from skm_bot.webhooks.ingest import Intake
from skm_bot.webhooks.ops import Metrics, ops_routes
from skm_bot.webhooks.prepare import Refusal, prepare, prepare_shared
from skm_bot.webhooks.routing import build_router
from skm_bot.webhooks.work_pool import RETRY_AFTER, Busy, WorkPool

log = structlog.get_logger("skm_bot.webhooks")

# Bodies up to this size are prepared on the event loop: a typical Alertmanager or Grafana
# delivery (one to a few alerts, ~1-4 KB) takes 1-2 ms there, and 0.5 ms more CPU (pickling
# both ways, the pool's threads) plus a trip through a queue on the work pool.
INLINE_MAX = 8 * 1024


class AlertSink(Protocol):
    """What the webhooks need from the store (SqlRepository provides it)."""

    async def record_deliveries(
        self, deliveries: Sequence[Delivery], *, render: ThreadRenderer
    ) -> list[IngestResult]:
        """Store deliveries and queue their Slack calls, all in one transaction."""

    async def ping(self) -> None:
        """Raise unless the store answers."""

    async def outbox_depth(self) -> int:
        """Slack calls still queued."""


@dataclass(frozen=True)
class Secrets:
    """The webhook secrets, unwrapped once from settings."""

    token: str | None = None
    basic_user: str | None = None
    basic_password: str | None = None
    grafana_hmac: str | None = None
    generic_hmac: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Secrets:
        def plain(value: Any) -> str | None:
            return value.get_secret_value() or None if value is not None else None

        return cls(
            token=plain(settings.webhook_token),
            basic_user=settings.webhook_basic_user or None,
            basic_password=plain(settings.webhook_basic_password),
            grafana_hmac=plain(settings.grafana_hmac_secret),
            generic_hmac=plain(settings.webhook_hmac_secret),
        )

    def configured(self, source: Source) -> bool:
        """True when `source` has a way to authenticate; otherwise its webhook is refused."""
        basic = bool(self.basic_user and self.basic_password)
        if source == "alertmanager":
            return bool(self.token) or basic
        if source == "grafana":
            return bool(self.grafana_hmac)
        return bool(self.token or self.generic_hmac)

    def authenticate(
        self, source: Source, body: bytes, headers: Mapping[str, str], now: float
    ) -> bool:
        """Whether the request proves it knows this webhook's secret."""
        authorization = headers.get("authorization")
        if source == "grafana":
            return auth.verify_grafana(
                body,
                headers.get(auth.GRAFANA_SIGNATURE),
                self.grafana_hmac or "",
                timestamp=headers.get(auth.GRAFANA_TIMESTAMP),
                now=now,
            )
        if self.token and auth.verify_bearer(authorization, self.token):
            return True
        if source == "alertmanager":
            return auth.verify_basic(
                authorization, self.basic_user or "", self.basic_password or ""
            )
        return auth.verify_generic_hmac(
            body,
            headers.get(auth.GENERIC_SIGNATURE),
            headers.get(auth.GENERIC_TIMESTAMP),
            self.generic_hmac or "",
            now=now,
        )


def _error(
    status: int, error: str, detail: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {"error": error, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, headers=headers)


def _refused(refusal: Refusal) -> JSONResponse:
    if not refusal.fields:
        return _error(refusal.status, refusal.error, refusal.detail)
    fields = [{"field": field, "message": message} for field, message in refusal.fields]
    return _error(refusal.status, refusal.error, refusal.detail, fields=fields)


@dataclass
class WebhookHandler:
    """The three webhooks' shared logic, with its collaborators injected."""

    sink: BatchWriter
    secrets: Secrets
    intake: Intake
    metrics: Metrics
    max_body: int
    clock: Callable[[], datetime]
    pool: WorkPool
    body_timeout: float

    def __post_init__(self) -> None:
        # Once to each worker, not with every request (it holds the whole catalogue).
        self._intake_key = self.pool.share(self.intake)

    async def __call__(self, request: Request, source: Source) -> Response:
        if not self.secrets.configured(source):
            return _error(
                404,
                "webhook_not_configured",
                f"the {source} webhook has no secret configured; it is disabled",
            )
        body = await self._read(request)
        if isinstance(body, Response):
            return body
        if not self.secrets.authenticate(source, body, request.headers, time.time()):
            log.warning("webhook_unauthorized", source=source)
            return _error(401, "unauthorized", "authentication failed")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return _error(415, "unsupported_media_type", "send Content-Type: application/json")
        now = self.clock()
        try:
            if len(body) <= INLINE_MAX:
                prepared = prepare(self.intake, source, body, now)
            else:
                prepared = await self.pool.run(prepare_shared, self._intake_key, source, body, now)
        except Busy:
            log.warning("webhook_busy", source=source, size=len(body))
            retry = {"Retry-After": str(RETRY_AFTER)}
            return _error(503, "busy", "every worker is busy; retry later", headers=retry)
        if isinstance(prepared, Refusal):
            return _refused(prepared)
        return await self._store(source, prepared, now)

    async def _read(self, request: Request) -> bytes | Response:
        """The body within its limits, or the refusal to answer with."""
        try:
            return await read_body(request, self.max_body, self.body_timeout)
        except TooLarge:
            return _error(413, "payload_too_large", f"the body is over {self.max_body} bytes")
        except TooSlow:
            return _error(408, "request_timeout", "the body was not sent in time")
        except Disconnected:
            return _error(400, "client_disconnected", "the client closed the connection")

    async def _store(self, source: Source, intakes: list[AlertIntake], now: datetime) -> Response:
        try:
            result = await self.sink.record_alerts(intakes, now=now)
        except (SQLAlchemyError, OSError) as exc:
            log.error("webhook_store_failed", source=source, error=type(exc).__name__)
            return _error(503, "store_unavailable", "the alert was not stored; retry later")
        self.metrics.alerts_received.labels(source).inc(len(intakes))
        self.metrics.alerts_deduplicated.labels(source).inc(result.deduplicated)
        for intake in intakes:
            if intake.diagnosis is not None:
                self.metrics.count_diagnosis(intake.diagnosis)
        # Debug: a line per request costs as much CPU as a third of the request (every value
        # goes through redaction); the counts are in /metrics.
        log.debug(
            "webhook_accepted",
            source=source,
            accepted=result.accepted,
            deduplicated=result.deduplicated,
        )
        return JSONResponse(
            {
                "accepted": result.accepted,
                "deduplicated": result.deduplicated,
                "groups": list(result.groups),
            }
        )


def webhook_routes(
    settings: Settings,
    *,
    repository: AlertSink,
    metrics: Metrics | None = None,
    profiles: Mapping[str, Profile] | None = None,
    clock: Callable[[], datetime] | None = None,
    catalogue: Catalogue | None = None,
    include_ops: bool = True,
    max_batch: int = MAX_BATCH,
    max_wait: float = MAX_WAIT,
    pool: WorkPool | None = None,
) -> list[BaseRoute]:
    """
    The webhook routes (and `/readyz`, `/metrics`) for `build_http_app(extra_routes=…)`.

    `POST /webhooks/alertmanager` (bearer or basic), `/webhooks/grafana` (HMAC),
    `/webhooks/generic` (bearer or HMAC over `timestamp:body`). Concurrent requests are
    committed together (`BatchWriter`: up to `max_batch` per transaction, lingering `max_wait`
    seconds); each is answered only after the commit that holds it. The CPU-bound part of each
    request runs on `pool` (by default threads sized by the settings; the server passes
    processes, see `WorkPool`).
    """
    metrics = metrics or Metrics()
    handler = WebhookHandler(
        sink=BatchWriter(
            repository, render=render_thread_message, max_batch=max_batch, max_wait=max_wait
        ),
        secrets=Secrets.from_settings(settings),
        intake=Intake(
            catalogue=catalogue or load_catalogue(),
            support_email=settings.support_email,
            router=build_router(settings.alert_channel, profiles or {}),
        ),
        metrics=metrics,
        max_body=settings.webhook_max_body,
        clock=clock or (lambda: datetime.now(UTC)),
        pool=pool or WorkPool.threads(settings.workers, settings.work_queue),
        body_timeout=settings.body_timeout,
    )

    def endpoint(source: Source) -> Callable[[Request], Any]:
        async def receive(request: Request) -> Response:
            return await handler(request, source)

        return receive

    routes: list[BaseRoute] = [
        Route(f"/webhooks/{source}", endpoint(source), methods=["POST"])
        for source in ("alertmanager", "grafana", "generic")
    ]
    if include_ops:
        routes += ops_routes(ping=repository.ping, depth=repository.outbox_depth, metrics=metrics)
    return routes
