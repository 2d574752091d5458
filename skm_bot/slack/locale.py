"""
A person's language for the Home tab: the locale Slack knows for them (users.info with
include_locale), kept for an hour. English when Slack does not say (the call fails, the scope
is missing, the locale is neither Japanese nor Korean).

Why Slack's locale: the Home tab has no paste to read a language from, and the locale is what
the person chose for Slack itself. It costs one call per person per hour and the users:read
scope; what users:read lets the bot read beyond the locale is never kept or shown.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.language import LANGUAGES, Language
from skm_bot.slack.failures import describe, slack_unavailable

logger = logging.getLogger("skm_bot.slack")

DEFAULT_LANGUAGE: Language = "en"


def locale_language(locale: str | None) -> Language:
    """`ja-JP` is Japanese, `ko-KR` Korean; any other locale (or none) English."""
    code = (locale or "").replace("_", "-").split("-", 1)[0].lower()
    return next((language for language in LANGUAGES if language == code), DEFAULT_LANGUAGE)


class LocaleBook:
    """Each person's language as Slack last said it, for `ttl`, at most `size` people."""

    def __init__(self, *, ttl: timedelta = timedelta(hours=1), size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._known: OrderedDict[str, tuple[Language, datetime]] = OrderedDict()

    def cached(self, user: str, now: datetime) -> Language | None:
        """The language kept for `user`, None when unknown or stale."""
        found = self._known.get(user)
        if found is None or now - found[1] > self.ttl:
            return None
        return found[0]

    async def language(self, client: AsyncWebClient, user: str, now: datetime) -> Language:
        """`user`'s language: kept, else asked of Slack, else English (not kept: ask again)."""
        known = self.cached(user, now)
        if known is not None:
            return known
        try:
            response = await client.users_info(user=user, include_locale=True)
        except Exception as exc:
            if not (isinstance(exc, SlackApiError) or slack_unavailable(exc)):
                raise
            logger.info("no locale for the Home tab: %s", describe(exc))
            return DEFAULT_LANGUAGE
        language = locale_language((response.get("user") or {}).get("locale"))
        self._known[user] = (language, now)
        self._known.move_to_end(user)
        while len(self._known) > self.size:
            self._known.popitem(last=False)
        return language
