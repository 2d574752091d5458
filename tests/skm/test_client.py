"""SkmApi over httpx.MockTransport: auth styles, typed responses, error categories, no leaks."""

from __future__ import annotations

import base64
import json
import ssl
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.core.profile import Profile
from skm_bot.errors import (
    ConfigError,
    SkmApiError,
    SkmEnvelopeError,
    SkmHttpError,
    SkmTimeout,
    SkmTlsError,
    SkmTokenError,
    SkmUnreachable,
)
from skm_bot.skm.auth import AccessKeyAuth, AppkeyOnlyAuth, TokenAuth
from skm_bot.skm.client import SkmApi
from skm_bot.skm.from_profile import api_from_profile
from skm_bot.skm.models import parse_skm_timestamp

CANARY = "CANARY-secret-access-key-7f3a"
TOKEN = "CANARY-token-91bd"
APPKEY = "qTQNj7LyHhdAazH3"
KST = timezone(timedelta(hours=9))


def envelope(body: Any, *, ok: bool = True, code: int = 0, message: str = "success") -> Any:
    return {
        "header": {"resultCode": code, "resultMessage": message, "isSuccessful": ok},
        "body": body,
    }


def api_for(handler, *, version: str = "v1.2", auth: httpx.Auth | None = None, mac=None) -> SkmApi:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://skm.test")
    auth = auth or AccessKeyAuth("AKID", SecretStr(CANARY))
    return SkmApi(client, appkey=APPKEY, api_version=version, auth=auth, mac=mac)


def answer(body: Any, status: int = 200):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=envelope(body))

    return handler


@pytest.mark.anyio
async def test_appkey_only_auth_sends_no_credentials():
    seen: list[httpx.Request] = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=envelope({"clientIp": "1.2.3.4"}))

    await api_for(handler, version="v1.0", auth=AppkeyOnlyAuth()).confirm()

    assert seen[0].url.path == f"/keymanager/v1.0/appkey/{APPKEY}/confirm"
    assert not any(h.lower().startswith("x-tc-") for h in seen[0].headers)


@pytest.mark.anyio
async def test_access_key_auth_sends_both_headers_and_mac():
    seen: list[httpx.Request] = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=envelope({}))

    await api_for(handler, mac="aa:bb:cc:dd:ee:ff").confirm()

    headers = seen[0].headers
    assert headers["X-TC-AUTHENTICATION-ID"] == "AKID"
    assert headers["X-TC-AUTHENTICATION-SECRET"] == CANARY
    assert headers["X-TOAST-CLIENT-MAC-ADDR"] == "aa:bb:cc:dd:ee:ff"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def token_server(log: list[httpx.Request], *, status: int = 200, expires_in: int = 3600):
    def handler(request):
        log.append(request)
        if request.url.path == "/oauth2/token/create":
            if status != 200:
                return httpx.Response(status, json={"error": "invalid_client"})
            token = {"access_token": TOKEN, "token_type": "Bearer", "expires_in": expires_in}
            return httpx.Response(200, json=token)
        return httpx.Response(200, json=envelope({"clientIp": "1.2.3.4"}))

    return handler


def token_auth(clock: FakeClock) -> TokenAuth:
    return TokenAuth("AKID", SecretStr(CANARY), token_endpoint="http://oauth.test", clock=clock)


@pytest.mark.anyio
async def test_token_auth_fetches_with_basic_auth_and_form():
    log: list[httpx.Request] = []
    api = api_for(token_server(log), version="v1.3", auth=token_auth(FakeClock()))

    await api.confirm()

    token_request, call = log
    assert str(token_request.url) == "http://oauth.test/oauth2/token/create"
    assert (
        token_request.headers["Authorization"]
        == "Basic " + base64.b64encode(f"AKID:{CANARY}".encode()).decode()
    )
    assert token_request.content == b"grant_type=client_credentials"
    assert call.headers["X-NHN-AUTHORIZATION"] == f"Bearer {TOKEN}"


@pytest.mark.anyio
async def test_token_auth_reuses_the_token_until_expiry():
    log: list[httpx.Request] = []
    clock = FakeClock()
    api = api_for(token_server(log, expires_in=3600), version="v1.3", auth=token_auth(clock))

    await api.confirm()
    await api.confirm()
    clock.now += 3600
    await api.confirm()

    token_calls = [r for r in log if r.url.path == "/oauth2/token/create"]
    assert len(token_calls) == 2


@pytest.mark.anyio
async def test_token_refusal_is_a_token_error_without_secret():
    api = api_for(token_server([], status=401), version="v1.3", auth=token_auth(FakeClock()))

    with pytest.raises(SkmTokenError) as caught:
        await api.confirm()

    assert caught.value.error == "invalid_client"
    assert CANARY not in str(caught.value)


