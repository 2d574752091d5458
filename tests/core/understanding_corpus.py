"""The understanding corpus as its tests read it: the files, and what every file is checked with."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from skm_bot.core.catalogue import load_catalogue

CORPUS = Path(__file__).parents[1] / "data" / "understanding"

ERROR_IDS = frozenset(entry.id for entry in load_catalogue().entries)

# A look-alike must be about something else: naming SKM would make it a real SKM question.
_SKM_WORDS = (
    "skm",
    "secure key manager",
    "keymanager",
    "nhn",
    "toast",
    "키매니저",
    "キーマネージャー",
)

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


@cache
def read(path: Path) -> tuple[dict[str, Any], ...]:
    """Every object of a JSON Lines file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines)


def normalise(text: str) -> str:
    """The form two texts are compared in: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def scripts(text: str) -> tuple[bool, bool]:
    """Whether `text` carries kana, and whether it carries Hangul: what tells its language."""
    return bool(_KANA.search(text)), bool(_HANGUL.search(text))


def skm_words_in(text: str) -> list[str]:
    """The words naming SKM that `text` holds; they are case-folded, so normalise `text` first."""
    return [word for word in _SKM_WORDS if word in text]
