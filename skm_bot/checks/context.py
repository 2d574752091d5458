"""What every check is given: the facts, the clock, the language, and a profile and SKM client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from skm_bot.core.facts import Facts
from skm_bot.core.language import Language

if TYPE_CHECKING:
    # Only a live run has a profile: an offline one never loads its model.
    from skm_bot.core.profile import Profile
    from skm_bot.skm.reader import SkmReader


@dataclass(frozen=True)
class CheckContext:
    """
    The inputs of one check run.

    `profile` and `api` are None for an offline diagnosis; a live check then returns `skip`
    with the reason. `language` is the diagnosis's: every result is worded in it.
    """

    facts: Facts
    now: datetime
    profile: Profile | None = None
    api: SkmReader | None = None
    language: Language = "en"
