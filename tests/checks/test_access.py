"""skm.appkey and skm.credentials against the emulator."""

from __future__ import annotations

import pytest

from skm_bot.checks.credentials import appkey_matches, check_appkey, check_credentials
from skm_bot.core.check_result import Status

from .conftest import APPKEY, CANARY


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (APPKEY, True),
        ("qTQN****azH3", True),
        ("qTQN…", True),
        ("…azH3", True),
        ("qTQN...azH3", True),
        ("qTQN****zzzz", False),
        ("otherAppkey12345", False),
        ("qTQNj7LyHhdAazH", False),
    ],
)
def test_appkey_matches(pasted, expected):
    assert appkey_matches(pasted, APPKEY) is expected


@pytest.mark.parametrize("pasted", [None, APPKEY, "qTQN****azH3"])
@pytest.mark.anyio
async def test_appkey_passes_when_skm_accepts_it(make_ctx, pasted):
    result = await check_appkey(make_ctx(appkey=pasted))

    assert result.status is Status.PASS


@pytest.mark.anyio
async def test_appkey_fails_when_skm_rejects_the_profiles_appkey(make_ctx):
    result = await check_appkey(make_ctx(profile_overrides={"appkey": "wrongAppkey00000"}))

    assert (result.status, result.summary) == (Status.FAIL, "SKM rejects the profile's appkey")


@pytest.mark.parametrize(
    ("message", "status"), [("Invalid Appkey", Status.FAIL), (None, Status.WARN)]
)
@pytest.mark.anyio
async def test_appkey_flags_a_different_pasted_appkey(make_ctx, message, status):
    result = await check_appkey(make_ctx(appkey="zzzz****yyyy", result_message=message))

    assert result.status is status
    assert "another one" in result.summary


@pytest.mark.parametrize("version", ["v1.2", "v1.3"])
@pytest.mark.anyio
async def test_credentials_pass(make_ctx, version):
    result = await check_credentials(make_ctx(profile_overrides={"api_version": version}))

    assert result.status is Status.PASS


@pytest.mark.anyio
async def test_credentials_v1_3_reports_the_token_lifetime(make_ctx):
    result = await check_credentials(make_ctx(profile_overrides={"api_version": "v1.3"}))

    assert any("valid 86400 s" in line for line in result.details)


@pytest.mark.parametrize(("version", "phrase"), [("v1.2", "rejects"), ("v1.3", "token endpoint")])
@pytest.mark.anyio
async def test_credentials_fail_with_a_wrong_secret(make_ctx, version, phrase):
    from pydantic import SecretStr

    overrides = {"api_version": version, "secret_access_key": SecretStr("wrong-secret")}
    result = await check_credentials(make_ctx(profile_overrides=overrides))

    assert result.status is Status.FAIL
    assert phrase in result.summary


@pytest.mark.parametrize("version", ["v1.0", "v1.1"])
@pytest.mark.anyio
async def test_credentials_skip_on_appkey_only_versions(make_ctx, version):
    result = await check_credentials(make_ctx(profile_overrides={"api_version": version}))

    assert (result.status, result.summary) == (
        Status.SKIP,
        f"{version} authenticates with the appkey alone",
    )


@pytest.mark.parametrize("version", ["v1.2", "v1.3"])
@pytest.mark.anyio
async def test_no_result_holds_the_secret(make_ctx, version):
    ctx = make_ctx(profile_overrides={"api_version": version}, appkey=APPKEY)

    results = [await check_appkey(ctx), await check_credentials(ctx)]

    assert CANARY not in repr(results)
    assert CANARY not in repr(ctx.api)
