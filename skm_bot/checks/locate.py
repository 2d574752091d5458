"""Find where things live in SKM: the keystores to search and the keystore holding a key."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from skm_bot.checks.prefetch import early
from skm_bot.core.phrases import Phrase, phrase, verbatim

if TYPE_CHECKING:
    # Types only: an offline check (the key version read from the paste) loads no SKM model.
    from skm_bot.core.profile import Profile
    from skm_bot.skm.models import KeyInfo, Keystore
    from skm_bot.skm.reader import SkmReader


@dataclass(frozen=True)
class Located:
    """A key and the keystore it was found in."""

    keystore: Keystore
    key: KeyInfo


async def candidate_keystores(profile: Profile, api: SkmReader) -> list[Keystore]:
    """The profile's keystores when it names some, else every keystore of the appkey."""
    keystores = await api.list_keystores()
    if not profile.keystore_ids:
        return keystores
    wanted = set(profile.keystore_ids)
    return [k for k in keystores if k.key_store_id in wanted]


async def locate_key(
    api: SkmReader,
    keystores: list[Keystore],
    key_id: str,
    started: Mapping[int, Awaitable[list[KeyInfo]]] | None = None,
) -> Located | None:
    """
    The keystore holding `key_id`, by listing each keystore's keys in detail.

    Listing (not the key detail) is used because it also shows keys pending deletion, which
    SKM will not otherwise describe. `started` holds listings already under way, by keystore.
    """
    started = started or {}
    listings = await asyncio.gather(
        *(started.get(k.key_store_id) or api.list_all_keys(k.key_store_id) for k in keystores)
    )
    wanted = key_id.strip().lower()
    for keystore, keys in zip(keystores, listings, strict=True):
        for key in keys:
            if key.key_id.lower() == wanted:
                return Located(keystore, key)
    return None


async def search_key(
    profile: Profile, api: SkmReader, key_id: str
) -> tuple[list[Keystore], Located | None]:
    """
    The keystores searched and where `key_id` is, in one round trip when the profile names them.

    The profile's keystores are listed at the same time as the keystore list that says which
    of them exist; a listing of a keystore that turns out not to exist is dropped.
    """
    async with early({i: api.list_all_keys(i) for i in profile.keystore_ids}) as listings:
        keystores = await candidate_keystores(profile, api)
        return keystores, await locate_key(api, keystores, key_id, listings)


def keystore_names(keystores: list[Keystore]) -> Phrase:
    """Keystores as "name (#id)", comma separated, for a detail line."""
    if not keystores:
        return phrase("check.key.no_keystores")
    return verbatim(", ".join(f"{k.name or '?'} (#{k.key_store_id})" for k in keystores))
