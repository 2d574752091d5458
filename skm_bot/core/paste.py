"""
A paste as it enters the bot: bounded, then redacted, before anything else reads it.

Every trigger (the command line, a Slack message, a webhook) calls `take_paste` first; what it
returns is the only text the rest of the bot sees. Its type, `Redacted`, is what `diagnose`
accepts, so raw text cannot reach a diagnosis by mistake.
"""

from __future__ import annotations

import re

from skm_bot.core.redaction import Redacted, redact
from skm_bot.errors import InputError

MAX_PASTE_BYTES = 1024 * 1024
# A placeholder, with the authentication scheme that announced it ("Bearer …") if any.
_PLACEHOLDERS = re.compile(r"(?:\b(?:bearer|basic|digest|token)\s+)?\[REDACTED:[a-z0-9_]+\]", re.I)


def check_paste_size(text: str) -> None:
    """Refuse a paste over the size limit with a message a person can act on."""
    # Counting UTF-8 bytes costs an encode; skip it when even four bytes a character would fit.
    if len(text) * 4 <= MAX_PASTE_BYTES:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PASTE_BYTES:
        raise InputError(
            f"the paste is {size:,} bytes; the limit is {MAX_PASTE_BYTES:,} bytes (1 MiB). "
            "Paste the failing request and its response, or split the log."
        )


def take_paste(raw: str) -> Redacted:
    """
    The paste, size-checked and redacted: the one door raw text goes through.

    Raises InputError when it is over the size limit.
    """
    check_paste_size(raw)
    return redact(raw)


def only_secrets(paste: Redacted) -> bool:
    """True when redaction left nothing but placeholders: the paste was a secret and no more."""
    if not paste.redactions:
        return False
    return not _PLACEHOLDERS.sub("", paste.text).strip(" \t\r\n`'\"*_~:=,;")
