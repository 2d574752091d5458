"""Replies in Japanese and Korean carry the checks' and the inspector's words in that language."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from skm_bot.certs.inspect import Inspection, inspect_certificate
from skm_bot.render.slack.diagnosis import render_diagnosis
from skm_bot.render.slack.file_report import render_certificate_report
from skm_bot.render.slack.limits import check_message
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis
from tests.factories import diagnosed
from tests.render.golden import golden

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
KO_PASTE = (
    "decrypt 요청이 실패합니다 "
    '{"header":{"resultCode":-1,"resultMessage":"Invalid User Data","isSuccessful":false}} '
    '"ciphertext": "AAAAAQ-_abc"'
)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def expired_certificate_file() -> bytes:
    """A client certificate and key that expired on 2025-12-30, the same bytes on every run."""
    # Ed25519 signs deterministically, so the certificate (and its fingerprint) never changes.
    ca_key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes(range(32, 64)))
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("skm-client"))
        .issuer_name(_name("SKM Test CA"))
        .public_key(key.public_key())
        .serial_number(0x5EED)
        .not_valid_before(datetime(2025, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2025, 12, 30, tzinfo=UTC))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)
        .sign(ca_key, None)
    )
    pem = serialization.Encoding.PEM
    unencrypted = serialization.NoEncryption()
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, unencrypted)
    return cert.public_bytes(pem) + key_pem


def inspection() -> Inspection:
    return inspect_certificate(
        expired_certificate_file(), filename="client.pem", password=None, now=NOW, file_mode=0o644
    )


def kinds() -> dict[str, Any]:
    korean = diagnosed(KO_PASTE, now=NOW)
    checked = asyncio.run(check_diagnosis(korean, target=None, limits=CheckLimits()))
    return {
        "final_ko_checks": render_diagnosis(checked, profile=None),
        "cert_report_ja": render_certificate_report(inspection(), "ja"),
        "cert_report_ko": render_certificate_report(inspection(), "ko"),
    }


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_reply_matches_golden_json(kind: str):
    """Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change."""
    actual = kinds()[kind]

    assert golden(GOLDEN / f"{kind}.json", actual) == actual


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_reply_is_within_block_kit_limits(kind: str):
    assert check_message(kinds()[kind]) == []


def test_the_golden_inspection_finds_what_it_is_meant_to():
    """Expired, readable by others, issuer not checked: one finding of each severity."""
    codes = [str(f.code) for f in inspection().findings]

    assert codes == ["cert_expired", "key_file_permissions", "chain_not_checked"]


def test_the_korean_checks_ran_offline():
    korean = diagnosed(KO_PASTE, now=NOW)
    checked = asyncio.run(check_diagnosis(korean, target=None, limits=CheckLimits()))

    assert [(c.id, c.status.value) for c in checked.checks] == [
        ("skm.user_data", "fail"),
        ("skm.key_version", "skip"),
    ]
