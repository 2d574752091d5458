"""JSON logs through structlog, with a processor that blanks secrets before anything is written."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from skm_bot.core.redaction import is_secret_name, redact

REDACTED = "[REDACTED]"
# Libraries whose DEBUG records carry whole raw payloads, escaped a level or two deeper than the
# paste (a Socket Mode envelope as the Python repr of its JSON): no redactor can vouch for text
# escaped that way, so their DEBUG records are never written, whichever logger they go through
# (bolt hands the Socket Mode client the app's own logger).
RAW_PAYLOAD_PACKAGES = ("slack_sdk", "slack_bolt", "aiohttp", "websockets", "httpcore")
_MAX_DEPTH = 4
_PLAIN = (bool, int, float, type(None))
# The stdlib bridge's bookkeeping: the LogRecord itself, read by ProcessorFormatter, never written.
_PASS_THROUGH = frozenset({"_record", "_from_structlog"})


def _scrub(value: Any, depth: int = 0) -> Any:
    """`value` with every secret removed: strings redacted, containers walked, the rest as text."""
    if isinstance(value, str):
        return redact(value).text
    if isinstance(value, _PLAIN):
        return value
    if depth >= _MAX_DEPTH:
        return REDACTED
    if isinstance(value, Mapping):
        return {
            _scrub(k, depth + 1): REDACTED if _secret_key(k) else _scrub(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_scrub(v, depth + 1) for v in value]
    if isinstance(value, BaseException):
        return redact(f"{type(value).__name__}: {value}").text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _scrub(dataclasses.asdict(value), depth + 1)
    # Anything else would be written as its repr, whose escaping hides line structure from
    # redaction (a YAML block becomes one line of "\\n"): write its type only.
    return f"<{type(value).__name__}>"


def _secret_key(key: object) -> bool:
    return isinstance(key, str) and is_secret_name(key)


def drop_secrets(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """
    Blank values under secret-looking keys; redact every other value (strings, containers and
    the text of any other object). structlog's own `_record` and `_from_structlog` pass as they
    are: the renderer drops them.
    """
    cleaned: MutableMapping[str, Any] = {}
    for key, value in event_dict.items():
        if key in _PASS_THROUGH:
            cleaned[key] = value
        else:
            cleaned[key] = REDACTED if _secret_key(key) else _scrub(value)
    return dict(cleaned)


_RAW_PAYLOAD_PATHS = tuple(f"{os.sep}{package}{os.sep}" for package in RAW_PAYLOAD_PACKAGES)


def drop_raw_payload_debug(record: logging.LogRecord) -> bool:
    """False (drop it) for a DEBUG record written by the code of RAW_PAYLOAD_PACKAGES."""
    return record.levelno >= logging.INFO or not any(
        path in record.pathname for path in _RAW_PAYLOAD_PATHS
    )


def processors() -> list[Processor]:
    """The pipeline up to (not including) the renderer."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.format_exc_info,
        drop_secrets,
    ]


def configure_logging(level: str = "info", stream: TextIO | None = None) -> None:
    """One JSON object per line on `stream` (stderr), for structlog and the stdlib alike."""
    out = stream or sys.stderr
    structlog.configure(
        processors=[*processors(), structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=processors(),
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                drop_secrets,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    handler.addFilter(drop_raw_payload_debug)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
