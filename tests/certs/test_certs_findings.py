"""Finding ordering, time formatting, and the documented meaning of every code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skm_bot.certs.findings import RULES, Code, Finding, format_instant, format_span, ordered
from skm_bot.certs.tls_alerts import DIAGNOSES, ProbeCode

DOCS = Path(__file__).parents[2] / "docs" / "certificates.md"


def test_every_code_has_a_rule():
    assert set(RULES) == set(Code)


@pytest.mark.parametrize("code", list(Code))
def test_every_code_is_documented(code):
    """docs/certificates.md explains each finding code."""
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")


def test_ordered_puts_the_earliest_stage_first():
    findings = [
        Finding(Code.KEY_TOO_WEAK, "weak"),
        Finding(Code.CERT_EXPIRED, "expired"),
        Finding(Code.KEY_MISMATCH, "mismatch"),
        Finding(Code.FILE_CORRUPT, "corrupt"),
    ]

    codes = [f.code for f in ordered(findings)]

    assert codes == [Code.FILE_CORRUPT, Code.KEY_MISMATCH, Code.CERT_EXPIRED, Code.KEY_TOO_WEAK]


def test_ordered_puts_errors_before_warnings_and_notes():
    findings = [
        Finding(Code.CHAIN_NOT_CHECKED, "note"),
        Finding(Code.P12_LEGACY_RC2, "legacy"),
        Finding(Code.CERT_REVOKED, "revoked"),
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
    ],
)
def test_format_span_uses_the_largest_unit(span, text):
    assert format_span(span) == text


def test_finding_json_carries_severity_stage_and_next_action():
    data = Finding(Code.CERT_EXPIRED, "expired").to_json()

    assert (data["severity"], data["stage"], data["next_action"]) == (
        "error",
        "validity",
        RULES[Code.CERT_EXPIRED].fix,
    )


def test_finding_json_is_serialisable(inspect_case):
    inspection = inspect_case("expired")

    assert json.loads(json.dumps(inspection.to_json()))["findings"][0]["code"] == "cert_expired"


@pytest.mark.parametrize("code", list(ProbeCode))
def test_every_probe_code_is_documented(code):
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")


def test_every_probe_code_has_a_diagnosis():
    assert set(DIAGNOSES) == set(ProbeCode)
