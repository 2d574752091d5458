"""
Which encoding a paste that is not UTF-8 is in: Shift_JIS (CP932), EUC-JP, CP949, or UTF-16
without a byte order mark.

charset-normalizer ranks the candidates; short Japanese and Korean texts often decode cleanly
in each other's encodings, so each clean decoding is also scored by the characters a wrong
guess makes and real pastes seldom hold.
"""

from __future__ import annotations

import re

# Legacy multi-byte encodings never hold a NUL byte; UTF-16 holds one in every ASCII character.
LEGACY_CANDIDATES = ("cp932", "euc_jp", "cp949")
WIDE_CANDIDATES = ("utf_16_le", "utf_16_be")
# Text a person pastes has no control characters but tab, newlines, form feed and the escape
# of a coloured log, and no noncharacters; a decoding that yields them was a wrong guess, or
# the bytes are binary.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffe\uffff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7a3]")
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
    # which Python's EUC-KR codec spells with eight bytes instead of two.
    hangul = "".join(_HANGUL.findall(text))
    count += (len(hangul.encode("euc_kr")) - 2 * len(hangul)) // 6
    return count


def kanaless_ideographs(text: str) -> int:
    """
    The ideographs of `text` when it has no kana, else 0.

    Japanese is never written without kana, and Korean seldom with Chinese characters:
    ideographs and no kana are Korean read as Japanese.
    """
    return 0 if _KANA.search(text) else len(_IDEOGRAPH.findall(text))
