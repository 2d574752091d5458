"""JSON logs through structlog, with a processor that blanks secrets before anything is written."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from skm_bot.core.redaction import redact

REDACTED = "[REDACTED]"
# Keys whose values are secrets whatever they look like.
_SECRET_KEY = re.compile(
    r"token|secret|password|passwd|passphrase|authorization|signature|cookie|api[_-]?key|credential",
    re.IGNORECASE,
)
_MAX_DEPTH = 4


def _scrub(value: Any, depth: int = 0) -> Any:
    if isinstance(value, str):
        return redact(value).text
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, Mapping):
        return {k: REDACTED if _secret_key(k) else _scrub(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, depth + 1) for v in value]
    return value


def _secret_key(key: object) -> bool:
    return isinstance(key, str) and _SECRET_KEY.search(key) is not None


def drop_secrets(_logger: WrappedLogger, _method: str, event_dict: EventDict) -> EventDict:
    """Blank values under secret-looking keys; run redaction over every string value."""
    cleaned: MutableMapping[str, Any] = {}
    for key, value in event_dict.items():
        cleaned[key] = REDACTED if _secret_key(key) else _scrub(value)
    return dict(cleaned)


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
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
