"""The SKM client's public face: SkmApi and its helpers, re-exported from skm_bot.skm."""

from __future__ import annotations

from skm_bot.skm.auth import AccessKeyAuth, AppkeyOnlyAuth, TokenAuth
from skm_bot.skm.client import MAC_HEADER, Ping, SkmApi
from skm_bot.skm.from_profile import api_from_profile, auth_for
from skm_bot.skm.models import parse_skm_timestamp

__all__ = [
    "MAC_HEADER",
    "AccessKeyAuth",
    "AppkeyOnlyAuth",
    "Ping",
    "SkmApi",
    "TokenAuth",
    "api_from_profile",
    "auth_for",
    "parse_skm_timestamp",
]
