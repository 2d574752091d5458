"""`skm-bot db upgrade` and migrations: applied from the package, idempotent, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from skm_bot.cli import main
from skm_bot.store.engine import make_engine, normalise_url
from skm_bot.store.migrate import current_revision, head_revision, upgrade
from skm_bot.store.tables import Base
from tests.store.database import sqlite_url


def _db(*argv: str) -> int:
    """`skm-bot db ...` through the real command line."""
    return main(["db", *argv])


def test_db_upgrade_creates_the_schema(tmp_path: Path, capsys):
    url = sqlite_url(tmp_path / "new.sqlite3")

    code = _db("upgrade", "--url", url)

    assert code == 0
    assert f"at revision {head_revision()}" in capsys.readouterr().out


def test_db_upgrade_twice_is_harmless(tmp_path: Path):
    url = sqlite_url(tmp_path / "new.sqlite3")

    assert [_db("upgrade", "--url", url) for _ in range(2)] == [0, 0]


def test_db_current_before_the_first_upgrade_says_not_created_yet(tmp_path: Path, capsys):
    _db("current", "--url", sqlite_url(tmp_path / "empty.sqlite3"))

    assert "not created yet" in capsys.readouterr().out


def test_db_current_does_not_create_a_missing_sqlite_file(tmp_path: Path):
    missing = tmp_path / "missing.sqlite3"

    assert _db("current", "--url", sqlite_url(missing)) == 0
    assert not missing.exists()


def test_db_current_after_an_upgrade_names_the_revision(tmp_path: Path, capsys):
    url = sqlite_url(tmp_path / "new.sqlite3")
    _db("upgrade", "--url", url)
    capsys.readouterr()

    _db("current", "--url", url)

    assert f"at revision {head_revision()} (newest: {head_revision()})" in capsys.readouterr().out


def test_db_upgrade_reads_the_url_from_settings(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", sqlite_url(tmp_path / "env.sqlite3"))

    assert _db("upgrade") == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_db_upgrade_on_an_unreachable_database_fails_without_the_password(capsys):
    url = "postgresql://bot:CANARY-db-password@127.0.0.1:1/nowhere"

    assert _db("upgrade", "--url", url) == 1
    assert "CANARY-db-password" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_urls_get_their_async_driver(given, expected):
    assert normalise_url(given) == expected


@pytest.mark.anyio
async def test_migrations_create_exactly_the_models(database_url: str):
    engine = make_engine(database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
            columns = await connection.run_sync(
                lambda c: {
                    t: {col["name"] for col in inspect(c).get_columns(t)}
                    for t in Base.metadata.tables
                }
            )
        revision = await current_revision(engine)
    finally:
        await engine.dispose()

    assert tables == {*Base.metadata.tables, "alembic_version"}
    assert columns == {name: set(t.columns.keys()) for name, t in Base.metadata.tables.items()}
    assert revision == head_revision()
