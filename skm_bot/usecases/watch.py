"""
The watch's reads for one profile, all at once: its certificate file, its keystores' keys and
IPv4 / MAC / certificate lists, and the reachability checks (run by the diagnosis's runner).

Every SKM read goes through one MemoSkmApi, so the keystore list the credentials check makes is
the one the watch uses for the keystores' names. A read that fails is a gap, said in words; the
findings it would have fed stay as they were (see core.watch.threads).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import httpx

from skm_bot.certs.bounded_read import read_regular_file, unreadable_reason
from skm_bot.certs.inspect import inspect_certificate
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES
from skm_bot.checks.context import CheckContext
from skm_bot.checks.error_phrases import error_phrase
from skm_bot.checks.prefetch import prefetch
from skm_bot.checks.runner import run_checks
from skm_bot.core.check_ids import SKM_REACHABLE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.facts import Facts
from skm_bot.core.language import Language
from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import (
    AuthEntry,
    AuthKind,
    CertificateFile,
    KeyFact,
    KeystoreFacts,
    WatchFacts,
)
from skm_bot.core.watch.reachability import REACHABILITY_CHECKS
from skm_bot.core.watch.texts import load_texts
from skm_bot.errors import SkmBotError
from skm_bot.skm import models
from skm_bot.skm.connect import LiveTarget, open_live_target
from skm_bot.skm.memo import MemoSkmApi
from skm_bot.usecases.diagnose import CheckLimits

log = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_LIMITS = CheckLimits()
_LISTS: tuple[AuthKind, ...] = ("ipv4", "mac", "certificate")


@dataclass
class Gaps:
    """What a run could not read, and why, in the run's language."""

    limits: CheckLimits
    language: Language
    found: list[str] = field(default_factory=list)

    async def settle(self, read: Awaitable[T], what: str, keystore: str = "") -> T | None:
        """
        The read's answer, or None with a gap saying why it failed (never a secret). `what` is
        the read: keystores, keys, ipv4, mac or certificate.
        """
        texts = load_texts()
        try:
            async with asyncio.timeout(self.limits.deadline):
                return await read
        except TimeoutError:
            reason = texts.gap("timeout", self.language, seconds=f"{self.limits.deadline:g}")
        except SkmBotError as err:
            reason = error_phrase(err).text(self.language)
        except Exception as exc:  # a foreign error may echo anything: only its type is shown
            log.warning("watch read %s failed: %s", what, type(exc).__name__)
            log.debug("watch read %s failed", what, exc_info=True)
            reason = type(exc).__name__
        self.found.append(texts.gap(what, self.language, keystore=keystore, reason=reason))
        return None


async def watch_profile(
    profile: Profile,
    *,
    now: datetime,
    limits: CheckLimits = DEFAULT_LIMITS,
    checks: Sequence[str] = REACHABILITY_CHECKS,
    language: Language = "en",
    transport: httpx.AsyncBaseTransport | None = None,
) -> WatchFacts:
    """
    Open the profile's SKM client and read everything the watch looks at. What the checks
    and the gaps say is worded in `language`.
    """
    async with open_live_target(profile, transport=transport) as target:
        assert target is not None  # a profile always gives a target
        return await gather_facts(target, now=now, limits=limits, checks=checks, language=language)


async def gather_facts(
    target: LiveTarget,
    *,
    now: datetime,
    limits: CheckLimits = DEFAULT_LIMITS,
    checks: Sequence[str] = REACHABILITY_CHECKS,
    language: Language = "en",
) -> WatchFacts:
    """The facts of one run, every read made concurrently, none made twice."""
    profile = target.profile
    gaps = Gaps(limits, language)
    async with MemoSkmApi(target.api) as memo:
        ctx = CheckContext(facts=Facts(), now=now, profile=profile, api=memo, language=language)
        prefetch(memo, checks, ctx)
        results, keystores, certificate = await asyncio.gather(
            run_reachability(checks, ctx, limits),
            read_keystores(memo, profile, gaps),
            asyncio.to_thread(read_certificate_file, profile, now, language),
        )
    return WatchFacts(
        profile=profile.name,
        endpoint=profile.endpoint,
        certificate_file=certificate,
        keystores=keystores,
        checks=tuple(results),
        gaps=tuple(sorted(gaps.found)),
    )


