"""A request-ID lookup as plain text, for the terminal: what changed, or that the ID is unknown."""

from __future__ import annotations

from skm_bot.core.lookup import Rediagnosis


def render_changes(result: Rediagnosis) -> str:
    """'What changed since' as plain lines."""
    when = result.stored.created_at.strftime("%Y-%m-%d %H:%M UTC")
    head = f"What changed since {result.stored.diagnosis_id} ({when}):"
    if not result.changed:
        return f"{head}\n• nothing: the same failures and the same check results."
    lines = [head]
    lines += [
        f"• check {c.check_id}: {c.before or 'not run'} → {c.after or 'not run'}"
        for c in result.check_changes
    ]
    lines += [f"• now also recognised: {m}" for m in result.matches_added]
    lines += [f"• no longer recognised: {m}" for m in result.matches_removed]
    return "\n".join(lines)


def render_unknown(request_id: str) -> str:
    """The answer for an ID the store has never seen: one plain sentence, then what to do."""
    return (
        f"No diagnosis mentions {request_id}: IDs are kept from the pastes and alerts "
        "skm-bot has seen.\n"
        "Hint: paste the failing request and its response to diagnose it."
    )
