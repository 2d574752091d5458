"""The default store: one SQLite file in the platform's data directory, whatever the directory."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from skm_bot.cli import main
from skm_bot.settings import Settings
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document

PASTE = 'X-Request-Id: req-5d1e0c7a\n{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey"}}'


def test_default_store_is_under_xdg_data_home(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    url = Settings().database_url

    assert url == f"sqlite+aiosqlite:///{tmp_path}/data/skm-bot/skm-bot.sqlite3"


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG rule is the Linux one")
def test_default_store_without_xdg_data_home_is_under_local_share(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))

    url = Settings().database_url

    assert url == f"sqlite+aiosqlite:///{tmp_path}/.local/share/skm-bot/skm-bot.sqlite3"


def test_default_store_does_not_depend_on_the_working_directory(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    here = Settings().database_url
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")

    assert Settings().database_url == here


def test_db_upgrade_creates_the_default_store_in_a_private_directory(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    directory = tmp_path / "data" / "skm-bot"

    assert main(["db", "upgrade"]) == 0

    assert (directory / "skm-bot.sqlite3").is_file()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_db_current_prints_the_default_store(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    main(["db", "upgrade"])
    capsys.readouterr()

    main(["db", "current"])

    assert str(tmp_path / "data" / "skm-bot" / "skm-bot.sqlite3") in capsys.readouterr().out


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


@pytest.mark.slow
def test_diagnose_an_id_from_another_directory_finds_what_was_stored(tmp_path: Path, monkeypatch):
    """What the server stored from one directory, `skm-bot diagnose <id>` run elsewhere finds."""
    server_dir, shell_dir = tmp_path / "srv", tmp_path / "home"
    server_dir.mkdir()
    shell_dir.mkdir()
    monkeypatch.chdir(server_dir)
    diagnosis_id = asyncio.run(_store_one(Settings().database_url))

    done = subprocess.run(
        [sys.executable, "-m", "skm_bot.cli", "diagnose", "--json", "req-5d1e0c7a"],
        cwd=shell_dir,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["lookup"]["stored_diagnosis_id"] == diagnosis_id
