"""
Webhook authentication as pure functions: bearer, basic, Grafana's HMAC, our generic HMAC.

Every comparison is constant-time. Grafana signs the raw body, or `timestamp:body` when it is
configured with a timestamp header; the signature is lower-case hex HMAC-SHA256 with no prefix.
The generic webhook signs `timestamp:body` too (`sha256=` prefix allowed) within a 5-minute window.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

WINDOW_SECONDS = 300
GRAFANA_SIGNATURE = "X-Grafana-Alerting-Signature"
GRAFANA_TIMESTAMP = "X-Grafana-Alerting-Signature-Timestamp"
GENERIC_SIGNATURE = "X-SKM-Bot-Signature"
GENERIC_TIMESTAMP = "X-SKM-Bot-Timestamp"


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def verify_bearer(authorization: str | None, token: str) -> bool:
    """`Authorization: Bearer <token>`."""
    if not authorization or not token:
        return False
    scheme, _, value = authorization.partition(" ")
    return scheme.lower() == "bearer" and _same(value.strip(), token)


def verify_basic(authorization: str | None, user: str, password: str) -> bool:
    """`Authorization: Basic base64(user:password)`."""
    if not authorization or not user or not password:
        return False
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return False
    given_user, _, given_password = decoded.partition(":")
    # Both compared every time, so timing doesn't tell which half was wrong.
    return _same(given_user, user) & _same(given_password, password)


def sign(secret: str, body: bytes, timestamp: str | None = None) -> str:
    """Hex HMAC-SHA256 of the body, or of `timestamp:body` when a timestamp is given."""
    message = body if timestamp is None else timestamp.encode() + b":" + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _fresh(timestamp: str, now: float, window: int) -> bool:
    try:
        return abs(now - int(timestamp)) <= window
    except ValueError:
        return False


def verify_grafana(
    body: bytes,
    signature: str | None,
    secret: str,
    *,
    timestamp: str | None = None,
    now: float,
    window: int = WINDOW_SECONDS,
) -> bool:
    """Grafana's `X-Grafana-Alerting-Signature`, with the optional timestamp header."""
    if not signature or not secret:
        return False
    if timestamp is not None and not _fresh(timestamp, now, window):
        return False
    return _same(signature.strip().lower(), sign(secret, body, timestamp))


def verify_generic_hmac(
    body: bytes,
    signature: str | None,
    timestamp: str | None,
    secret: str,
    *,
    now: float,
    window: int = WINDOW_SECONDS,
) -> bool:
    """Our HMAC over `timestamp:body`; the timestamp must be within `window` seconds of now."""
    if not signature or not timestamp or not secret or not _fresh(timestamp, now, window):
        return False
    given = signature.strip().lower().removeprefix("sha256=")
    return _same(given, sign(secret, body, timestamp))
