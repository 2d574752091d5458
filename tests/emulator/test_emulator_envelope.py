"""Routing, versions, the envelope, appkey and per-version caller authentication, the Date header."""

from __future__ import annotations

import base64
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest

from skm_bot.emulator import state_from_seed

from .conftest import (
    ACCESS_ID,
    ACCESS_SECRET,
    AES_KEY,
    V12_HEADERS,
    message,
    path,
    skm_client,
)

pytestmark = pytest.mark.anyio


async def test_confirm_answers_the_success_envelope(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/confirm"))

    assert response.status_code == 200
    assert response.json()["header"] == {
        "resultCode": 0,
        "resultMessage": "success",
        "isSuccessful": True,
    }


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/nowhere"),
        ("GET", path("v9.9", "/confirm")),
        ("GET", path("v1.0", "/no-such-endpoint")),
        ("POST", path("v1.0", "/keys/symmetric-keys/create")),
        ("PUT", path("v1.0", f"/secrets/{AES_KEY}")),
        ("GET", path("v1.1", "/confirm")),
        ("POST", path("v1.2", "/keystores")),
        ("PATCH", path("v1.0", "/confirm")),
    ],
    ids=[
        "unknown-path",
        "unknown-version",
        "unknown-endpoint",
        "key-create-on-v1.0",
        "secret-put-on-v1.0",
        "v1.1-is-symmetric-key-only",
        "keystore-create-is-v1.3",
        "wrong-method",
    ],
)
async def test_unknown_route_is_url_not_found(state, method, url):
    async with skm_client(state) as client:
        response = await client.request(method, url, headers=V12_HEADERS)

    assert (response.status_code, message(response)) == (404, "URL NOT FOUND")


async def test_wrong_appkey_is_invalid_appkey(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/confirm", appkey="WrongAppKey00000"))

    assert (response.status_code, message(response)) == (401, "Invalid Appkey")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-TC-AUTHENTICATION-ID": ACCESS_ID},
        {"X-TC-AUTHENTICATION-ID": ACCESS_ID, "X-TC-AUTHENTICATION-SECRET": "wrong"},
        {"X-TC-AUTHENTICATION-ID": "nobody", "X-TC-AUTHENTICATION-SECRET": ACCESS_SECRET},
    ],
    ids=["none", "id-only", "wrong-secret", "unknown-id"],
)
async def test_v12_without_valid_user_access_key_is_refused(state, headers):
    async with skm_client(state) as client:
        response = await client.get(path("v1.2", "/confirm"), headers=headers)

    assert (response.status_code, message(response)) == (401, "Invalid User Access Key")


async def test_v12_with_user_access_key_succeeds(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.2", "/confirm"), headers=V12_HEADERS)

    assert response.json()["header"]["isSuccessful"] is True


def _basic(key_id: str = ACCESS_ID, secret: str = ACCESS_SECRET) -> str:
    return "Basic " + base64.b64encode(f"{key_id}:{secret}".encode()).decode()


async def _token(client) -> str:
    response = await client.post(
        "/oauth2/token/create",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": _basic()},
    )
    return str(response.json()["access_token"])


async def test_token_endpoint_issues_a_bearer_token(state):
    async with skm_client(state) as client:
        response = await client.post(
            "/oauth2/token/create",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": _basic()},
        )

    payload = response.json()
    assert (payload["token_type"], payload["expires_in"]) == ("Bearer", 86400)
    assert payload["access_token"]


@pytest.mark.parametrize(
    ("data", "authorization", "status", "error"),
    [
        ({"grant_type": "client_credentials"}, _basic(secret="wrong"), 401, "invalid_client"),
        ({"grant_type": "client_credentials"}, None, 401, "invalid_client"),
        ({"grant_type": "password"}, _basic(), 400, "unsupported_grant_type"),
        ({}, _basic(), 400, "invalid_request"),
    ],
    ids=["wrong-secret", "no-basic-auth", "wrong-grant", "no-grant"],
)
async def test_token_endpoint_answers_rfc6749_errors(state, data, authorization, status, error):
    headers = {"Authorization": authorization} if authorization else {}
    async with skm_client(state) as client:
        response = await client.post(
            "/oauth2/token/create", data=data or {"x": "1"}, headers=headers
        )

    assert (response.status_code, response.json()["error"]) == (status, error)


async def test_v13_accepts_a_bearer_token(state):
    async with skm_client(state) as client:
        token = await _token(client)
        response = await client.get(
            path("v1.3", "/confirm"), headers={"X-NHN-AUTHORIZATION": f"Bearer {token}"}
        )

    assert response.json()["header"]["isSuccessful"] is True


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-NHN-AUTHORIZATION": "Bearer not-a-token"}],
    ids=["missing", "unknown"],
)
async def test_v13_without_a_valid_token_is_invalid_token(state, headers):
    async with skm_client(state) as client:
        response = await client.get(path("v1.3", "/confirm"), headers=headers)

    assert (response.status_code, message(response)) == (401, "Invalid Token")


async def test_v13_token_expires(state):
    async with skm_client(state) as client:
        token = await _token(client)
        state.set_clock_offset(timedelta(days=2))
        response = await client.get(
            path("v1.3", "/confirm"), headers={"X-NHN-AUTHORIZATION": f"Bearer {token}"}
        )

    assert message(response) == "Invalid Token"


async def test_revoked_token_is_refused(state):
    async with skm_client(state) as client:
        token = await _token(client)
        await client.post(
            "/oauth2/token/revoke", data={"token": token}, headers={"Authorization": _basic()}
        )
        response = await client.get(
            path("v1.3", "/confirm"), headers={"X-NHN-AUTHORIZATION": f"Bearer {token}"}
        )

    assert message(response) == "Invalid Token"


async def test_date_header_follows_the_clock_offset(state):
    state.set_clock_offset(timedelta(hours=-3))
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/confirm"))

    served = parsedate_to_datetime(response.headers["date"])
    assert abs((served - state.now()).total_seconds()) < 2


async def test_date_header_is_on_errors_too(state):
    async with skm_client(state) as client:
        response = await client.get("/nowhere")

    assert "date" in response.headers


async def test_seed_overrides_result_code_and_status(emulator_ca):

    seed = {
        "appkeys": ["A"],
        "errors": {"invalid_appkey": {"result_code": 77, "http_status": 400, "message": "bad key"}},
    }
    async with skm_client(state_from_seed(seed, ca=emulator_ca)) as client:
        response = await client.get(path("v1.0", "/confirm", appkey="B"))

    assert response.status_code == 400
    assert response.json()["header"] == {
        "resultCode": 77,
        "resultMessage": "bad key",
        "isSuccessful": False,
    }
