"""
The Home tab: published when a person opens it, from the store, in their Slack language.

It shows only the profiles the access policy lets the person see where no channel says more
(those naming them among their users, as in a DM), each with its last watch and open findings,
and the person's own latest diagnoses. Its buttons live in home_actions.py.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.home import Notice, Visible, home_screen
from skm_bot.core.language import Language
from skm_bot.core.watch.texts import load_texts
from skm_bot.render.slack.home import render_home
from skm_bot.slack.failures import describe, slack_unavailable
from skm_bot.slack.runtime import HomeReader, Runtime, runtime_of

logger = logging.getLogger("skm_bot.slack")


async def home_view(
    rt: Runtime,
    store: HomeReader,
    user: str,
    *,
    language: Language,
    dm_channel: str | None,
    notices: Mapping[str, Notice] | None = None,
) -> dict[str, Any]:
    """`user`'s Home tab as a view, read from `store` (what bench_home.py times)."""
    visible = [Visible(g.profile.name, g.problem) for g in rt.deps.access.listing(user)]
    names = [v.name for v in visible]
    # One read after the other: SQLite runs each in a write transaction (BEGIN IMMEDIATE), so
    # three at once would only queue behind each other's locks.
    watches = await store.last_runs(names) if names else []
    findings = await store.open_findings_of(names) if names else []
    recent = await store.recent_diagnoses(user)
    screen = home_screen(
        user,
        now=rt.deps.clock(),
        visible=visible,
        watches=watches,
        findings=findings,
        recent=recent,
        can_run=rt.deps.watch_now is not None,
        notices=notices,
    )
    return render_home(
        screen,
        language=language,
        catalogue=rt.deps.catalogue,
        texts=load_texts(),
        dm_channel=dm_channel,
    )


async def publish_home(
    rt: Runtime,
    client: AsyncWebClient,
    user: str,
    *,
    dm_channel: str | None,
    language: Language | None = None,
    notices: Mapping[str, Notice] | None = None,
) -> None:
    """
    Publish `user`'s Home tab. A refusal (no Home tab enabled) or Slack away is logged: the
    tab shows what it showed before, and the next opening tries again.
    """
    store = rt.deps.home
    if store is None:
        return
    if language is None:
        language = await rt.deps.locales.language(client, user, rt.deps.clock())
    view = await home_view(
        rt, store, user, language=language, dm_channel=dm_channel, notices=notices
    )
    try:
        await client.views_publish(user_id=user, view=view)
    except Exception as exc:
        if not (isinstance(exc, SlackApiError) or slack_unavailable(exc)):
            raise
        logger.warning("Home tab not published: %s", describe(exc))


async def on_app_home_opened(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """The Home tab opened: publish it fresh. The messages tab (the DM) needs nothing."""
    if event.get("tab") != "home":
        return
    rt = runtime_of(context)
    rt.deps.background.track_current()
    await publish_home(rt, client, str(event["user"]), dm_channel=event.get("channel"))


def register(app: AsyncApp) -> None:
    """Listen for people opening the app's Home."""
    app.event("app_home_opened")(on_app_home_opened)
