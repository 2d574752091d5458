"""The watch's reads against the emulator: everything read once, at once, failures as gaps."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.core.check_ids import SKM_APPKEY, SKM_CREDENTIALS, SKM_REACHABLE
from skm_bot.core.check_result import Status
from skm_bot.core.watch.evaluate import evaluate
from skm_bot.core.watch.model import Kind
from skm_bot.emulator import Fault, FaultKind, mint_client_certificate
from skm_bot.usecases.watch import read_certificate_file, watch_profile

from .watch_project import APPKEY, IN_USE, SECRET, loopback, project, transport
from .watch_project import watch_profile as profile_at

pytestmark = pytest.mark.anyio


@pytest.fixture
async def endpoint() -> AsyncIterator[str]:
    async with loopback() as url:
        yield url


@pytest.fixture
def state():
    return project()


async def test_watch_reads_every_keystore_list(state, endpoint):
    facts = await watch_profile(
        profile_at(endpoint), now=datetime.now(UTC), transport=transport(state)
    )

    assert facts.gaps == ()
    assert [(s.keystore_id, s.name) for s in facts.keystores] == [(1, "main"), (2, "other")]
    main = facts.keystores[0]
    assert {k.key_id for k in main.keys} >= {IN_USE}
    assert sorted(main.auth) == ["certificate", "ipv4", "mac"]
    assert [e.value for e in main.auth["certificate"]] == ["app"]


async def test_watch_runs_the_reachability_checks(state, endpoint):
    facts = await watch_profile(
        profile_at(endpoint), now=datetime.now(UTC), transport=transport(state)
    )

    assert {r.id: r.status for r in facts.checks} == {
        SKM_REACHABLE: Status.PASS,
        SKM_APPKEY: Status.PASS,
        SKM_CREDENTIALS: Status.PASS,
    }


async def test_watch_finds_the_key_in_use_and_the_certificate_expiring(state, endpoint):
    now = datetime.now(UTC)
    facts = await watch_profile(profile_at(endpoint), now=now, transport=transport(state))

    evaluation = evaluate(facts, now=now, previous={})

    assert [(f.kind, f.subject) for f in evaluation.findings] == [
        (Kind.REGISTERED_CERT_EXPIRY, "app"),
        (Kind.KEY_PENDING_DELETION, IN_USE),
    ]


async def test_without_named_keystores_every_keystore_is_read(state, endpoint):
    facts = await watch_profile(
        profile_at(endpoint, keystore_ids=()), now=datetime.now(UTC), transport=transport(state)
    )

    assert [s.keystore_id for s in facts.keystores] == [1, 2]


class Recording(httpx.AsyncBaseTransport):
    """Passes requests on and counts them by path and query."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.seen: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen[f"{request.method} {request.url.raw_path.decode()}"] += 1
        return await self.inner.handle_async_request(request)


async def test_no_skm_read_is_made_twice(state, endpoint):
    """/confirm is the exception, as in a diagnosis: skm.reachable times its own round trip."""
    recording = Recording(transport(state))

    await watch_profile(profile_at(endpoint), now=datetime.now(UTC), transport=recording)

    twice = [path for path, count in recording.seen.items() if count > 1]
    assert [path.rsplit("/", 1)[-1] for path in twice] == ["confirm"]
    assert any("/keystores/2/certificates" in path for path in recording.seen)


async def test_a_refused_read_is_a_gap_and_leaves_that_list_unread(state, endpoint):
    prefix = f"/keymanager/v1.2/appkey/{APPKEY}/keystores/2/keys"
    state.add_fault(Fault(kind=FaultKind.ERROR, path_prefix=prefix))

    facts = await watch_profile(
        profile_at(endpoint), now=datetime.now(UTC), transport=transport(state)
    )

    other = facts.keystores[1]
    assert other.keys is None
    assert sorted(other.auth) == ["certificate", "ipv4", "mac"]
    assert [g.split(":")[0] for g in facts.gaps] == ["keys of keystore other (#2)"]


async def test_an_unknown_keystore_is_a_gap(state, endpoint):
    facts = await watch_profile(
        profile_at(endpoint, keystore_ids=(1, 9)), now=datetime.now(UTC), transport=transport(state)
    )

    assert facts.keystores[1].keys is None
    assert any(gap.startswith("keys of keystore #9") for gap in facts.gaps)


async def test_unreachable_skm_is_reported_by_its_check_alone_and_no_list_is_read(state):
    closed = "http://127.0.0.1:9"  # discard port: nothing listens on loopback
    state.add_fault(Fault(kind=FaultKind.ERROR, status=503))

    facts = await watch_profile(
        profile_at(closed), now=datetime.now(UTC), transport=transport(state)
    )

    assert [(r.id, r.status) for r in facts.checks] == [(SKM_REACHABLE, Status.FAIL)]
    assert all(s.keys is None for s in facts.keystores)


async def test_gaps_never_carry_the_secret(state, endpoint):
    state.add_fault(Fault(kind=FaultKind.NON_JSON, status=500))

    facts = await watch_profile(
        profile_at(endpoint), now=datetime.now(UTC), transport=transport(state)
    )

    assert facts.gaps
    assert SECRET not in repr(facts)


def write_p12(tmp_path: Path, state, kind: str) -> Path:
    issued = mint_client_certificate(state.ca, kind, common_name="client")
    path = tmp_path / "client.p12"
    path.write_bytes(issued.pkcs12("pw", name="client"))
    return path


def test_certificate_file_gives_its_dates_and_fingerprint(tmp_path, state):
    path = write_p12(tmp_path, state, "expired")
    profile = profile_at("http://skm", certificate_path=path, certificate_password=SecretStr("pw"))

    read = read_certificate_file(profile, datetime.now(UTC))

    assert read is not None
    assert read.problem is None
    assert len(read.fingerprint or "") == 64
    assert read.not_after is not None
    assert read.not_after < datetime.now(UTC) - timedelta(hours=23)


@pytest.mark.parametrize(
    ("password", "exists"), [("wrong", True), ("pw", False)], ids=["wrong-password", "missing"]
)
def test_an_unreadable_certificate_file_says_why(tmp_path, state, password, exists):
    path = write_p12(tmp_path, state, "good") if exists else tmp_path / "missing.p12"
    profile = profile_at(
        "http://skm", certificate_path=path, certificate_password=SecretStr(password)
    )

    read = read_certificate_file(profile, datetime.now(UTC))

    assert read is not None
    assert read.fingerprint is None
    assert read.problem


def test_no_certificate_configured_reads_nothing():
    assert read_certificate_file(profile_at("http://skm"), datetime.now(UTC)) is None


async def test_gaps_and_check_summaries_follow_the_language(state):
    prefix = f"/keymanager/v1.2/appkey/{APPKEY}/keystores/2/keys"
    state.add_fault(Fault(kind=FaultKind.ERROR, path_prefix=prefix))
    closed = "http://127.0.0.1:9"

    facts = await watch_profile(
        profile_at(closed), now=datetime.now(UTC), transport=transport(state), language="ja"
    )

    assert any(gap.startswith("キーストア other (#2) のキー:") for gap in facts.gaps)
    english = await watch_profile(
        profile_at(closed), now=datetime.now(UTC), transport=transport(state)
    )
    assert facts.checks[0].summary != english.checks[0].summary
