"""What one run of `skm-bot diagnose` works with: its options, settings, catalogue and screen."""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from skm_bot.catalogue_cache import cached_catalogue
from skm_bot.checks.runner import OnResult
from skm_bot.cli.colour import Screen, wants_colour
from skm_bot.cli.diagnose_settings import DiagnoseSettings, load_diagnose_settings
from skm_bot.core.catalogue import Catalogue
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language
from skm_bot.core.redaction import Redacted
from skm_bot.errors import ConfigError, InputError
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis

if TYPE_CHECKING:
    from skm_bot.core.profile import Profile
    from skm_bot.skm.connect import LiveTarget


@dataclass(frozen=True)
class DiagnoseOptions:
    """What `skm-bot diagnose` was asked to do."""

    text: str = "-"
    json: bool = False
    jsonl: bool = False
    offline: bool = False
    language: Language | None = None
    profile: str | None = None
    profiles: Path | None = None
    color: str = "auto"
    # The failure it is, among the candidates a report asked about.
    choose: str | None = None


@dataclass(frozen=True)
class Job:
    """Everything one run of the command works with, built once."""

    options: DiagnoseOptions
    settings: DiagnoseSettings
    catalogue: Catalogue
    limits: CheckLimits
    out: Screen
    err: Screen


def build_job(options: DiagnoseOptions) -> Job:
    """The settings from the environment, the catalogue, and where the output goes."""
    settings = load_diagnose_settings(os.environ)
    catalogue = cached_catalogue(settings.cache_dir)
    if options.choose is not None and catalogue.find(options.choose) is None:
        known = ", ".join(entry.id for entry in catalogue.entries)
        raise InputError(f"--choose: no failure {options.choose!r} (known: {known})")
    return Job(
        options=options,
        settings=settings,
        catalogue=catalogue,
        limits=CheckLimits(settings.check_timeout, settings.check_deadline),
        out=Screen(sys.stdout, wants_colour(options.color, sys.stdout, os.environ)),
        err=Screen(sys.stderr, wants_colour(options.color, sys.stderr, os.environ)),
    )


def choose_profile(options: DiagnoseOptions, settings: DiagnoseSettings) -> Profile | None:
    """The profile the live checks use, or None for an offline diagnosis."""
    if options.offline or not options.profile:
        return None
    from skm_bot.profiles import load_profiles

    path = options.profiles or settings.profiles
    if path is None:
        raise ConfigError("--profile needs a profiles file: --profiles FILE or SKM_BOT_PROFILES")
    # Only the chosen profile's secrets are read: another profile's missing secret is no matter.
    return load_profiles(Path(path), environ=os.environ).choose(options.profile)


def ran_offline(job: Job) -> bool:
    """
    Diagnosed without a profile, and not because `--offline` asked for it: the report then says
    how to run live.
    """
    return not job.options.profile and not job.options.offline


@asynccontextmanager
async def live_target(profile: Profile | None) -> AsyncIterator[LiveTarget | None]:
    """The SKM client for `profile`; None (offline) without one, and nothing network is loaded."""
    if profile is None:
        yield None
        return
    from skm_bot.skm.connect import open_live_target

    async with open_live_target(profile) as target:
        yield target


async def diagnose_and_check(
    job: Job,
    paste: Redacted,
    now: datetime,
    target: LiveTarget | None,
    on_result: OnResult | None = None,
) -> Diagnosis:
    """Diagnose a paste and run its checks."""
    diagnosis = diagnose(
        paste,
        now=now,
        catalogue=job.catalogue,
        language=job.options.language,
        chosen=job.options.choose,
    )
    return await check_diagnosis(diagnosis, target=target, limits=job.limits, on_result=on_result)
