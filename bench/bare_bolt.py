"""
The floor bench_slack.py measures skm-bot against: a bare slack-bolt app that acknowledges each
`app_mention` and posts one message in its thread, nothing else, served the way `skm-bot serve
--http` serves its own (bolt's Starlette adapter on uvicorn, one process).

Whatever this app costs is slack-bolt's, Starlette's and uvicorn's; what skm-bot costs beyond it
is skm-bot's.

    SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… SLACK_API_URL=http://127.0.0.1:PORT/api/ \\
        python bench/bare_bolt.py --port 8090
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import uvicorn
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

REPLY = "ok"


def build(token: str, signing_secret: str, api_url: str) -> Starlette:
    """The Starlette app: `POST /slack/events` to bolt, `GET /healthz` for readiness."""
    bolt = AsyncApp(
        client=AsyncWebClient(token=token, base_url=api_url), signing_secret=signing_secret
    )

    @bolt.event("app_mention")
    async def reply(event: dict[str, Any], say: Any) -> None:
        await say(text=REPLY, thread_ts=event["ts"])

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = build(
        os.environ["SLACK_BOT_TOKEN"],
        os.environ["SLACK_SIGNING_SECRET"],
        os.environ["SLACK_API_URL"],
    )
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_config=None, log_level="warning")


if __name__ == "__main__":
    main()
