"""
A paste that is only an ID (`@skm-bot <id>`, a DM, `/skm <id>`): the stored diagnosis re-run.

The stored diagnosis is found only where it may be shown (`stored.find_visible`). Its checks run
again, live only where the access policy allows a profile for this channel and person, as for
any paste; the reply says what changed since it was stored, in its language. A diagnosis shown
outside its own channel (to the person who asked for it) is shown to them privately.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.checks.runner import OnResult
from skm_bot.core.language import Language
from skm_bot.core.lookup import Rediagnosis, reopen
from skm_bot.core.records import StoredDiagnosis
from skm_bot.render.slack.lookup import render_lookup, render_unknown_id
from skm_bot.skm.connect import LiveTarget
from skm_bot.slack.replies import Reply, Request, choose_live, react, with_live_progress
from skm_bot.slack.runtime import Runtime
from skm_bot.slack.stored import find_visible
from skm_bot.usecases.rediagnose import rediagnose

# An unknown ID carries no language of its own; the answer is in English.
UNKNOWN_ID_LANGUAGE: Language = "en"


def shown_privately(request: Request, stored: StoredDiagnosis | None) -> bool:
    """
    True when the answer must reach only the person asking.

    `/skm` answers are always private; a diagnosis from another channel (visible because this
    person asked for it) is private anywhere but a DM, which is private already.
    """
    if request.respond is not None:
        return True
    if stored is None or request.channel.startswith("D"):
        return False
    return stored.channel != request.channel


async def reply_to_lookup(
    rt: Runtime, client: AsyncWebClient, request: Request, query: str
) -> None:
    """Show the stored diagnosis for `query` re-run with what changed, or say there is none."""
    stored = await find_visible(rt, query, channel=request.channel, user=request.user)
    reply = Reply.of(rt, client, request, private=shown_privately(request, stored))
    if stored is None:
        await reply.show(render_unknown_id(query, UNKNOWN_ID_LANGUAGE), final=True)
        return
    if request.react_ts is not None:
        await react(client, request.channel, request.react_ts)
    reopened = reopen(stored, now=rt.deps.clock(), catalogue=rt.deps.catalogue)
    live = choose_live(rt, request, appkey=reopened.facts.appkey)

    async def rerun(target: LiveTarget | None, on_result: OnResult | None) -> Rediagnosis:
        return await rediagnose(
            stored,
            reopened,
            catalogue=rt.deps.catalogue,
            target=target,
            limits=rt.limits,
            on_result=on_result,
        )

    # Not saved: the stored diagnosis stays the one its IDs find (and the one "since" refers to).
    result = await with_live_progress(rt, reply, reopened, live, rerun)
    await reply.show(render_lookup(result, profile=live.name, unusable=live.unusable), final=True)
