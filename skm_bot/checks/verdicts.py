"""
What the checks share: verdicts in phrases, worded in the reply's language; the offline gate.

A check works out a `Verdict` (a status and phrases, no language); `localised` words it in the
language of the context, so the CheckResult every renderer reads already speaks the reply's
language and the checks' helpers never need to know which one it is.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from skm_bot.checks.context import CheckContext
from skm_bot.checks.error_phrases import error_phrase
from skm_bot.checks.types import Check
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.language import Language
from skm_bot.core.phrases import Phrase, phrase, verbatim
from skm_bot.errors import SkmApiError

if TYPE_CHECKING:
    from skm_bot.core.profile import Profile
    from skm_bot.skm.reader import SkmReader

# The documented messages that mean "the keystore refused this caller", not "this item is bad".
AUTH_FAILURES = ("ipv4 auth failure", "mac auth failure", "certificate auth failure")


@dataclass(frozen=True)
class Verdict:
    """A check's outcome before it is worded: its status, a summary and details, as phrases."""

    id: str
    status: Status
    summary: Phrase
    details: tuple[Phrase, ...] = ()
    # Facts learnt on the way (core.found_facts names): they speak no language.
    found: tuple[tuple[str, str | int], ...] = ()

    def worded(self, language: Language) -> CheckResult:
        """The CheckResult this verdict reads as in `language`."""
        return CheckResult(
            id=self.id,
            status=self.status,
            summary=self.summary.text(language),
            details=tuple(detail.text(language) for detail in self.details),
            found=self.found,
        )

    def finding(self, **facts: str | int) -> Verdict:
        """The same verdict, also reporting `facts` it found (see core.found_facts)."""
        return replace(self, found=(*self.found, *facts.items()))


def localised(check: Callable[[CheckContext], Awaitable[Verdict]]) -> Check:
    """
    The check, answering in the context's language.

    The undecorated check stays reachable as `__wrapped__`, for tests that read its phrases.
    """

    @functools.wraps(check)
    async def run(ctx: CheckContext) -> CheckResult:
        return (await check(ctx)).worded(ctx.language)

    return run


def result(check_id: str, status: Status, summary: Phrase, *details: Phrase) -> Verdict:
    """A verdict with its details as a tuple."""
    return Verdict(id=check_id, status=status, summary=summary, details=tuple(details))


def skip(check_id: str, reason: Phrase, *details: Phrase) -> Verdict:
    """A `skip` verdict with its reason as the summary."""
    return result(check_id, Status.SKIP, reason, *details)


def live(ctx: CheckContext, check_id: str) -> tuple[Profile, SkmReader] | Verdict:
    """The profile and client a live check needs, or the `skip` saying why it cannot run."""
    if ctx.profile is None:
        return skip(check_id, phrase("check.offline.no_profile"))
    if ctx.api is None:
        return skip(check_id, phrase("check.offline.no_client", profile=ctx.profile.name))
    return ctx.profile, ctx.api


def when(moment: datetime | None) -> Phrase:
    """A date as people read it in a reply: UTC, to the minute, with SKM's own zone beside it."""
    if moment is None:
        return phrase("check.date_unknown")
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if moment.utcoffset() in (None, timedelta(0)):
        return verbatim(utc)
    return verbatim(f"{utc} ({moment.strftime('%Y-%m-%d %H:%M')} {moment.tzname()})")


def server_says(err: SkmApiError) -> Phrase:
    """The server's own message when it sent one, else the error's category in words."""
    return verbatim(err.result_message) if err.result_message else error_phrase(err)


def skm_says(err: SkmApiError) -> Phrase:
    """A detail line quoting what SKM answered."""
    return phrase("check.skm_says", message=server_says(err))


def is_auth_refusal(err: SkmApiError) -> bool:
    """True when SKM refused the bot's own host (IPv4/MAC/certificate), not the item asked."""
    return (err.result_message or "").strip().lower() in AUTH_FAILURES


def says(err: SkmApiError, *messages: str) -> bool:
    """True when the server's message is one of `messages` (case-insensitively)."""
    text = (err.result_message or "").strip().lower()
    return text in {m.lower() for m in messages}
