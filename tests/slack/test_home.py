"""
The Home tab through the Slack stand-in: published on app_home_opened with what the access
policy allows, in the viewer's Slack language; its buttons (run the watch now, diagnose a paste).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from skm_bot.core.profile import Profile
from skm_bot.core.watch.facts import WatchFacts
from skm_bot.render.slack.home import (
    ACTION_HOME_PASTE,
    ACTION_HOME_RUN_WATCH,
    PASTE_BLOCK,
    VIEW_HOME_PASTE,
)
from skm_bot.render.slack.limits import check_view
from skm_bot.render.slack.watch_thread import watch_renderer
from skm_bot.slack.access import parse_access
from skm_bot.slack.runtime import SlackDeps
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from skm_bot.usecases.watch_schedule import SlotRun, watch_now
from tests.fakes.clock import ManualClock
from tests.fakes.slack_standin import payloads
from tests.fakes.slack_world import ALICE, BOB, DM_ALICE, DM_BOB
from tests.store.watch_facts import KEY, facts

from .conftest import CANARY, INVALID_APPKEY, Bot

pytestmark = pytest.mark.anyio

CAROL = "U0CAROL"  # named by no profile
ACCESS = f"""
[profiles.demo]
users = ["{ALICE}"]

[profiles.secret]
users = ["{BOB}"]
"""
LEASE = timedelta(minutes=5)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqlRepository]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'store.sqlite3'}")
    await upgrade(engine)
    try:
        yield SqlRepository(engine)
    finally:
        await engine.dispose()


class Reads:
    """The watch's reads as the Home tab's runner makes them: counted, and held when asked."""

    def __init__(self) -> None:
        self.count = 0
        self.release = asyncio.Event()
        self.release.set()

    async def __call__(self, profile: Profile, now: datetime) -> WatchFacts:
        self.count += 1
        await self.release.wait()
        return facts(now, profile=profile.name)


@pytest.fixture
def reads() -> Reads:
    return Reads()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
def deps(profile: Profile, store: SqlRepository, reads: Reads, clock: ManualClock) -> SlackDeps:
    """Alice may see demo, Bob secret; the store is SQL; the watch can be run now."""
    secret = profile.model_copy(update={"name": "secret"})
    access = parse_access(ACCESS, profiles={"demo": profile, "secret": secret})
    run = SlotRun(store, reads, watch_renderer("en"), "replica-a", clock, LEASE)
    return SlackDeps(
        repository=store,
        access=access,
        home=store,
        watch_now=watch_now(run, lambda p: None),
        clock=clock,
    )


async def watched(store: SqlRepository, profile: str, now: datetime) -> None:
    """A scheduled run of `profile` that found the key pending deletion."""
    slot = now.replace(minute=0, second=0)
    assert await store.claim_watch(profile, slot=slot, worker="s", now=now, lease=LEASE)
    kept = await store.record_watch(
        facts(now, profile=profile),
        slot=slot,
        worker="s",
        now=now,
        channel=None,
        render=watch_renderer("en"),
    )
    assert kept is not None


async def open_home(bot: Bot, user: str = ALICE, channel: str = DM_ALICE) -> dict[str, Any]:
    await bot.deliver.event(payloads.app_home_opened(bot.state, user, channel))
    await bot.settle()
    return bot.state.home_views[user]


def text_of(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def click(bot: Bot, action_id: str, *, user: str = ALICE, value: str | None = None):
    payload = payloads.home_action(bot.state, user=user, action_id=action_id, value=value)
    ack = await bot.deliver.interactive(payload)
    await bot.settle()
    return ack


async def test_the_home_tab_shows_only_the_profiles_the_viewer_may_see(
    bot: Bot, store: SqlRepository, clock: ManualClock
):
    await watched(store, "demo", clock())
    await watched(store, "secret", clock())

    alice = text_of(await open_home(bot))
    bob = text_of(await open_home(bot, BOB, DM_BOB))

    assert ("*demo*" in alice, "*secret*" in alice) == (True, False)
    assert ("*demo*" in bob, "*secret*" in bob) == (False, True)
    assert KEY in alice  # demo's open finding
    assert check_view(bot.state.home_views[ALICE]) == []


async def test_a_person_named_by_no_profile_sees_none(bot: Bot, store: SqlRepository, clock):
    await watched(store, "demo", clock())

    view = await open_home(bot, CAROL, "D0CAROL")

    assert "No profile lists you" in text_of(view)
    assert KEY not in text_of(view)


async def test_opening_the_messages_tab_publishes_nothing(bot: Bot):
    await bot.deliver.event(payloads.app_home_opened(bot.state, ALICE, DM_ALICE, tab="messages"))
    await bot.settle()

    assert bot.state.published == []


async def test_the_home_tab_speaks_the_viewer_s_slack_language(bot: Bot):
    bot.state.add_person(ALICE, "ja-JP")

    view = await open_home(bot)
    await open_home(bot)

    assert "SKM の状況" in text_of(view)
    assert [c.method for c in bot.state.calls].count("users.info") == 1  # kept for an hour


async def test_without_a_locale_the_home_tab_is_in_english(bot: Bot):
    """users.info fails (an unknown person here): English, and the tab is still published."""
    view = await open_home(bot)

    assert "SKM at a glance" in text_of(view)


async def test_recent_diagnoses_are_the_viewer_s_newest_first(bot: Bot):
    for text in (INVALID_APPKEY, "Invalid Key Version"):
        await bot.deliver.event(payloads.user_says(bot.state, DM_ALICE, ALICE, text))
        await bot.settle()

    recent = text_of(await open_home(bot)).split("Your recent diagnoses")[1]

    assert recent.index("The key version is not valid") < recent.index("The appkey is not valid")
    assert "The appkey" not in text_of(await open_home(bot, BOB, DM_BOB))


async def test_run_watch_now_runs_it_and_shows_the_run(
    bot: Bot, store: SqlRepository, reads: Reads
):
    await open_home(bot)

    ack = await click(bot, ACTION_HOME_RUN_WATCH, value="demo")

    assert ack.status == 200
    assert reads.count == 1
    shown = [text_of(view) for user, view in bot.state.published if user == ALICE]
    assert "The watch is running" in shown[-2]
    assert "The watch ran just now" in shown[-1]
    assert KEY in shown[-1]
    assert (await store.last_watch("demo")) is not None


async def test_two_clicks_run_the_watch_once(bot: Bot, reads: Reads):
    await open_home(bot)
    reads.release.clear()  # the first run waits on its reads
    click_run = payloads.home_action(
        bot.state, user=ALICE, action_id=ACTION_HOME_RUN_WATCH, value="demo"
    )

    await bot.deliver.interactive(click_run)
    await bot.until(lambda: reads.count == 1)
    await bot.deliver.interactive({**click_run, "trigger_id": bot.state.issue_trigger()})
    await bot.until(lambda: any("already running" in text_of(v) for _, v in bot.state.published))
    reads.release.set()
    await bot.settle()

    assert reads.count == 1
    assert "The watch ran just now" in text_of(bot.state.home_views[ALICE])


async def test_a_click_for_a_profile_not_allowed_runs_nothing(bot: Bot, reads: Reads):
    """A payload naming a profile the person may not see (Bob's) does nothing."""
    await open_home(bot)
    payload = payloads.home_action(
        bot.state, user=ALICE, action_id=ACTION_HOME_RUN_WATCH, value="demo"
    )
    payload["actions"][0]["value"] = "secret"

    await bot.deliver.interactive(payload)
    await bot.settle()

    assert reads.count == 0


async def test_the_paste_modal_s_answer_comes_in_the_dm(bot: Bot, store: SqlRepository):
    await open_home(bot)

    await click(bot, ACTION_HOME_PASTE)
    [modal] = bot.state.views
    assert modal["callback_id"] == VIEW_HOME_PASTE
    submission = payloads.view_submission(
        bot.state, modal, user=ALICE, values={PASTE_BLOCK: f"{INVALID_APPKEY}\npassword={CANARY}"}
    )
    ack = await bot.deliver.interactive(submission)
    await bot.settle()

    assert ack.status == 200
    [reply] = [m for m in bot.state.bot_posts() if m.channel == DM_ALICE]
    assert "The appkey is not valid" in reply.text
    assert "Live checks with profile demo" in str(reply.blocks)  # Alice's DM: demo's live checks
    [recent] = await store.recent_diagnoses(ALICE)
    assert recent.error_id == "invalid_appkey"
    bot.assert_never_sent(CANARY)
    bot.assert_all_messages_within_limits()
