"""Fixtures of the leak runs: the logs, captured as the bot writes them."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import structlog

from skm_bot.logs import configure_logging


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    """
    Everything logged (debug and up, libraries' loggers included), as the bot writes it; but
    aiosqlite's per-statement debug lines, which carry no text and only slow the run down.
    """
    root, sqlite = logging.getLogger(), logging.getLogger("aiosqlite")
    handlers, level, sqlite_level = root.handlers[:], root.level, sqlite.level
    stream = io.StringIO()
    configure_logging(level="debug", stream=stream)
    sqlite.setLevel(logging.INFO)
    yield stream
    structlog.reset_defaults()
    root.handlers[:], root.level = handlers, level
    sqlite.setLevel(sqlite_level)