async def run_reachability(
    checks: Sequence[str], ctx: CheckContext, limits: CheckLimits
) -> list[CheckResult]:
    """
    skm.reachable first, then the others only if SKM answered: when it cannot be reached they
    can only fail with it (core.watch.reachability judges them so), and a check that fails
    that way is not worth running. Their reads are already under way (prefetched), so waiting
    for skm.reachable costs next to nothing.
    """
    first = [c for c in checks if c == SKM_REACHABLE]
    rest = [c for c in checks if c != SKM_REACHABLE]
    results = await run_checks(
        first, ctx, per_check_timeout=limits.per_check, deadline=limits.deadline
    )
    if any(r.status in (Status.FAIL, Status.ERROR) for r in results):
        return results
    more = await run_checks(rest, ctx, per_check_timeout=limits.per_check, deadline=limits.deadline)
    return [*results, *more]


async def read_keystores(
    api: MemoSkmApi, profile: Profile, gaps: Gaps
) -> tuple[KeystoreFacts, ...] | None:
    """
    The profile's keystores (all of the appkey's when it names none), each with its lists.

    The named keystores' lists are asked for at once, beside the keystore list that gives
    their names; without names the keystore list comes first.
    """
    listing = api.list_keystores()
    reads = {ks: _start_reads(api, ks) for ks in profile.keystore_ids}
    listed = await gaps.settle(listing, "keystores")
    if not profile.keystore_ids:
        if listed is None:
            return None
        reads = {k.key_store_id: _start_reads(api, k.key_store_id) for k in listed}
    names = {k.key_store_id: k.name for k in listed or ()}
    stores = await asyncio.gather(
        *(_keystore(ks, names.get(ks), started, gaps) for ks, started in reads.items())
    )
    return tuple(stores)


def _start_reads(api: MemoSkmApi, keystore_id: int) -> dict[str, asyncio.Future[Any]]:
    return {
        "keys": api.list_all_keys(keystore_id),
        "ipv4": api.list_ipv4s(keystore_id),
        "mac": api.list_macs(keystore_id),
        "certificate": api.list_certificates(keystore_id),
    }


async def _keystore(
    keystore_id: int, name: str | None, started: Mapping[str, Awaitable[Any]], gaps: Gaps
) -> KeystoreFacts:
    label = f"{name} (#{keystore_id})" if name else f"#{keystore_id}"
    keys, *lists = await asyncio.gather(
        gaps.settle(started["keys"], "keys", label),
        *(gaps.settle(started[kind], kind, label) for kind in _LISTS),
    )
    auth = {
        kind: tuple(_entry(kind, e) for e in entries)
        for kind, entries in zip(_LISTS, lists, strict=True)
        if entries is not None
    }
    return KeystoreFacts(
        keystore_id=keystore_id,
        name=name,
        keys=None if keys is None else tuple(_key(k) for k in keys),
        auth=auth,
    )


def _key(key: models.KeyInfo) -> KeyFact:
    return KeyFact(
        key_id=key.key_id,
        name=key.name,
        deletion=key.deletion_datetime,
        last_access=key.last_access_datetime,
    )


def _entry(kind: AuthKind, entry: models.AuthEntry | models.CertificateEntry) -> AuthEntry:
    if isinstance(entry, models.CertificateEntry):
        value, expires = entry.name, entry.expiration_date
    else:
        value, expires = entry.value, None
    return AuthEntry(
        kind=kind,
        value=value,
        deletion=entry.deletion_datetime,
        last_access=entry.last_access_datetime,
        created=entry.creation_datetime,
        changed=entry.last_change_datetime,
        expires=expires,
    )


def read_certificate_file(
    profile: Profile, now: datetime, language: Language = "en"
) -> CertificateFile | None:
    """
    The profile's client certificate's dates and fingerprint, or why they cannot be read.

    Blocking (a file read, PKCS#12 decryption): the watch calls it in a worker thread.
    """
    path = profile.certificate_path
    if path is None:
        return None
    try:
        contents = read_regular_file(path, limit=MAX_CERTIFICATE_FILE_BYTES)
    except OSError as exc:
        return CertificateFile(path.name, problem=unreadable_reason(exc).text(language))
    secret = profile.certificate_password
    inspection = inspect_certificate(
        contents.data,
        filename=path.name,
        password=secret.get_secret_value().encode() if secret else None,
        now=now,
    )
    leaf = inspection.leaf
    if leaf is None:
        why = inspection.errors[0].summary.text(language) if inspection.errors else None
        return CertificateFile(path.name, problem=why)
    return CertificateFile(
        path.name,
        fingerprint=leaf.sha256.replace(":", ""),
        subject=leaf.subject,
        not_before=leaf.not_before,
        not_after=leaf.not_after,
    )
