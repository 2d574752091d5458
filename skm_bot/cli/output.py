"""
Writing to a terminal or a pipe that may not take every character, or may close early.

A cp1252 console or an ASCII-only pipe cannot encode the report's marks (■ ✘ ✔ ⚠ ─) nor
Japanese and Korean text: the marks become ASCII look-alikes and the rest `?`, instead of a
traceback. A reader that goes away (`| head`) ends the command quietly.
"""

from __future__ import annotations

import codecs
import io
import json
import os
from typing import IO, Any

FALLBACK_ERRORS = "skm-bot-ascii"
# Each mark the report uses, and the ASCII that stands in for it; anything else becomes "?".
ASCII_FALLBACK: dict[str, str] = {
    "■": "#",
    "✘": "x",
    "✔": "v",
    "⚠": "!",
    "─": "-",
    "•": "*",
    "→": "->",
    "≤": "<=",
    "≥": ">=",
    "–": "-",
    "—": "-",
    "…": "...",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "×": "x",
    "·": "-",
}
_UNICODE_CODECS = frozenset({"utf-8", "utf-16", "utf-32"})


def _ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    missing = error.object[error.start : error.end]
    return "".join(ASCII_FALLBACK.get(ch, "?") for ch in missing), error.end


codecs.register_error(FALLBACK_ERRORS, _ascii_fallback)


def tolerate_encoding(stream: IO[str]) -> None:
    """Make `stream` write what its encoding lacks as ASCII look-alikes or `?`, never raise."""
    if isinstance(stream, io.TextIOWrapper):
        stream.reconfigure(errors=FALLBACK_ERRORS)


def speaks_unicode(stream: IO[str]) -> bool:
    """True when `stream` encodes every character (UTF-8, -16 or -32)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name in _UNICODE_CODECS
    except LookupError:
        return False


def json_line(document: Any, stream: IO[str]) -> str:
    """
    `document` as one line of JSON for `stream`: its characters as they are when the stream
    takes them all, else \\u escapes, so the JSON stays whole on any console.
    """
    return json.dumps(document, ensure_ascii=not speaks_unicode(stream))


def silence_stdout(stream: IO[str]) -> None:
    """
    Point `stream`'s file descriptor at the null device after its reader went away.

    Python flushes stdout once more at exit; into a closed pipe that would print "Exception
    ignored … BrokenPipeError".
    """
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, descriptor)
    finally:
        os.close(null)
