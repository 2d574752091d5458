"""The live probe against a loopback server that requires client certificates."""

from __future__ import annotations

import socket
import ssl
from datetime import timedelta

import pytest
from cryptography.x509.oid import ExtendedKeyUsageOID
from pydantic import SecretStr

from skm_bot.certs.handshake import ClientCredentials, probe_handshake
from skm_bot.certs.tls_alerts import ProbeCode
from skm_bot.checks.certificates import CERT_CHECKS
from skm_bot.checks.context import CheckContext
from skm_bot.core.check_ids import CERT_HANDSHAKE
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts
from skm_bot.core.profile import Profile
from tests.certs.conftest import PASSWORD, write
from tests.untranslated import english_runs

pytestmark = pytest.mark.slow  # a real server over real TLS, or a real process

CONFIRM = "/keymanager/v1.2/appkey/APPKEY/confirm"
DAY = timedelta(days=1)


def credentials(issued):
    return ClientCredentials(issued.cert, issued.key)


async def probe(server, live_pki, issued, **kwargs):
    return await probe_handshake(
        server.endpoint,
        credentials=credentials(issued) if issued else None,
        ca_bundle=live_pki.ca_file,
        confirm_path=CONFIRM,
        **kwargs,
    )


@pytest.mark.anyio
async def test_probe_accepts_a_good_certificate(mtls_server, live_pki):
    result = await probe(mtls_server, live_pki, live_pki.pki.leaf())

    assert (result.code, result.client_sent_certificate) == (ProbeCode.ACCEPTED, True)


@pytest.mark.anyio
async def test_probe_names_a_missing_certificate(mtls_server, live_pki, tls_version):
    """TLS 1.2 says handshake_failure; TLS 1.3 says certificate_required."""
    result = await probe(mtls_server, live_pki, None)

    expected = {
        ssl.TLSVersion.TLSv1_2: ProbeCode.ALERT_HANDSHAKE_FAILURE,
        ssl.TLSVersion.TLSv1_3: ProbeCode.ALERT_CERTIFICATE_REQUIRED,
    }[tls_version]
    assert result.code is expected


@pytest.mark.anyio
async def test_probe_names_an_expired_certificate(mtls_server, live_pki):
    expired = live_pki.pki.leaf(start=-100 * DAY, end=-3 * DAY)

    result = await probe(mtls_server, live_pki, expired)

    assert result.code is ProbeCode.ALERT_CERTIFICATE_EXPIRED


@pytest.mark.anyio
async def test_probe_names_a_certificate_from_another_ca(mtls_server, live_pki):
    result = await probe(mtls_server, live_pki, live_pki.pki.leaf(issuer="other"))

    assert result.code is ProbeCode.ALERT_UNKNOWN_CA


@pytest.mark.anyio
async def test_probe_names_a_certificate_without_client_auth(mtls_server, live_pki):
    server_only = live_pki.pki.leaf(eku=(ExtendedKeyUsageOID.SERVER_AUTH,))

    result = await probe(mtls_server, live_pki, server_only)

    assert result.code is ProbeCode.ALERT_UNSUPPORTED_CERTIFICATE


@pytest.mark.anyio
async def test_probe_blames_our_trust_store_for_an_untrusted_server(
    mtls_server, live_pki, tmp_path
):
    """A local verify failure is reported as ours, not as a refused client certificate."""
    other_ca = tmp_path / "other.pem"
    other_ca.write_bytes(live_pki.pki.other.cert_pem())

    result = await probe_handshake(
        mtls_server.endpoint,
        credentials=credentials(live_pki.pki.leaf()),
        ca_bundle=other_ca,
        confirm_path=CONFIRM,
    )

    assert result.code is ProbeCode.SERVER_NOT_TRUSTED


@pytest.mark.anyio
async def test_probe_confirm_tells_certificate_not_sent(optional_server, live_pki):
    result = await probe(optional_server, live_pki, None)

    assert (result.code, result.client_sent_certificate) == (ProbeCode.CONFIRM_CERT_NOT_SENT, False)


@pytest.mark.anyio
async def test_probe_reports_an_unreachable_endpoint(live_pki):
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]

    result = await probe_handshake(
        f"https://127.0.0.1:{port}", credentials=None, ca_bundle=live_pki.ca_file, timeout=2
    )

    assert result.code is ProbeCode.ENDPOINT_UNREACHABLE


@pytest.mark.anyio
async def test_probe_reports_a_weak_key_refused_by_local_openssl(live_pki):
    weak = live_pki.pki.leaf(key=rsa_1024())

    result = await probe_handshake(
        "https://127.0.0.1:9", credentials=credentials(weak), ca_bundle=live_pki.ca_file
    )

    assert result.code is ProbeCode.CLIENT_CERT_REFUSED_LOCALLY


def rsa_1024():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


@pytest.mark.parametrize("language", ["ja", "ko"])
@pytest.mark.parametrize("expired", [False, True], ids=["accepted", "expired"])
@pytest.mark.anyio
async def test_the_handshake_check_reads_in_the_language(
    mtls_server, live_pki, tmp_path, language, expired
):
    """cert.handshake against a real server: its verdict and details in the reply's language."""
    issued = live_pki.pki.leaf(start=-100 * DAY, end=-3 * DAY) if expired else live_pki.pki.leaf()
    path = write(tmp_path / "client.p12", issued.p12(PASSWORD))
    settings = Profile(
        name="p",
        endpoint=mtls_server.endpoint,
        appkey="APPKEY",
        certificate_path=path,
        certificate_password=SecretStr(PASSWORD.decode()),
        ca_bundle=live_pki.ca_file,
    )
    ctx = CheckContext(
        facts=Facts(), now=live_pki.pki.now, profile=settings, api=object(), language=language
    )  # type: ignore[arg-type]

    result = await CERT_CHECKS[CERT_HANDSHAKE](ctx)

    lines = [result.summary, *result.details]
    assert (result.status, [run for line in lines for run in english_runs(line)]) == (
        Status.FAIL if expired else Status.PASS,
        [],
    )
