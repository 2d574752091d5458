"""`skm-bot report`: the digest of a span from the store, as a report, as JSON, and a PNG chart."""

from __future__ import annotations

import asyncio
import json
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skm_bot.cli import main
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from tests.factories import diagnosed, document

APPKEY = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
KEY_VERSION = (
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def store(monkeypatch, tmp_path) -> Path:
    """SKM_BOT_DATABASE_URL: a SQLite file in tmp_path (not created yet)."""
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    return path


async def _seed(path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await upgrade(engine)
        repo = SqlRepository(engine)
        now = datetime.now(UTC)
        rows = [
            (APPKEY, now - timedelta(days=1), "C0OPS"),
            (APPKEY, now - timedelta(days=2), "C0OPS"),
            (KEY_VERSION, now - timedelta(hours=3), "C0OTHER"),
            (APPKEY, now - timedelta(days=20), "C0OPS"),  # before the span
        ]
        for n, (text, at, channel) in enumerate(rows):
            d = diagnosed(text, now=at)
            await repo.save_diagnosis(
                d, document=document(d), channel=channel, user="U1", thread_ts=f"{n}.0"
            )
            if n == 0:
                resolved = at + timedelta(minutes=30)
                await repo.record_feedback(
                    d.diagnosis_id, user="U1", verdict="resolved", at=resolved
                )
    finally:
        await engine.dispose()


@pytest.fixture
def seeded(store: Path) -> Path:
    asyncio.run(_seed(store))
    return store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["report", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_counts_the_span_of_every_channel(seeded, capsys):
    code, out, _ = run(capsys, "--json")

    document = json.loads(out)
    assert code == 0
    assert (document["failures"], document["resolved"], document["channel"]) == (3, 1, None)
    assert document["time_to_resolve"]["median_seconds"] == 1800.0
    assert [(k["error"], k["failures"]) for k in document["kinds"]] == [
        ("invalid_appkey", 2),
        ("invalid_key_version", 1),
    ]
    assert len(document["days"]) == 8  # seven days back from now touch eight dates


def test_a_channel_counts_alone(seeded, capsys):
    _, out, _ = run(capsys, "--json", "--channel", "C0OTHER")

    assert [k["error"] for k in json.loads(out)["kinds"]] == ["invalid_key_version"]


def test_a_longer_span_reaches_further_back(seeded, capsys):
    _, out, _ = run(capsys, "--json", "--since", "3w")

    assert json.loads(out)["failures"] == 4


def test_the_report_speaks_the_language_asked(seeded, capsys):
    _, out, _ = run(capsys, "--lang", "ja")

    assert out.startswith("SKM ダイジェスト")
    assert "診断した障害" in out


def png_size(data: bytes) -> tuple[int, int]:
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_png_writes_the_chart(seeded, capsys, tmp_path):
    chart = tmp_path / "week.png"

    code, out, _ = run(capsys, "--png", str(chart))

    data = chart.read_bytes()
    assert code == 0
    assert data.startswith(PNG_SIGNATURE)
    assert png_size(data) == (800, 400)
    assert 1_000 < len(data) < 200_000
    assert out.startswith("SKM digest:")


def test_without_a_store_the_span_is_empty_and_nothing_is_created(store, capsys):
    code, out, _ = run(capsys, "--json")

    assert (code, json.loads(out)["failures"]) == (0, 0)
    assert not store.exists()


@pytest.mark.parametrize("span", ["7", "7x", "0d", "-1d"])
def test_a_wrong_span_is_a_usage_error(store, capsys, span):
    with pytest.raises(SystemExit) as exited:
        main(["report", f"--since={span}"])

    assert exited.value.code == 2
    assert "give a span such as 7d" in capsys.readouterr().err


def test_a_chart_that_cannot_be_written_is_named(seeded, capsys, tmp_path):
    code, _, err = run(capsys, "--png", str(tmp_path / "missing" / "week.png"))

    assert code == 2
    assert "cannot write the chart to" in err
