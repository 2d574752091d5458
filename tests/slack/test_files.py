"""Shared files: a certificate is inspected in the thread; a private key is refused, never echoed."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from skm_bot.certs.inspect import Inspection, inspect_certificate
from skm_bot.certs.worker import InspectionPool
from skm_bot.slack.uploads import classify, holds_private_key
from tests.fakes.slack_standin import payloads
from tests.fakes.slack_world import ALICE, OPS, WATCHED

from .conftest import INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio


def make_cert() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "skm-client.example")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


async def upload(bot: Bot, name: str, content: bytes):
    parent = bot.state.post(OPS, ALICE, "cert question")
    envelope = payloads.user_uploads(
        bot.state, bot.slack.origin, OPS, ALICE, name, content, thread_ts=parent.ts
    )
    await bot.deliver.event(envelope)
    await bot.settle()
    return bot.state.thread(OPS, parent.ts)


async def test_certificate_upload_is_inspected_in_the_thread(bot: Bot):
    cert_pem, _ = make_cert()
    thread = await upload(bot, "client.crt", cert_pem)

    [reply] = [m for m in thread if m.bot_id]
    assert "Certificate inspection: client.crt" in reply.text
    assert "cert_expired" in str(reply.blocks)
    bot.assert_all_messages_within_limits()


async def test_bot_answers_a_paste_while_an_upload_is_being_inspected(bot: Bot):
    """The inspection holds a worker thread until the paste is answered; on the loop it could not."""
    started, release = threading.Event(), threading.Event()
    released_in_time: list[bool] = []

    def slow(data: bytes, *, filename: str, password: bytes | None, now: dt.datetime) -> Inspection:
        started.set()
        released_in_time.append(release.wait(10))
        return inspect_certificate(data, filename=filename, password=password, now=now)

    bot.deps.inspections = InspectionPool(inspect=slow)
    parent = bot.state.post(OPS, ALICE, "cert question")
    upload_event = payloads.user_uploads(
        bot.state, bot.slack.origin, OPS, ALICE, "client.crt", make_cert()[0], thread_ts=parent.ts
    )
    await bot.deliver.event(upload_event)
    await asyncio.to_thread(started.wait, 10)
    paste = payloads.user_says(bot.state, WATCHED, ALICE, INVALID_APPKEY)
    await bot.deliver.event(paste)
    await bot.until(lambda: bool(bot.state.thread(WATCHED, paste["event"]["ts"])))
    release.set()
    await bot.settle()

    assert released_in_time == [True]
    assert any("cert_expired" in str(m.blocks) for m in bot.state.thread(OPS, parent.ts))


@pytest.mark.parametrize("name", ["client.key", "bundle.p12", "bundle.pfx"])
async def test_key_file_by_name_is_refused_without_download(bot: Bot, name: str):
    _, key_pem = make_cert()
    thread = await upload(bot, name, key_pem)

    [reply] = [m for m in thread if m.bot_id]
    assert "did not open it" in reply.text
    assert "rotate" in reply.text
    assert not any("files-pri" in str(c.args) for c in bot.state.calls)


async def test_private_key_named_pem_is_refused_by_content_and_never_echoed(bot: Bot):
    cert_pem, key_pem = make_cert()
    thread = await upload(bot, "client.pem", cert_pem + key_pem)

    [reply] = [m for m in thread if m.bot_id]
    assert "did not open it" in reply.text
    body = key_pem.decode().splitlines()[1]
    bot.assert_never_sent(body)


async def test_unrelated_file_is_ignored(bot: Bot):
    thread = await upload(bot, "notes.txt", b"hello")

    assert [m for m in thread if m.bot_id] == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.CRT", "certificate"),
        ("a.pem", "certificate"),
        ("a.cer", "certificate"),
        ("a.key", "key"),
        ("a.P12", "key"),
        ("a.txt", None),
    ],
)
def test_classify_by_name(name: str, kind: str | None):
    assert classify(name) == kind


def test_private_key_sniffed_from_content():
    _, key_pem = make_cert()
    der = serialization.load_pem_private_key(key_pem, None).private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )

    assert holds_private_key(key_pem)
    assert holds_private_key(der)
    assert not holds_private_key(make_cert()[0])
