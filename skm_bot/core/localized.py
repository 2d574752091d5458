"""Texts in every language the bot speaks, as the data files write them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from skm_bot.core.language import Language


class Localized(BaseModel):
    """One text in every language the bot speaks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ja: str = Field(min_length=1)
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        """The text in `language`."""
        return str(getattr(self, language))


class LocalizedSteps(BaseModel):
    """Numbered steps in every language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ja: tuple[str, ...] = Field(min_length=1)
    ko: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)

    def get(self, language: Language) -> tuple[str, ...]:
        """The steps in `language`."""
        steps: tuple[str, ...] = getattr(self, language)
        return steps
