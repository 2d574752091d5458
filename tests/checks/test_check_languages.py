"""
Every SKM check's every outcome, and the runner's own, read in Japanese and Korean.

Each outcome is driven for real: against the emulator (with its faults), a loopback server for
the network probe, or a canned SKM answer where the emulator cannot say it. The check's verdict
is worded in ja and ko, and no run of English words may remain but names, codes and SKM's own
messages (tests/untranslated.py). Together the outcomes must reach every phrase of the checks.
"""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.checks.context import CheckContext
from skm_bot.checks.registry import SKM_CHECKS
from skm_bot.checks.runner import run_checks
from skm_bot.checks.verdicts import Verdict
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.facts import Facts
from skm_bot.core.phrases import load_phrasebook
from skm_bot.emulator import state_from_seed
from skm_bot.emulator.faults import Fault, FaultKind
from skm_bot.skm.from_profile import api_from_profile
from tests.untranslated import english_runs

from .conftest import (
    APPKEY,
    ASYM,
    ELSEWHERE,
    MISSING,
    PENDING,
    SECRET,
    SYM,
    emulated,
    profile,
    seed,
)

# A sweep (every check outcome in every language): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

LANGUAGES = ("ja", "ko")
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


GOOD_CIPHERTEXT = b64((3).to_bytes(4, "big") + bytes(range(12)) + b"data" + bytes(16))


@dataclass
class World:
    """What an outcome is built from: the emulated project, contexts, loopback servers."""

    state: Any
    make_ctx: Callable[..., CheckContext]
    servers: AsyncExitStack
    tmp_path: Path

    async def listener(self, *, tls: bool = False) -> tuple[int, Path | None]:
        """A loopback listener that accepts and closes: its port, and its CA file if TLS."""
        context, ca_file = self._tls() if tls else (None, None)

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if tls:
                await reader.read(1)
            writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
        await self.servers.enter_async_context(server)
        return server.sockets[0].getsockname()[1], ca_file

    def _tls(self) -> tuple[ssl.SSLContext, Path]:
        from skm_bot.emulator.ca import EmulatorCA

        ca = EmulatorCA.generate()
        leaf = ca.issue_server_certificate(("127.0.0.1",))
        (self.tmp_path / "cert.pem").write_text(leaf.cert_pem)
        (self.tmp_path / "key.pem").write_text(leaf.key_pem)
        (self.tmp_path / "ca.pem").write_text(ca.cert_pem)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.tmp_path / "cert.pem", self.tmp_path / "key.pem")
        return context, self.tmp_path / "ca.pem"

    async def endpoint(self, **facts: Any) -> CheckContext:
        """A context whose endpoint is a plain loopback listener (SKM is still the emulator)."""
        port, _ = await self.listener()
        return self.make_ctx(profile_overrides={"endpoint": f"http://127.0.0.1:{port}"}, **facts)


def canned(answer: Callable[[httpx.Request], httpx.Response], **facts: Any) -> CheckContext:
    """A context whose SKM answers every request with `answer` (what the emulator never says)."""
    chosen = profile()
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return CheckContext(
        facts=Facts(**facts), now=NOW, profile=chosen, api=api_from_profile(chosen, client)
    )


def envelope(body: Any = None, *, ok: bool = True, message: str = "SUCCESS", status: int = 200):
    header = {"isSuccessful": ok, "resultCode": 0 if ok else -3001, "resultMessage": message}
    content = json.dumps({"header": header, "body": body}).encode()
    return lambda request: httpx.Response(status, content=content, headers={"date": ""})


def offline(**facts: Any) -> CheckContext:
    return CheckContext(facts=Facts(**facts), now=NOW)


def no_client(**facts: Any) -> CheckContext:
    return CheckContext(facts=Facts(**facts), now=NOW, profile=profile())


