"""
Bytes to text for a paste: UTF-8, else what its byte order mark says, else what it looks like.

Japanese and Korean Windows machines still write Shift_JIS (CP932), EUC-JP and CP949, and
PowerShell writes UTF-16; a paste from them is read as what it is. The detector
(charset-normalizer) is imported only for a paste that is not UTF-8.
"""

from __future__ import annotations

import codecs
import re

from skm_bot.errors import InputError

# UTF-32's marks first: UTF-32 LE's begins with UTF-16 LE's.
BYTE_ORDER_MARKS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
# Legacy multi-byte encodings never hold a NUL byte; UTF-16 holds one in every ASCII character.
LEGACY_CANDIDATES = ("cp932", "euc_jp", "cp949")
WIDE_CANDIDATES = ("utf_16_le", "utf_16_be")
# Text a person pastes has no control characters but tab, newlines, form feed and the escape
# of a coloured log, and no noncharacters; a decoding that yields them was a wrong guess, or
# the bytes are binary.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffe\uffff]")
_KANA = re.compile("[\u3040-\u30ff]")
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
# The characters a Japanese, Korean or English paste is made of: ASCII and Latin-1, general
# punctuation, arrows, maths and the common symbols, CJK punctuation, kana, the unified
# ideographs, Hangul syllables, full-width forms and emoji. A wrong guess between the
# encodings makes others: lone Hangul jamo, half-width katakana, Greek and Cyrillic, Yi, box
# drawing, private use.
_OUTSIDE_PASTES = re.compile(
    "[^\t\n\r\x0c\x1b\x20-\x7e\xa0-\xff\u2000-\u206f\u2190-\u22ff\u2460-\u24ff"
    "\u25a0-\u27bf\u3000-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60\uffe0-\uffe6"
    "\U0001f000-\U0001faff]"
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


def detect(data: bytes, candidates: tuple[str, ...]) -> str | None:
    """
    The most likely text of `data` among `candidates`, None when none decodes to text.

    Each candidate that decodes cleanly is scored by the characters a wrong guess produces,
    then by ideographs without kana, then by charset-normalizer's ranking (which alone takes
    short Japanese for Korean). The best is refused when a quarter of it is unlikely: binary.
    """
    from charset_normalizer import from_bytes

    ranked = [match.encoding for match in from_bytes(data, cp_isolation=list(candidates))]
    scored: list[tuple[int, int, int, str]] = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        rank = ranked.index(encoding) if encoding in ranked else len(ranked)
        scored.append((unlikely_characters(text), kanaless_ideographs(text), rank, text))
    if not scored:
        return None
    unlikely, _, _, text = min(scored)
    return None if unlikely * 4 > len(text) else text


def unlikely_characters(text: str) -> int:
    """How many characters of `text` a Japanese, Korean or English paste would seldom hold."""
    count = len(_OUTSIDE_PASTES.findall(text))
    # CP949 decodes Shift_JIS as the rare Hangul syllables outside KS X 1001's common 2,350,
    # which Python's EUC-KR codec can only spell with eight bytes.
    count += sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" and len(ch.encode("euc_kr")) != 2)
    return count


def kanaless_ideographs(text: str) -> int:
    """
    The ideographs of `text` when it has no kana, else 0.

    Japanese is never written without kana, and Korean seldom with Chinese characters:
    ideographs and no kana are Korean read as Japanese.
    """
    return 0 if _KANA.search(text) else len(_IDEOGRAPH.findall(text))
