"""
A webhook's JSON body decoded into values every later step can hold: bounded depth, and strings
free of NUL and lone surrogates.

JSON may spell a lone surrogate (`"\\ud800"`), which no UTF-8 encoder takes: hashing, storing or
posting such a string fails. Refusing it would lose the alert (Alertmanager does not retry a
4xx), so each one, and each NUL, becomes U+FFFD and the alert is kept.
"""

from __future__ import annotations

import json
from typing import Any

from skm_bot.store.safe_text import storable

# Alertmanager's and Grafana's payloads nest four levels deep; 32 leaves room for any sender.
MAX_DEPTH = 32


class BadJson(ValueError):
    """The body cannot be used as JSON; `reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_json(body: bytes) -> Any:
    """The body's JSON value with every string made safe; BadJson when it is not usable JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("the body is not UTF-8") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise BadJson(f"the JSON nests deeper than {MAX_DEPTH} levels") from None
    except ValueError:
        raise BadJson("the body is not JSON") from None
    return _safe(value, 0)


def _safe(value: Any, depth: int) -> Any:
    # Recursion is bounded by MAX_DEPTH, far below Python's own limit.
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list | dict) and depth >= MAX_DEPTH:
        raise BadJson(f"the JSON nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, list):
        return [_safe(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {storable(key): _safe(item, depth + 1) for key, item in value.items()}
    return value
