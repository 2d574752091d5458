"""
Fuzz `/slack/events`: signed and unsigned, random headers and bodies, never a 500 or an exception,
and `/healthz` answers after every batch.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from skm_bot.server.app import build_http_app
from skm_bot.settings import Settings
from skm_bot.slack.app import build_app
from skm_bot.slack.runtime import SlackDeps
from tests.edge_fuzz import FUZZ, AppDriver, deep, header_values, json_values, texts
from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_standin.signing import sign
from tests.fakes.slack_world import ALICE, DM_ALICE, OPS, WATCHED, new_state

SECRET = "fuzz-signing-secret"
# The keys bolt reads from an envelope as it builds a request; values of the wrong type there
# are what make a signed body hard to read.
ENVELOPE_KEYS = (
    "type",
    "event",
    "authorizations",
    "team",
    "team_id",
    "user",
    "user_id",
    "channel",
    "channel_id",
    "enterprise",
    "enterprise_id",
    "is_enterprise_install",
    "view",
    "container",
    "actions",
    "command",
    "challenge",
    "token",
    "api_app_id",
    "response_url",
    "trigger_id",
    "function_data",
    "bot_access_token",
    "ssl_check",
)
CONTENT_TYPES = (
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "application/json; charset=utf-8",
    "",
)


@pytest.fixture
def driver() -> Iterator[AppDriver]:
    """The server's HTTP app with the bolt app behind it, talking to the Slack stand-in."""
    loop_driver = AppDriver()
    standin = loop_driver.run(SlackStandIn(new_state()).start())
    config = Settings(
        slack_bot_token=standin.state.bot_token,
        slack_signing_secret=SECRET,
        slack_api_url=standin.base_url,
        slack_max_body=64 * 1024,
    )
    deps = SlackDeps()
    loop_driver.serve(build_http_app(config, bolt_app=build_app(config, deps)))
    yield loop_driver
    loop_driver.run(deps.background.drain())
    loop_driver.run(standin.stop())
    loop_driver.close()


envelopes = st.dictionaries(st.sampled_from(ENVELOPE_KEYS), json_values, max_size=6)
EVENT_KEYS = ("type", "subtype", "user", "text", "ts", "thread_ts", "channel", "bot_id", "files")


@st.composite
def slack_events(draw: st.DrawFn) -> dict[str, Any]:
    """An envelope as Slack sends it (a mention or a message), a field or two of it replaced."""
    event = {
        "type": draw(st.sampled_from(["app_mention", "message"])),
        "user": ALICE,
        "text": draw(texts),
        "ts": "1767323045.000100",
        "event_ts": "1767323045.000100",
        "channel": draw(st.sampled_from([OPS, WATCHED, DM_ALICE])),
    }
    envelope = {
        "type": "event_callback",
        "team_id": "T0STANDIN",
        "api_app_id": "A0STANDIN",
        "event": event,
        "event_id": "Ev" + draw(st.text("0123456789ABCDEF", min_size=10, max_size=10)),
        "authorizations": [{"team_id": "T0STANDIN", "user_id": "U0BOT", "is_bot": True}],
    }
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            event[draw(st.sampled_from(EVENT_KEYS))] = draw(json_values)
        else:
            envelope[draw(st.sampled_from(ENVELOPE_KEYS))] = draw(json_values)
    return envelope


@st.composite
def bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """A body and the content type it claims, from plausible envelopes to raw bytes."""
    kind = draw(st.sampled_from(["slack", "envelope", "json", "form", "payload", "bytes", "deep"]))
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    if kind == "slack":
        return json.dumps(draw(slack_events())).encode(), "application/json"
    if kind == "envelope":
        return json.dumps(draw(envelopes)).encode(), content_type
    if kind == "json":
        return json.dumps(draw(json_values)).encode(), content_type
    if kind == "form":
        form = draw(st.dictionaries(st.sampled_from(ENVELOPE_KEYS), texts, max_size=5))
        return urlencode(form, errors="surrogatepass").encode(), content_type
    if kind == "payload":
        payload = json.dumps(draw(st.one_of(envelopes, json_values)))
        return urlencode({"payload": payload}).encode(), content_type
    if kind == "deep":
        return deep(draw(st.integers(1, 5000))), content_type
    return draw(st.binary(max_size=512)), content_type


@st.composite
def requests(draw: st.DrawFn) -> tuple[bytes, dict[str, Any], bool]:
    """A request: its body, its headers, and whether it carries a valid signature."""
    body, content_type = draw(bodies())
    headers: dict[str, Any] = {"Content-Type": content_type}
    signed = draw(st.booleans())
    if signed:
        stamp = str(int(time.time()))
        headers["X-Slack-Request-Timestamp"] = stamp
        headers["X-Slack-Signature"] = sign(SECRET, stamp, body)
    else:
        for name in ("X-Slack-Request-Timestamp", "X-Slack-Signature", "X-Slack-Retry-Num"):
            if draw(st.booleans()):
                headers[name] = draw(header_values)
    return body, headers, signed


@FUZZ
@given(batch=st.lists(requests(), min_size=1, max_size=4))
def test_slack_events_never_fail_and_keep_serving(driver: AppDriver, batch):
    for body, headers, signed in batch:
        response = driver.post("/slack/events", body, headers)
        event(f"{'signed' if signed else 'unsigned'} -> {response.status_code}")

        assert response.status_code < 500, (response.status_code, response.text)
        if not signed:
            assert response.status_code == 401
    assert driver.healthy()


@FUZZ
@given(size=st.integers(64 * 1024 + 1, 256 * 1024), signed=st.booleans())
def test_slack_events_over_the_cap_are_413(driver: AppDriver, size, signed):
    body = b"{" + b" " * (size - 2) + b"}"
    stamp = str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp}
    if signed:
        headers["X-Slack-Signature"] = sign(SECRET, stamp, body)

    assert driver.post("/slack/events", body, headers).status_code == 413
    assert driver.healthy()
