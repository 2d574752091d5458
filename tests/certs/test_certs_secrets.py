"""No key material and no password ever reaches output, JSON, repr or exception text."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization

from skm_bot.certs.inspect import inspect_certificate
from skm_bot.certs.load import load_bundle
from skm_bot.certs.report import render_text
from skm_bot.core.language import LANGUAGES

CASES = [
    "good_p12",
    "p12_wrong_password",
    "p12_password_not_needed",
    "pem_key_wrong_password",
    "pem_key_password_not_needed",
    "key_only",
    "mismatched_key",
    "world_readable_key",
]


def outputs(case, inspection) -> str:
    data = case.path.read_bytes()
    loaded = load_bundle(data, filename=case.path.name, password=case.password)
    return "\n".join(
        [
            *(render_text(inspection, language) for language in LANGUAGES),
            *(json.dumps(inspection.to_json(language)) for language in LANGUAGES),
            repr(inspection),
            repr(loaded),
        ]
    )


@pytest.mark.parametrize("case_name", CASES)
def test_no_password_in_any_output(make_case, now, canary, case_name):
    case = make_case(case_name)
    case.password = canary if case.password else None
    inspection = inspect_certificate(
        case.path.read_bytes(), filename="f.pem", password=case.password, now=now
    )

    assert canary.decode() not in outputs(case, inspection)


@pytest.mark.parametrize("case_name", CASES)
def test_no_private_key_in_any_output(make_case, now, case_name):
    case = make_case(case_name)
    inspection = inspect_certificate(
        case.path.read_bytes(), filename="f.pem", password=case.password, now=now
    )

    text = outputs(case, inspection)

    assert "PRIVATE KEY" not in text


def test_no_key_bytes_in_any_output(pki, now, tmp_path):
    issued = pki.leaf()
    der = issued.key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    data = issued.cert_pem() + issued.key_pem()
    inspection = inspect_certificate(data, filename="c.pem", password=None, now=now)
    loaded = load_bundle(data, filename="c.pem", password=None)
    text = "".join(
        render_text(inspection, language) + json.dumps(inspection.to_json(language))
        for language in LANGUAGES
    )
    text += repr(loaded)

    # Any 24-character run of the key's base64 (or hex) would betray key material.
    b64, hexed = base64.b64encode(der).decode(), der.hex()
    assert not any(b64[i : i + 24] in text for i in range(0, len(b64) - 24, 8))
    assert not any(hexed[i : i + 24] in text for i in range(0, len(hexed) - 24, 8))
