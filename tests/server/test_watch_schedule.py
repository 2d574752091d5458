"""
The watch in `serve`, through the Slack stand-in: scheduled posts, a thread edited as a date
nears and resolved when the problem goes, nothing again after a restart or on a second replica.

Time is a ManualClock shared by the schedule, the outbox and the emulator: it passes only when
a test says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.server.watch import WatchSchedule, build_schedule, slot_of
from skm_bot.settings import Settings
from skm_bot.slack.outbox import OutboxWorker
from skm_bot.store.sql import SqlRepository
from skm_bot.usecases.watch import watch_profile
from tests.fakes.clock import ManualClock
from tests.fakes.slack_standin import SlackStandIn
from tests.fakes.slack_standin.state import Posted
from tests.store.database import open_repository
from tests.usecases.watch_project import IN_USE, project, transport
from tests.usecases.watch_project import watch_profile as profile_at

pytestmark = pytest.mark.anyio

CHANNEL = "C0WATCH"
HOUR = 3600.0


@pytest.fixture
def clock() -> ManualClock:
    """Just after the start of an hour, so the next slot is a known step away."""
    now = datetime.now(UTC)
    return ManualClock(now.replace(minute=0, second=5, microsecond=0))


@pytest.fixture
def state(clock: ManualClock):
    """The watch project, living on the test's clock."""
    emulated = project()
    offset = emulated.now() - clock()
    emulated.clock = lambda: clock() + offset
    return emulated


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn() as standin:
        standin.state.add_channel(CHANNEL)
        yield standin


def profile() -> Profile:
    return profile_at("http://skm.test", channels=(CHANNEL,))


def schedule(repo: SqlRepository, state, clock: ManualClock, worker: str = "a") -> WatchSchedule:
    async def gather(chosen: Profile, now: datetime) -> WatchFacts:
        # No reachability checks: the SKM calls go in-process, DNS would not know skm.test.
        return await watch_profile(chosen, now=now, transport=transport(state), checks=())

    built = build_schedule(
        Settings(watch_interval_seconds=HOUR),
        store=repo,
        profiles={"watched": profile()},
        worker=worker,
        clock=clock,
        gather=gather,
    )
    assert built is not None
    return built


async def deliver(repo: SqlRepository, slack: SlackStandIn, clock: ManualClock) -> None:
    """The outbox, run until empty, on the test's clock."""
    client = AsyncWebClient(token=slack.state.bot_token, base_url=slack.base_url, retry_handlers=[])
    worker = OutboxWorker(repo, client, worker_id="out", pace=0.0, clock=clock)
    async with asyncio.timeout(10):
        while await repo.outbox_depth():
            await worker.run_once()


def tops(slack: SlackStandIn) -> list[Posted]:
    return [m for m in slack.state.bot_posts() if m.thread_ts is None]


def top_about(slack: SlackStandIn, subject: str) -> Posted:
    [top] = [m for m in tops(slack) if subject in m.text]
    return top


def notes(slack: SlackStandIn, top: Posted) -> list[str]:
    return [m.text for m in slack.state.thread(CHANNEL, top.ts)]


async def tick(repo, slack, clock, state, *, hours: float = 0.0, worker: str = "a") -> list:
    clock.advance(hours * HOUR)
    records = await schedule(repo, state, clock, worker).run_due()
    await deliver(repo, slack, clock)
    return records


async def test_each_finding_gets_its_thread(repository, slack, clock, state):
    await tick(repository, slack, clock, state)

    assert sorted(m.text.split(":")[0] for m in tops(slack)) == ["🔴 CRITICAL", "🟠 WARNING"]
    assert IN_USE in top_about(slack, IN_USE).text


async def test_the_same_slot_runs_once(repository, slack, clock, state):
    await tick(repository, slack, clock, state)

    records = await tick(repository, slack, clock, state)

    assert records == []
    assert len(slack.state.bot_posts()) == 2


async def test_the_next_slot_posts_nothing_when_nothing_changed(repository, slack, clock, state):
    await tick(repository, slack, clock, state)

    [record] = await tick(repository, slack, clock, state, hours=1)

    assert len(record.findings) == 2
    assert len(slack.state.bot_posts()) == 2


