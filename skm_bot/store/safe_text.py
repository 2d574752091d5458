"""
Text every database takes: no NUL (PostgreSQL refuses it in text) and no lone surrogate (UTF-8 has
none), and keys bounded to their column's length.

A value one database accepts and the other refuses fails only in production, and on every retry
of the same delivery. So the store writes its text columns through `SafeString`/`SafeText`, which
replace both characters with U+FFFD, and `fit` shortens a key that would overflow its column.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import String, Text, TypeDecorator
from sqlalchemy.engine import Dialect

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# The part of a shortened key that keeps distinct long keys distinct: "~" and 16 hex digits.
_DIGEST = 16


def storable(text: str) -> str:
    """`text` with every NUL and lone surrogate replaced by U+FFFD."""
    if text.isascii():
        # The common case, and a fast one: only NUL can be wrong in ASCII.
        return text.replace("\x00", REPLACEMENT) if "\x00" in text else text
    return _UNSTORABLE.sub(REPLACEMENT, text)


def fit(text: str, length: int) -> str:
    """
    `text` within `length` characters: a longer one keeps its head and ends with a hash of the
    whole, so two long keys that share a head still differ.
    """
    if len(text) <= length:
        return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST]
    return f"{text[: length - _DIGEST - 1]}~{digest}"


class SafeString(TypeDecorator[str]):
    """VARCHAR(n) that stores any str: NUL and lone surrogates become U+FFFD."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else storable(value)


class SafeText(TypeDecorator[str]):
    """TEXT that stores any str: NUL and lone surrogates become U+FFFD."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else storable(value)
