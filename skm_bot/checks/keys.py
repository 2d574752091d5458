"""skm.key and skm.key_version: does the key exist, fit the operation, and have that version?"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING

from skm_bot.checks.context import CheckContext
from skm_bot.checks.locate import Located, keystore_names, search_key
from skm_bot.checks.prefetch import early
from skm_bot.checks.verdicts import (
    Verdict,
    is_auth_refusal,
    live,
    localised,
    result,
    says,
    skip,
    skm_says,
    when,
)
from skm_bot.checks.versions import (
    Probe,
    expected_probe,
    needed_type,
    probe_call,
    version_of,
)
from skm_bot.core.check_ids import SKM_KEY, SKM_KEY_VERSION
from skm_bot.core.check_result import Status
from skm_bot.core.found_facts import KEY_VERSION, KEYSTORE
from skm_bot.core.phrases import Phrase, phrase
from skm_bot.errors import SkmApiError

if TYPE_CHECKING:
    from skm_bot.skm.models import KeyInfo


def pending_deletion(key: KeyInfo) -> bool:
    """True when the key is scheduled for deletion (SKM can no longer use it)."""
    status = (key.key_status or "").upper()
    return key.deletion_datetime is not None or (bool(status) and status != "ACTIVE")


def _describe(located: Located) -> Phrase:
    key, store = located.key, located.keystore
    return phrase(
        "check.key.about",
        key_id=key.key_id,
        name=key.name or phrase("check.key.unnamed"),
        key_type=str(key.key_type),
        current=_version_text(key.current_key_value_version),
        keystore=store.name or "?",
        keystore_id=store.key_store_id,
    )


def _version_text(version: int | None) -> str:
    return "?" if version is None else str(version)


def _judge_key(located: Located, operation: str | None) -> Verdict:
    key = located.key
    about = _describe(located)
    if pending_deletion(key):
        return result(
            SKM_KEY,
            Status.FAIL,
            phrase(
                "check.key.pending_deletion", key_id=key.key_id, date=when(key.deletion_datetime)
            ),
            about,
            phrase("check.key.pending_deletion_hint"),
        )
    needed = needed_type(operation)
    if needed and (key.key_type or "").upper() != needed:
        return result(
            SKM_KEY,
            Status.FAIL,
            phrase(
                "check.key.wrong_type",
                key_id=key.key_id,
                key_type=str(key.key_type),
                operation=str(operation),
                needed=needed,
            ),
            about,
            phrase("check.key.wrong_type_hint"),
        )
    return result(SKM_KEY, Status.PASS, phrase("check.key.usable", key_id=key.key_id), about)


async def find_key(ctx: CheckContext, check_id: str) -> Located | Verdict:
    """The located key of the facts, or the verdict to return when it cannot be found."""
    gate = live(ctx, check_id)
    if isinstance(gate, Verdict):
        return gate
    profile, api = gate
    if not ctx.facts.key_id:
        return skip(check_id, phrase("check.key.no_key_id"))
    keystores, located = await search_key(profile, api, ctx.facts.key_id)
    if located is None:
        return result(
            check_id,
            Status.FAIL,
            phrase("check.key.not_found", key_id=ctx.facts.key_id),
            phrase("check.key.searched", keystores=keystore_names(keystores)),
            phrase("check.key.not_found_hint"),
        )
    return located


def keystore_found(located: Located) -> dict[str, str]:
    """The keystore a key was found in, as a found fact: "name (#id)"."""
    store = located.keystore
    name = f"{store.name} (#{store.key_store_id})" if store.name else f"#{store.key_store_id}"
    return {KEYSTORE: name}


@localised
async def check_key(ctx: CheckContext) -> Verdict:
    """Does the key exist, where, does its type fit the operation, is it usable?"""
    found = await find_key(ctx, SKM_KEY)
    if isinstance(found, Verdict):
        return found
    return _judge_key(found, ctx.facts.operation).finding(**keystore_found(found))


@localised
async def check_key_version(ctx: CheckContext) -> Verdict:
    """
    Does the key have the version the paste (or ciphertext) names, and is it usable?

    SKM publishes no version list, so: a version above currentKeyValueVersion does not exist;
    otherwise the bot asks for that version's key (symmetric-key?keyVersion=N, or publicKey for
    an asymmetric key) and reads SKM's answer. The key material is discarded unseen.

    The probe the operation implies is sent together with the key lookup; should the key turn
    out to be of the other type (or not to exist), its answer is dropped.
    """
    wanted = version_of(ctx)
    if wanted is None:
        return skip(SKM_KEY_VERSION, phrase("check.key_version.none"))
    async with early(expected_probe(ctx, wanted[0])) as started:
        found = await find_key(ctx, SKM_KEY_VERSION)
        if isinstance(found, Verdict):
            verdict = found
        else:
            verdict = await _judge_version(ctx, found.key, wanted, started)
            verdict = verdict.finding(**keystore_found(found))
    if ctx.facts.key_version is None:
        # The paste named no version: the one checked was read from the ciphertext.
        verdict = verdict.finding(**{KEY_VERSION: wanted[0]})
    return verdict


async def _judge_version(
    ctx: CheckContext,
    key: KeyInfo,
    wanted: tuple[int, Phrase],
    started: Mapping[Probe, Awaitable[object]],
) -> Verdict:
    version, source = wanted
    current = key.current_key_value_version
    about = phrase(
        "check.key_version.about",
        version=version,
        source=source,
        current=_version_text(current),
    )
    key_type = (key.key_type or "").upper()
    if key_type == "SECRET":
        return skip(SKM_KEY_VERSION, phrase("check.key_version.secret"), about)
    if current is not None and version > current:
        summary = phrase(
            "check.key_version.above_current", key_id=key.key_id, version=version, current=current
        )
        return result(SKM_KEY_VERSION, Status.FAIL, summary, about)
    assert ctx.api is not None
    probe = (key_type if key_type == "SYMMETRIC_KEY" else "ASYMMETRIC_KEY", key.key_id)
    try:
        await (started.get(probe) or probe_call(ctx.api, probe, version))
    except SkmApiError as err:
        return _judge_version_error(err, key, version, about)
    usable = phrase("check.key_version.usable", version=version, key_id=key.key_id)
    return result(SKM_KEY_VERSION, Status.PASS, usable, about)


def _judge_version_error(err: SkmApiError, key: KeyInfo, version: int, about: Phrase) -> Verdict:
    if says(err, "Invalid Key Version"):
        summary = phrase("check.key_version.gone", version=version, key_id=key.key_id)
        return result(SKM_KEY_VERSION, Status.FAIL, summary, about, skm_says(err))
    if says(err, "Invalid Key Version Status"):
        summary = phrase("check.key_version.not_in_service", version=version, key_id=key.key_id)
        return result(SKM_KEY_VERSION, Status.FAIL, summary, about, skm_says(err))
    if is_auth_refusal(err):
        summary = phrase("check.key_version.host_refused", version=version)
        return result(SKM_KEY_VERSION, Status.WARN, summary, about, skm_says(err))
    raise err
