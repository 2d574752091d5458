"""
Check a diagnosis: run the checks its failures call for, live when a target is given.

When nothing specific was recognised in a paste about SKM and a profile is at hand, the
general checks run instead: the ones that apply to any failure (SKM answers, the appkey and
the credentials are accepted, what SKM sees of the caller).
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from skm_bot.checks.context import CheckContext
from skm_bot.checks.prefetch import prefetch
from skm_bot.checks.runner import OnResult, run_checks
from skm_bot.core.check_ids import CERT_INSPECT, GENERAL_CHECK_IDS
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.skm.memo import MemoSkmApi

if TYPE_CHECKING:
    from skm_bot.core.profile import Profile

    # Only its type: the module opens connections (httpx), which an offline diagnosis never does.
    from skm_bot.skm.connect import LiveTarget


@dataclass(frozen=True)
class CheckLimits:
    """How long one check, and all of a diagnosis's checks, may take (seconds)."""

    per_check: float = 5.0
    deadline: float = 15.0


@dataclass(frozen=True)
class Bounds:
    """A setting's default and its limits: greater than `above`, at most `at_most`."""

    default: float
    above: float
    at_most: float


# The settings that set CheckLimits (SKM_BOT_CHECK_TIMEOUT, SKM_BOT_CHECK_DEADLINE).
CHECK_TIMEOUT = Bounds(default=CheckLimits.per_check, above=0, at_most=60)
CHECK_DEADLINE = Bounds(default=CheckLimits.deadline, above=0, at_most=300)


def plan_with_profile(planned: tuple[str, ...], profile: Profile | None) -> tuple[str, ...]:
    """
    The planned checks, plus the offline certificate inspection when the profile uses one.

    An expired or broken client certificate breaks every call to a keystore that requires it,
    whatever error the paste shows, and inspecting the file costs milliseconds.
    """
    if profile is None or profile.certificate_path is None or CERT_INSPECT in planned:
        return planned
    return (*planned, CERT_INSPECT) if planned else planned


def plan_for(diagnosis: Diagnosis, profile: Profile | None) -> Diagnosis:
    """
    The diagnosis with the checks it will run with `profile`: its failures' checks, or the
    general checks when nothing specific was recognised in a paste about SKM (then
    `general_checks` says so). Planning twice gives the same plan.
    """
    general = diagnosis.general_checks or (
        profile is not None and not diagnosis.planned_checks and diagnosis.wants_general_checks
    )
    planned = GENERAL_CHECK_IDS if general else diagnosis.planned_checks
    return replace(
        diagnosis, planned_checks=plan_with_profile(planned, profile), general_checks=general
    )


async def check_diagnosis(
    diagnosis: Diagnosis,
    *,
    target: LiveTarget | None,
    limits: CheckLimits,
    on_result: OnResult | None = None,
) -> Diagnosis:
    """
    The diagnosis with the checks its failures call for run, as of its own `created_at`, their
    results worded in its language.

    Without a target the live checks report `skip` ("offline") and only the offline ones run;
    the diagnosis says so through their results. With one, the checks share one MemoSkmApi: a
    read several checks make is made once, and the reads the plan calls for are all started
    before the checks run.
    """
    profile = target.profile if target else None
    diagnosis = plan_for(diagnosis, profile)
    planned = diagnosis.planned_checks
    if not planned:
        return diagnosis
    async with AsyncExitStack() as stack:
        memo = None if target is None else await stack.enter_async_context(MemoSkmApi(target.api))
        ctx = CheckContext(
            facts=diagnosis.facts,
            now=diagnosis.created_at,
            profile=profile,
            api=memo,
            language=diagnosis.language,
        )
        if memo is not None:
            prefetch(memo, planned, ctx)
        results = await run_checks(
            planned,
            ctx,
            per_check_timeout=limits.per_check,
            deadline=limits.deadline,
            on_result=on_result,
        )
    return diagnosis.with_checks(tuple(results))
