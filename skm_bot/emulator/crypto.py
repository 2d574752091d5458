"""Real cryptography: AES-256-GCM with the key version inside the ciphertext, and RSA-2048."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16
RSA_SIGNATURE_BYTES = 256
# PKCS#1 v1.5 on a 2048-bit modulus leaves 256 - 11 bytes: the documented sign limit.
SIGN_PLAINTEXT_LIMIT = 245


class UserDataError(ValueError):
    """The caller's ciphertext or signature is not well formed (SKM: Invalid User Data)."""


def new_symmetric_material(seed_text: str | None = None) -> bytes:
    """A 32-byte AES-256 key; derived from `seed_text` if given, so demo ciphertexts stay valid."""
    if seed_text is None:
        return os.urandom(32)
    return hashlib.sha256(f"skm-emulator:{seed_text}".encode()).digest()


def new_rsa_key() -> rsa.RSAPrivateKey:
    """A fresh RSA-2048 private key."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def encrypt(material: bytes, version: int, plaintext: bytes) -> str:
    """Base64 of version (4 bytes, big-endian) || nonce (12) || AES-256-GCM ciphertext and tag."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(material).encrypt(nonce, plaintext, None)
    return base64.b64encode(struct.pack(">I", version) + nonce + sealed).decode("ascii")


def split_versioned(blob_b64: str, minimum_body: int) -> tuple[int, bytes]:
    """Decode base64 and split off the 4-byte key version; UserDataError when malformed or short."""
    try:
        raw = base64.b64decode(blob_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UserDataError("not base64") from exc
    if len(raw) < VERSION_BYTES + minimum_body:
        raise UserDataError("too short")
    (version,) = struct.unpack(">I", raw[:VERSION_BYTES])
    return version, raw[VERSION_BYTES:]


def ciphertext_version(ciphertext_b64: str) -> tuple[int, bytes]:
    """The key version a ciphertext was made with, and the rest of it (nonce, sealed data)."""
    return split_versioned(ciphertext_b64, NONCE_BYTES + TAG_BYTES)


def decrypt(material: bytes, body: bytes) -> bytes:
    """Open nonce || sealed data made by `encrypt`; UserDataError on a wrong tag."""
    nonce, sealed = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        return AESGCM(material).decrypt(nonce, sealed, None)
    except InvalidTag as exc:
        raise UserDataError("authentication tag mismatch") from exc


def sign(key: rsa.RSAPrivateKey, version: int, plaintext: bytes) -> str:
    """Base64 of version (4 bytes) || RSASSA-PKCS1-v1_5 SHA-256 signature (256 bytes)."""
    signature = key.sign(plaintext, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(struct.pack(">I", version) + signature).decode("ascii")


def signature_version(signature_b64: str) -> tuple[int, bytes]:
    """The key version a signature was made with, and the raw signature; checks the length."""
    version, raw = split_versioned(signature_b64, RSA_SIGNATURE_BYTES)
    if len(raw) != RSA_SIGNATURE_BYTES:
        raise UserDataError("wrong signature length")
    return version, raw


def verify(key: rsa.RSAPrivateKey, raw_signature: bytes, plaintext: bytes) -> bool:
    """Whether `raw_signature` is this key's signature over `plaintext`."""
    try:
        key.public_key().verify(raw_signature, plaintext, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def private_key_der(key: rsa.RSAPrivateKey) -> bytes:
    """PKCS#8 DER of the private key."""
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_der(key: rsa.RSAPrivateKey) -> bytes:
    """SubjectPublicKeyInfo DER of the public key."""
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def hex_list(data: bytes) -> str:
    """SKM's byte-list rendering: "0x00, 0x20, ..."."""
    return ", ".join(f"0x{byte:02x}" for byte in data)


def b64(data: bytes) -> str:
    """Standard base64 text."""
    return base64.b64encode(data).decode("ascii")
