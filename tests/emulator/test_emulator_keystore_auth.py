"""Keystore authentication: IPv4 (address, CIDR, entry state), MAC (normalised), AND/OR."""

from __future__ import annotations

import httpx
import pytest

from skm_bot.emulator import make_app

from .conftest import CERT_SECRET_KEY, RSA_KEY, SECRET_KEY, body, message, path, skm_client

pytestmark = pytest.mark.anyio


async def _secret(state, ip: str, key_id: str = SECRET_KEY, headers: dict | None = None):
    async with skm_client(state, ip=ip) as client:
        return await client.get(path("v1.0", f"/secrets/{key_id}"), headers=headers or {})


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.20.30.40"], ids=["single-address", "cidr"])
async def test_registered_ipv4_is_authorised(state, ip):
    response = await _secret(state, ip)

    assert body(response)["secret"] == "correct-horse-battery-staple"


@pytest.mark.parametrize(
    "ip", ["203.0.113.7", "192.0.2.10"], ids=["unregistered", "pending-deletion"]
)
async def test_other_ipv4_is_ipv4_auth_failure(state, ip):
    response = await _secret(state, ip)

    assert (response.status_code, message(response)) == (403, "IPv4 Auth Failure")


async def test_ipv4_entry_scheduled_for_deletion_stops_authorising(state):
    store = state.keystore_by_name("demo-ipv4")
    async with skm_client(state) as client:
        await client.put(
            path("v1.2", "/auths/ipv4s/delete"),
            json={"keyStoreName": "demo-ipv4", "value": "127.0.0.1/32"},
            headers={
                "X-TC-AUTHENTICATION-ID": "DEMO-ACCESS-KEY-ID-NOT-REAL",
                "X-TC-AUTHENTICATION-SECRET": "demo-secret-access-key-not-real",
            },
        )
    response = await _secret(state, "127.0.0.1")

    assert store.ipv4s[0].state.value == "PENDING_DELETION"
    assert message(response) == "IPv4 Auth Failure"


@pytest.mark.parametrize(
    "mac",
    ["aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF", "AA:BB:CC:DD:EE:FF", "aabbccddeeff"],
    ids=["lower-colon", "upper-dash", "upper-colon", "bare"],
)
async def test_mac_is_matched_case_and_separator_blind(state, mac):
    async with skm_client(state) as client:
        response = await client.get(
            path("v1.0", f"/asymmetric-keys/{RSA_KEY}/privateKey"),
            headers={"X-TOAST-CLIENT-MAC-ADDR": mac},
        )

    assert body(response)["keyType"] == "PrivateKey"


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-TOAST-CLIENT-MAC-ADDR": "11:22:33:44:55:66"}, {"X-TOAST-CLIENT-MAC-ADDR": "nonsense"}],
    ids=["missing", "pending-deletion", "malformed"],
)
async def test_unauthorised_mac_is_mac_auth_failure(state, headers):
    async with skm_client(state) as client:
        response = await client.get(
            path("v1.0", f"/asymmetric-keys/{RSA_KEY}/privateKey"), headers=headers
        )

    assert (response.status_code, message(response)) == (403, "MAC Auth Failure")


async def test_and_mode_reports_ipv4_before_mac(state):
    async with skm_client(state, ip="203.0.113.7") as client:
        response = await client.get(path("v1.0", f"/asymmetric-keys/{RSA_KEY}/privateKey"))

    assert message(response) == "IPv4 Auth Failure"


async def test_or_mode_passes_when_one_method_passes(state):
    state.keystore_by_name("demo-ipv4-mac").auth_mode = "OR"
    async with skm_client(state, ip="203.0.113.7") as client:
        response = await client.get(
            path("v1.0", f"/asymmetric-keys/{RSA_KEY}/privateKey"),
            headers={"X-TOAST-CLIENT-MAC-ADDR": "aa:bb:cc:dd:ee:ff"},
        )

    assert body(response)["keyType"] == "PrivateKey"


async def test_certificate_keystore_without_tls_is_certificate_auth_failure(state):
    response = await _secret(state, "127.0.0.1", CERT_SECRET_KEY)

    assert (response.status_code, message(response)) == (403, "Certificate Auth Failure")


async def test_certificate_from_the_tls_extension_is_accepted(state):
    """An ASGI server that fills scope["extensions"]["tls"] is enough: no socket needed."""
    entry = state.keystore_by_name("demo-certificate").certificates[0]
    inner = make_app(state)

    async def with_tls(scope, receive, send):
        tls = {"client_cert_chain": [entry.certificate_pem]}
        await inner({**scope, "extensions": {"tls": tls}}, receive, send)

    transport = httpx.ASGITransport(app=with_tls)
    async with httpx.AsyncClient(transport=transport, base_url="http://skm.test") as client:
        response = await client.get(path("v1.0", f"/secrets/{CERT_SECRET_KEY}"))

    assert body(response) == {"secret": "demo-api-token-value"}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [({}, ""), ({"X-TOAST-CLIENT-MAC-ADDR": "AA-BB-CC-DD-EE-FF"}, "AA-BB-CC-DD-EE-FF")],
    ids=["absent", "sent"],
)
async def test_confirm_reports_what_the_server_sees(state, headers, expected):
    async with skm_client(state, ip="203.0.113.7") as client:
        response = await client.get(path("v1.0", "/confirm"), headers=headers)

    assert body(response) == {
        "clientIp": "203.0.113.7",
        "clientMacHeader": expected,
        "clientSentCertificate": False,
    }
