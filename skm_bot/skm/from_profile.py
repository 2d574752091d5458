"""Build an SkmApi from a Profile: choose the authentication its API version needs."""

from __future__ import annotations

import httpx

from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError
from skm_bot.skm.auth import DEFAULT_TOKEN_ENDPOINT, AccessKeyAuth, AppkeyOnlyAuth, TokenAuth
from skm_bot.skm.client import SkmApi


def auth_for(profile: Profile) -> httpx.Auth:
    """The httpx.Auth for the profile's API version; ConfigError if a credential is missing."""
    if profile.api_version in ("v1.0", "v1.1"):
        return AppkeyOnlyAuth()
    if not profile.access_key_id or profile.secret_access_key is None:
        raise ConfigError(
            f"profile {profile.name!r} uses {profile.api_version} but has no access_key_id "
            "and secret access key"
        )
    if profile.api_version == "v1.2":
        return AccessKeyAuth(profile.access_key_id, profile.secret_access_key)
    return TokenAuth(
        profile.access_key_id,
        profile.secret_access_key,
        token_endpoint=profile.token_endpoint or DEFAULT_TOKEN_ENDPOINT,
    )


def api_from_profile(profile: Profile, client: httpx.AsyncClient) -> SkmApi:
    """
    An SkmApi for the profile over the caller's client.

    The caller owns the client and its TLS settings (CA bundle, client certificate).
    """
    if not profile.appkey:
        raise ConfigError(f"profile {profile.name!r} has no appkey")
    return SkmApi(
        client,
        appkey=profile.appkey,
        api_version=profile.api_version,
        auth=auth_for(profile),
        base_url=profile.endpoint,
        mac=profile.client_mac,
    )