def _raise(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        raise exc

    return answer


def _reply(status: int, content: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, content=content)


Build = Callable[[World], Awaitable[CheckContext]]


@dataclass(frozen=True)
class Outcome:
    """One way a check can end: how to get there and the status it must have."""

    name: str
    check_id: str
    status: Status
    build: Build


def at(check_id: str, status: Status, name: str) -> Callable[[Build], Outcome]:
    return lambda build: Outcome(name, check_id, status, build)


def ctx_of(**facts: Any) -> Build:
    async def build(world: World) -> CheckContext:
        return world.make_ctx(**facts)

    return build


def with_profile(overrides: dict[str, Any], **facts: Any) -> Build:
    async def build(world: World) -> CheckContext:
        return world.make_ctx(profile_overrides=overrides, **facts)

    return build


def plain(context: Callable[[], CheckContext]) -> Build:
    async def build(world: World) -> CheckContext:
        return context()

    return build


WRONG_APPKEY = {"appkey": "wrongAppkey00000"}
WRONG_SECRET = {"secret_access_key": SecretStr("wrong-secret")}
PASS, FAIL, WARN, SKIP = Status.PASS, Status.FAIL, Status.WARN, Status.SKIP


async def _unnamed_key(world: World) -> CheckContext:
    from skm_bot.emulator.state import KeyType

    main = world.state.keystore_by_name("main")
    key = world.state.create_key(main, KeyType.SYMMETRIC_KEY, "")
    return world.make_ctx(key_id=key.key_id)


async def _skewed(world: World) -> CheckContext:
    world.state.set_clock_offset(timedelta(minutes=5))
    return await world.endpoint()


async def _slow(world: World) -> CheckContext:
    world.state.add_fault(Fault(kind=FaultKind.LATENCY, path_prefix="", latency_ms=2100))
    return await world.endpoint()


async def _tls(world: World, *, trusted: bool) -> CheckContext:
    port, ca_file = await world.listener(tls=True)
    overrides: dict[str, Any] = {"endpoint": f"https://127.0.0.1:{port}"}
    if trusted:
        overrides["ca_bundle"] = ca_file
    return world.make_ctx(profile_overrides=overrides)


async def _refused(world: World) -> CheckContext:
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    return world.make_ctx(profile_overrides={"endpoint": f"http://127.0.0.1:{port}"})


async def _behind_loopback(
    world: World, answer: Callable[[httpx.Request], httpx.Response]
) -> CheckContext:
    """The probe reaches a loopback listener; SKM's answers are `answer`'s."""
    port, _ = await world.listener()
    chosen = profile(endpoint=f"http://127.0.0.1:{port}")
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return CheckContext(
        facts=Facts(), now=NOW, profile=chosen, api=api_from_profile(chosen, client)
    )


async def _ping_fails(world: World) -> CheckContext:
    return await _behind_loopback(world, _raise(httpx.ReadTimeout("timed out")))


async def _no_date(world: World) -> CheckContext:
    return await _behind_loopback(world, envelope({}))


def _note(pasted: str) -> Build:
    async def build(world: World) -> CheckContext:
        return await world.endpoint(endpoint=pasted)

    return build


def _confirm(sent: Any, header: str | None = "aa:bb:cc:dd:ee:ff") -> Build:
    body = {"clientIp": "203.0.113.7", "clientMacHeader": header, "clientSentCertificate": sent}
    return plain(lambda: canned(envelope(body)))


def _host_refused(**facts: Any) -> Build:
    answer = envelope(ok=False, message="IPv4 Auth Failure", status=403)
    return plain(lambda: canned(answer, **facts))


def _v13_host_refused() -> Build:
    refused = envelope(ok=False, message="IPv4 Auth Failure", status=403)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token/create"):
            content = json.dumps({"access_token": "t", "expires_in": 60}).encode()
            return httpx.Response(200, content=content)
        return refused(request)

    chosen = profile(api_version="v1.3")
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return plain(
        lambda: CheckContext(
            facts=Facts(), now=NOW, profile=chosen, api=api_from_profile(chosen, client)
        )
    )


def _user_data(**facts: Any) -> Build:
    return plain(lambda: offline(**facts))


OUTCOMES: list[Outcome] = [
    # skm.appkey
    at("skm.appkey", SKIP, "appkey_offline")(plain(offline)),
    at("skm.appkey", SKIP, "appkey_no_client")(plain(no_client)),
    at("skm.appkey", PASS, "appkey_not_in_paste")(ctx_of()),
    at("skm.appkey", PASS, "appkey_same")(ctx_of(appkey=APPKEY)),
    at("skm.appkey", FAIL, "appkey_rejected")(with_profile(WRONG_APPKEY)),
    at("skm.appkey", FAIL, "appkey_paste_refused")(
        ctx_of(appkey="zzzz****yyyy", result_message="Invalid Appkey")
    ),
    at("skm.appkey", WARN, "appkey_paste_other")(ctx_of(appkey="zzzz****yyyy")),
    # skm.credentials
    at("skm.credentials", SKIP, "credentials_v1_0")(with_profile({"api_version": "v1.0"})),
    at("skm.credentials", PASS, "credentials_v1_2")(ctx_of()),
    at("skm.credentials", PASS, "credentials_v1_3")(with_profile({"api_version": "v1.3"})),
    at("skm.credentials", FAIL, "credentials_v1_2_wrong")(with_profile(WRONG_SECRET)),
    at("skm.credentials", FAIL, "credentials_v1_3_wrong")(
        with_profile({"api_version": "v1.3", **WRONG_SECRET})
    ),
    at("skm.credentials", SKIP, "credentials_wrong_appkey")(with_profile(WRONG_APPKEY)),
    at("skm.credentials", WARN, "credentials_host_refused")(_host_refused()),
    at("skm.credentials", WARN, "credentials_v1_3_host_refused")(_v13_host_refused()),
    # skm.key
    at("skm.key", SKIP, "key_no_id")(ctx_of()),
    at("skm.key", PASS, "key_usable")(ctx_of(key_id=SYM, operation="symmetric.decrypt")),
    at("skm.key", PASS, "key_unnamed")(_unnamed_key),
    at("skm.key", FAIL, "key_missing")(ctx_of(key_id=MISSING)),
    at("skm.key", FAIL, "key_no_keystore")(with_profile({"keystore_ids": (99,)}, key_id=SYM)),
    at("skm.key", FAIL, "key_wrong_type")(ctx_of(key_id=ASYM, operation="symmetric.decrypt")),
    at("skm.key", FAIL, "key_pending_deletion")(ctx_of(key_id=PENDING)),
    # skm.key_version
    at("skm.key_version", SKIP, "version_none")(ctx_of(key_id=SYM)),
    at("skm.key_version", PASS, "version_usable")(ctx_of(key_id=SYM, key_version=3)),
    at("skm.key_version", PASS, "version_from_ciphertext")(
        ctx_of(key_id=SYM, ciphertext=GOOD_CIPHERTEXT)
    ),
    at("skm.key_version", FAIL, "version_not_in_service")(ctx_of(key_id=SYM, key_version=1)),
    at("skm.key_version", FAIL, "version_gone")(ctx_of(key_id=SYM, key_version=2)),
    at("skm.key_version", FAIL, "version_above_current")(ctx_of(key_id=SYM, key_version=4)),
    at("skm.key_version", SKIP, "version_secret")(ctx_of(key_id=SECRET, key_version=0)),
    at("skm.key_version", FAIL, "version_key_missing")(ctx_of(key_id=MISSING, key_version=1)),
    at("skm.key_version", WARN, "version_host_refused")(
        ctx_of(bot_ip="10.9.9.9", key_id=SYM, key_version=0)
    ),
    # skm.ipv4
    at("skm.ipv4", SKIP, "ipv4_offline")(plain(lambda: offline(client_ip="203.0.113.7"))),
    at("skm.ipv4", SKIP, "ipv4_no_ip")(ctx_of()),
    at("skm.ipv4", SKIP, "ipv4_no_ip_confirm_fails")(with_profile(WRONG_APPKEY)),
    at("skm.ipv4", FAIL, "ipv4_not_an_ip")(ctx_of(client_ip="not-an-ip")),
    at("skm.ipv4", PASS, "ipv4_registered")(ctx_of(key_id=SYM, client_ip="198.51.100.42")),
    at("skm.ipv4", FAIL, "ipv4_pending")(ctx_of(key_id=SYM, client_ip="192.0.2.10")),
    at("skm.ipv4", FAIL, "ipv4_not_registered")(ctx_of(key_id=SYM, client_ip="192.0.2.99")),
    at("skm.ipv4", FAIL, "ipv4_behind_nat")(ctx_of(client_ip="10.0.0.5")),
    at("skm.ipv4", SKIP, "ipv4_unused")(
        with_profile({"keystore_ids": (99,)}, client_ip="10.0.0.5")
    ),
    # skm.mac
    at("skm.mac", SKIP, "mac_none")(ctx_of(key_id=SYM)),
    at("skm.mac", SKIP, "mac_offline")(plain(lambda: offline(client_mac="aa:bb:cc:dd:ee:ff"))),
    at("skm.mac", FAIL, "mac_header_misspelt")(
        ctx_of(client_mac="aa:bb:cc:dd:ee:ff", mac_header="X-NHN Cloud-CLIENT-MAC-ADDR")
    ),
    at("skm.mac", FAIL, "mac_header_unknown")(ctx_of(mac_header="X-CLIENT-MAC")),
    at("skm.mac", PASS, "mac_header_ok")(ctx_of(mac_header="x-toast-client-mac-addr")),
    at("skm.mac", FAIL, "mac_not_a_mac")(ctx_of(client_mac="aa:bb:cc:dd:ee")),
    at("skm.mac", PASS, "mac_registered")(ctx_of(key_id=SYM, client_mac="AA-BB-CC-DD-EE-FF")),
    at("skm.mac", WARN, "mac_spelling")(ctx_of(key_id=SYM, client_mac="11:22:33:44:55:66")),
    at("skm.mac", FAIL, "mac_pending")(ctx_of(key_id=SYM, client_mac="de:ad:be:ef:00:01")),
    at("skm.mac", FAIL, "mac_not_registered")(ctx_of(key_id=SYM, client_mac="01:02:03:04:05:06")),
    at("skm.mac", SKIP, "mac_unused")(ctx_of(key_id=ELSEWHERE, client_mac="aa:bb:cc:dd:ee:ff")),
    # skm.reachable
    at("skm.reachable", SKIP, "reachable_offline")(plain(offline)),
    at("skm.reachable", PASS, "reachable_plain_http")(lambda world: world.endpoint()),
    at("skm.reachable", PASS, "reachable_tls")(lambda world: _tls(world, trusted=True)),
    at("skm.reachable", FAIL, "reachable_unknown_ca")(lambda world: _tls(world, trusted=False)),
    at("skm.reachable", FAIL, "reachable_refused")(_refused),
    at("skm.reachable", FAIL, "reachable_ping_fails")(_ping_fails),
    at("skm.reachable", WARN, "reachable_skewed")(_skewed),
    at("skm.reachable", WARN, "reachable_slow")(_slow),
    at("skm.reachable", PASS, "reachable_no_date")(_no_date),
    at("skm.reachable", WARN, "reachable_old_host")(_note("api-keymanager.cloud.toast.com")),
    at("skm.reachable", WARN, "reachable_other_environment")(
        _note("https://api-keymanager.gov-nhncloudservice.com")
    ),
    at("skm.reachable", WARN, "reachable_unknown_host")(_note("https://evil.example.com")),
    # skm.confirm
    at("skm.confirm", SKIP, "confirm_offline")(plain(offline)),
    at("skm.confirm", PASS, "confirm_sees")(ctx_of()),
    at("skm.confirm", PASS, "confirm_no_header")(_confirm(None, header=None)),
    at("skm.confirm", PASS, "confirm_certificate_sent")(_confirm(True)),
    at("skm.confirm", PASS, "confirm_certificate_unknown")(_confirm(None)),
    at("skm.confirm", FAIL, "confirm_refused")(with_profile(WRONG_APPKEY)),
    # skm.user_data
    at("skm.user_data", SKIP, "user_data_none")(_user_data()),
    at("skm.user_data", PASS, "user_data_ciphertext")(_user_data(ciphertext=GOOD_CIPHERTEXT)),
    at("skm.user_data", PASS, "user_data_signature")(_user_data(signature=b64(bytes(256)))),
    at("skm.user_data", FAIL, "user_data_line_breaks")(
        _user_data(ciphertext=GOOD_CIPHERTEXT[:20] + "\n" + GOOD_CIPHERTEXT[20:])
    ),
    at("skm.user_data", FAIL, "user_data_url_safe")(
        _user_data(ciphertext=base64.urlsafe_b64encode(bytes([251, 255]) * 20).decode())
    ),
    at("skm.user_data", FAIL, "user_data_not_base64")(_user_data(ciphertext="abc$%^&")),
    at("skm.user_data", FAIL, "user_data_length")(_user_data(ciphertext=GOOD_CIPHERTEXT[:-3])),
    at("skm.user_data", FAIL, "user_data_short")(_user_data(ciphertext=b64(bytes(20)))),
    at("skm.user_data", WARN, "user_data_version_differs")(
        _user_data(ciphertext=GOOD_CIPHERTEXT, key_version=1)
    ),
    at("skm.user_data", WARN, "user_data_too_long")(
        _user_data(ciphertext=b64(bytes(4 + 12 + 16 + 33 * 1024)))
    ),
    at("skm.user_data", FAIL, "user_data_signature_not_base64")(
        _user_data(signature="sig nature!")
    ),
    at("skm.user_data", FAIL, "user_data_signature_length")(_user_data(signature=b64(bytes(128)))),
    at("skm.user_data", FAIL, "user_data_several")(
        _user_data(ciphertext="abc$%^&", signature=b64(bytes(128)))
    ),
]

# Phrases no outcome above can reach, each with the reason; their templates are still held to
# every language and to no English by tests/core/test_phrases.py.
UNREACHED = {
    # The probe resolves the profile's host; on loopback a name that does not resolve would
    # wait for a resolver the test machine may not have. A loopback connect is refused at
    # once: it neither times out nor lacks a route.
    "probe.no_resolve",
    "probe.timed_out",
    "probe.no_route",
    "probe.network_unreachable",
    # SKM dates every deletion it schedules; the phrase stands in should it ever not.
    "check.date_unknown",
    # The base64 is validated by pattern and length first, so binascii has nothing left to refuse.
    "check.user_data.invalid",
    # The runner's results and SKM's errors are read by the tests below, not through a verdict.
    *(key for key in load_phrasebook() if key.startswith(("check.runner.", "error."))),
}


@pytest.fixture
async def world(state, make_ctx, tmp_path) -> AsyncIterator[World]:
    async with AsyncExitStack() as servers:
        yield World(state, make_ctx, servers, tmp_path)


async def verdict_of(outcome: Outcome, world: World) -> Verdict:
    ctx = await outcome.build(world)
    # The undecorated check answers with its phrases; `worded` is what the reply will read.
    verdict: Verdict = await SKM_CHECKS[outcome.check_id].__wrapped__(ctx)  # type: ignore[attr-defined]
    return verdict


def left_in_english(result: CheckResult) -> list[str]:
    return [run for line in (result.summary, *result.details) for run in english_runs(line)]


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: o.name)
@pytest.mark.anyio
async def test_every_outcome_reads_in_japanese_and_korean(world, outcome):
    verdict = await verdict_of(outcome, world)

    assert verdict.status is outcome.status
    assert {lang: left_in_english(verdict.worded(lang)) for lang in LANGUAGES} == {
        "ja": [],
        "ko": [],
    }


