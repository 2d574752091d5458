"""What the store takes from senders: NUL, lone surrogates and long keys, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from skm_bot.core.alerts import Alert
from skm_bot.render.slack.alert_thread import render_thread_message
from skm_bot.store.batch_plan import AlertIntake
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.safe_text import REPLACEMENT, fit, storable
from skm_bot.store.sql import SqlRepository
from skm_bot.store.tables import AlertGroupRow, AlertRow, DiagnosisRow
from tests.factories import diagnosed, document
from tests.store.database import sqlite_url

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def alert(**fields: object) -> Alert:
    values: dict[str, object] = {
        "source": "generic",
        "group_key": "g1",
        "fingerprint": "f1",
        "status": "firing",
        "labels": {"alertname": "SkmDecryptFailing"},
        "annotations": {},
        "starts_at": NOW,
        "ends_at": None,
        "title": "SkmDecryptFailing",
        "summary": "decrypt fails",
        "error_text": "Invalid Key Version",
    }
    values.update(fields)
    return Alert(**values)  # type: ignore[arg-type]


async def record(repo: SqlRepository, *alerts: Alert, channel: str = "C_ALERTS"):
    intakes = [AlertIntake(a, None, channel) for a in alerts]
    return await repo.record_alerts(intakes, now=NOW, render=render_thread_message)


async def rows(repo: SqlRepository) -> tuple[AlertGroupRow, AlertRow]:
    async with repo.sessions() as session:
        group = (await session.execute(select(AlertGroupRow))).scalar_one()
        row = (await session.execute(select(AlertRow))).scalar_one()
    return group, row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("a\x00b", f"a{REPLACEMENT}b"),
        ("é\ud800x", f"é{REPLACEMENT}x"),
        ("\udfff", REPLACEMENT),
        ("😀 한국어", "😀 한국어"),
    ],
)
def test_storable_replaces_nul_and_lone_surrogates(text, expected):
    assert storable(text) == expected


def test_fit_keeps_distinct_long_keys_distinct():
    a, b = fit("k" * 600 + "a", 512), fit("k" * 600 + "b", 512)

    assert (len(a), len(b)) == (512, 512)
    assert a != b


@pytest.mark.parametrize(
    "dirty",
    ["a\x00b", "lone \ud800 surrogate", "\udc80\x00"],
    ids=["nul", "surrogate", "both"],
)
async def test_text_with_nul_or_surrogate_is_stored(repository: SqlRepository, dirty: str):
    result = await record(
        repository, alert(error_text=dirty, title=dirty, summary=dirty, labels={"x": dirty})
    )

    group, row = await rows(repository)
    assert result.accepted == 1
    assert REPLACEMENT in row.text
    assert REPLACEMENT in group.title


@pytest.mark.parametrize("field", ["group_key", "fingerprint"])
async def test_key_with_nul_or_surrogate_is_stored_and_deduplicated(
    repository: SqlRepository, field: str
):
    dirty = alert(**{field: "key\x00\ud800"})
    await record(repository, dirty)

    again = await record(repository, dirty)

    assert (again.accepted, again.deduplicated) == (0, 1)


@pytest.mark.parametrize(
    ("field", "value"),
    [("group_key", "g" * 600), ("fingerprint", "f" * 200), ("profile", "p" * 200)],
)
async def test_key_longer_than_its_column_is_stored(repository: SqlRepository, field, value):
    result = await record(repository, alert(**{field: value}))

    assert result.accepted == 1


async def test_channel_longer_than_its_column_is_stored(repository: SqlRepository):
    result = await record(repository, alert(), channel="C" * 100)

    assert result.accepted == 1


async def test_diagnosis_text_with_nul_is_stored(repository: SqlRepository):
    d = diagnosed("Invalid Key Version\x00 req-0a0b0c0d")
    await repository.save_diagnosis(d, document=document(d))

    async with repository.sessions() as session:
        text = (await session.execute(select(DiagnosisRow.text))).scalar_one()
    assert text == d.text.replace("\x00", REPLACEMENT)


async def test_sqlite_file_and_its_wal_are_created_private(tmp_path: Path):
    """0600 from the start: alert text and diagnoses are not for other local users."""
    path = tmp_path / "private.sqlite3"
    engine = make_engine(sqlite_url(path))
    try:
        await upgrade(engine)
        async with engine.connect():
            files = sorted(tmp_path.iterdir())
            modes = {p.name: stat.S_IMODE(os.stat(p).st_mode) for p in files}
    finally:
        await engine.dispose()

    assert set(modes) >= {"private.sqlite3", "private.sqlite3-wal", "private.sqlite3-shm"}
    assert set(modes.values()) == {0o600}


async def test_existing_sqlite_file_keeps_its_mode(tmp_path: Path):
    """An operator's own choice (a backup group's read access) is left alone."""
    path = tmp_path / "shared.sqlite3"
    path.touch(mode=0o640)
    os.chmod(path, 0o640)
    engine = make_engine(sqlite_url(path))
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
