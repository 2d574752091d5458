"""Redaction: canary secrets never survive, their kinds are recorded, the rest of the text stays."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from skm_bot.core.redaction import (
    GROWTH_SLACK,
    MAX_GROWTH,
    redact,
    redact_field,
    secret_name_kind,
)

CANARY = "CANARY7f3a9b"


def _p12_base64() -> str:
    """A real PKCS#12 file, base64 as people paste it."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "client")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    blob = pkcs12.serialize_key_and_certificates(
        b"c", key, cert, None, serialization.BestAvailableEncryption(b"pw")
    )
    return base64.b64encode(blob).decode()


def _pkcs8_base64() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return base64.b64encode(der).decode()


def _pem_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


CASES = [
    ("access_key_secret", f"-H 'X-TC-AUTHENTICATION-SECRET: {CANARY}'"),
    ("access_key_secret", f'{{"X-TC-AUTHENTICATION-SECRET": "{CANARY}"}}'),
    ("bearer_token", f"X-NHN-AUTHORIZATION: Bearer {CANARY}.abc.def"),
    ("bearer_token", f"x-nhn-authorization={CANARY}"),
    ("authorization_header", f"Authorization: Basic {CANARY}=="),
    ("password", f"keytool -list -keystore skm.p12 -storepass {CANARY}"),
    ("password", f"openssl pkcs12 -in skm.p12 -passin pass:{CANARY} -nodes"),
    ("password", f"curl --cert skm.p12:{CANARY} https://host/"),
    ("password", f"password={CANARY}&user=a"),
    ("password", f'{{"certificatePassword": "{CANARY}"}}'),
    ("password", f"-Djavax.net.ssl.keyStorePassword={CANARY}"),
    ("url_credentials", f"https://admin:{CANARY}@proxy.example.com:8080/"),
    ("password", f"curl -u AKID:{CANARY} -d grant_type=client_credentials https://oauth/"),
    ("bearer_token", f"POST /oauth2/token/revoke token={CANARY}"),
    ("api_key", f'{{"api_key": "{CANARY}"}}'),
    ("secret_value", f"secret={CANARY}"),
    ("secret_value", f'{{"body": {{"secret": "{CANARY}"}}}}'),
    ("secret_value", f'{{"secretValue":"{CANARY}"}}'),
    ("plaintext", f'{{"plaintext": "{CANARY} my card number"}}'),
    ("plaintext", f"{{'plaintext': '{CANARY}'}}"),
    ("local_key", f'{{"localKeyPlaintext": "{CANARY}"}}'),
    ("symmetric_key", f'{{"symmetricKey": "0x{CANARY}, 0x20"}}'),
    ("private_key", f'{{"keyType": "PrivateKey", "key": "0x30, {CANARY}"}}'),
    ("private_key", f'{{"keyType": "PrivateKey", "encodedKey": "{CANARY}"}}'),
    ("slack_token", f"token xoxb-1234-5678-{CANARY}"),
    ("slack_token", f"SLACK_APP_TOKEN=xapp-1-A0-{CANARY}"),
    ("slack_webhook", f"https://hooks.slack.com/services/T000/B000/{CANARY}"),
]


@pytest.mark.parametrize(
    ("kind", "text"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)]
)
def test_redact_removes_the_canary_and_records_its_kind(kind, text):
    result = redact(text)

    assert CANARY not in result.text
    assert kind in result.kinds


def test_redact_removes_a_whole_pem_private_key():
    pem = _pem_key()

    result = redact(f"my key:\n{pem}\nthanks")

    assert "PRIVATE KEY" not in result.text
    assert pem.splitlines()[1] not in result.text
    assert result.text == "my key:\n[REDACTED:private_key]\n\nthanks"


def test_redact_removes_a_truncated_pem_private_key():
    lines = _pem_key().splitlines()
    truncated = "\n".join(lines[:3])

    result = redact(truncated)

    assert lines[1] not in result.text
    assert lines[2] not in result.text


def test_redact_removes_a_pem_key_inside_a_json_string():
    pem = _pem_key().replace("\n", "\\n")

    result = redact(json.dumps({"key": pem})[:-10])

    assert pem.split("\\n")[1] not in result.text


def test_redact_removes_a_base64_pkcs12_blob():
    blob = _p12_base64()

    result = redact(f"here is the file: {blob}")

    assert blob[:80] not in result.text
    assert result.kinds == ("pkcs12",)


