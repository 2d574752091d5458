"""
The form every recogniser reads: NFKC-normalised, then lower-cased.

NFKC folds full-width and half-width forms (`Ｉｎｖａｌｉｄ`, `ｷｰ`, `（`) and the ideographic space
into their ordinary forms, so one word list covers them all. A dash typed for the katakana long
vowel (`キ－`, `キ-`) becomes the long vowel. Evidence is cut from the normalised text with its
case kept, so what the reply quotes still reads like the paste.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# After katakana, a dash (NFKC turns the full-width one into "-") is the long vowel mark. The
# dash leads the pattern so the engine skips to it.
_KATAKANA_DASH = re.compile(r"[-\u2010-\u2015\u2212](?<=[\u30a1-\u30fa].)")


@dataclass(frozen=True)
class Folded:
    """A paste in NFKC (`text`) and in NFKC lower-cased (`folded`), the form patterns run on."""

    text: str
    folded: str

    @property
    def display(self) -> str:
        """The text evidence is cut from: case kept when offsets line up with `folded`."""
        return self.text if len(self.text) == len(self.folded) else self.folded


def fold(text: str, *, lowered: str | None = None) -> Folded:
    """
    The paste normalised for matching; ASCII text skips normalisation (it is already NFKC).

    `lowered` is `text.lower()` when the caller already has it (redaction lower-cases every
    paste): a paste that normalising leaves as it is is then not lower-cased again, which for
    a megabyte of Japanese or Korean costs several milliseconds.
    """
    if text.isascii():
        return Folded(text, text.lower() if lowered is None else lowered)
    normal = _KATAKANA_DASH.sub("ー", unicodedata.normalize("NFKC", text))
    if lowered is not None and normal == text:
        return Folded(normal, lowered)
    return Folded(normal, normal.lower())
