"""Texts in every language the bot speaks, as the data files write them."""

from __future__ import annotations

from dataclasses import dataclass

from skm_bot.core.file_schema import STRICT
from skm_bot.core.language import Language


@dataclass(frozen=True)
class Localized:
    """One text in every language the bot speaks."""

    __pydantic_config__ = STRICT

    ja: str
    ko: str
    en: str

    def __post_init__(self) -> None:
        if not (self.ja and self.ko and self.en):
            raise ValueError("a text is empty in one of ja, ko, en")

    def get(self, language: Language) -> str:
        """The text in `language`."""
        text: str = getattr(self, language)
        return text


@dataclass(frozen=True)
class LocalizedSteps:
    """Numbered steps in every language."""

    __pydantic_config__ = STRICT

    ja: tuple[str, ...]
    ko: tuple[str, ...]
    en: tuple[str, ...]

    def __post_init__(self) -> None:
        if not (self.ja and self.ko and self.en):
            raise ValueError("steps are missing in one of ja, ko, en")

    def get(self, language: Language) -> tuple[str, ...]:
        """The steps in `language`."""
        steps: tuple[str, ...] = getattr(self, language)
        return steps
