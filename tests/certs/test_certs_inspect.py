"""The offline inspector: each fixture case leads with the expected root cause."""

from __future__ import annotations

import pytest

from skm_bot.certs.findings import Code

FIRST_FINDING = [
    ("good_p12", None),
    ("good_pem", None),
    ("good_p12_no_password", None),
    ("good_chain_with_intermediate", None),
    ("empty", Code.FILE_EMPTY),
    ("garbage", Code.FILE_CORRUPT),
    ("truncated_p12", Code.FILE_CORRUPT),
    ("truncated_pem", Code.FILE_CORRUPT),
    ("p12_wrong_password", Code.P12_WRONG_PASSWORD),
    ("p12_no_password_given", Code.P12_PASSWORD_REQUIRED),
    ("p12_password_not_needed", Code.P12_PASSWORD_NOT_NEEDED),
    ("p12_no_key", Code.P12_KEY_MISSING),
    ("der_named_pem", Code.FORMAT_DER_NAMED_PEM),
    ("base64_p12", Code.FORMAT_BASE64_PKCS12),
    ("pem_named_p12", Code.FORMAT_PEM_NAMED_P12),
    ("key_only", Code.FORMAT_KEY_ONLY),
    ("pem_key_encrypted_no_password", Code.KEY_ENCRYPTED_NO_PASSWORD),
    ("pem_key_wrong_password", Code.KEY_WRONG_PASSWORD),
    ("pem_key_password_not_needed", Code.KEY_PASSWORD_NOT_NEEDED),
    ("mismatched_key", Code.KEY_MISMATCH),
    ("wrong_order", Code.BUNDLE_WRONG_ORDER),
    ("cert_only_pem", Code.KEY_NOT_IN_FILE),
    ("self_signed", Code.CHAIN_SELF_SIGNED),
    ("other_ca", Code.CHAIN_UNKNOWN_ISSUER),
    ("missing_intermediate", Code.CHAIN_MISSING_INTERMEDIATE),
    ("no_ca_bundle", Code.CHAIN_NOT_CHECKED),
    ("revoked", Code.CERT_REVOKED),
    ("expired", Code.CERT_EXPIRED),
    ("not_yet_valid", Code.CERT_NOT_YET_VALID),
    ("expiring_soon", Code.CERT_EXPIRING_SOON),
    ("no_client_auth", Code.EKU_NO_CLIENT_AUTH),
    ("no_digital_signature", Code.KU_NO_DIGITAL_SIGNATURE),
    ("ca_flag", Code.LEAF_IS_CA),
    ("weak_rsa_1024", Code.KEY_TOO_WEAK),
    ("sha1_signature", Code.SIGNATURE_WEAK_HASH),
    ("world_readable_key", Code.KEY_FILE_PERMISSIONS),
]


@pytest.mark.parametrize(("case", "expected"), FIRST_FINDING)
def test_inspect_first_finding(inspect_case, case, expected):
    """Each case's first finding is its root cause; good files have none."""
    inspection = inspect_case(case)

    codes = [f.code for f in inspection.findings]
    assert (codes[0] if codes else None) == expected, codes