@pytest.mark.parametrize("field", ["clientSentCertificate", "clientSentCerfificate"])
@pytest.mark.anyio
async def test_confirm_accepts_both_certificate_spellings(field):
    body = {"clientIp": "1.2.3.4", "clientMacHeader": "00:00:00:00:00:00", field: True}

    seen = await api_for(answer(body)).confirm()

    assert (seen.client_ip, seen.client_mac_header, seen.client_sent_certificate) == (
        "1.2.3.4",
        "00:00:00:00:00:00",
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-30T15:00:00.000", datetime(2025, 1, 30, 15, tzinfo=KST)),
        ("2023-11-20T22:00:00.00", datetime(2023, 11, 20, 22, tzinfo=KST)),
        ("2023-11-20T22:00:00", datetime(2023, 11, 20, 22, tzinfo=KST)),
        ("2023-11-20T22:00:00.1234567", datetime(2023, 11, 20, 22, 0, 0, 123456, tzinfo=KST)),
        ("2023-11-20T13:00:00Z", datetime(2023, 11, 20, 22, tzinfo=KST)),
        (" 2023-11-20T13:00:00Z\n", datetime(2023, 11, 20, 22, tzinfo=KST)),
        ("2023-11-20T22:00:00+09:00", datetime(2023, 11, 20, 22, tzinfo=KST)),
        ("", None),
        (None, None),
    ],
)
def test_parse_skm_timestamp(text, expected):
    assert parse_skm_timestamp(text) == expected


@pytest.mark.anyio
async def test_list_certificates_drops_the_password():
    body = {
        "certificateList": [
            {
                "name": "cert-a",
                "password": CANARY,
                "description": "d",
                "expirationDate": "2025-01-30T15:00:00.000",
                "deletionDatetime": None,
            }
        ]
    }

    (entry,) = await api_for(answer(body)).list_certificates(1)

    assert entry.name == "cert-a"
    assert entry.expiration_date == datetime(2025, 1, 30, 15, tzinfo=KST)
    assert entry.deletion_datetime is None
    assert CANARY not in repr(entry)
    assert not hasattr(entry, "password")


@pytest.mark.anyio
async def test_list_keystores_reads_y_n_flags():
    body = {
        "keyStoreList": [
            {"keyStoreId": 7, "name": "ks", "ip4AuthUse": "Y", "macAuthUse": "N", "extra": 1}
        ]
    }

    (keystore,) = await api_for(answer(body)).list_keystores()

    assert (keystore.key_store_id, keystore.ip4_auth_use, keystore.mac_auth_use) == (7, True, False)


@pytest.mark.anyio
async def test_list_ipv4s_accepts_the_plain_string_form():
    (entry,) = await api_for(answer({"ipv4List": ["10.0.0.0/8"]})).list_ipv4s(1)

    assert entry.value == "10.0.0.0/8"


@pytest.mark.anyio
async def test_list_all_keys_follows_pages():
    def handler(request):
        page = int(request.url.params["pageNumber"])
        count = 100 if page == 1 else 5
        keys = [{"keyId": f"k{page}-{i}", "keyType": "SECRET"} for i in range(count)]
        return httpx.Response(200, json=envelope({"keyList": keys}))

    keys = await api_for(handler).list_all_keys(1)

    assert len(keys) == 105


@pytest.mark.anyio
async def test_symmetric_key_version_on_v1_0_asks_v1_1():
    seen: list[httpx.Request] = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json=envelope({"symmetricKey": "0x00", "keyVersion": 2}))

    got = await api_for(handler, version="v1.0", auth=AppkeyOnlyAuth()).get_symmetric_key(
        "k", key_version=2
    )

    assert seen[0].url.path.startswith("/keymanager/v1.1/")
    assert seen[0].url.params["keyVersion"] == "2"
    assert "0x00" not in repr(got)


def raising(exc: Exception):
    def handler(request):
        raise exc

    return handler


def replying(status: int, content: bytes):
    def handler(request):
        return httpx.Response(status, content=content)

    return handler


@pytest.mark.parametrize(
    ("handler", "category", "text"),
    [
        (raising(httpx.ReadTimeout("timed out")), SkmTimeout, "ReadTimeout"),
        (raising(httpx.ConnectTimeout("timed out")), SkmTimeout, "ConnectTimeout"),
        (
            raising(httpx.ConnectError("[Errno -2] Name or service not known")),
            SkmUnreachable,
            "dns",
        ),
        (raising(httpx.ConnectError("[Errno 111] Connection refused")), SkmUnreachable, "connect"),
        (
            raising(
                httpx.ConnectError(
                    "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)"
                )
            ),
            SkmTlsError,
            "TLSV1_ALERT_UNKNOWN_CA",
        ),
        (raising(httpx.RemoteProtocolError("peer closed")), SkmUnreachable, "peer closed"),
        (replying(502, b"<html>Bad Gateway</html>"), SkmHttpError, "HTTP 502"),
        (replying(200, b"not json"), SkmApiError, "not an SKM envelope"),
        (replying(200, b'{"header": 3}'), SkmApiError, "not an SKM envelope"),
    ],
)
@pytest.mark.anyio
async def test_failures_map_to_categories(handler, category, text):
    with pytest.raises(category) as caught:
        await api_for(handler).confirm()

    assert text in str(caught.value)
    assert CANARY not in str(caught.value)


