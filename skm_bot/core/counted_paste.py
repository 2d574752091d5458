"""
A paste whose size was counted as it arrived: the bytes on a pipe or in an argument.

`take_paste` counts a paste's UTF-8 bytes. A paste that came as Shift_JIS or UTF-16 has a size
of its own, and the limit is for that size, the bytes the person gave: once decoded, the same
paste can take half as many bytes again in UTF-8.
"""

from __future__ import annotations

from skm_bot.core.paste import MAX_PASTE_BYTES
from skm_bot.core.redaction import Redacted, redact
from skm_bot.errors import InputError


def check_counted_size(size: int, *, whole: bool = True) -> None:
    """
    Refuse a paste of `size` bytes over the limit, with a message a person can act on.

    `whole` is False when the reader stopped at the limit and the paste is longer still.
    """
    if size <= MAX_PASTE_BYTES:
        return
    told = f"{size:,} bytes" if whole else f"over {MAX_PASTE_BYTES:,} bytes"
    raise InputError(
        f"the paste is {told}; the limit is {MAX_PASTE_BYTES:,} bytes (1 MiB). "
        "Paste the failing request and its response, or split the log."
    )


def take_counted_paste(text: str, *, size: int) -> Redacted:
    """
    The paste, its counted `size` checked against the limit, then redacted.

    The door for text decoded from bytes whose count is known; raises InputError when over.
    """
    check_counted_size(size)
    return redact(text)
