"""Which language a paste is written in: the reply follows it unless told otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

Language = Literal["ja", "ko", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9d"


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def detect_language(text: str, *, sample: int = 20_000) -> Language:
    """
    Korean if Hangul outweighs Japanese script, Japanese if kana or kanji appear, else English.

    Only the first `sample` characters are read: a log paste's language shows early, and a 1 MB
    paste must not cost a full scan here.
    """
    hangul = japanese = 0
    for ch in text[:sample]:
        if ch < "\u1100":
            continue
        if _is_hangul(ch):
            hangul += 1
        elif _is_kana(ch) or _is_han(ch):
            japanese += 1
    if hangul == 0 and japanese == 0:
        return "en"
    return "ko" if hangul >= japanese else "ja"


def parse_language(value: str) -> Language:
    """A language code from user input; ValueError naming the choices otherwise."""
    lowered = value.strip().lower()
    for language in LANGUAGES:
        if lowered == language:
            return language
    raise ValueError(f"unknown language {value!r}: choose one of {', '.join(LANGUAGES)}")


# POSIX order: LC_ALL overrides LC_MESSAGES, which overrides LANG.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def locale_language(environ: Mapping[str, str]) -> Language:
    """
    The language of a locale environment, for commands that have no paste to read it from.

    The first of LC_ALL, LC_MESSAGES and LANG that is set decides: `ja_JP.UTF-8` is Japanese,
    `ko_KR.UTF-8` Korean, anything else (`C`, `en_US.UTF-8`, `de_DE`) English.
    """
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split("_", 1)[0].split(".", 1)[0].split("@", 1)[0].lower()
            return next((language for language in LANGUAGES if language == code), "en")
    return "en"