@pytest.mark.anyio
async def test_ssl_error_in_the_chain_gives_its_reason():
    cause = ssl.SSLError(1, "certificate verify failed")
    cause.reason = "CERTIFICATE_VERIFY_FAILED"  # type: ignore[misc]
    error = httpx.ConnectError("handshake failed")
    error.__cause__ = cause

    with pytest.raises(SkmTlsError) as caught:
        await api_for(raising(error)).confirm()

    assert caught.value.reason == "CERTIFICATE_VERIFY_FAILED"


def raw_tls_alert() -> ssl.SSLError:
    error = ssl.SSLError(
        1, "[SSL: SSLV3_ALERT_CERTIFICATE_EXPIRED] sslv3 alert certificate expired"
    )
    error.reason = "SSLV3_ALERT_CERTIFICATE_EXPIRED"  # type: ignore[misc]
    return error


@pytest.mark.parametrize(
    ("raised", "category", "text"),
    [
        (raw_tls_alert(), SkmTlsError, "SSLV3_ALERT_CERTIFICATE_EXPIRED"),
        (ConnectionResetError(104, "Connection reset by peer"), SkmUnreachable, "reset"),
    ],
    ids=["tls-alert", "reset"],
)
@pytest.mark.anyio
async def test_errors_httpx_lets_through_unwrapped_are_categorised_too(raised, category, text):
    """
    On TLS 1.3 the server's alert comes on the first read, and httpx's async client lets the
    raw ssl.SSLError (or a reset) through: it is still an SKM error, not a foreign one.
    """
    with pytest.raises(category) as caught:
        await api_for(raising(raised)).confirm()

    assert text in str(caught.value)


@pytest.mark.anyio
async def test_envelope_failure_is_an_envelope_error():
    def handler(request):
        return httpx.Response(200, json=envelope(None, ok=False, code=-1, message="Invalid Key Id"))

    with pytest.raises(SkmEnvelopeError) as caught:
        await api_for(handler).get_secret("k")

    assert (caught.value.code, caught.value.result_message) == (-1, "Invalid Key Id")


@pytest.mark.anyio
async def test_http_error_keeps_the_envelope():
    def handler(request):
        body = envelope(None, ok=False, code=-3001, message="IPv4 Auth Failure")
        return httpx.Response(403, json=body)

    with pytest.raises(SkmHttpError) as caught:
        await api_for(handler).get_secret("k")

    assert (caught.value.status, caught.value.result_message) == (403, "IPv4 Auth Failure")


@pytest.mark.anyio
async def test_bad_body_shape_names_fields_not_values():
    with pytest.raises(SkmApiError) as caught:
        await api_for(answer({"secret": {"nested": CANARY}})).get_secret("k")

    assert "secret" in str(caught.value)
    assert CANARY not in str(caught.value)


@pytest.mark.anyio
async def test_secret_value_is_hidden_in_repr():
    secret = await api_for(answer({"secret": CANARY})).get_secret("k")

    assert secret.secret.get_secret_value() == CANARY
    assert CANARY not in repr(secret)


def profile(**overrides) -> Profile:
    values: dict[str, Any] = {
        "name": "p",
        "endpoint": "http://skm.test",
        "appkey": APPKEY,
        "api_version": "v1.2",
        "access_key_id": "AKID",
        "secret_access_key": SecretStr(CANARY),
    }
    values.update(overrides)
    return Profile(**values)


@pytest.mark.parametrize(
    ("version", "auth_type"),
    [
        ("v1.0", AppkeyOnlyAuth),
        ("v1.1", AppkeyOnlyAuth),
        ("v1.2", AccessKeyAuth),
        ("v1.3", TokenAuth),
    ],
)
def test_api_from_profile_picks_the_auth(version, auth_type):
    api = api_from_profile(profile(api_version=version), httpx.AsyncClient())

    assert isinstance(api.auth, auth_type)
    assert CANARY not in repr(api)


@pytest.mark.parametrize(
    "overrides",
    [{"appkey": None}, {"secret_access_key": None}, {"access_key_id": None}],
)
def test_api_from_profile_refuses_missing_credentials(overrides):
    with pytest.raises(ConfigError):
        api_from_profile(profile(**overrides), httpx.AsyncClient())


@pytest.mark.anyio
async def test_request_body_is_json_for_encrypt():
    """The request shapes follow the doc: {"plaintext": ...}."""
    seen: list[bytes] = []

    def handler(request):
        seen.append(request.content)
        return httpx.Response(200, json=envelope({"ciphertext": "AAAA", "keyVersion": 0}))

    await api_for(handler).encrypt("k", "hello")

    assert json.loads(seen[0]) == {"plaintext": "hello"}
