"""cert.inspect, cert.registered and cert.handshake, with a fake SKM client (no mocks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from pydantic import SecretStr

from skm_bot.checks.certificates import CERT_CHECKS, IN_SERVICE_NOTE
from skm_bot.checks.context import CheckContext
from skm_bot.core.check_ids import CERT_HANDSHAKE, CERT_INSPECT, CERT_REGISTERED
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts
from skm_bot.core.profile import Profile

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Registered:
    name: str
    expiration_date: datetime | None
    deletion_datetime: datetime | None = None
    description: str | None = None


class FakeSkm:
    """Answers list_certificates from a dict of keystore id -> entries."""

    def __init__(self, entries: dict[int, list[Registered]]) -> None:
        self.entries = entries
        self.asked: list[int] = []

    async def list_certificates(self, keystore_id: int) -> list[Registered]:
        self.asked.append(keystore_id)
        return self.entries.get(keystore_id, [])


@pytest.fixture
def cert_file(pki, tmp_path, canary):
    issued = pki.leaf("skm-prod")
    path = tmp_path / "skm-prod.p12"
    path.write_bytes(issued.p12(canary))
    path.chmod(0o600)
    return path, issued.cert


def context(now, path=None, api=None, password=None, **profile):
    settings = Profile(
        name="test",
        certificate_path=path,
        certificate_password=SecretStr(password.decode()) if password else None,
        keystore_ids=(7,),
        **profile,
    )
    return CheckContext(facts=Facts(), now=now, profile=settings, api=api)


async def run(check_id, ctx):
    return await CERT_CHECKS[check_id](ctx)


def test_cert_checks_cover_the_three_ids():
    assert set(CERT_CHECKS) == {CERT_INSPECT, CERT_REGISTERED, CERT_HANDSHAKE}


@pytest.mark.anyio
async def test_inspect_skips_without_a_profile(now):
    result = await run(CERT_INSPECT, CheckContext(facts=Facts(), now=now))

    assert (result.status, result.summary) == (Status.SKIP, "offline: no profile")


@pytest.mark.anyio
async def test_inspect_skips_without_a_certificate(now):
    assert (await run(CERT_INSPECT, context(now))).status is Status.SKIP


@pytest.mark.anyio
async def test_inspect_passes_a_good_file(now, cert_file, canary):
    result = await run(CERT_INSPECT, context(now, cert_file[0], password=canary))

    assert result.status is Status.PASS


@pytest.mark.anyio
async def test_inspect_fails_on_a_wrong_password(now, cert_file):
    result = await run(CERT_INSPECT, context(now, cert_file[0], password=b"wrong"))

    assert (result.status, result.details[0].split(":")[1].strip()) == (
        Status.FAIL,
        "p12_wrong_password",
    )


@pytest.mark.anyio
async def test_registered_skips_offline(now, cert_file, canary):
    result = await run(CERT_REGISTERED, context(now, cert_file[0], password=canary))

    assert result.status is Status.SKIP


@pytest.mark.anyio
async def test_registered_matches_by_expiration_date(now, cert_file, canary):
    path, cert = cert_file
    api = FakeSkm({7: [Registered("other-name", cert.not_valid_after_utc + timedelta(hours=9))]})

    result = await run(CERT_REGISTERED, context(now, path, api, canary))

    assert (result.status, "other-name" in result.summary) == (Status.PASS, True)


@pytest.mark.anyio
async def test_registered_fails_when_pending_deletion(now, cert_file, canary):
    path, cert = cert_file
    entry = Registered("skm-prod", cert.not_valid_after_utc, deletion_datetime=now + 6 * DAY)

    result = await run(CERT_REGISTERED, context(now, path, FakeSkm({7: [entry]}), canary))

    assert (result.status, "pending deletion" in result.summary) == (Status.FAIL, True)


@pytest.mark.anyio
async def test_registered_fails_when_nothing_matches(now, cert_file, canary):
    api = FakeSkm({7: [Registered("someone-else", now + 400 * DAY)]})

    result = await run(CERT_REGISTERED, context(now, cert_file[0], api, canary))

    assert result.status is Status.FAIL


@pytest.mark.anyio
async def test_registered_warns_on_a_name_match_with_another_date(now, cert_file, canary):
    """The file name carries the registered name, but it is another download."""
    api = FakeSkm({7: [Registered("skm-prod", now + 30 * DAY)]})

    result = await run(CERT_REGISTERED, context(now, cert_file[0], api, canary))

    assert result.status is Status.WARN


@pytest.mark.anyio
async def test_registered_says_in_service_is_console_only(now, cert_file, canary):
    path, cert = cert_file
    api = FakeSkm({7: [Registered("skm-prod", cert.not_valid_after_utc)]})

    result = await run(CERT_REGISTERED, context(now, path, api, canary))

    assert IN_SERVICE_NOTE.text("en") in result.details


@pytest.mark.anyio
async def test_handshake_skips_offline(now, cert_file, canary):
    result = await run(CERT_HANDSHAKE, context(now, cert_file[0], password=canary))

    assert result.status is Status.SKIP


@pytest.mark.slow
@pytest.mark.anyio
async def test_handshake_passes_against_a_server_that_accepts(
    mtls_server, live_pki, tmp_path, canary, now
):
    path = tmp_path / "live.p12"
    path.write_bytes(live_pki.pki.leaf().p12(canary))
    ctx = context(
        now,
        path,
        api=FakeSkm({}),
        password=canary,
        endpoint=mtls_server.endpoint,
        appkey="APPKEY",
        ca_bundle=live_pki.ca_file,
    )

    result = await run(CERT_HANDSHAKE, ctx)

    assert result.status is Status.PASS, result
