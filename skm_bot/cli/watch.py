"""`skm-bot watch --once`: one pass of the watch over the profiles, as a report or JSON Lines."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from skm_bot.cli.status import EXIT_OK
from skm_bot.core.language import Language
from skm_bot.core.profile import Profile
from skm_bot.core.watch.evaluate import Evaluation, evaluate
from skm_bot.errors import ConfigError, InputError
from skm_bot.profiles import load_profiles
from skm_bot.render.watch_report import watch_json, watch_text
from skm_bot.settings import Settings, load_settings
from skm_bot.store.watch_recall import last_seen_lists
from skm_bot.usecases.diagnose import CheckLimits
from skm_bot.usecases.watch import watch_profile

EXIT_NOTHING_DUE = EXIT_OK
# Not a failure of the command: something is due, as `test` says false (cron and CI act on it).
EXIT_DUE = 1
ONCE_ONLY = (
    "skm-bot watch runs one pass: add --once. The schedule itself runs inside `skm-bot serve` "
    "(every SKM_BOT_WATCH_INTERVAL_SECONDS)."
)


@dataclass(frozen=True)
class WatchOptions:
    """What `skm-bot watch` was asked to do."""

    once: bool = False
    profile: str | None = None
    profiles: Path | None = None
    json: bool = False
    language: Language = "en"


def run_watch(options: WatchOptions) -> int:
    """Watch the chosen profiles once and print what is due; 1 when something is, else 0."""
    if not options.once:
        raise InputError(ONCE_ONLY)
    settings = load_settings()
    chosen = choose_profiles(options, settings)
    evaluations = asyncio.run(watch_all(chosen, settings, options.language))
    for evaluation in evaluations:
        print_evaluation(evaluation, options)
    return EXIT_DUE if any(e.due for e in evaluations) else EXIT_NOTHING_DUE


def choose_profiles(options: WatchOptions, settings: Settings) -> list[Profile]:
    """
    The profile named by --profile, else every profile of the file whose secrets can be read:
    each other one is named on stderr, and the rest are watched all the same.
    """
    path = options.profiles or settings.profiles
    if path is None:
        raise ConfigError("the watch needs profiles: --profiles FILE or SKM_BOT_PROFILES")
    book = load_profiles(Path(path), environ=os.environ)
    if options.profile is not None:
        return [book.choose(options.profile)]
    usable, unusable = book.resolve()
    for name, problem in unusable.items():
        print(f"skm-bot: profile {name!r} is not watched: {problem.reason}", file=sys.stderr)
    if not usable:
        raise ConfigError(f"no profile in {path} can be watched")
    return list(usable.values())


async def watch_all(
    profiles: Sequence[Profile], settings: Settings, language: Language
) -> list[Evaluation]:
    """Every profile watched at once, against the lists the scheduled watch last kept."""
    now = datetime.now(UTC)
    limits = CheckLimits(settings.check_timeout, settings.check_deadline)
    previous = await last_seen_lists(settings.database_url, (p.name for p in profiles))
    every = await asyncio.gather(
        *(watch_profile(p, now=now, limits=limits, language=language) for p in profiles)
    )
    return [evaluate(facts, now=now, previous=previous[facts.profile]) for facts in every]


def print_evaluation(evaluation: Evaluation, options: WatchOptions) -> None:
    """One profile: a JSON line with --json, else the report and a blank line."""
    if options.json:
        document = watch_json(evaluation, language=options.language)
        print(json.dumps(document, ensure_ascii=False), flush=True)
        return
    print(watch_text(evaluation, language=options.language) + "\n", flush=True)
