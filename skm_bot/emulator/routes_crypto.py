"""Key-use endpoints: confirm, secrets, symmetric and asymmetric key operations."""

from __future__ import annotations

from typing import Any

from skm_bot.emulator import crypto
from skm_bot.emulator.auth import query_version, resolve_key, resolve_version
from skm_bot.emulator.calls import Call, timestamp
from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.model import KeyType
from skm_bot.emulator.router import ALL_VERSIONS, KNOWN_VERSIONS, V12_UP, Route

PLAINTEXT_LIMIT = 32 * 1024


def confirm(call: Call) -> dict[str, Any]:
    """What the server sees of the client; `clientMacHeader` is "" when the header is absent."""
    return {
        "clientIp": call.client.ip or "",
        "clientMacHeader": call.client.mac_header or "",
        "clientSentCertificate": call.client.cert_pem is not None,
    }


def get_secret(call: Call) -> dict[str, Any]:
    """The secret's current value."""
    key = resolve_key(call, KeyType.SECRET)
    return {"secret": resolve_version(key, None).material.decode()}


def put_secret(call: Call) -> dict[str, Any]:
    """Replace the secret's value (a new version) and answer the key's details."""
    value = call.text("secretValue")
    key = resolve_key(call, KeyType.SECRET)
    call.state.rotate_key(key.key_id, secret_value=value)
    key.stamp.touch(call.user, call.state.now())
    return {
        "keyId": key.key_id,
        "name": key.name,
        "description": key.description,
        "secretValue": value,
        "creationUser": key.stamp.creation_user,
        "creationDatetime": timestamp(key.stamp.creation_datetime),
        "lastChangeUser": key.stamp.last_change_user,
        "lastChangeDatetime": timestamp(key.stamp.last_change_datetime),
    }


def encrypt(call: Call) -> dict[str, Any]:
    """AES-256-GCM under the current version; the version travels inside the ciphertext."""
    plaintext = call.text("plaintext").encode()
    if len(plaintext) > PLAINTEXT_LIMIT:
        raise SkmError(ErrorKind.INVALID_USER_DATA, "plaintext is over 32KB")
    version = resolve_version(resolve_key(call, KeyType.SYMMETRIC_KEY), None)
    ciphertext = crypto.encrypt(version.material, version.number, plaintext)
    return {"ciphertext": ciphertext, "keyVersion": version.number}


def decrypt(call: Call) -> dict[str, Any]:
    """Decrypt with whichever version the ciphertext names, if that version is still usable."""
    ciphertext = call.text("ciphertext")
    key = resolve_key(call, KeyType.SYMMETRIC_KEY)
    try:
        number, sealed = crypto.ciphertext_version(ciphertext)
        version = resolve_version(key, number)
        plaintext = crypto.decrypt(version.material, sealed)
        text = plaintext.decode()
    except (crypto.UserDataError, UnicodeDecodeError) as exc:
        raise SkmError(ErrorKind.INVALID_USER_DATA, str(exc)) from exc
    return {"plaintext": text, "keyVersion": version.number}


def create_local_key(call: Call) -> dict[str, Any]:
    """A fresh AES-256 data key, in clear and encrypted (decrypting it gives the clear base64)."""
    version = resolve_version(resolve_key(call, KeyType.SYMMETRIC_KEY), None)
    local_b64 = crypto.b64(crypto.new_symmetric_material())
    return {
        "localKeyPlaintext": local_b64,
        "localKeyCiphertext": crypto.encrypt(version.material, version.number, local_b64.encode()),
        "keyVersion": version.number,
    }


def symmetric_key(call: Call) -> dict[str, Any]:
    """The raw key; v1.0 ignores keyVersion and answers without it, v1.1+ take `?keyVersion=`."""
    key = resolve_key(call, KeyType.SYMMETRIC_KEY)
    if call.version == "v1.0":
        return {"symmetricKey": crypto.hex_list(resolve_version(key, None).material)}
    version = resolve_version(key, query_version(call))
    return {"symmetricKey": crypto.hex_list(version.material), "keyVersion": version.number}


def sign(call: Call) -> dict[str, Any]:
    """RSASSA-PKCS1-v1_5 SHA-256 with the current version (plaintext at most 245 bytes)."""
    plaintext = call.text("plaintext").encode()
    if len(plaintext) > crypto.SIGN_PLAINTEXT_LIMIT:
        raise SkmError(ErrorKind.INVALID_USER_DATA, "plaintext is over 245 bytes")
    version = resolve_version(resolve_key(call, KeyType.ASYMMETRIC_KEY), None)
    signature = crypto.sign(version.private_key(), version.number, plaintext)
    return {"signature": signature, "keyVersion": version.number}


def verify(call: Call) -> dict[str, Any]:
    """Verify with the version named inside the signature."""
    plaintext = call.text("plaintext").encode()
    signature = call.text("signature")
    key = resolve_key(call, KeyType.ASYMMETRIC_KEY)
    try:
        number, raw = crypto.signature_version(signature)
    except crypto.UserDataError as exc:
        raise SkmError(ErrorKind.INVALID_USER_DATA, str(exc)) from exc
    version = resolve_version(key, number)
    result = crypto.verify(version.private_key(), raw, plaintext)
    return {"result": result, "keyVersion": version.number}


def private_key(call: Call) -> dict[str, Any]:
    """The PKCS#8 private key of a version."""
    key = resolve_key(call, KeyType.ASYMMETRIC_KEY)
    version = resolve_version(key, query_version(call))
    der = crypto.private_key_der(version.private_key())
    return _key_body("PrivateKey", der, version.number)


def public_key(call: Call) -> dict[str, Any]:
    """The SPKI public key of a version; documented to work regardless of keystore auth."""
    key = resolve_key(call, KeyType.ASYMMETRIC_KEY, authenticate=False)
    version = resolve_version(key, query_version(call))
    der = crypto.public_key_der(version.private_key())
    return _key_body("PublicKey", der, version.number)


def _key_body(kind: str, der: bytes, number: int) -> dict[str, Any]:
    return {
        "keyType": kind,
        "key": crypto.hex_list(der),
        "encodedKey": crypto.b64(der),
        "keyVersion": number,
    }


ROUTES = [
    Route("GET", "/confirm", ALL_VERSIONS, confirm),
    Route("GET", "/secrets/{keyid}", ALL_VERSIONS, get_secret),
    Route("PUT", "/secrets/{keyid}", V12_UP, put_secret),
    Route("POST", "/symmetric-keys/{keyid}/encrypt", ALL_VERSIONS, encrypt),
    Route("POST", "/symmetric-keys/{keyid}/decrypt", ALL_VERSIONS, decrypt),
    Route("POST", "/symmetric-keys/{keyid}/create-local-key", ALL_VERSIONS, create_local_key),
    Route("GET", "/symmetric-keys/{keyid}/symmetric-key", KNOWN_VERSIONS, symmetric_key),
    Route("POST", "/asymmetric-keys/{keyid}/sign", ALL_VERSIONS, sign),
    Route("POST", "/asymmetric-keys/{keyid}/verify", ALL_VERSIONS, verify),
    Route("GET", "/asymmetric-keys/{keyid}/privateKey", ALL_VERSIONS, private_key),
    Route("GET", "/asymmetric-keys/{keyid}/publicKey", ALL_VERSIONS, public_key),
]
