"""The digest rendered: the Slack message (golden), the report's text and JSON, and the chart."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skm_bot.core.digest import (
    DiagnosisFact,
    Digest,
    DigestFacts,
    GroupFact,
    VerdictFact,
    summarize,
)
from skm_bot.render.digest_chart import render_chart
from skm_bot.render.digest_report import digest_json, digest_text
from skm_bot.render.slack.digest import render_digest, render_digest_file
from skm_bot.render.slack.limits import check_message
from tests.factories import CATALOGUE
from tests.render.golden import golden

GOLDEN = Path(__file__).parent / "slack" / "golden"
START = datetime(2026, 11, 16, tzinfo=UTC)
END = START + timedelta(days=7)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def week() -> Digest:
    kinds = ["invalid_appkey", "invalid_key_version", "invalid_appkey", None, "invalid_appkey"]
    diagnoses = tuple(
        DiagnosisFact(f"d{n}", START + timedelta(hours=9 + 26 * n), "C0OPS", f"{n}.0", kind)
        for n, kind in enumerate(kinds)
    )
    verdicts = (
        VerdictFact("d0", "resolved", START + timedelta(hours=10)),
        VerdictFact("d1", "resolved", START + timedelta(hours=35, minutes=30)),
        VerdictFact("d3", "not_helpful", START + timedelta(hours=90)),
    )
    groups = (
        GroupFact(START + timedelta(days=1), START + timedelta(days=2)),
        GroupFact(START + timedelta(days=3), None),
    )
    return summarize(
        DigestFacts(diagnoses, verdicts, groups), start=START, end=END, channel="C0OPS"
    )


def quiet() -> Digest:
    return summarize(DigestFacts(), start=START, end=END, channel="C0OPS")


MESSAGES = {
    "digest": lambda: render_digest(week(), language="en", catalogue=CATALOGUE, chart=True),
    "digest_ko": lambda: render_digest(week(), language="ko", catalogue=CATALOGUE, chart=True),
    "digest_no_failures": lambda: render_digest(
        quiet(), language="en", catalogue=CATALOGUE, chart=False
    ),
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_digest_message_matches_golden_json(name):
    """Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change."""
    message = MESSAGES[name]()
    assert message == golden(GOLDEN / f"{name}.json", message)


@pytest.mark.parametrize("name", list(MESSAGES))
def test_digest_message_is_within_block_kit_limits(name):
    assert check_message(MESSAGES[name]()) == []


def test_digest_message_uses_only_blocks_a_file_share_takes():
    message = MESSAGES["digest"]()

    assert {b["type"] for b in message["blocks"]} <= {"section", "context"}


def test_digest_file_is_named_for_its_week_and_described():
    file = render_digest_file(week(), language="en")

    assert file["filename"] == "skm-digest-2026-11-16.png"
    assert "invalid_appkey 3" in file["alt_txt"]
    assert len(file["alt_txt"]) <= 1000


def test_digest_json_contract():
    document = digest_json(week(), language="en", catalogue=CATALOGUE)

    assert document["failures"] == 5
    assert document["resolved"] == 2
    assert document["time_to_resolve"] == {"median_seconds": 2700.0, "slowest_seconds": 3600.0}
    assert document["helpful"] == {"resolved": 2, "not_helpful": 1, "rate": pytest.approx(2 / 3)}
    assert document["alert_groups"] == {"opened": 2, "closed": 1}
    assert document["kinds"][0] == {
        "error": "invalid_appkey",
        "title": "The appkey is not valid",
        "failures": 3,
        "resolved": 1,
        "per_day": [1, 0, 1, 0, 1, 0, 0],
    }
    assert len(document["days"]) == 7


def test_digest_text_names_each_kind_with_its_days():
    text = digest_text(week(), language="en", catalogue=CATALOGUE)

    assert text.splitlines()[0] == "SKM digest: 2026-11-16 to 2026-11-22 (C0OPS)"
    assert "2 (median 45 min, slowest 1 h 0 min)" in text
    assert "invalid_appkey: The appkey is not valid" in text


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, the first after the signature."""
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("digest", [week, quiet], ids=["week", "quiet"])
def test_the_chart_is_a_png_of_the_planned_size(digest):
    chart = render_chart(digest())

    assert chart.startswith(PNG_SIGNATURE)
    assert png_size(chart) == (800, 400)


def test_the_same_digest_draws_the_same_bytes():
    assert render_chart(week()) == render_chart(week())
