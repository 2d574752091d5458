"""skm.reachable and skm.confirm: a loopback server for the socket steps, the emulator for HTTP."""

from __future__ import annotations

import asyncio
import re
import ssl
from datetime import timedelta

import pytest

from skm_bot.checks.reachability import check_confirm, check_reachable, endpoint_note
from skm_bot.core.check_result import Status


@pytest.fixture
async def loopback():
    """A TCP listener on 127.0.0.1 that accepts and closes; yields its port."""

    async def handle(reader, writer):
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]


@pytest.fixture
async def tls_loopback(tmp_path):
    """A TLS listener on 127.0.0.1 with an emulator-CA certificate; yields (port, CA file)."""
    from skm_bot.emulator.ca import EmulatorCA

    ca = EmulatorCA.generate()
    leaf = ca.issue_server_certificate(("127.0.0.1",))
    (tmp_path / "cert.pem").write_text(leaf.cert_pem)
    (tmp_path / "key.pem").write_text(leaf.key_pem)
    (tmp_path / "ca.pem").write_text(ca.cert_pem)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")

    async def handle(reader, writer):
        await reader.read(1)
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    async with server:
        yield server.sockets[0].getsockname()[1], tmp_path / "ca.pem"


@pytest.mark.anyio
async def test_reachable_passes_over_plain_http(make_ctx, loopback):
    ctx = make_ctx(profile_overrides={"endpoint": f"http://127.0.0.1:{loopback}"})

    result = await check_reachable(ctx)

    assert result.status is Status.PASS
    assert [line.split(":")[0] for line in result.details] == ["dns", "tcp", "tls", "http", "clock"]


@pytest.mark.anyio
async def test_reachable_passes_over_tls_with_the_ca(make_ctx, tls_loopback):
    port, ca_file = tls_loopback
    overrides = {"endpoint": f"https://127.0.0.1:{port}", "ca_bundle": ca_file}

    result = await check_reachable(make_ctx(profile_overrides=overrides))

    assert result.status is Status.PASS
    assert any(line.startswith("tls: TLS handshake ok") for line in result.details)


@pytest.mark.anyio
async def test_reachable_fails_on_an_unknown_ca(make_ctx, tls_loopback):
    port, _ = tls_loopback

    result = await check_reachable(
        make_ctx(profile_overrides={"endpoint": f"https://127.0.0.1:{port}"})
    )

    assert result.status is Status.FAIL
    assert "CERTIFICATE_VERIFY_FAILED" in result.summary


@pytest.mark.anyio
async def test_reachable_fails_when_nothing_listens(make_ctx):
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    ctx = make_ctx(profile_overrides={"endpoint": f"http://127.0.0.1:{port}"})

    result = await check_reachable(ctx)

    assert result.status is Status.FAIL
    assert "connect to 127.0.0.1" in result.summary


@pytest.mark.anyio
async def test_reachable_warns_on_clock_skew(make_ctx, loopback, state):
    state.set_clock_offset(timedelta(minutes=5))
    ctx = make_ctx(profile_overrides={"endpoint": f"http://127.0.0.1:{loopback}"})

    result = await check_reachable(ctx)

    assert result.status is Status.WARN
    # The Date header has whole seconds: the skew reads 299 or 300 s.
    assert re.search(r"the clocks differ by (299|300) s", result.summary)


@pytest.mark.parametrize(
    ("pasted", "phrase"),
    [
        (None, None),
        ("https://api-keymanager.nhncloudservice.com/keymanager/v1.2", None),
        ("api-keymanager.cloud.toast.com", "old TOAST domain"),
        ("https://api-keymanager.gov-nhncloudservice.com", "another SKM environment"),
        ("https://evil.example.com", "not a documented SKM host"),
    ],
)
def test_endpoint_note(pasted, phrase):
    note = endpoint_note(pasted, "https://api-keymanager.nhncloudservice.com")

    assert (note is None) if phrase is None else (phrase in note.text("en"))


@pytest.mark.anyio
async def test_confirm_shows_what_skm_sees(make_ctx):
    result = await check_confirm(make_ctx())

    assert result.status is Status.PASS
    assert result.details == (
        "client IP: 203.0.113.7",
        "MAC header: aa:bb:cc:dd:ee:ff",
        "certificate sent: no",
    )


@pytest.mark.anyio
async def test_confirm_fails_with_a_wrong_appkey(make_ctx):
    result = await check_confirm(make_ctx(profile_overrides={"appkey": "wrongAppkey00000"}))

    assert (result.status, result.summary) == (Status.FAIL, "/confirm failed: Invalid Appkey")
