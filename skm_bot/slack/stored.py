"""Stored diagnoses as Slack sees them: found only where they were made or by who asked."""

from __future__ import annotations

from skm_bot.core.records import StoredDiagnosis
from skm_bot.render.support_email import Escalation
from skm_bot.slack.runtime import Runtime


async def find_visible(
    rt: Runtime, query: str, *, channel: str, user: str
) -> StoredDiagnosis | None:
    """
    The stored diagnosis for a diagnosis or request id, if it may be shown here.

    Shown only in the channel it was made in, or to the person who asked: a diagnosis from
    one channel (and its profile's facts) never surfaces in another.
    """
    stored = await rt.deps.repository.find_by_request_id(query)
    if stored is None or (stored.channel != channel and stored.user != user):
        return None
    return stored


def escalation_of(stored: StoredDiagnosis) -> Escalation:
    """The support email kept with the diagnosis, and what its sender could attach."""
    # Another system's paste keeps no email (`escalation` is null); a diagnosis kept before
    # `attach` existed has none.
    email = stored.document.get("escalation") or {}
    attach = email.get("attach")
    return Escalation(
        to=str(email.get("to", "")),
        subject=str(email.get("subject", "")),
        body=str(email.get("body", "")),
        attach=tuple(str(item) for item in attach) if isinstance(attach, list) else (),
    )