@pytest.mark.anyio
async def test_the_outcomes_reach_every_check_phrase(tmp_path):
    """A phrase added without an outcome that shows it fails here."""
    reached: set[str] = set()
    for outcome in OUTCOMES:
        state = state_from_seed(seed())
        async with AsyncExitStack() as servers:
            world = World(state, emulated(state), servers, tmp_path)
            verdict = await verdict_of(outcome, world)
        for said in (verdict.summary, *verdict.details):
            reached |= said.keys_used()
    wanted = {
        key
        for key in load_phrasebook()
        if key.startswith(("check.", "probe.")) and not key.startswith("check.cert.")
    }

    assert sorted(wanted - reached - UNREACHED) == []


# ── The runner's own results, in the context's language ────────────────────────────────────


def _raising(exc: BaseException):
    async def check(_ctx: CheckContext) -> CheckResult:
        raise exc

    return check


async def _sleeping(_ctx: CheckContext) -> CheckResult:
    await asyncio.sleep(5)
    raise AssertionError("not reached")


async def _not_a_result(_ctx: CheckContext) -> Any:
    return "done"


RUNNER = {
    "timed_out": ({"slow": _sleeping}, 0.05, 5.0),
    "deadline": ({"slow": _sleeping}, 5.0, 0.05),
    "not_a_result": ({"slow": _not_a_result}, 5.0, 5.0),
    "crashed": ({"slow": _raising(ValueError("boom"))}, 5.0, 5.0),
    "crashed_silently": ({"slow": _raising(TimeoutError())}, 5.0, 5.0),
    "unknown": ({}, 5.0, 5.0),
}


