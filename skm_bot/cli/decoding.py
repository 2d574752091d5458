"""
Bytes to text for a paste: UTF-8, else what its byte order mark says, else what it looks like.

Japanese and Korean Windows machines still write Shift_JIS (CP932), EUC-JP and CP949, and
PowerShell writes UTF-16; a paste from them is read as what it is. Telling those apart
(cli/detection.py, with charset-normalizer) is imported only for a paste that is not UTF-8.
"""

from __future__ import annotations

import codecs

from skm_bot.errors import InputError

# UTF-32's marks first: UTF-32 LE's begins with UTF-16 LE's.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
UNREADABLE = (
    "the paste is not text in an encoding skm-bot reads (UTF-8, UTF-16, UTF-32, Shift_JIS, "
    "EUC-JP, EUC-KR/CP949); save it as UTF-8 and try again"
)


def decode_paste(data: bytes) -> str:
    """The text of `data`; InputError when no encoding skm-bot reads makes text of it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is not None and "\x00" not in text:
        return text
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _strict(data[len(mark) :], encoding)
    wide = wide_candidates(data)
    if text is not None and not wide:
        # Valid UTF-8 with a NUL in it, not UTF-16 after all.
        return text
    from skm_bot.cli.detection import LEGACY_CANDIDATES, WIDE_CANDIDATES, detect

    guess = detect(data, wide or LEGACY_CANDIDATES)
    if guess is None and not wide:
        # Without NULs, UTF-16 is still possible: Japanese or Korean with little or no ASCII.
        guess = detect(data, WIDE_CANDIDATES)
    if guess is None:
        raise InputError(UNREADABLE)
    return guess


def wide_candidates(data: bytes) -> tuple[str, ...]:
    """
    The UTF-16 byte order the NUL bytes point to, if any.

    Every ASCII character in UTF-16 has a NUL byte, second in little-endian, first in
    big-endian; a paste is mostly ASCII (the JSON, the log), so its NULs fall on one side.
    """
    if len(data) % 2:
        return ()
    first, second = data[0::2].count(0), data[1::2].count(0)
    if max(first, second) * 8 < len(data) // 2:
        return ()
    if second > 4 * first:
        return ("utf_16_le",)
    if first > 4 * second:
        return ("utf_16_be",)
    return ()


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(UNREADABLE) from None
