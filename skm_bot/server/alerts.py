"""
The alert side of the server, wired: store, migrations, webhook and ops routes, outbox worker,
the watch's schedule (which posts through the same outbox) and the weekly digest's.

    runtime = AlertRuntime.build(settings, slack_client=client)
    app = build_http_app(settings, bolt_app=..., extra_routes=runtime.routes)
    # in the app's lifespan:
    async with runtime.running():   # migrate, start the outbox worker; stop and dispose on exit
        ...
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import BaseRoute

from skm_bot.core.profile import Profile
from skm_bot.server.digest import DigestSchedule, build_digest_schedule
from skm_bot.server.slack_session import shared_session
from skm_bot.server.watch import WatchSchedule, build_schedule
from skm_bot.settings import Settings
from skm_bot.slack.outbox import OutboxWorker
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from skm_bot.webhooks.http import webhook_routes
from skm_bot.webhooks.ops import Gate, Metrics, ops_routes
from skm_bot.webhooks.work_pool import WorkPool


def slack_client(settings: Settings) -> AsyncWebClient:
    """The Web API client for the outbox: no hidden retries (the outbox does its own)."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    # A call must end well inside the lease, or another worker could retry it meanwhile.
    timeout = max(1, min(30, int(settings.outbox_lease_seconds / 2)))
    return AsyncWebClient(
        token=token, base_url=settings.slack_api_url, timeout=timeout, retry_handlers=[]
    )


def default_worker_id() -> str:
    """Host and pid: unique per replica, readable in `outbox.locked_by`."""
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass
class AlertRuntime:
    """Everything the alert side needs, built once from settings."""

    engine: AsyncEngine
    repository: SqlRepository
    metrics: Metrics
    worker: OutboxWorker
    routes: list[BaseRoute]
    pool: WorkPool
    migrate: bool = True
    watch: WatchSchedule | None = None
    digest: DigestSchedule | None = None

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        slack_client: AsyncWebClient,
        profiles: Mapping[str, Profile] | None = None,
        watched: Mapping[str, Profile] | None = None,
        worker_id: str | None = None,
        clock: Callable[[], datetime] | None = None,
        migrate: bool = True,
        gates: Mapping[str, Gate] | None = None,
    ) -> AlertRuntime:
        """
        Build without I/O; `running()` connects, migrates and starts the worker. `/readyz`
        also waits for each of `gates` (Slack, until auth.test has answered).

        `profiles` route alerts (as written will do); `watched` are the profiles the watch
        checks, with their secrets (default: `profiles`).
        """
        # Room for what runs at once (a webhook batch, the outbox's calls, the Slack app's reads)
        # without opening and closing connections under load.
        engine = make_engine(settings.database_url, pool_size=10, max_overflow=20)
        repository = SqlRepository(engine)
        metrics = Metrics()
        now = clock or (lambda: datetime.now(UTC))
        worker_id = worker_id or default_worker_id()
        worker = OutboxWorker(
            repository,
            slack_client,
            worker_id=worker_id,
            clock=now,
            pace=settings.outbox_pace_seconds,
            lease=settings.outbox_lease_seconds,
            metrics=metrics,
        )
        kind = WorkPool.processes if settings.worker_kind == "process" else WorkPool.threads
        pool = kind(settings.workers, settings.work_queue)
        routes = webhook_routes(
            settings,
            repository=repository,
            metrics=metrics,
            profiles=profiles,
            clock=now,
            pool=pool,
            include_ops=False,
        )
        routes += ops_routes(
            ping=repository.ping, depth=repository.outbox_depth, metrics=metrics, gates=gates
        )
        watch = build_schedule(
            settings,
            store=repository,
            profiles=watched if watched is not None else profiles or {},
            worker=worker_id,
            clock=now,
        )
        digest = build_digest_schedule(
            settings, store=repository, client=slack_client, worker=worker_id, clock=now
        )
        return cls(engine, repository, metrics, worker, routes, pool, migrate, watch, digest)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[AlertRuntime]:
        """Migrate (when asked), run the outbox worker and the watch, and clean up on exit."""
        stop = asyncio.Event()
        try:
            if self.migrate:
                await upgrade(self.engine)
            await self.pool.warm()
            async with shared_session(self.worker.client):
                task = asyncio.create_task(self.worker.run(stop), name="skm-bot-outbox")
                schedules = [
                    asyncio.create_task(schedule.serve(stop), name=f"skm-bot-{name}")
                    for name, schedule in (("watch", self.watch), ("digest", self.digest))
                    if schedule is not None
                ]
                try:
                    yield self
                finally:
                    stop.set()
                    await task
                    # A watch run cut short keeps nothing (its transaction rolls back), and a
                    # digest cut short is not marked posted: each slot goes to another replica
                    # when its lease runs out, so neither is waited for.
                    for schedule_task in schedules:
                        schedule_task.cancel()
                    await asyncio.gather(*schedules, return_exceptions=True)
        finally:
            self.pool.shutdown()
            await self.engine.dispose()
