"""Request signing: Slack's own worked example; bad, stale or malformed signatures refused with 401."""

from __future__ import annotations

import json
import time

import pytest
from slack_sdk.signature import SignatureVerifier

from skm_bot.server.slack_signature import WINDOW_SECONDS, refusal
from tests.fakes.slack_standin import payloads, sign
from tests.fakes.slack_world import OPS

from .conftest import Bot

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TIMESTAMP = "1531420618"
BODY = (
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
    "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
    "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
EXPECTED = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"


class FixedClock:
    def __init__(self, at: float = float(TIMESTAMP)) -> None:
        self.at = at

    def now(self) -> float:
        return self.at


def test_official_example_signature():
    assert sign(SECRET, TIMESTAMP, BODY.encode()) == EXPECTED


def test_official_example_verifies_with_slack_sdk_at_its_time():
    verifier = SignatureVerifier(SECRET, clock=FixedClock())  # type: ignore[arg-type]

    assert verifier.is_valid(BODY, TIMESTAMP, EXPECTED)
    assert not verifier.is_valid(BODY + "x", TIMESTAMP, EXPECTED)


@pytest.mark.anyio
async def test_bad_signature_gets_401(http_bot: Bot):
    envelope = payloads.user_says(http_bot.state, OPS, "U1", "hi", kind="app_mention")
    ack = await http_bot.deliver.post(
        json.dumps(envelope).encode(), "application/json", signature="v0=" + "0" * 64
    )

    assert ack.status == 401


@pytest.mark.anyio
async def test_stale_timestamp_gets_401(http_bot: Bot):
    """Signed correctly but six minutes old: a replay."""
    envelope = payloads.user_says(http_bot.state, OPS, "U1", "hi", kind="app_mention")
    ack = await http_bot.deliver.post(
        json.dumps(envelope).encode(), "application/json", timestamp=int(time.time()) - 360
    )

    assert ack.status == 401


@pytest.mark.anyio
@pytest.mark.parametrize(("age", "answered"), [(360, False), (0, True)], ids=["replay", "fresh"])
async def test_only_a_fresh_delivery_is_answered(http_bot: Bot, age: int, answered: bool):
    """
    Once the bot has finished all its work, a replayed mention has no reply; the same mention
    delivered fresh does (so the check can tell the two apart).
    """
    envelope = payloads.user_says(http_bot.state, OPS, "U1", "help", kind="app_mention")
    await http_bot.deliver.post(
        json.dumps(envelope).encode(), "application/json", timestamp=int(time.time()) - age
    )
    await http_bot.settle()

    assert bool(http_bot.state.bot_posts()) is answered


@pytest.mark.anyio
async def test_url_verification_returns_the_challenge(http_bot: Bot):
    body = {
        "token": "t",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    ack = await http_bot.deliver.post(json.dumps(body).encode(), "application/json")

    assert ack.status == 200
    assert ack.body == {"challenge": body["challenge"]}


NOW = 1_700_000_000
GOOD_BODY = b'{"type":"url_verification","challenge":"c"}'


def _good(timestamp: str = str(NOW)) -> str:
    return sign(SECRET, timestamp, GOOD_BODY)


def test_edge_accepts_slacks_official_example_at_its_time():
    assert refusal(BODY.encode(), TIMESTAMP, EXPECTED, SECRET, now=float(TIMESTAMP)) is None


@pytest.mark.parametrize(
    ("timestamp", "signature", "reason"),
    [
        (None, _good(), "no X-Slack-Request-Timestamp"),
        ("", _good(), "no X-Slack-Request-Timestamp"),
        ("abc", _good(), "not a Unix time"),
        ("9" * 5000, _good(), "not a Unix time"),
        ("١٧٠٠٠٠٠٠٠٠", _good(), "not a Unix time"),
        (f" {NOW}", _good(), "not a Unix time"),
        ("-1", _good(), "not a Unix time"),
        (str(NOW - 301), _good(str(NOW - 301)), "not within 5 minutes"),
        (str(NOW + 301), _good(str(NOW + 301)), "not within 5 minutes"),
        (str(NOW), None, "no X-Slack-Signature"),
        (str(NOW), "v1=" + "0" * 64, "not v0= and 64 hex digits"),
        (str(NOW), _good().upper(), "not v0= and 64 hex digits"),
        (str(NOW), "v0=" + "0" * 64, "does not match"),
        (str(NOW), _good(str(NOW + 1)), "does not match"),
    ],
)
def test_edge_refuses_with_a_reason(timestamp, signature, reason):
    found = refusal(GOOD_BODY, timestamp, signature, SECRET, now=float(NOW))

    assert found is not None
    assert reason in found


def test_edge_window_is_inside_bolts():
    """A request the edge accepts, bolt (slack_sdk) accepts a moment later: it never logs it."""
    stamp = str(NOW - WINDOW_SECONDS)
    verifier = SignatureVerifier(SECRET, clock=FixedClock(NOW + 0.9))  # type: ignore[arg-type]

    assert refusal(GOOD_BODY, stamp, _good(stamp), SECRET, now=float(NOW)) is None
    assert verifier.is_valid(GOOD_BODY, stamp, _good(stamp))
