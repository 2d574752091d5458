"""Which language a paste is written in: the reply follows it unless told otherwise."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, get_args

Language = Literal["ja", "ko", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


# Hangul syllables, jamo and compatibility jamo; kana (and half-width katakana) and kanji.
_HANGUL = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_JAPANESE = re.compile("[\u3040-\u30ff\uff66-\uff9d\u4e00-\u9fff]")


def detect_language(text: str, *, sample: int = 20_000) -> Language:
    """
    Korean if Hangul outweighs Japanese script, Japanese if kana or kanji appear, else English.

    Only the first `sample` characters are read: a log paste's language shows early, and a 1 MB
    paste must not cost a full scan here. Counting is done by the regex engine, and a sample of
    ASCII alone (most logs) is English without counting at all.
    """
    head = text[:sample]
    if head.isascii():
        return "en"
    hangul = len(_HANGUL.findall(head))
    japanese = len(_JAPANESE.findall(head))
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
