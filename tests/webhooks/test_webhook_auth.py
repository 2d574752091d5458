"""The webhook verifiers: bearer, basic, Grafana's HMAC and the generic HMAC window."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from skm_bot.webhooks.signatures import (
    sign,
    verify_basic,
    verify_bearer,
    verify_generic_hmac,
    verify_grafana,
)

TOKEN = "CANARY-webhook-token-9c1f"
SECRET = "CANARY-hmac-secret-77ab"
BODY = b'{"version":"1","status":"firing"}'
NOW = 1_790_000_000


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (f"Bearer {TOKEN}", True),
        (f"bearer {TOKEN}", True),
        (f"Bearer {TOKEN}x", False),
        (f"Token {TOKEN}", False),
        ("Bearer ", False),
        (None, False),
    ],
)
def test_verify_bearer(header, ok):
    assert verify_bearer(header, TOKEN) is ok


def test_verify_bearer_refuses_when_no_token_is_configured():
    assert verify_bearer("Bearer ", "") is False


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (_basic("am", TOKEN), True),
        (_basic("am", "wrong"), False),
        (_basic("other", TOKEN), False),
        ("Basic not-base64!", False),
        (f"Bearer {TOKEN}", False),
    ],
)
def test_verify_basic(header, ok):
    assert verify_basic(header, "am", TOKEN) is ok


def test_grafana_signature_is_plain_hex_hmac_of_the_body():
    """As grafana/alerting http/hmac.go computes it: no prefix, lower-case hex."""
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()

    assert verify_grafana(BODY, expected, SECRET, now=NOW)


def test_grafana_signature_with_timestamp_signs_timestamp_colon_body():
    ts = str(NOW)
    expected = hmac.new(SECRET.encode(), f"{ts}:".encode() + BODY, hashlib.sha256).hexdigest()

    assert verify_grafana(BODY, expected, SECRET, timestamp=ts, now=NOW)


def test_grafana_signature_over_another_body_fails():
    assert not verify_grafana(BODY + b" ", sign(SECRET, BODY), SECRET, now=NOW)


def test_grafana_stale_timestamp_fails():
    ts = str(NOW - 301)

    assert not verify_grafana(BODY, sign(SECRET, BODY, ts), SECRET, timestamp=ts, now=NOW)


@pytest.mark.parametrize(
    ("skew", "ok"), [(0, True), (-299, True), (299, True), (-301, False), (301, False)]
)
def test_generic_hmac_window_is_five_minutes(skew, ok):
    ts = str(NOW + skew)

    assert verify_generic_hmac(BODY, sign(SECRET, BODY, ts), ts, SECRET, now=NOW) is ok


def test_generic_hmac_accepts_the_sha256_prefix():
    ts = str(NOW)

    assert verify_generic_hmac(BODY, "sha256=" + sign(SECRET, BODY, ts), ts, SECRET, now=NOW)


@pytest.mark.parametrize("timestamp", [None, "", "soon"])
def test_generic_hmac_needs_a_numeric_timestamp(timestamp):
    assert not verify_generic_hmac(BODY, sign(SECRET, BODY, "1"), timestamp, SECRET, now=NOW)
