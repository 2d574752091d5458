"""Real (mutual) TLS over a loopback port: the handshake verdicts and the app's certificate check."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest

from skm_bot.emulator import (
    EmulatorState,
    IssuedCertificate,
    mint_client_certificate,
    serve_emulator,
)
from skm_bot.emulator.model import EntryState

from .conftest import CERT_SECRET_KEY, body, message, path

pytestmark = pytest.mark.slow  # a real server over real TLS, or a real process

SECRET = path("v1.0", f"/secrets/{CERT_SECRET_KEY}")
CONFIRM = path("v1.0", "/confirm")


def _context(
    ca_path: Path, tmp_path: Path, cert: IssuedCertificate | None = None, **kw
) -> ssl.SSLContext:
    """A client context trusting the emulator CA, optionally presenting `cert` (TLS 1.2 if asked)."""
    context = ssl.create_default_context(cafile=str(ca_path))
    if kw.get("tls12"):
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    if cert is not None:
        pem = tmp_path / "client.pem"
        pem.write_text(cert.cert_pem + cert.key_pem)
        context.load_cert_chain(pem)
    return context


def _ssl_reason(error: BaseException) -> str | None:
    """The TLS alert behind an httpx error (httpx <- httpcore <- ssl.SSLError)."""
    current: BaseException | None = error
    while current is not None and not isinstance(current, ssl.SSLError):
        current = current.__cause__ or current.__context__
    return current.reason if current is not None else None


def _registered(state: EmulatorState, cert: IssuedCertificate, name: str = "tls-test") -> None:
    store = state.keystore_by_name("demo-certificate")
    state.register_certificate(store, name, "pw", issued=cert)


def _get(running, context: ssl.SSLContext, url: str) -> httpx.Response:
    with httpx.Client(base_url=running.base_url, verify=context) as client:
        return client.get(url)


def test_registered_certificate_reads_the_secret(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    _registered(state, cert)
    with serve_emulator(state, tls=True) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), SECRET)

    assert body(response) == {"secret": "demo-api-token-value"}


def test_confirm_reports_a_sent_certificate(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    with serve_emulator(state, tls=True) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), CONFIRM)

    assert body(response)["clientSentCertificate"] is True


def test_no_certificate_is_certificate_auth_failure(state, tmp_path):
    with serve_emulator(state, tls=True) as running:
        context = _context(running.ca_cert_path, tmp_path)
        secret = _get(running, context, SECRET)
        confirm = _get(running, context, CONFIRM)

    assert message(secret) == "Certificate Auth Failure"
    assert body(confirm)["clientSentCertificate"] is False


def test_unregistered_certificate_is_certificate_auth_failure(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    with serve_emulator(state, tls=True) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), SECRET)

    assert message(response) == "Certificate Auth Failure"


def test_certificate_pending_deletion_is_certificate_auth_failure(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    _registered(state, cert)
    state.keystore_by_name("demo-certificate").certificates[-1].state = EntryState.PENDING_DELETION
    with serve_emulator(state, tls=True) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), SECRET)

    assert message(response) == "Certificate Auth Failure"


@pytest.mark.parametrize(
    ("kind", "alert"),
    [
        ("other_ca", "TLSV1_ALERT_UNKNOWN_CA"),
        ("expired", "SSLV3_ALERT_CERTIFICATE_EXPIRED"),
        ("no_client_auth", "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE"),
    ],
)
def test_refused_certificate_gets_a_tls_alert(state, tmp_path, kind, alert):
    cert = mint_client_certificate(state.ca, kind)
    with serve_emulator(state, tls=True) as running:
        context = _context(running.ca_cert_path, tmp_path, cert, tls12=True)
        with pytest.raises(httpx.ConnectError) as caught:
            _get(running, context, CONFIRM)

    assert _ssl_reason(caught.value) == alert


def test_expired_certificate_reaches_the_app_when_time_checks_are_off(state, tmp_path):
    cert = mint_client_certificate(state.ca, "expired")
    _registered(state, cert)
    with serve_emulator(state, tls=True, check_client_cert_time=False) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), SECRET)

    assert message(response) == "Certificate Auth Failure"


def test_tls_without_client_cert_request_sees_no_certificate(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    with serve_emulator(state, tls=True, mtls=False) as running:
        response = _get(running, _context(running.ca_cert_path, tmp_path, cert), CONFIRM)

    assert body(response)["clientSentCertificate"] is False


def test_server_sends_one_date_header(state, tmp_path):
    with serve_emulator(state) as running, httpx.Client(base_url=running.base_url) as client:
        response = client.get(CONFIRM)

    assert len(response.headers.get_list("date")) == 1


def test_stop_removes_the_temporary_tls_directory(state):
    with serve_emulator(state, tls=True) as running:
        ca_path = running.ca_cert_path

    assert ca_path is not None
    assert not ca_path.exists()


@pytest.mark.anyio
async def test_async_with_serves_async_clients(state, tmp_path):
    cert = mint_client_certificate(state.ca)
    _registered(state, cert)
    async with serve_emulator(state, tls=True) as running:
        context = _context(running.ca_cert_path, tmp_path, cert)
        async with httpx.AsyncClient(base_url=running.base_url, verify=context) as client:
            response = await client.get(SECRET)

    assert body(response)["secret"] == "demo-api-token-value"
