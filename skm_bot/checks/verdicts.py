"""Small builders shared by the checks: results, the offline gate, and SKM error wording."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skm_bot.checks.context import CheckContext
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.profile import Profile
from skm_bot.errors import SkmApiError
from skm_bot.skm.reader import SkmReader

# The documented messages that mean "the keystore refused this caller", not "this item is bad".
AUTH_FAILURES = ("ipv4 auth failure", "mac auth failure", "certificate auth failure")


def result(check_id: str, status: Status, summary: str, *details: str) -> CheckResult:
    """A CheckResult with its details as a tuple."""
    return CheckResult(id=check_id, status=status, summary=summary, details=tuple(details))


def skip(check_id: str, reason: str, *details: str) -> CheckResult:
    """A `skip` result with its reason as the summary."""
    return result(check_id, Status.SKIP, reason, *details)


def live(ctx: CheckContext, check_id: str) -> tuple[Profile, SkmReader] | CheckResult:
    """The profile and client a live check needs, or the `skip` saying why it cannot run."""
    if ctx.profile is None:
        return skip(check_id, "offline: no profile")
    if ctx.api is None:
        return skip(check_id, f"offline: no SKM client for profile {ctx.profile.name!r}")
    return ctx.profile, ctx.api


def when(moment: datetime | None) -> str:
    """A date as people read it in a reply: UTC, to the minute, with SKM's own zone beside it."""
    if moment is None:
        return "unknown date"
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if moment.utcoffset() in (None, timedelta(0)):
        return utc
    return f"{utc} ({moment.strftime('%Y-%m-%d %H:%M')} {moment.tzname()})"


def server_says(err: SkmApiError) -> str:
    """The server's own message when it sent one, else the error's category message."""
    return err.result_message or err.message


def is_auth_refusal(err: SkmApiError) -> bool:
    """True when SKM refused the bot's own host (IPv4/MAC/certificate), not the item asked."""
    return (err.result_message or "").strip().lower() in AUTH_FAILURES


def says(err: SkmApiError, *messages: str) -> bool:
    """True when the server's message is one of `messages` (case-insensitively)."""
    text = (err.result_message or "").strip().lower()
    return text in {m.lower() for m in messages}
