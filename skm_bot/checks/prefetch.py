"""Start SKM reads before they are needed: a check's early calls, and a diagnosis's prefetch."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import AsyncIterator, Awaitable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any, TypeVar

from skm_bot.checks.context import CheckContext
from skm_bot.checks.versions import expected_probe, version_of
from skm_bot.core import check_ids
from skm_bot.skm.memo import MemoSkmApi

K = TypeVar("K")
T = TypeVar("T")


def _quiet(future: asyncio.Future[Any]) -> None:
    # An early call nobody ended up needing may fail; its error is nobody's business.
    if not future.cancelled():
        future.exception()


@asynccontextmanager
async def early(calls: Mapping[K, Awaitable[T]]) -> AsyncIterator[dict[K, asyncio.Future[T]]]:
    """
    Start `calls` at once, before it is known which will be needed.

    Await the ones needed from the yielded dict; on leaving, those still running are cancelled
    and the errors of the unneeded ones are dropped. Only for reads: an unneeded call has made
    a request that changed nothing.
    """
    started: dict[K, asyncio.Future[T]] = {}
    for key, call in calls.items():
        started[key] = asyncio.ensure_future(call)
        started[key].add_done_callback(_quiet)
    try:
        yield started
    finally:
        for future in started.values():
            future.cancel()


class Need(enum.Enum):
    """A kind of SKM read that checks share."""

    CONFIRM = "confirm"
    KEYSTORES = "keystores"
    KEYS = "keys"
    IPV4S = "ipv4s"
    MACS = "macs"
    CERTIFICATES = "certificates"
    VERSION = "version"


def needs(check_id: str, ctx: CheckContext) -> set[Need]:
    """
    The reads a planned check will make, judged from the facts (erring towards more).

    Key lookups list the profile's keystores; without `keystore_ids` the checks list them
    once the keystore listing is in.
    """
    facts, profile = ctx.facts, ctx.profile
    if profile is None:
        return set()
    lookup = {Need.KEYSTORES, Need.KEYS} if facts.key_id else {Need.KEYSTORES}
    match check_id:
        case check_ids.SKM_CONFIRM | check_ids.SKM_APPKEY:
            return {Need.CONFIRM}
        case check_ids.SKM_CREDENTIALS if profile.api_version not in ("v1.0", "v1.1"):
            return {Need.KEYSTORES}
        case check_ids.SKM_KEY if facts.key_id:
            return lookup
        case check_ids.SKM_KEY_VERSION if facts.key_id and (facts.key_version or facts.ciphertext):
            return {*lookup, Need.VERSION}
        case check_ids.SKM_IPV4:
            return {Need.CONFIRM, *lookup, Need.IPV4S} if facts.client_ip else {Need.CONFIRM}
        case check_ids.SKM_MAC if facts.client_mac:
            return {*lookup, Need.MACS}
        case check_ids.CERT_REGISTERED if profile.certificate_path:
            return {Need.CERTIFICATES}
    return set()


def prefetch(
    memo: MemoSkmApi, planned: Iterable[str], ctx: CheckContext
) -> list[Awaitable[object]]:
    """
    Start, all at once, the reads the planned checks will make, and return them.

    Nobody needs to await what is returned: the checks ask the memo for the same reads and get
    their shared results. Without this, a check reaches its second read only when its first is
    answered.
    """
    wanted: set[Need] = set()
    for check_id in planned:
        wanted |= needs(check_id, ctx)
    ids = ctx.profile.keystore_ids if ctx.profile is not None else ()
    started: list[Awaitable[object]] = []
    if Need.CONFIRM in wanted:
        started.append(memo.confirm())
    if Need.KEYSTORES in wanted:
        started.append(memo.list_keystores())
    if Need.VERSION in wanted:
        started.extend(_version_probe(memo, ctx))
    for keystore_id in ids:
        if Need.KEYS in wanted:
            started.append(memo.list_all_keys(keystore_id))
        if Need.IPV4S in wanted:
            started.append(memo.list_ipv4s(keystore_id))
        if Need.MACS in wanted:
            started.append(memo.list_macs(keystore_id))
        if Need.CERTIFICATES in wanted:
            started.append(memo.list_certificates(keystore_id))
    return started


def _version_probe(memo: MemoSkmApi, ctx: CheckContext) -> list[Awaitable[object]]:
    """The version read skm.key_version will make, when the operation says which one."""
    found = version_of(ctx)
    if found is None:
        return []
    return list(expected_probe(replace(ctx, api=memo), found[0]).values())
