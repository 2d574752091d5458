"""
The stand-in's App Home and people: views.publish (the Home tab, one view per person) and
users.info (with the person's locale when asked), answering as Slack documents them.
"""

from __future__ import annotations

import itertools
from typing import Any

from aiohttp import web

from skm_bot.render.slack.limits import check_view
from tests.fakes.slack_standin.errors import SlackError
from tests.fakes.slack_standin.state import SlackState

Result = dict[str, Any]
_hashes = itertools.count(1)


def views_publish(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """
    Publish a person's Home tab: `not_enabled` when the app has no Home tab, `hash_conflict`
    when `hash` is not the current view's, `invalid_arguments` for a view over its limits.
    """
    user = str(args.get("user_id") or "")
    view = args.get("view")
    if not user.startswith(("U", "W")) or not isinstance(view, dict):
        raise SlackError("invalid_arguments", response_metadata={"messages": ["invalid `user_id`"]})
    if view.get("type") != "home":
        raise SlackError("invalid_arguments", response_metadata={"messages": ["not a home view"]})
    if not state.home_tab_enabled:
        raise SlackError("not_enabled")
    current = state.home_views.get(user)
    if args.get("hash") and (current is None or args["hash"] != current["hash"]):
        raise SlackError("hash_conflict")
    problems = check_view(view)
    if problems:
        raise SlackError("invalid_arguments", response_metadata={"messages": problems})
    stored = {
        **view,
        "id": current["id"] if current else state.next_id("V"),
        "team_id": state.team_id,
        "hash": f"{next(_hashes)}.{state.team_id}",
        "state": {"values": {}},
    }
    state.home_views[user] = stored
    state.published.append((user, stored))
    return {"view": stored}


def users_info(state: SlackState, args: dict[str, Any], request: web.Request) -> Result:
    """A member; the `locale` only with `include_locale=true`, as Slack sends it."""
    person = state.people.get(str(args.get("user") or ""))
    if person is None:
        raise SlackError("user_not_found")
    user: Result = {
        "id": person.id,
        "team_id": state.team_id,
        "name": person.name,
        "deleted": False,
        "is_bot": False,
        "tz": "Asia/Tokyo",
    }
    if str(args.get("include_locale", "")).lower() in ("1", "true"):
        user["locale"] = person.locale
    return {"user": user}
