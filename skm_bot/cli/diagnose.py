"""`skm-bot diagnose`: a paste (or JSON Lines of them) in, a report or the JSON contract out."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from skm_bot.checks.runner import OnResult
from skm_bot.cli.bare_secret import refuse_bare_secret
from skm_bot.cli.diagnose_settings import DiagnoseSettings
from skm_bot.cli.job import (
    DiagnoseOptions,
    Job,
    build_job,
    choose_profile,
    diagnose_and_check,
    live_target,
    ran_offline,
)
from skm_bot.cli.output import json_line
from skm_bot.cli.paste_input import read_paste
from skm_bot.cli.status import EXIT_OK
from skm_bot.core.check_result import CheckResult
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.lookup import Rediagnosis, looks_like_request_id, reopen
from skm_bot.core.paste import only_secrets
from skm_bot.core.redaction import Redacted
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.render.lookup import render_changes, render_unknown
from skm_bot.render.terminal import render_check, render_text
from skm_bot.usecases.rediagnose import rediagnose

if TYPE_CHECKING:
    from skm_bot.core.profile import Profile
    from skm_bot.core.records import StoredDiagnosis


def run_diagnose(options: DiagnoseOptions) -> int:
    """Diagnose the paste(s); the exit status."""
    # The paste first: an empty or unreadable one is refused before anything else is loaded.
    paste = None if options.jsonl else read_paste(options.text, sys.stdin)
    job = build_job(options)
    profile = choose_profile(options, job.settings)
    if paste is None:
        from skm_bot.cli.jsonl_batch import batch_workers, diagnose_jsonl_in_parallel

        if profile is None and (workers := batch_workers(sys.stdin)) > 1:
            return diagnose_jsonl_in_parallel(job, workers)
        from skm_bot.cli.jsonl import diagnose_jsonl

        return asyncio.run(diagnose_jsonl(job, profile))
    return asyncio.run(diagnose_one(job, profile, paste))


async def recall(settings: DiagnoseSettings, request_id: str) -> StoredDiagnosis | None:
    """The stored diagnosis that named `request_id`, from the store (loaded only for an ID)."""
    from skm_bot.store.recall import recall as recall_from_store

    return await recall_from_store(settings.database_url, request_id)


async def diagnose_one(job: Job, profile: Profile | None, paste: Redacted) -> int:
    """One paste: the warning alone when it was only a secret, a lookup for an ID, else a diagnosis."""
    if only_secrets(paste):
        return refuse_bare_secret(job, paste)
    request_id = looks_like_request_id(paste)
    stored = await recall(job.settings, request_id) if request_id else None
    if request_id is not None and stored is None:
        print_unknown(job, request_id)
        return EXIT_OK
    progress = None if job.options.json or not job.err.stream.isatty() else job_progress(job)
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


def print_unknown(job: Job, request_id: str) -> None:
    """An ID nobody has seen: one plain answer (no diagnosis, no email)."""
    if job.options.json:
        document = {"lookup": {"request_id": request_id, "found": False}}
        print(json_line(document, job.out.stream), file=job.out.stream)
        return
    job.out.show(render_unknown(request_id))


def print_diagnosis(
    job: Job, diagnosis: Diagnosis, request_id: str | None, rerun: Rediagnosis | None
) -> None:
    """The report, or the JSON contract (with `lookup` when the paste was a known ID)."""
    support_email = job.settings.support_email
    offline = ran_offline(job)
    if job.options.json:
        document = {
            **diagnosis_json(diagnosis, support_email=support_email, offline=offline),
            **lookup_json(request_id, rerun),
        }
        print(json_line(document, job.out.stream), file=job.out.stream)
        return
    if rerun is not None:
        job.out.show(render_changes(rerun) + "\n")
    job.out.show(render_text(diagnosis, support_email=support_email, offline=offline))


def lookup_json(request_id: str | None, rerun: Rediagnosis | None) -> dict[str, Any]:
    """The `lookup` part of --json, present only when the paste was an ID the store knew."""
    if request_id is None or rerun is None:
        return {}
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


def job_progress(job: Job) -> OnResult:
    """Each check's line on stderr as it finishes (a terminal only)."""

    def show(result: CheckResult) -> None:
        job.err.show("\n".join(render_check(result)))

    return show
