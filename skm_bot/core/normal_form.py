"""
The form every recogniser reads: NFKC-normalised, then lower-cased.

NFKC folds full-width and half-width forms (`Ｉｎｖａｌｉｄ`, `ｷｰ`, `（`) and the ideographic space
into their ordinary forms, so one word list covers them all. Evidence is cut from the
normalised text with its case kept, so what the reply quotes still reads like the paste.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Folded:
    """A paste in NFKC (`text`) and in NFKC lower-cased (`folded`), the form patterns run on."""

    text: str
    folded: str

    @property
    def display(self) -> str:
        """The text evidence is cut from: case kept when offsets line up with `folded`."""
        return self.text if len(self.text) == len(self.folded) else self.folded


def fold(text: str) -> Folded:
    """The paste normalised for matching; ASCII text skips normalisation (it is already NFKC)."""
    normal = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return Folded(normal, normal.lower())
