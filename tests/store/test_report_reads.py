"""The Home tab's and the digest's reads: only the person's, the channel's, the week's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.core.digest import VerdictFact
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document
from tests.store.alert_groups import open_group
from tests.store.watch_facts import KEY
from tests.store.watch_runs import run

pytestmark = pytest.mark.anyio

START = datetime(2026, 11, 16, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
END = START + timedelta(days=7)
APPKEY = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
KEY_VERSION = (
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)


async def save(
    repo: SqlRepository,
    at: datetime,
    *,
    text: str = APPKEY,
    user: str | None = "U1",
    channel: str = "C1",
    thread_ts: str | None = "1.1",
) -> str:
    d = diagnosed(text, now=at)
    await repo.save_diagnosis(
        d, document=document(d), channel=channel, user=user, thread_ts=thread_ts
    )
    return d.diagnosis_id


async def test_recent_diagnoses_are_the_person_s_newest_first(repository: SqlRepository):
    older = await save(repository, START)
    newer = await save(repository, START + timedelta(hours=1), text=KEY_VERSION)
    await save(repository, START + timedelta(hours=2), user="U2")

    recent = await repository.recent_diagnoses("U1")

    assert [(r.diagnosis_id, r.error_id) for r in recent] == [
        (newer, "invalid_key_version"),
        (older, "invalid_appkey"),
    ]


async def test_recent_diagnoses_stop_at_the_limit(repository: SqlRepository):
    for hour in range(4):
        await save(repository, START + timedelta(hours=hour))

    assert len(await repository.recent_diagnoses("U1", limit=3)) == 3


async def test_digest_facts_are_the_channel_s_week_asked_by_people(repository: SqlRepository):
    inside = await save(repository, START + timedelta(days=1))
    await save(repository, START - timedelta(seconds=1))  # the week before
    await save(repository, END)  # the week after
    await save(repository, START + timedelta(days=1, seconds=1), channel="C2")
    # An alert's own diagnosis: no person asked for it.
    await save(repository, START + timedelta(days=1, seconds=2), user=None)

    facts = await repository.digest_facts(start=START, end=END, channel="C1")

    assert [d.diagnosis_id for d in facts.diagnoses] == [inside]
    assert facts.diagnoses[0].error_id == "invalid_appkey"


async def test_digest_facts_keep_verdicts_given_before_the_end(repository: SqlRepository):
    diagnosis = await save(repository, START + timedelta(days=1))
    await repository.record_feedback(
        diagnosis, user="U1", verdict="resolved", at=START + timedelta(days=2)
    )
    await repository.record_feedback(diagnosis, user="U2", verdict="not_helpful", at=END)

    facts = await repository.digest_facts(start=START, end=END, channel="C1")

    assert facts.verdicts == (VerdictFact(diagnosis, "resolved", START + timedelta(days=2)),)


async def test_digest_facts_count_alert_groups_opened_or_closed_that_week(
    repository: SqlRepository,
):
    await open_group(repository, "a", START + timedelta(days=1), closed=START + timedelta(days=2))
    await open_group(repository, "b", START - timedelta(days=3), closed=START + timedelta(days=1))
    await open_group(repository, "c", START - timedelta(days=3))
    await open_group(repository, "d", START + timedelta(days=1), channel="C2")

    facts = await repository.digest_facts(start=START, end=END, channel="C1")

    assert sorted((g.opened_at, g.closed_at) for g in facts.groups) == [
        (START - timedelta(days=3), START + timedelta(days=1)),
        (START + timedelta(days=1), START + timedelta(days=2)),
    ]


async def test_digest_channels_are_those_with_news_and_no_dm(repository: SqlRepository):
    await save(repository, START + timedelta(days=1), channel="C2")
    await save(repository, START + timedelta(days=1, seconds=1), channel="D0ALICE")
    await save(repository, START - timedelta(days=1), channel="C3")
    await open_group(repository, "a", START + timedelta(days=1), channel="C4")

    assert await repository.digest_channels(start=START, end=END) == ["C2", "C4"]


async def test_last_runs_are_those_of_the_profiles_asked(repository: SqlRepository):
    for profile in ("prod", "other"):
        await watched(repository, profile)

    runs = await repository.last_runs(["prod", "never"])

    assert [(r.profile, r.checked_at) for r in runs] == [("prod", NOW)]


async def test_open_findings_of_are_those_of_the_profiles_asked(repository: SqlRepository):
    for profile in ("prod", "other"):
        await watched(repository, profile)

    found = await repository.open_findings_of(["prod"])

    assert [t.finding.profile for t in found] == ["prod"]
    assert found[0].finding.subject == KEY


async def watched(repo: SqlRepository, profile: str) -> None:
    assert await run(repo, profile=profile, worker="w", channel=None) is not None
