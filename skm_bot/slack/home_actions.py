"""
The Home tab's buttons: run a profile's watch now, and diagnose a paste (a modal whose text is
triaged as a DM is, and answered in the person's DM with the bot).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.home import Notice
from skm_bot.core.profile import Profile
from skm_bot.render.slack.home import (
    ACTION_HOME_PASTE,
    ACTION_HOME_RUN_WATCH,
    INPUT_ACTION,
    PASTE_BLOCK,
    VIEW_HOME_PASTE,
    dm_channel_of,
    language_of,
    render_paste_modal,
)
from skm_bot.slack.dedup import first_delivery, trigger_key
from skm_bot.slack.home import publish_home
from skm_bot.slack.runtime import Runtime, runtime_of
from skm_bot.slack.triage import Arrival, triage

logger = logging.getLogger("skm_bot.slack")


def _allowed(rt: Runtime, user: str, name: str) -> Profile | None:
    """The profile `name` if `user` may see it on the Home tab and it can be used now."""
    for grant in rt.deps.access.listing(user):
        if grant.profile.name == name and grant.problem is None:
            return grant.profile
    return None


async def on_run_watch(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """
    Run the profile's watch now, saying so on the tab; when it ends, the tab shows the run.
    A click for a profile the person may not see (or one gone since) does nothing.
    """
    await ack()
    rt = runtime_of(context)
    rt.deps.background.track_current()
    user, view = str(body["user"]["id"]), body.get("view") or {}
    profile = _allowed(rt, user, str(body["actions"][0].get("value", "")))
    if profile is None or rt.deps.watch_now is None:
        return
    watch_now = rt.deps.watch_now
    dm_channel, language = dm_channel_of(view), language_of(view)

    async def show(notice: Notice) -> None:
        await publish_home(
            rt,
            client,
            user,
            dm_channel=dm_channel,
            language=language,
            notices={profile.name: notice},
        )

    async def run() -> None:
        await show(await watch_now(profile, lambda: show("running")))

    rt.deps.background.spawn(run())


async def on_paste_button(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Open the paste modal at once (its trigger_id lives about three seconds)."""
    await ack()
    view = body.get("view") or {}
    modal = render_paste_modal(language=language_of(view), dm_channel=dm_channel_of(view))
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


async def on_paste_submit(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    context: AsyncBoltContext,
    client: AsyncWebClient,
) -> None:
    """Close the modal, then triage the text as a DM: answered in the person's DM with the bot."""
    await ack()
    rt = runtime_of(context)
    rt.deps.background.track_current()
    user, channel = str(body["user"]["id"]), dm_channel_of(view)
    if channel is None:
        logger.warning("paste from the Home tab dropped: no DM channel in its view")
        return
    if not await first_delivery(rt, trigger_key("home_paste", body)):
        return
    field = view["state"]["values"].get(PASTE_BLOCK, {}).get(INPUT_ACTION, {})
    arrival = Arrival(str(field.get("value") or ""), channel, user)
    rt.deps.background.spawn(triage(rt, client, arrival))


def register(app: AsyncApp) -> None:
    """Listen for the Home tab's buttons and the paste modal."""
    app.action(ACTION_HOME_RUN_WATCH)(on_run_watch)
    app.action(ACTION_HOME_PASTE)(on_paste_button)
    app.view(VIEW_HOME_PASTE)(on_paste_submit)
