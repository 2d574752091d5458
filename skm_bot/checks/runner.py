"""run_checks(): run checks concurrently under timeouts and turn every failure into a result."""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace

from skm_bot.checks.context import CheckContext
from skm_bot.checks.error_phrases import error_phrase
from skm_bot.checks.registry import CHECKS
from skm_bot.checks.types import Check
from skm_bot.core.check_ids import NEEDS_PROFILE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.phrases import Phrase, phrase, verbatim
from skm_bot.errors import SkmBotError

log = logging.getLogger(__name__)

OnResult = Callable[[CheckResult], Awaitable[None] | None]
_MAX_MESSAGE = 200
# What every check that needs a profile says without one, as checks/verdicts.py words it.
OFFLINE_REASON = phrase("check.offline.no_profile")


def _error(check_id: str, summary: Phrase, ctx: CheckContext) -> CheckResult:
    text = _blanked(summary.text(ctx.language), ctx)
    return CheckResult(id=check_id, status=Status.ERROR, summary=text)


def _blanked(text: str, ctx: CheckContext) -> str:
    """`text` with the profile's secrets blanked."""
    profile = ctx.profile
    if profile is not None:
        for secret in (profile.secret_access_key, profile.certificate_password):
            value = secret.get_secret_value() if secret is not None else ""
            if value:
                text = text.replace(value, "***")
    return text


def raised(exc: BaseException) -> Phrase:
    """
    The exception's type and what it means, the length of a foreign one's message capped.

    Our own errors are worded from their fields and never carry secrets; a foreign exception
    might echo anything it was given, so its text is shown as it is, short, and blanked later.
    """
    name = type(exc).__name__
    if isinstance(exc, SkmBotError):
        return phrase("check.runner.raised", error_type=name, message=error_phrase(exc))
    text = str(exc)[:_MAX_MESSAGE]
    return phrase("check.runner.crashed", error=verbatim(f"{name}: {text}" if text else name))


def answered_offline(check_id: str, ctx: CheckContext) -> CheckResult | None:
    """
    The `skip` of a check that needs a profile when there is none, or None when it must run.

    Answered from the check's id alone, so an offline diagnosis never imports the live checks.
    """
    if ctx.profile is not None or check_id not in NEEDS_PROFILE:
        return None
    summary = OFFLINE_REASON.text(ctx.language)
    return CheckResult(id=check_id, status=Status.SKIP, summary=summary)


async def _run_one(
    check_id: str, ctx: CheckContext, registry: Mapping[str, Check], timeout: float
) -> CheckResult:
    check = registry.get(check_id)
    if check is None:
        return _error(check_id, phrase("check.runner.unknown", check_id=check_id), ctx)
    start = time.perf_counter()
    try:
        async with asyncio.timeout(timeout) as scope:
            outcome = await check(ctx)
    except TimeoutError as exc:
        if not scope.expired():
            outcome = _error(check_id, raised(exc), ctx)
        else:
            outcome = _error(check_id, phrase("check.runner.timed_out", seconds=timeout), ctx)
    except Exception as exc:
        log.warning("check %s raised %s", check_id, type(exc).__name__, exc_info=True)
        outcome = _error(check_id, raised(exc), ctx)
    if not isinstance(outcome, CheckResult):
        kind = type(outcome).__name__
        outcome = _error(check_id, phrase("check.runner.not_a_result", kind=kind), ctx)
    duration_ms = (time.perf_counter() - start) * 1000
    return replace(outcome, id=check_id, duration_ms=duration_ms)


async def _notify(on_result: OnResult | None, outcome: CheckResult) -> None:
    if on_result is None:
        return
    try:
        maybe = on_result(outcome)
        if inspect.isawaitable(maybe):
            await maybe
    except Exception:
        # Progress display is best effort: it must not lose the diagnosis.
        log.warning("on_result failed for %s", outcome.id, exc_info=True)


async def run_checks(
    check_ids: Sequence[str],
    ctx: CheckContext,
    *,
    registry: Mapping[str, Check] = CHECKS,
    per_check_timeout: float = 5.0,
    deadline: float = 15.0,
    on_result: OnResult | None = None,
) -> list[CheckResult]:
    """
    Run the checks concurrently and return their results in the order of `check_ids`.

    Never raises for a check's sake: an exception, a per-check timeout, the overall deadline
    or an unknown id each become an `error` result. `on_result` (sync or async) is called as
    each check finishes. Without a profile, the checks that need one are `skip` at once and
    are not loaded (see `answered_offline`).
    """
    results: list[CheckResult | None] = [answered_offline(cid, ctx) for cid in check_ids]
    for answered in results:
        if answered is not None:
            await _notify(on_result, answered)
    tasks = {
        asyncio.create_task(_run_one(cid, ctx, registry, per_check_timeout)): (index, cid)
        for index, cid in enumerate(check_ids)
        if results[index] is None
    }
    if tasks:
        await _collect(tasks, results, ctx, deadline, on_result)
    return [r for r in results if r is not None]


async def _collect(
    tasks: Mapping[asyncio.Task[CheckResult], tuple[int, str]],
    results: list[CheckResult | None],
    ctx: CheckContext,
    deadline: float,
    on_result: OnResult | None,
) -> None:
    """Put each task's result in its place as it finishes; an `error` for those past `deadline`."""
    loop = asyncio.get_running_loop()
    stop_at = loop.time() + deadline
    pending = set(tasks)
    try:
        while pending:
            remaining = stop_at - loop.time()
            if remaining <= 0:
                break
            done, pending = await asyncio.wait(
                pending, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                results[tasks[task][0]] = task.result()
                await _notify(on_result, task.result())
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
    for task in pending:
        index, check_id = tasks[task]
        late = _error(check_id, phrase("check.runner.deadline", seconds=deadline), ctx)
        late = replace(late, duration_ms=deadline * 1000)
        results[index] = late
        await _notify(on_result, late)
