"""The JSON logs: every shape logged every way the bot logs text; no canary is written."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import structlog

from skm_bot.logs import configure_logging

from .corpus import leaked, shapes

SHAPES = shapes()


@pytest.fixture(name="stream")
def _stream() -> Iterator[io.StringIO]:
    """Logging configured to a string; structlog and the root logger restored afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(level="debug", stream=stream)
    yield stream
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level


class _Opaque:
    """An object the renderer would write as its repr."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"_Opaque({self.text!r})"


def test_structlog_values_never_carry_a_canary(stream):
    log = structlog.get_logger("skm_bot.tests")
    for shape in SHAPES:
        log.info("paste_received", text=shape.text, nested={"body": [shape.text]})

    assert leaked(stream.getvalue()) == []


def test_structlog_events_and_opaque_values_never_carry_a_canary(stream):
    log = structlog.get_logger("skm_bot.tests")
    for shape in SHAPES:
        log.warning(shape.text, error=_Opaque(shape.text), deep={"a": {"b": {"c": {"d": shape}}}})

    assert leaked(stream.getvalue()) == []


def test_stdlib_messages_and_arguments_never_carry_a_canary(stream):
    log = logging.getLogger("skm_bot.tests.stdlib")
    for shape in SHAPES:
        log.warning("listener failed on %s", shape.text)

    assert leaked(stream.getvalue()) == []


def test_stdlib_tracebacks_never_carry_a_canary(stream):
    log = logging.getLogger("skm_bot.tests.stdlib")
    for shape in SHAPES:
        try:
            raise ValueError(shape.text)
        except ValueError:
            log.exception("check raised")

    assert leaked(stream.getvalue()) == []


def test_structlog_tracebacks_never_carry_a_canary(stream):
    log = structlog.get_logger("skm_bot.tests")
    for shape in SHAPES:
        try:
            raise RuntimeError(shape.text)
        except RuntimeError:
            log.error("alert_batch_failed", exc_info=True)

    assert leaked(stream.getvalue()) == []


def test_secret_named_keys_are_blanked_whatever_their_value(stream):
    structlog.get_logger("skm_bot.tests").info("configured", SKM_PROD_P12_PASSWORD="Kq0plain0")

    assert "Kq0plain0" not in stream.getvalue()
