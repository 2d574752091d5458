"""The client key is handed to the ssl module without leaving anything on disk."""

from __future__ import annotations

import ssl
import stat
from pathlib import Path

import httpx

from skm_bot.certs.handshake import ClientCredentials, _read_envelope, client_context, staged_pem
from skm_bot.certs.tls_alerts import ProbeCode, classify


def test_staged_file_is_owner_only(tmp_path):
    with staged_pem(b"pem", directory=tmp_path) as path:
        staged = Path(path)
        modes = (stat.S_IMODE(staged.stat().st_mode), stat.S_IMODE(staged.parent.stat().st_mode))

    assert modes == (0o600, 0o700)


def test_staged_file_is_removed_afterwards(tmp_path):
    with staged_pem(b"pem", directory=tmp_path):
        pass

    assert list(tmp_path.iterdir()) == []


def test_client_context_leaves_nothing_on_disk(pki, tmp_path):
    issued = pki.leaf()

    client_context(ClientCredentials(issued.cert, issued.key), ca_bundle=None, staging_dir=tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_memory_file_is_readable_while_staged():
    with staged_pem(b"pem") as path, open(path, "rb") as handle:
        assert handle.read() == b"pem"


def test_credentials_repr_hides_the_key(pki):
    issued = pki.leaf()

    assert "key" not in repr(ClientCredentials(issued.cert, issued.key)).lower()


def test_classify_unwraps_an_httpx_error():
    """httpx wraps the ssl error; the alert underneath is what counts."""
    alert = ssl.SSLError(1, "alert")
    alert.reason = "TLSV1_ALERT_UNKNOWN_CA"
    wrapped = httpx.ConnectError("boom")
    wrapped.__cause__ = alert

    assert classify(wrapped).code is ProbeCode.ALERT_UNKNOWN_CA


def test_envelope_with_auth_failure_means_sent_but_refused():
    payload = {
        "header": {
            "resultCode": -1,
            "resultMessage": "Certificate Auth Failure",
            "isSuccessful": False,
        },
        "body": {"clientSentCertificate": True},
    }

    assert _read_envelope(payload, 200, "TLSv1.3").code is ProbeCode.CONFIRM_REFUSED


def test_envelope_accepts_the_documented_misspelling():
    payload = {"header": {"isSuccessful": True}, "body": {"clientSentCerfificate": False}}

    assert _read_envelope(payload, 200, None).code is ProbeCode.CONFIRM_CERT_NOT_SENT
