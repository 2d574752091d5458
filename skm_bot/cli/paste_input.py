"""
A paste as the command line receives it: TEXT, or stdin read as bytes, bounded, then decoded.

The size limit counts the bytes as given: a 1 MiB Shift_JIS paste is within it, though its
UTF-8 takes half as much again. No more than the limit and one byte is ever read from stdin.
"""

from __future__ import annotations

import os
from typing import IO, Any

from skm_bot.cli.decoding import decode_paste
from skm_bot.core.counted_paste import check_counted_size, take_counted_paste
from skm_bot.core.paste import MAX_PASTE_BYTES
from skm_bot.core.redaction import Redacted
from skm_bot.errors import InputError

NOTHING_ON_A_TERMINAL = "nothing to diagnose: pass TEXT, or pipe a paste on stdin"
EMPTY = "nothing to diagnose: the paste is empty"


def binary(stream: IO[Any]) -> IO[bytes]:
    """The bytes under a text stream (sys.stdin.buffer), or the stream when it is binary."""
    buffer: IO[bytes] = getattr(stream, "buffer", stream)
    return buffer


def read_bounded(stream: IO[Any], limit: int = MAX_PASTE_BYTES) -> bytes:
    """At most `limit` + 1 bytes of `stream`: one more than the limit tells that it is over."""
    return binary(stream).read(limit + 1)


def paste_bytes(text: str, stdin: IO[Any] | None) -> tuple[bytes, bool]:
    """
    The paste's bytes and whether they are all of it: TEXT's own bytes, or stdin's for '-'.

    TEXT comes as the bytes typed (os.fsencode undoes Python's decoding of the arguments), so
    a Shift_JIS argument is read as Shift_JIS, not as escaped bytes.
    """
    if text != "-":
        return os.fsencode(text), True
    if stdin is None or stdin.isatty():
        raise InputError(NOTHING_ON_A_TERMINAL)
    data = read_bounded(stdin)
    return data, len(data) <= MAX_PASTE_BYTES


def read_paste(text: str, stdin: IO[Any] | None) -> Redacted:
    """The paste from TEXT or stdin: size-checked as given, decoded, refused when empty."""
    data, whole = paste_bytes(text, stdin)
    check_counted_size(len(data), whole=whole)
    decoded = decode_paste(data)
    if not decoded.strip():
        raise InputError(EMPTY)
    return take_counted_paste(decoded, size=len(data))