def test_redact_removes_a_bare_pkcs8_private_key():
    blob = _pkcs8_base64()

    result = redact(f"encodedKey {blob}")

    assert blob not in result.text
    assert "private_key" in result.kinds


def test_redact_keeps_a_ciphertext_and_a_public_certificate():
    """Ciphertexts and certificates are not secrets and the checks need them."""
    text = '{"ciphertext": "AAAAABzGjmJd8AS7bwE5ry0W8A=="} MIIBkTCB+wIJAKHBfpegPjMCMA0GCSqGSIb3DQEBCwUAMBExDzANBgNVBAMMBnVudXNlZDAeFw0'

    assert redact(text).text == text


def test_redact_keeps_quotes_so_json_stays_json():
    text = json.dumps({"plaintext": CANARY, "resultMessage": "Invalid User Data"})

    assert json.loads(redact(text).text)["resultMessage"] == "Invalid User Data"


def test_redact_counts_each_occurrence():
    result = redact(f"password={CANARY}1 password={CANARY}2")

    assert [(r.kind, r.count) for r in result.redactions] == [("password", 2)]


def test_redact_leaves_text_without_secrets_alone():
    text = "Invalid Key Id for 071dcc5c25614dffa52357e5cae3471f; keystore password was incorrect"

    result = redact(text)

    assert result.text == text
    assert result.redactions == ()


@pytest.mark.parametrize(
    "text",
    [
        "pw=x\n" * 20_000,
        "a=1 token=x " * 10_000,
        "mysql " + "-px " * 20_000,
        '{"pw":"x",' * 10_000,
        "xoxb-12345678 " * 10_000,
        "pw=x",
        "",
    ],
    ids=["env-lines", "logfmt", "mysql-flags", "json", "slack-tokens", "one", "empty"],
)
def test_redacted_text_is_at_most_twice_as_long_plus_64(text):
    """Dense short secrets would triple a paste; close placeholders merge to keep the bound."""
    result = redact(text)

    assert len(result.text) <= MAX_GROWTH * len(text) + GROWTH_SLACK
    assert "x\n" not in result.text.replace("[REDACTED:", "")


def test_redact_keeps_the_placeholder_format():
    assert redact(f"token={CANARY}").text == "token=[REDACTED:bearer_token]"


def test_redact_field_removes_all_of_a_value_under_a_secret_name():
    result = redact_field("SKM_PROD_P12_PASSWORD", f"plain {CANARY}")

    assert (result.text, result.kinds) == ("[REDACTED:password]", ("password",))


def test_redact_field_redacts_inside_a_value_under_another_name():
    assert redact_field("description", f"token={CANARY}").text == "token=[REDACTED:bearer_token]"


def test_redact_field_leaves_a_placeholder_alone():
    assert redact_field("password", "[REDACTED:password]").redactions == ()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("SKM_SECRET_ACCESS_KEY", "access_key_secret"),
        ("userAccessKeySecret", "access_key_secret"),
        ("X-TC-AUTHENTICATION-SECRET", "access_key_secret"),
        ("client_secret", "secret_value"),
        ("SKM_BOT_GRAFANA_HMAC_SECRET", "secret_value"),
        ("SKM_BOT_WEBHOOK_TOKEN", "bearer_token"),
        ("SKM_BOT_WEBHOOK_BASIC_PASSWORD", "password"),
        ("Proxy-Authorization", "authorization_header"),
        ("X-Amz-Signature", "signature"),
        ("Set-Cookie", "cookie"),
        ("x-api-key", "api_key"),
        ("private_key", "private_key"),
        ("db_pw", "password"),
        ("basicAuth", "credential"),
        ("ŞİFRE", "password"),
        ("パスワード", "password"),
        ("비밀번호", "password"),
        ("密码", "password"),
        ("api-keymanager.nhncloudservice.com", None),
        ("authType", None),
        ("keyId", None),
        ("X-TC-AUTHENTICATION-ID", None),
        ("암호화", None),
    ],
)
def test_secret_name_kind(name, kind):
    assert secret_name_kind(name) == kind


@pytest.mark.parametrize("text", ["-storepass ", "keytool -storepass \t", "--password"])
def test_a_flag_with_nothing_after_it_is_left_alone(text):
    """A password flag at the very end of a paste, spaces after it: nothing to remove."""
    assert redact(text).text == text
