"""Damage that parses at first and fails later is a file_corrupt finding, never a traceback."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from skm_bot.certs.findings import Code
from skm_bot.certs.inspect import inspect_certificate
from tests.certs.conftest import PASSWORD

DER = serialization.Encoding.DER
# AES-256-CBC's OID and the start of its IV (an OCTET STRING of 16 bytes).
AES_256_IV = bytes.fromhex("060960864801650304012a0410")


def codes(inspection) -> list[Code]:
    return [f.code for f in inspection.findings]


@pytest.fixture
def damaged_key_cert(pki) -> x509.Certificate:
    """A certificate whose EC point starts 05, not 04: it loads, but its public key does not."""
    der = pki.leaf().cert.public_bytes(DER)
    at = der.index(b"\x03\x42\x00\x04") + 3
    return x509.load_der_x509_certificate(der[:at] + b"\x05" + der[at + 1 :])


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda c: c.public_bytes(serialization.Encoding.PEM), "c.pem"),
        (lambda c: c.public_bytes(DER), "c.der"),
        (
            lambda c: pkcs12.serialize_key_and_certificates(
                b"c", None, c, None, serialization.NoEncryption()
            ),
            "c.p12",
        ),
    ],
    ids=["pem", "der", "pkcs12"],
)
def test_certificate_with_an_unreadable_public_key_is_corrupt(damaged_key_cert, now, encode, name):
    inspection = inspect_certificate(
        encode(damaged_key_cert), filename=name, password=None, now=now
    )

    assert codes(inspection) == [Code.FILE_CORRUPT]


def test_encrypted_key_decrypting_to_an_unknown_key_type_is_corrupt(pki, now):
    """CBC lets one IV bit flip the first plaintext block: the key's algorithm OID."""
    key = bytearray(
        pki.leaf().key.private_bytes(
            DER,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSWORD),
        )
    )
    key[key.index(AES_256_IV) + len(AES_256_IV) + 15] ^= 0x01

    inspection = inspect_certificate(bytes(key), filename="k.der", password=PASSWORD, now=now)

    assert Code.FILE_CORRUPT in codes(inspection)
