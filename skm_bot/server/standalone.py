"""
The alert side served on its own (no Slack events): webhooks, /readyz, /metrics and the outbox.

`python -m skm_bot.server.standalone --port 8080` reads the same `SKM_BOT_*` settings as the
bot. Tests, the benchmark and the SIGKILL/Alertmanager runs start it as a real process;
`--bare` adds `POST /bare`, answering 200 with no work, as the benchmark's baseline, and
`--workers N` runs N processes on one port as `skm-bot serve --workers N` does (PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import partial

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from skm_bot.logs import configure_logging
from skm_bot.server.alerts import AlertRuntime, slack_client
from skm_bot.server.heap import freeze_startup_heap
from skm_bot.server.workers import check_workers, supervise
from skm_bot.settings import Settings


async def _bare(request: Request) -> Response:
    await request.body()
    return JSONResponse({"accepted": 0})


async def _healthz(request: Request) -> Response:
    return JSONResponse({"ok": True})


def build_alert_app(runtime: AlertRuntime, *, bare: bool = False) -> Starlette:
    """The runtime's routes plus `/healthz` in an app whose lifespan runs the runtime."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with runtime.running():
            yield

    routes = [*runtime.routes, Route("/healthz", _healthz, methods=["GET"])]
    if bare:
        routes.append(Route("/bare", _bare, methods=["POST"]))
    return Starlette(routes=routes, lifespan=lifespan)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m skm_bot.server.standalone")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bare", action="store_true", help="add POST /bare (benchmark baseline)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL)")
    args = parser.parse_args(argv)
    configure_logging()
    settings = Settings()
    check_workers(args.workers, settings.database_url)
    if args.workers == 1:
        serve(settings, args.bare, host=args.host, port=args.port)
        return 0
    return supervise(args.workers, args.host, args.port, partial(serve, settings, args.bare))


def serve(
    settings: Settings,
    bare: bool,
    sock: socket.socket | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
) -> None:
    """One server process: on `host:port`, or on `sock` when it is one of several workers."""
    configure_logging()
    runtime = AlertRuntime.build(settings, slack_client=slack_client(settings))
    app = build_alert_app(runtime, bare=bare)
    freeze_startup_heap()
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        limit_concurrency=settings.max_concurrency,
    )
    asyncio.run(uvicorn.Server(config).serve(sockets=[sock] if sock is not None else None))


if __name__ == "__main__":
    raise SystemExit(main())
