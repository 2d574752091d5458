"""The one use case: a paste in, a diagnosis with its checks run out."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import datetime

from skm_bot.checks.context import CheckContext
from skm_bot.checks.prefetch import prefetch
from skm_bot.checks.runner import OnResult, run_checks
from skm_bot.core.catalogue import Catalogue
from skm_bot.core.check_ids import CERT_INSPECT
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.language import Language
from skm_bot.profiles import Profile
from skm_bot.render.support_email import DEFAULT_SUPPORT_EMAIL
from skm_bot.skm.client import SkmApi
from skm_bot.skm.memo import MemoSkmApi


def plan_with_profile(planned: tuple[str, ...], profile: Profile | None) -> tuple[str, ...]:
    """
    The planned checks, plus the offline certificate inspection when the profile uses one.

    An expired or broken client certificate breaks every call to a keystore that requires it,
    whatever error the paste shows, and inspecting the file costs milliseconds.
    """
    if profile is None or profile.certificate_path is None or CERT_INSPECT in planned:
        return planned
    return (*planned, CERT_INSPECT) if planned else planned


async def diagnose_and_check(
    text: str,
    *,
    now: datetime,
    profile: Profile | None = None,
    api: SkmApi | None = None,
    language: Language | None = None,
    catalogue: Catalogue | None = None,
    support_email: str = DEFAULT_SUPPORT_EMAIL,
    check_timeout: float = 5.0,
    check_deadline: float = 15.0,
    on_result: OnResult | None = None,
) -> Diagnosis:
    """
    Diagnose `text`, then run the checks its failures call for.

    Without a profile and client the live checks report `skip` ("offline") and only the
    offline ones run; the diagnosis says so through their results. With them, the checks share
    one MemoSkmApi: a read several checks make is made once, and the reads the plan calls for
    are all started before the checks run.
    """
    diagnosis = diagnose(
        text, now=now, catalogue=catalogue, language=language, support_email=support_email
    )
    planned = plan_with_profile(diagnosis.planned_checks, profile)
    if not planned:
        return diagnosis
    async with AsyncExitStack() as stack:
        memo = None if api is None else await stack.enter_async_context(MemoSkmApi(api))
        ctx = CheckContext(facts=diagnosis.facts, now=now, profile=profile, api=memo)
        if memo is not None:
            prefetch(memo, planned, ctx)
        results = await run_checks(
            planned,
            ctx,
            per_check_timeout=check_timeout,
            deadline=check_deadline,
            on_result=on_result,
        )
    return diagnosis.with_checks(tuple(results))