async def test_a_nearing_deletion_edits_the_top_and_notes_it(repository, slack, clock, state):
    await tick(repository, slack, clock, state)

    await tick(repository, slack, clock, state, hours=4 * 24 + 6)

    top = top_about(slack, IN_USE)
    assert top.text.startswith("🔴 CRITICAL")
    assert top.edits
    assert [n.split(":")[0] for n in notes(slack, top)] == ["Now critical (was warning)"]


async def test_a_cancelled_deletion_turns_the_thread_resolved(repository, slack, clock, state):
    await tick(repository, slack, clock, state)
    state.cancel_key_deletion(IN_USE)

    await tick(repository, slack, clock, state, hours=1)

    top = top_about(slack, IN_USE)
    assert top.text.startswith("✅ RESOLVED")
    assert notes(slack, top)[0].startswith("Resolved:")
    assert await repository.open_findings("watched") != []  # the certificate is still due


async def test_a_deletion_that_happened_ends_the_thread(repository, slack, clock, state):
    await tick(repository, slack, clock, state)

    await tick(repository, slack, clock, state, hours=5 * 24 + 1)

    top = top_about(slack, IN_USE)
    assert top.text.startswith("⚫ ENDED")


async def test_a_restart_posts_nothing_again(repository, database_url, slack, clock, state):
    await tick(repository, slack, clock, state)

    async with open_repository(database_url) as restarted:
        await tick(restarted, slack, clock, state)
        await tick(restarted, slack, clock, state, hours=1)

    assert len(slack.state.bot_posts()) == 2


async def test_two_replicas_post_each_finding_once(repository, database_url, slack, clock, state):
    async with open_repository(database_url) as other:
        both = await asyncio.gather(
            schedule(repository, state, clock, "a").run_due(),
            schedule(other, state, clock, "b").run_due(),
        )
        await deliver(repository, slack, clock)

    assert sorted(len(records) for records in both) == [0, 1]
    assert len(tops(slack)) == 2


async def test_a_failed_run_is_kept_out_and_tried_again_next_slot(repository, slack, clock, state):
    async def broken(chosen: Profile, now: datetime) -> WatchFacts:
        raise RuntimeError("boom")

    failing = schedule(repository, state, clock)
    failing.run = replace(failing.run, gather=broken)

    assert await failing.run_due() == []
    assert await tick(repository, slack, clock, state) == []
    assert len(await tick(repository, slack, clock, state, hours=1)) == 1


def test_slots_are_the_interval_s_multiples_since_the_epoch():
    interval = timedelta(hours=1)
    at = datetime(2026, 11, 26, 10, 59, 59, tzinfo=UTC)

    assert slot_of(at, interval) == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert slot_of(at + timedelta(seconds=1), interval) == datetime(2026, 11, 26, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("settings", "profiles"),
    [(Settings(), {}), (Settings(watch_interval_seconds=0), {"watched": profile()})],
    ids=["no-profiles", "watch-off"],
)
def test_no_schedule_without_profiles_or_with_the_watch_off(settings, profiles):
    store = SqlRepository.__new__(SqlRepository)  # never used: nothing is scheduled

    built = build_schedule(
        settings, store=store, profiles=profiles, worker="a", clock=ManualClock()
    )

    assert built is None


async def nothing() -> None:
    """A run asked for now has started (the Home tab would say so)."""


async def test_a_run_asked_for_now_posts_to_the_profile_s_channel(repository, slack, clock, state):
    runner = schedule(repository, state, clock).now_runner()

    outcome = await runner(profile(), nothing)
    await deliver(repository, slack, clock)

    assert outcome == "done"
    assert {m.channel for m in tops(slack)} == {CHANNEL}


async def test_a_run_asked_for_now_does_not_repeat_the_slot_s_threads(
    repository, slack, clock, state
):
    await tick(repository, slack, clock, state)
    clock.advance(60)

    await schedule(repository, state, clock).now_runner()(profile(), nothing)
    await deliver(repository, slack, clock)

    assert len(tops(slack)) == 2
