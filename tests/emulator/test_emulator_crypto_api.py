"""Symmetric, asymmetric and secret endpoints: real cryptography, versions in ciphertexts, formats."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from skm_bot.emulator import VersionState

from .conftest import (
    AES_KEY,
    DEMO_MAC,
    RSA_KEY,
    SECRET_KEY,
    V12_HEADERS,
    body,
    message,
    path,
    skm_client,
)

pytestmark = pytest.mark.anyio
MAC_HEADERS = {**V12_HEADERS, "X-TOAST-CLIENT-MAC-ADDR": DEMO_MAC}


async def _encrypt(client, text: str = "hello", version: str = "v1.2") -> dict:
    response = await client.post(
        path(version, f"/symmetric-keys/{AES_KEY}/encrypt"),
        json={"plaintext": text},
        headers=V12_HEADERS,
    )
    return body(response)


async def _decrypt(client, ciphertext: str):
    return await client.post(
        path("v1.2", f"/symmetric-keys/{AES_KEY}/decrypt"),
        json={"ciphertext": ciphertext},
        headers=V12_HEADERS,
    )


async def test_encrypt_then_decrypt_round_trips(state):
    async with skm_client(state) as client:
        sealed = await _encrypt(client, "db-password")
        opened = body(await _decrypt(client, sealed["ciphertext"]))

    assert opened == {"plaintext": "db-password", "keyVersion": 2}


async def test_ciphertext_starts_with_the_key_version(state):
    async with skm_client(state) as client:
        sealed = await _encrypt(client)

    raw = base64.b64decode(sealed["ciphertext"])
    assert raw[:4] == (2).to_bytes(4, "big")
    assert len(raw) == 4 + 12 + len(b"hello") + 16


async def test_old_version_still_decrypts_after_rotation(state):
    async with skm_client(state) as client:
        sealed = await _encrypt(client, "before")
        state.rotate_key(AES_KEY)
        opened = body(await _decrypt(client, sealed["ciphertext"]))
        resealed = await _encrypt(client, "after")

    assert (opened["plaintext"], opened["keyVersion"], resealed["keyVersion"]) == ("before", 2, 3)


async def test_decrypt_with_disabled_version_is_invalid_key_version_status(state):
    async with skm_client(state) as client:
        sealed = await _encrypt(client)
        state.set_version_state(AES_KEY, 2, VersionState.DISABLED)
        response = await _decrypt(client, sealed["ciphertext"])

    assert message(response) == "Invalid Key Version Status"


async def test_encrypt_when_current_version_disabled_is_invalid_key_version_status(state):
    state.set_version_state(AES_KEY, 2, VersionState.DISABLED)
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/symmetric-keys/{AES_KEY}/encrypt"),
            json={"plaintext": "x"},
            headers=V12_HEADERS,
        )

    assert message(response) == "Invalid Key Version Status"


async def test_decrypt_with_unknown_version_is_invalid_key_version(state):
    async with skm_client(state) as client:
        sealed = await _encrypt(client)
        raw = bytearray(base64.b64decode(sealed["ciphertext"]))
        raw[:4] = (9).to_bytes(4, "big")
        response = await _decrypt(client, base64.b64encode(raw).decode())

    assert message(response) == "Invalid Key Version"


def _tampered(ciphertext: str) -> str:
    raw = bytearray(base64.b64decode(ciphertext))
    raw[-1] ^= 0x01
    return base64.b64encode(raw).decode()


def _truncated(ciphertext: str) -> str:
    return base64.b64encode(base64.b64decode(ciphertext)[:20]).decode()


@pytest.mark.parametrize(
    "spoil",
    [lambda c: "%%% not base64 %%%", _tampered, _truncated],
    ids=["not-base64", "wrong-tag", "truncated"],
)
async def test_spoiled_ciphertext_is_invalid_user_data(state, spoil):
    async with skm_client(state) as client:
        sealed = await _encrypt(client)
        response = await _decrypt(client, spoil(sealed["ciphertext"]))

    assert (response.status_code, message(response)) == (400, "Invalid User Data")


async def test_encrypt_without_plaintext_is_invalid_parameter(state):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/symmetric-keys/{AES_KEY}/encrypt"), json={}, headers=V12_HEADERS
        )

    assert message(response) == "Invalid Parameter"


async def test_local_key_ciphertext_decrypts_to_the_local_key(state):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/symmetric-keys/{AES_KEY}/create-local-key"), headers=V12_HEADERS
        )
        local = body(response)
        opened = body(await _decrypt(client, local["localKeyCiphertext"]))

    assert len(base64.b64decode(local["localKeyPlaintext"])) == 32
    assert opened["plaintext"] == local["localKeyPlaintext"]


async def test_symmetric_key_v10_has_no_key_version(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", f"/symmetric-keys/{AES_KEY}/symmetric-key"))

    answer = body(response)
    assert set(answer) == {"symmetricKey"}
    assert len(answer["symmetricKey"].split(", ")) == 32


async def test_symmetric_key_v11_takes_a_key_version(state):
    async with skm_client(state) as client:
        response = await client.get(
            path("v1.1", f"/symmetric-keys/{AES_KEY}/symmetric-key"), params={"keyVersion": 0}
        )

    assert body(response)["keyVersion"] == 0


@pytest.mark.parametrize(
    ("key_version", "expected"),
    [
        ("1", "Invalid Key Version Status"),
        ("7", "Invalid Key Version"),
        ("x", "Invalid Key Version"),
    ],
    ids=["disabled", "missing", "not-a-number"],
)
async def test_symmetric_key_version_errors(state, key_version, expected):
    async with skm_client(state) as client:
        response = await client.get(
            path("v1.1", f"/symmetric-keys/{AES_KEY}/symmetric-key"),
            params={"keyVersion": key_version},
        )

    assert message(response) == expected


async def _sign(client, text: str = "message") -> dict:
    response = await client.post(
        path("v1.2", f"/asymmetric-keys/{RSA_KEY}/sign"),
        json={"plaintext": text},
        headers=MAC_HEADERS,
    )
    return body(response)


async def _verify(client, text: str, signature: str):
    return await client.post(
        path("v1.2", f"/asymmetric-keys/{RSA_KEY}/verify"),
        json={"plaintext": text, "signature": signature},
        headers=MAC_HEADERS,
    )


async def test_sign_then_verify_is_true(state):
    async with skm_client(state) as client:
        signed = await _sign(client)
        verified = body(await _verify(client, "message", signed["signature"]))

    assert verified == {"result": True, "keyVersion": 0}


async def test_verify_of_other_plaintext_is_false(state):
    async with skm_client(state) as client:
        signed = await _sign(client)
        verified = body(await _verify(client, "tampered", signed["signature"]))

    assert verified["result"] is False


async def test_signature_is_pkcs1v15_sha256_by_the_public_key(state):
    async with skm_client(state) as client:
        signed = await _sign(client, "abc")
        public = body(await client.get(path("v1.0", f"/asymmetric-keys/{RSA_KEY}/publicKey")))

    key = serialization.load_der_public_key(base64.b64decode(public["encodedKey"]))
    assert isinstance(key, rsa.RSAPublicKey)
    raw = base64.b64decode(signed["signature"])[4:]
    key.verify(raw, b"abc", padding.PKCS1v15(), hashes.SHA256())


@pytest.mark.parametrize(
    "signature",
    ["!!not base64!!", base64.b64encode(b"\x00" * 100).decode()],
    ids=["not-base64", "wrong-length"],
)
async def test_bad_signature_is_invalid_user_data(state, signature):
    async with skm_client(state) as client:
        response = await _verify(client, "message", signature)

    assert message(response) == "Invalid User Data"


async def test_sign_over_245_bytes_is_invalid_user_data(state):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/asymmetric-keys/{RSA_KEY}/sign"),
            json={"plaintext": "x" * 246},
            headers=MAC_HEADERS,
        )

    assert message(response) == "Invalid User Data"


async def test_private_key_matches_public_key(state):
    async with skm_client(state) as client:
        private = body(
            await client.get(
                path("v1.2", f"/asymmetric-keys/{RSA_KEY}/privateKey"),
                params={"keyVersion": 0},
                headers=MAC_HEADERS,
            )
        )
        public = body(
            await client.get(
                path("v1.2", f"/asymmetric-keys/{RSA_KEY}/publicKey"), headers=V12_HEADERS
            )
        )

    key = serialization.load_der_private_key(base64.b64decode(private["encodedKey"]), None)
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert (private["keyType"], public["keyType"]) == ("PrivateKey", "PublicKey")
    assert spki == base64.b64decode(public["encodedKey"])
    assert key.key_size == 2048


async def test_public_key_bypasses_keystore_auth(state):
    async with skm_client(state, ip="203.0.113.99") as client:
        response = await client.get(path("v1.0", f"/asymmetric-keys/{RSA_KEY}/publicKey"))

    assert body(response)["keyVersion"] == 0


async def test_private_key_needs_keystore_auth(state):
    async with skm_client(state) as client:  # no MAC header
        response = await client.get(path("v1.0", f"/asymmetric-keys/{RSA_KEY}/privateKey"))

    assert message(response) == "MAC Auth Failure"


async def test_secret_get_answers_the_value(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", f"/secrets/{SECRET_KEY}"))

    assert body(response) == {"secret": "correct-horse-battery-staple"}


async def test_secret_put_replaces_the_value(state):
    async with skm_client(state) as client:
        put = await client.put(
            path("v1.2", f"/secrets/{SECRET_KEY}"), json={"secretValue": "new"}, headers=V12_HEADERS
        )
        got = await client.get(path("v1.2", f"/secrets/{SECRET_KEY}"), headers=V12_HEADERS)

    assert (body(put)["secretValue"], body(put)["keyId"]) == ("new", SECRET_KEY)
    assert body(got) == {"secret": "new"}
