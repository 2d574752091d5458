"""Slack's request signing (v0 HMAC-SHA256 over `v0:timestamp:body`), as Slack computes it."""

from __future__ import annotations

import hashlib
import hmac
import time


def sign(signing_secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value for `body` sent at `timestamp`."""
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def signed_headers(
    signing_secret: str, body: bytes, *, content_type: str, timestamp: int | None = None
) -> dict[str, str]:
    """The headers Slack sends with a signed request (`timestamp` defaults to now)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(signing_secret, stamp, body),
    }
