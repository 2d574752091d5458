"""
What `skm-bot diagnose` reads from the environment, read without a validation library.

A one-shot diagnosis is over in a fraction of a second; importing pydantic-settings and
building the full `Settings` would take longer than the diagnosis itself. The command reads
only its own six variables, here, with the same names, defaults and limits as `Settings`
(both take them from where they belong, so each is written once; a test holds the two readers
to the same answers). A server setting that is wrong is no matter to a diagnosis.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from skm_bot.errors import ConfigError
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL, SUPPORT_EMAIL_PATTERN
from skm_bot.store.location import default_cache_dir, default_database_url
from skm_bot.usecases.diagnose import CHECK_DEADLINE, CHECK_TIMEOUT, Bounds

PREFIX = "SKM_BOT_"
_SUPPORT_EMAIL = re.compile(SUPPORT_EMAIL_PATTERN)


@dataclass(frozen=True)
class DiagnoseSettings:
    """The settings one run of `skm-bot diagnose` uses."""

    profiles: Path | None = None
    support_email: str = DEFAULT_SUPPORT_EMAIL
    check_timeout: float = CHECK_TIMEOUT.default
    check_deadline: float = CHECK_DEADLINE.default
    database_url: str = ""
    cache_dir: Path | None = None


def load_diagnose_settings(environ: Mapping[str, str]) -> DiagnoseSettings:
    """
    The settings from `environ` (names matched without regard to case, as `Settings` does);
    ConfigError naming the variable that is wrong and why.
    """
    env = {name.upper(): value for name, value in environ.items()}

    def get(name: str) -> str | None:
        return env.get(PREFIX + name.upper())

    profiles, url, cache_dir = get("profiles"), get("database_url"), get("cache_dir")
    return DiagnoseSettings(
        profiles=None if profiles is None else Path(profiles),
        support_email=_support_email(get("support_email")),
        check_timeout=_number("check_timeout", get("check_timeout"), CHECK_TIMEOUT),
        check_deadline=_number("check_deadline", get("check_deadline"), CHECK_DEADLINE),
        database_url=default_database_url() if url is None else url,
        cache_dir=_cache_dir(cache_dir),
    )


def _cache_dir(value: str | None) -> Path | None:
    if value is None:
        return default_cache_dir()
    # Empty turns the cache off.
    return Path(value) if value else None


def _support_email(value: str | None) -> str:
    if value is None:
        return DEFAULT_SUPPORT_EMAIL
    if not _SUPPORT_EMAIL.fullmatch(value):
        raise ConfigError(f"{PREFIX}SUPPORT_EMAIL: not an email address: {value!r}")
    return value


def _number(name: str, value: str | None, bounds: Bounds) -> float:
    variable = PREFIX + name.upper()
    if value is None:
        return bounds.default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{variable}: not a number: {value!r}") from None
    if math.isnan(number) or not bounds.above < number <= bounds.at_most:
        raise ConfigError(
            f"{variable}: must be greater than {bounds.above:g} and at most {bounds.at_most:g}"
        )
    return number
