"""The offline inspector's details: observed values, thresholds, ordering and legacy files."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

from cryptography.x509.oid import ExtendedKeyUsageOID

from skm_bot.certs.findings import Code
from skm_bot.certs.inspect import inspect_certificate


def first(inspection):
    return inspection.findings[0]


def test_expired_reports_times_and_difference(inspect_case):
    finding = first(inspect_case("expired"))

    assert (
        finding.observed.text("en")
        == "expired 3 days ago: notAfter 2026-11-23T03:00Z, now 2026-11-26T03:00Z"
    )


def test_expired_names_the_certificate(inspect_case):
    finding = first(inspect_case("expired"))

    assert (finding.cert.depth, finding.cert.subject) == (0, "CN=skm-client")


def test_fingerprint_is_sha256_hex(inspect_case):
    ref = first(inspect_case("expired")).cert

    assert len(ref.sha256.split(":")) == 32


def test_not_yet_valid_hints_at_the_clock(inspect_case):
    finding = first(inspect_case("not_yet_valid"))

    assert "clock" in finding.summary.text("en")


def test_expiring_threshold_is_configurable(inspect_case):
    """A certificate with 12 days left is fine under a 7-day threshold."""
    inspection = inspect_case("expiring_soon", expiring_within=timedelta(days=7))

    assert inspection.findings == ()


def test_root_cause_comes_first_when_several_apply(pki, now):
    server_only = (ExtendedKeyUsageOID.SERVER_AUTH,)
    leaf = pki.leaf(start=timedelta(days=-100), end=timedelta(days=-1), eku=server_only)
    data = leaf.cert_pem() + pki.leaf().key_pem()

    inspection = inspect_certificate(
        data, filename="c.pem", password=None, now=now, ca_bundle=[pki.root.cert]
    )

    codes = [f.code for f in inspection.findings]
    assert codes == [Code.KEY_MISMATCH, Code.CERT_EXPIRED, Code.EKU_NO_CLIENT_AUTH]


def test_wrong_order_still_inspects_the_client_certificate(inspect_case):
    inspection = inspect_case("wrong_order")

    assert inspection.leaf.subject == "CN=skm-client"


def test_base64_p12_is_still_inspected(inspect_case):
    """The decoded file is inspected too, so later causes are not hidden."""
    assert inspect_case("base64_p12").leaf is not None


def test_password_not_needed_still_inspects_the_file(inspect_case):
    assert inspect_case("p12_password_not_needed").has_key


def test_key_permissions_ignored_without_a_key(make_case, now):
    case = make_case("cert_only_pem")

    inspection = inspect_certificate(
        case.path.read_bytes(), filename="c.pem", password=None, now=now, file_mode=0o100644
    )

    assert Code.KEY_FILE_PERMISSIONS not in [f.code for f in inspection.findings]


def test_revoked_ignores_a_crl_from_another_ca(pki, now):
    leaf = pki.leaf(issuer="other")
    crl = pki.crl(leaf.cert)

    inspection = inspect_certificate(
        leaf.cert_pem() + leaf.key_pem(), filename="c.pem", password=None, now=now, crl=crl
    )

    assert Code.CRL_NOT_APPLICABLE in [f.code for f in inspection.findings]


def test_legacy_rc2_p12_is_flagged(pki, rc2_p12, now, canary):
    inspection = inspect_certificate(
        rc2_p12, filename="old.p12", password=canary, now=now, ca_bundle=[pki.root.cert]
    )

    assert first(inspection).code is Code.P12_LEGACY_RC2


def test_legacy_rc2_without_the_legacy_provider_is_named(rc2_p12, tmp_path, canary):
    """With the OpenSSL legacy provider off, RC2 is named instead of 'wrong password'."""
    path = tmp_path / "old.p12"
    path.write_bytes(rc2_p12)
    script = (
        "import sys; from skm_bot.certs.load import load_bundle;"
        "data = open(sys.argv[1], 'rb').read();"
        "print(load_bundle(data, filename='old.p12', password=sys.argv[2].encode()).findings[0].code)"
    )
    env = {**os.environ, "CRYPTOGRAPHY_OPENSSL_NO_LEGACY": "1"}
    command = [sys.executable, "-W", "ignore", "-c", script, str(path), canary.decode()]

    done = subprocess.run(command, capture_output=True, env=env, check=True, text=True)

    assert done.stdout.strip() == Code.P12_LEGACY_RC2_UNSUPPORTED
