"""`skm-bot diagnose <id>`: a stored diagnosis found by any ID it named, re-run, with its changes."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skm_bot.cli import main
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document
from tests.store.database import sqlite_url

PASTE = (
    'X-Request-Id: req-7f3a9b2c\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'
)


async def _store_one(url: str) -> str:
    engine = make_engine(url)
    try:
        await upgrade(engine)
        diagnosis = diagnosed(PASTE, now=datetime(2026, 11, 25, tzinfo=UTC))
        await SqlRepository(engine).save_diagnosis(
            diagnosis, document=document(diagnosis), channel="C0OPS"
        )
    finally:
        await engine.dispose()
    return diagnosis.diagnosis_id


@pytest.fixture(name="database")
def _database(tmp_path: Path, monkeypatch) -> tuple[str, str]:
    """A migrated SQLite store holding one diagnosis; returns its URL and diagnosis id."""
    url = sqlite_url(tmp_path / "bot.sqlite3")
    diagnosis_id = asyncio.run(_store_one(url))
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", url)
    return url, diagnosis_id


@pytest.mark.parametrize("which", ["request id", "diagnosis id"])
def test_diagnose_an_id_shows_the_stored_diagnosis_rerun(database, capsys, which):
    _, diagnosis_id = database
    given = "req-7f3a9b2c" if which == "request id" else diagnosis_id

    assert main(["diagnose", "--json", given]) == 0

    out = json.loads(capsys.readouterr().out)
    assert out["lookup"]["found"] is True
    assert out["lookup"]["stored_diagnosis_id"] == diagnosis_id
    assert out["matches"][0]["error"] == "invalid_key_version"


def test_diagnose_an_id_says_what_changed_in_the_report(database, capsys):
    assert main(["diagnose", "req-7f3a9b2c"]) == 0

    assert "What changed since" in capsys.readouterr().out


def test_diagnose_an_unknown_id_answers_clearly(database, capsys):
    assert main(["diagnose", "--json", "req-00000000"]) == 0

    out = json.loads(capsys.readouterr().out)
    assert out["lookup"] == {"request_id": "req-00000000", "found": False}


def test_diagnose_an_id_without_a_store_does_not_create_one(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "never.sqlite3"
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", sqlite_url(missing))

    assert main(["diagnose", "req-00000000"]) == 0
    assert "No diagnosis mentions req-00000000" in capsys.readouterr().out
    assert not missing.exists()
