"""JSON logs: one object a line, secrets blanked by key and redacted in values."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from skm_bot.logs import REDACTED, configure_logging, drop_secrets

CANARY = "CANARY-log-secret-61c2"


@pytest.fixture(name="stream")
def _stream() -> Iterator[io.StringIO]:
    """Logging configured to a string; structlog and the root logger restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(stream=stream)
    yield stream
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    "key", ["token", "webhook_token", "Authorization", "hmac_secret", "password"]
)
def test_secret_keys_are_blanked(key):
    assert drop_secrets(None, "info", {"event": "x", key: CANARY})[key] == REDACTED


def test_secrets_inside_string_values_are_redacted():
    event = drop_secrets(None, "info", {"event": f"sent with password={CANARY}"})

    assert CANARY not in event["event"]


def test_nested_values_are_cleaned():
    event = drop_secrets(
        None, "info", {"event": "x", "headers": {"authorization": f"Bearer {CANARY}"}}
    )

    assert event["headers"] == {"authorization": REDACTED}


def test_structlog_lines_are_json_without_secrets(stream):
    structlog.get_logger("t").info("webhook_accepted", source="generic", token=CANARY)

    [line] = _lines(stream)
    assert line["event"] == "webhook_accepted"
    assert line["level"] == "info"
    assert CANARY not in stream.getvalue()


def test_stdlib_lines_are_json_without_secrets(stream):
    logging.getLogger("skm_bot.tests.stdlib").warning(
        "bad header Authorization: Bearer %s", CANARY * 2
    )

    [line] = _lines(stream)
    assert line["level"] == "warning"
    assert CANARY not in stream.getvalue()