@pytest.mark.parametrize("case", sorted(RUNNER))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.anyio
async def test_the_runners_own_errors_read_in_the_language(case, language):
    registry, per_check, deadline = RUNNER[case]
    ctx = replace(offline(), language=language)

    [result] = await run_checks(
        ["slow"], ctx, registry=registry, per_check_timeout=per_check, deadline=deadline
    )

    assert (result.status, left_in_english(result)) == (Status.ERROR, [])


SKM_FAULTS = {
    "timeout": _raise(httpx.ReadTimeout("timed out")),
    "refused": _raise(httpx.ConnectError("[Errno 111] Connection refused")),
    "tls": _raise(httpx.ConnectError("[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca")),
    "http_503": _reply(503, b"<html>down</html>"),
    "http_500_envelope": _reply(
        500,
        b'{"header":{"isSuccessful":false,"resultCode":-9000,"resultMessage":"Internal Server Error"}}',
    ),
    "not_an_envelope": _reply(200, b"garbage"),
    "envelope_failure": _reply(
        200, b'{"header":{"isSuccessful":false,"resultCode":-9,"resultMessage":"Odd"}}'
    ),
    "bad_fields": _reply(
        200,
        b'{"header":{"isSuccessful":true,"resultCode":0,"resultMessage":"SUCCESS"},'
        b'"body":{"keyStoreList":[{"keyStoreId":"x"}]}}',
    ),
}


@pytest.mark.parametrize("fault", sorted(SKM_FAULTS))
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.anyio
async def test_skm_faults_read_in_the_language(fault, language):
    ctx = replace(canned(SKM_FAULTS[fault], key_id=SYM, client_ip="203.0.113.7"), language=language)

    results = await run_checks(["skm.key", "skm.ipv4"], ctx)

    assert [(r.id, r.status, left_in_english(r)) for r in results] == [
        (r.id, r.status, []) for r in results
    ]
    assert all(r.status in (Status.ERROR, Status.FAIL) for r in results)
