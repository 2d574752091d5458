"""Finding ordering, time formatting, and the documented meaning of every code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skm_bot.certs.findings import RULES, Code, Finding, format_instant, format_span, ordered
from skm_bot.certs.tls_alerts import DIAGNOSES, ProbeCode
from skm_bot.core.phrases import verbatim

DOCS = Path(__file__).parents[2] / "docs" / "certificates.md"


def test_every_code_has_a_rule():
    assert set(RULES) == set(Code)


@pytest.mark.parametrize("code", list(Code))
def test_every_code_is_documented(code):
    """docs/certificates.md explains each finding code."""
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")


def test_ordered_puts_the_earliest_stage_first():
    findings = [
        Finding(Code.KEY_TOO_WEAK, verbatim("weak")),
        Finding(Code.CERT_EXPIRED, verbatim("expired")),
        Finding(Code.KEY_MISMATCH, verbatim("mismatch")),
        Finding(Code.FILE_CORRUPT, verbatim("corrupt")),
    ]

    codes = [f.code for f in ordered(findings)]

    assert codes == [Code.FILE_CORRUPT, Code.KEY_MISMATCH, Code.CERT_EXPIRED, Code.KEY_TOO_WEAK]


def test_ordered_puts_errors_before_warnings_and_notes():
    findings = [
        Finding(Code.CHAIN_NOT_CHECKED, verbatim("note")),
        Finding(Code.P12_LEGACY_RC2, verbatim("legacy")),
        Finding(Code.CERT_REVOKED, verbatim("revoked")),
    ]

    codes = [f.code for f in ordered(findings)]

    assert codes == [Code.CERT_REVOKED, Code.P12_LEGACY_RC2, Code.CHAIN_NOT_CHECKED]


def test_format_instant_is_utc_to_the_minute():
    moment = datetime(2026, 11, 23, 9, 30, 59, tzinfo=UTC)

    assert format_instant(moment) == "2026-11-23T09:30Z"


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(days=3, hours=3), "3 days"),
        (timedelta(hours=1, minutes=5), "1 hour"),
        (timedelta(minutes=2), "2 minutes"),
        (timedelta(seconds=1), "1 second"),
        (timedelta(days=-2), "2 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(hours=2), "2 hours"),
        (timedelta(minutes=1, seconds=30), "1 minute"),
        (timedelta(seconds=5), "5 seconds"),
    ],
)
def test_format_span_uses_the_largest_unit(span, text):
    assert format_span(span).text("en") == text


@pytest.mark.parametrize(
    ("span", "ja", "ko"),
    [
        (timedelta(days=3, hours=3), "3日", "3일"),
        (timedelta(hours=1, minutes=5), "1時間", "1시간"),
        (timedelta(minutes=2), "2分", "2분"),
        (timedelta(seconds=1), "1秒", "1초"),
    ],
)
def test_format_span_in_japanese_and_korean(span, ja, ko):
    assert (format_span(span).text("ja"), format_span(span).text("ko")) == (ja, ko)


def test_finding_json_carries_severity_stage_and_next_action():
    data = Finding(Code.CERT_EXPIRED, verbatim("expired")).to_json("en")

    assert (data["severity"], data["stage"], data["next_action"]) == (
        "error",
        "validity",
        "Create a new certificate in the SKM console and download it.",
    )


def test_finding_json_is_serialisable(inspect_case):
    inspection = inspect_case("expired")

    assert json.loads(json.dumps(inspection.to_json("en")))["findings"][0]["code"] == "cert_expired"


@pytest.mark.parametrize("code", list(ProbeCode))
def test_every_probe_code_is_documented(code):
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")


def test_every_probe_code_has_a_diagnosis():
    assert set(DIAGNOSES) == set(ProbeCode)
