"""skm.key and skm.key_version against the emulator."""

from __future__ import annotations

import base64
import re

import pytest

from skm_bot.checks.keys import check_key, check_key_version
from skm_bot.core.check_result import Status

from .conftest import ASYM, ELSEWHERE, MISSING, PENDING, SECRET, SYM


@pytest.mark.parametrize(
    ("key_id", "operation"),
    [
        (SYM, "symmetric.decrypt"),
        (ASYM, "asymmetric.sign"),
        (SECRET, "secret.get"),
        (SYM, "confirm"),
        (ELSEWHERE, "symmetric.encrypt"),
        (SYM.upper(), None),
    ],
)
@pytest.mark.anyio
async def test_key_passes_for_a_usable_key_of_the_right_type(make_ctx, key_id, operation):
    result = await check_key(make_ctx(key_id=key_id, operation=operation))

    assert result.status is Status.PASS


@pytest.mark.anyio
async def test_key_names_its_keystore(make_ctx):
    result = await check_key(make_ctx(key_id=ELSEWHERE))

    assert "other (#2)" in result.details[0]


@pytest.mark.anyio
async def test_key_fails_when_missing(make_ctx):
    result = await check_key(make_ctx(key_id=MISSING))

    assert result.status is Status.FAIL
    assert "none of the searched keystores" in result.summary


@pytest.mark.anyio
async def test_key_searches_only_the_profiles_keystores(make_ctx):
    ctx = make_ctx(key_id=ELSEWHERE, profile_overrides={"keystore_ids": (1,)})

    result = await check_key(ctx)

    assert result.status is Status.FAIL
    assert "main (#1)" in result.details[0]


@pytest.mark.parametrize(
    ("key_id", "operation", "needed"),
    [
        (ASYM, "symmetric.decrypt", "SYMMETRIC_KEY"),
        (SYM, "asymmetric.verify", "ASYMMETRIC_KEY"),
        (SYM, "secret.get", "SECRET"),
    ],
)
@pytest.mark.anyio
async def test_key_fails_for_the_wrong_type(make_ctx, key_id, operation, needed):
    result = await check_key(make_ctx(key_id=key_id, operation=operation))

    assert result.status is Status.FAIL
    assert f"{operation} needs a {needed}" in result.summary


@pytest.mark.anyio
async def test_key_fails_when_pending_deletion_with_its_date(make_ctx):
    result = await check_key(make_ctx(key_id=PENDING))

    assert result.status is Status.FAIL
    assert re.search(
        r"pending deletion \(deleted for good on 20\d\d-\d\d-\d\d \d\d:\d\d UTC", result.summary
    )


@pytest.mark.anyio
async def test_key_skips_without_a_key_id(make_ctx):
    result = await check_key(make_ctx())

    assert (result.status, result.summary) == (Status.SKIP, "no key ID in the paste")


@pytest.mark.parametrize(
    ("key_id", "version", "status", "phrase"),
    [
        (SYM, 0, Status.PASS, "is usable"),
        (SYM, 3, Status.PASS, "is usable"),
        (SYM, 1, Status.FAIL, "is not in service"),
        (SYM, 2, Status.FAIL, "no longer exists"),
        (SYM, 4, Status.FAIL, "has no version 4 (current is 3)"),
        (ASYM, 0, Status.PASS, "is usable"),
        (ASYM, 1, Status.FAIL, "has no version 1"),
        (SECRET, 0, Status.SKIP, "secrets have no versions"),
    ],
)
@pytest.mark.anyio
async def test_key_version(make_ctx, key_id, version, status, phrase):
    result = await check_key_version(make_ctx(key_id=key_id, key_version=version))

    assert result.status is status
    assert phrase in result.summary


@pytest.mark.anyio
async def test_key_version_reads_the_ciphertext_prefix(make_ctx):
    ctx = make_ctx(key_id=SYM)
    assert ctx.api is not None
    ciphertext = (await ctx.api.encrypt(SYM, "hello")).ciphertext
    assert base64.b64decode(ciphertext)[:4] == (3).to_bytes(4, "big")

    result = await check_key_version(make_ctx(key_id=SYM, ciphertext=ciphertext))

    assert result.status is Status.PASS
    assert "from the ciphertext's first 4 bytes" in result.details[0]


@pytest.mark.anyio
async def test_key_version_warns_when_skm_refuses_the_bots_host(make_ctx):
    result = await check_key_version(make_ctx(bot_ip="10.9.9.9", key_id=SYM, key_version=0))

    assert result.status is Status.WARN
    assert "IPv4 Auth Failure" in result.details[-1]


@pytest.mark.anyio
async def test_key_version_skips_without_a_version(make_ctx):
    result = await check_key_version(make_ctx(key_id=SYM))

    assert result.status is Status.SKIP


@pytest.mark.anyio
async def test_key_version_reports_the_version_it_read_from_the_ciphertext(make_ctx):
    ctx = make_ctx(key_id=SYM)
    assert ctx.api is not None
    ciphertext = (await ctx.api.encrypt(SYM, "hello")).ciphertext

    result = await check_key_version(make_ctx(key_id=SYM, ciphertext=ciphertext))

    assert ("key_version", 3) in result.found


@pytest.mark.anyio
async def test_key_version_reports_no_version_the_paste_named(make_ctx):
    result = await check_key_version(make_ctx(key_id=SYM, key_version=1))

    assert "key_version" not in dict(result.found)


@pytest.mark.parametrize("check", [check_key, check_key_version])
@pytest.mark.anyio
async def test_key_checks_report_the_keystore_holding_the_key(make_ctx, check):
    result = await check(make_ctx(key_id=ELSEWHERE, key_version=0))

    assert ("keystore", "other (#2)") in result.found


@pytest.mark.anyio
async def test_key_reports_no_keystore_for_a_missing_key(make_ctx):
    result = await check_key(make_ctx(key_id=MISSING))

    assert result.found == ()
