"""`skm-bot diagnose`: a paste (or JSON Lines of them) in, a report or the JSON contract out."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from skm_bot.checks.runner import OnResult
from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.check_result import CheckResult
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language
from skm_bot.core.lookup import Rediagnosis, looks_like_request_id, reopen
from skm_bot.core.paste import take_paste
from skm_bot.core.profile import Profile
from skm_bot.core.redaction import Redacted
from skm_bot.errors import ConfigError, InputError
from skm_bot.profiles import load_profiles
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.render.lookup import render_changes, render_unknown
from skm_bot.render.terminal import render_check, render_text
from skm_bot.settings import Settings, load_settings
from skm_bot.skm.connect import LiveTarget
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis
from skm_bot.usecases.rediagnose import rediagnose

EXIT_OK = 0
EXIT_USAGE = 2


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
    # The failure it is, among the candidates a report asked about.
    choose: str | None = None


@dataclass(frozen=True)
class Job:
    """Everything one run of the command works with, built once."""

    options: DiagnoseOptions
    settings: Settings
    catalogue: Catalogue
    limits: CheckLimits


def run_diagnose(options: DiagnoseOptions) -> int:
    """Diagnose the paste(s); the exit status."""
    settings = load_settings()
    profile = choose_profile(options, settings)
    catalogue = load_catalogue()
    if options.choose is not None and catalogue.find(options.choose) is None:
        known = ", ".join(entry.id for entry in catalogue.entries)
        raise InputError(f"--choose: no failure {options.choose!r} (known: {known})")
    job = Job(
        options=options,
        settings=settings,
        catalogue=catalogue,
        limits=CheckLimits(settings.check_timeout, settings.check_deadline),
    )
    runner = diagnose_jsonl if options.jsonl else diagnose_one
    return asyncio.run(runner(job, profile))


def choose_profile(options: DiagnoseOptions, settings: Settings) -> Profile | None:
    """The profile the live checks use, or None for an offline diagnosis."""
    if options.offline or not options.profile:
        return None
    path = options.profiles or settings.profiles
    if path is None:
        raise ConfigError("--profile needs a profiles file: --profiles FILE or SKM_BOT_PROFILES")
    profiles = load_profiles(Path(path), environ=os.environ)
    if options.profile not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(f"no profile {options.profile!r} in {path} (known: {known})")
    return profiles[options.profile]


@asynccontextmanager
async def live_target(profile: Profile | None) -> AsyncIterator[LiveTarget | None]:
    """The SKM client for `profile`; None (offline) without one, and nothing network is loaded."""
    if profile is None:
        yield None
        return
    from skm_bot.skm.connect import open_live_target

    async with open_live_target(profile) as target:
        yield target


def read_paste(text: str, stdin: IO[str]) -> str:
    """The paste: TEXT itself, or stdin when TEXT is '-'."""
    if text != "-":
        return text
    if stdin.isatty():
        raise InputError("nothing to diagnose: pass TEXT, or pipe a paste on stdin")
    return stdin.read()


async def recall(settings: Settings, request_id: str) -> Any:
    """The stored diagnosis that named `request_id`, from the store (loaded only for an ID)."""
    from skm_bot.store.recall import recall as recall_from_store

    return await recall_from_store(settings.database_url, request_id)


async def diagnose_one(job: Job, profile: Profile | None) -> int:
    """One paste: a lookup when it is only an ID the store knows, else a diagnosis."""
    paste = take_paste(read_paste(job.options.text, sys.stdin))
    request_id = looks_like_request_id(paste)
    stored = await recall(job.settings, request_id) if request_id else None
    progress = None if job.options.json or not sys.stderr.isatty() else print_progress
    now = datetime.now(UTC)
    rerun: Rediagnosis | None = None
    async with live_target(profile) as target:
        if stored is None:
            diagnosis = await diagnose_and_check(job, paste, now, target, progress)
        else:
            language = job.options.language
            reopened = reopen(stored, now=now, catalogue=job.catalogue, language=language)
            rerun = await rediagnose(
                stored,
                reopened,
                catalogue=job.catalogue,
                target=target,
                limits=job.limits,
                on_result=progress,
            )
            diagnosis = rerun.diagnosis
    print_diagnosis(job, diagnosis, request_id, rerun)
    return EXIT_OK


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


def print_diagnosis(
    job: Job, diagnosis: Diagnosis, request_id: str | None, rerun: Rediagnosis | None
) -> None:
    """The report, or the JSON contract (with `lookup` when the paste was an ID)."""
    support_email = job.settings.support_email
    if job.options.json:
        document = {
            **diagnosis_json(diagnosis, support_email=support_email),
            **lookup_json(request_id, rerun),
        }
        print(json.dumps(document, ensure_ascii=False))
        return
    if request_id is not None:
        print(render_changes(rerun) if rerun is not None else render_unknown(request_id))
        print()
    print(render_text(diagnosis, support_email=support_email))


def lookup_json(request_id: str | None, rerun: Rediagnosis | None) -> dict[str, Any]:
    """The `lookup` part of --json, present only when the paste was a request ID."""
    if request_id is None:
        return {}
    if rerun is None:
        return {"lookup": {"request_id": request_id, "found": False}}
    return {
        "lookup": {
            "request_id": request_id,
            "found": True,
            "stored_diagnosis_id": rerun.stored.diagnosis_id,
            "stored_at": rerun.stored.created_at.isoformat(),
            "check_changes": [
                {"id": c.check_id, "before": c.before, "after": c.after}
                for c in rerun.check_changes
            ],
            "matches_added": list(rerun.matches_added),
            "matches_removed": list(rerun.matches_removed),
        }
    }


def print_progress(result: CheckResult) -> None:
    """Each check's line on stderr as it finishes (a terminal only)."""
    for line in render_check(result):
        print(line, file=sys.stderr)


def jsonl_text(line: str) -> str:
    """The paste in one JSON Lines record; InputError saying what is wrong with the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError('each line must be a JSON object with a string "text"')
    text: str = record["text"]
    return text


async def diagnose_jsonl(job: Job, profile: Profile | None) -> int:
    """One diagnosis per JSON Lines record on stdin; a bad line is reported in place."""
    failed = 0
    support_email = job.settings.support_email
    async with live_target(profile) as target:
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                paste = take_paste(jsonl_text(line))
                diagnosis = await diagnose_and_check(job, paste, datetime.now(UTC), target)
                out: dict[str, Any] = diagnosis_json(diagnosis, support_email=support_email)
            except InputError as exc:
                failed += 1
                out = {"line": number, "error": exc.message}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    if failed:
        print(f"skm-bot: {failed} line(s) could not be diagnosed", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK
