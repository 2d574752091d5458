"""Find where things live in SKM: the keystores to search and the keystore holding a key."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from skm_bot.profiles import Profile
from skm_bot.skm.models import KeyInfo, Keystore
from skm_bot.skm_api import SkmApi


@dataclass(frozen=True)
class Located:
    """A key and the keystore it was found in."""

    keystore: Keystore
    key: KeyInfo


async def candidate_keystores(profile: Profile, api: SkmApi) -> list[Keystore]:
    """The profile's keystores when it names some, else every keystore of the appkey."""
    keystores = await api.list_keystores()
    if not profile.keystore_ids:
        return keystores
    wanted = set(profile.keystore_ids)
    return [k for k in keystores if k.key_store_id in wanted]


async def locate_key(api: SkmApi, keystores: list[Keystore], key_id: str) -> Located | None:
    """
    The keystore holding `key_id`, by listing each keystore's keys in detail.

    Listing (not the key detail) is used because it also shows keys pending deletion, which
    SKM will not otherwise describe.
    """
    listings = await asyncio.gather(*(api.list_all_keys(k.key_store_id) for k in keystores))
    wanted = key_id.strip().lower()
    for keystore, keys in zip(keystores, listings, strict=True):
        for key in keys:
            if key.key_id.lower() == wanted:
                return Located(keystore, key)
    return None


def keystore_names(keystores: list[Keystore]) -> str:
    """Keystores as "name (#id)", comma separated, for a detail line."""
    return ", ".join(f"{k.name or '?'} (#{k.key_store_id})" for k in keystores) or "none"
