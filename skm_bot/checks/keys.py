"""skm.key and skm.key_version: does the key exist, fit the operation, and have that version?"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping

from skm_bot.checks.context import CheckContext
from skm_bot.checks.locate import Located, keystore_names, search_key
from skm_bot.checks.prefetch import early
from skm_bot.checks.verdicts import (
    is_auth_refusal,
    live,
    result,
    says,
    server_says,
    skip,
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
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.errors import SkmApiError
from skm_bot.skm.models import KeyInfo


def pending_deletion(key: KeyInfo) -> bool:
    """True when the key is scheduled for deletion (SKM can no longer use it)."""
    status = (key.key_status or "").upper()
    return key.deletion_datetime is not None or (bool(status) and status != "ACTIVE")


def _describe(located: Located) -> str:
    key, store = located.key, located.keystore
    return (
        f"key {key.key_id} ({key.name or 'unnamed'}): {key.key_type}, current version "
        f"{key.current_key_value_version}, in keystore {store.name or '?'} (#{store.key_store_id})"
    )


def _judge_key(located: Located, operation: str | None) -> CheckResult:
    key = located.key
    about = _describe(located)
    if pending_deletion(key):
        return result(
            SKM_KEY,
            Status.FAIL,
            f"key {key.key_id} is pending deletion (deleted for good on {when(key.deletion_datetime)})",
            about,
            "a key pending deletion cannot be used; cancel the deletion in the console",
        )
    needed = needed_type(operation)
    if needed and (key.key_type or "").upper() != needed:
        return result(
            SKM_KEY,
            Status.FAIL,
            f"key {key.key_id} is of type {key.key_type}, but {operation} needs a {needed}",
            about,
            "a key of the wrong type is answered with Invalid Key Id or Invalid Key Status",
        )
    return result(SKM_KEY, Status.PASS, f"key {key.key_id} exists and is usable", about)


async def find_key(ctx: CheckContext, check_id: str) -> Located | CheckResult:
    """The located key of the facts, or the result to return when it cannot be found."""
    gate = live(ctx, check_id)
    if isinstance(gate, CheckResult):
        return gate
    profile, api = gate
    if not ctx.facts.key_id:
        return skip(check_id, "no key ID in the paste")
    keystores, located = await search_key(profile, api, ctx.facts.key_id)
    if located is None:
        return result(
            check_id,
            Status.FAIL,
            f"key {ctx.facts.key_id} is in none of the searched keystores",
            f"searched: {keystore_names(keystores)}",
            "check the key ID and the appkey; a deleted key answers Invalid Key Id",
        )
    return located


async def check_key(ctx: CheckContext) -> CheckResult:
    """Does the key exist, where, does its type fit the operation, is it usable?"""
    found = await find_key(ctx, SKM_KEY)
    if isinstance(found, CheckResult):
        return found
    return _judge_key(found, ctx.facts.operation)


async def check_key_version(ctx: CheckContext) -> CheckResult:
    """
    Does the key have the version the paste (or ciphertext) names, and is it usable?

    SKM publishes no version list, so: a version above currentKeyValueVersion does not exist;
    otherwise the bot asks for that version's key (symmetric-key?keyVersion=N, or publicKey for
    an asymmetric key) and reads SKM's answer. The key material is discarded unseen.

    The probe the operation implies is sent together with the key lookup; should the key turn
    out to be of the other type (or not to exist), its answer is dropped.
    """
    version, source = version_of(ctx)
    if version is None:
        return skip(SKM_KEY_VERSION, "no key version in the paste or its ciphertext")
    async with early(expected_probe(ctx, version)) as started:
        found = await find_key(ctx, SKM_KEY_VERSION)
        if isinstance(found, CheckResult):
            return found
        return await _judge_version(ctx, found.key, (version, source), started)


async def _judge_version(
    ctx: CheckContext,
    key: KeyInfo,
    wanted: tuple[int, str],
    started: Mapping[Probe, Awaitable[object]],
) -> CheckResult:
    version, source = wanted
    about = f"version {version} from {source}; current version {key.current_key_value_version}"
    key_type = (key.key_type or "").upper()
    if key_type == "SECRET":
        return skip(SKM_KEY_VERSION, "secrets have no versions to check", about)
    current = key.current_key_value_version
    if current is not None and version > current:
        summary = f"key {key.key_id} has no version {version} (current is {current})"
        return result(SKM_KEY_VERSION, Status.FAIL, summary, about)
    assert ctx.api is not None
    probe = (key_type if key_type == "SYMMETRIC_KEY" else "ASYMMETRIC_KEY", key.key_id)
    try:
        await (started.get(probe) or probe_call(ctx.api, probe, version))
    except SkmApiError as err:
        return _judge_version_error(err, key, version, about)
    return result(
        SKM_KEY_VERSION, Status.PASS, f"version {version} of key {key.key_id} is usable", about
    )


def _judge_version_error(err: SkmApiError, key: KeyInfo, version: int, about: str) -> CheckResult:
    if says(err, "Invalid Key Version"):
        summary = f"version {version} of key {key.key_id} no longer exists"
        return result(SKM_KEY_VERSION, Status.FAIL, summary, about, "SKM: Invalid Key Version")
    if says(err, "Invalid Key Version Status"):
        summary = f"version {version} of key {key.key_id} is not in service"
        return result(
            SKM_KEY_VERSION, Status.FAIL, summary, about, "SKM: Invalid Key Version Status"
        )
    if is_auth_refusal(err):
        summary = f"cannot ask SKM about version {version}: it refuses the bot's host"
        return result(SKM_KEY_VERSION, Status.WARN, summary, about, f"SKM: {server_says(err)}")
    raise err
