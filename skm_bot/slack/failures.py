"""
How a failed Slack Web API call failed: Slack could not take it now, or Slack said no.

"Not now" is no answer at all (connection refused or reset, DNS, a timeout), a 5xx, or a 429
that outlived the client's own retries: the same call may work later, so it is retried or
queued. Anything else is Slack's answer (an `ok: false` error such as `channel_not_found`).
"""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError

# Failures below the HTTP answer: nothing reached Slack, or nothing came back.
_NO_ANSWER = (aiohttp.ClientError, asyncio.TimeoutError, OSError)


def slack_unavailable(error: BaseException) -> bool:
    """True when the call failed because Slack could not take it now (try again later)."""
    if isinstance(error, SlackApiError):
        status = int(error.response.status_code)
        return status == 429 or status >= 500
    if isinstance(error, SlackClientError):
        # slack_sdk's own wrapper of a transport failure (SlackRequestError and kin).
        return True
    return isinstance(error, _NO_ANSWER)


def describe(error: BaseException) -> str:
    """A short, secret-free account of a failed call: Slack's error name, or the failure's kind."""
    if isinstance(error, SlackApiError):
        name = error.response.get("error") if isinstance(error.response.data, dict) else None
        return f"{name or 'error'} (HTTP {error.response.status_code})"
    return type(error).__name__
