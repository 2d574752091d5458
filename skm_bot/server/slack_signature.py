"""
Slack's request signature, checked on the raw bytes before anything parses them. Pure.

Slack signs `v0:<timestamp>:<body>` with HMAC-SHA256 under the app's signing secret and sends
`X-Slack-Request-Timestamp` and `X-Slack-Signature: v0=<hex>`. Each header is checked for its
form before it is used: the timestamp is ASCII digits, at most 12 of them, so converting it
costs nothing whatever a client sends.
"""

from __future__ import annotations

import hashlib
import hmac
import re

TIMESTAMP_HEADER = "x-slack-request-timestamp"
SIGNATURE_HEADER = "x-slack-signature"
# Slack's window is 5 minutes, and bolt (slack_sdk) checks it again after us with `> 300`.
# One second less here means a request we accept is never refused by bolt a moment later,
# which would log the request's body.
WINDOW_SECONDS = 299
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Slack-Signature` value Slack sends for `body` at `timestamp`."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def refusal(
    body: bytes, timestamp: str | None, signature: str | None, secret: str, *, now: float
) -> str | None:
    """Why the request is not proven to be Slack's, in a few words; None when it is."""
    if not timestamp:
        return "no X-Slack-Request-Timestamp"
    if not _TIMESTAMP.fullmatch(timestamp):
        return "X-Slack-Request-Timestamp is not a Unix time"
    if abs(now - int(timestamp)) > WINDOW_SECONDS:
        return "X-Slack-Request-Timestamp is not within 5 minutes of now"
    if not signature:
        return "no X-Slack-Signature"
    if not _SIGNATURE.fullmatch(signature):
        return "X-Slack-Signature is not v0= and 64 hex digits"
    if not hmac.compare_digest(signature, sign(secret, timestamp, body)):
        return "the signature does not match"
    return None
