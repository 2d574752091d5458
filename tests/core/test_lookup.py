"""Request-ID lookup, the pure part: what counts as an ID, reopening a stored diagnosis, what changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.lookup import compare, looks_like_request_id, reopen
from skm_bot.core.paste import take_paste
from skm_bot.core.records import StoredDiagnosis
from skm_bot.render.lookup import render_changes, render_unknown
from tests.factories import CATALOGUE, NOW, diagnosed, document

PASTE = (
    'X-Request-Id: req-7f3a9b2c\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skm-abcdefgh2345", "skm-abcdefgh2345"),
        ("  `skm-abcdefgh2345`\n", "skm-abcdefgh2345"),
        ("3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f", "3f2b8c1e-9a4d-4c6b-8e2f-1a2b3c4d5e6f"),
        ("req-7f3a9b2c", "req-7f3a9b2c"),
        ("trace:2026.11.26:0001", "trace:2026.11.26:0001"),
        ("req-7f3a9b2c?", "req-7f3a9b2c"),
        ("`req-7f3a9b2c`.", "req-7f3a9b2c"),
        ("req-7f3a9b2c？", "req-7f3a9b2c"),
        ("?", None),
        ("abcdefgh", None),
        ("a1b2c", None),
        ("req-7f3a9b2c failed", None),
        ("Invalid Key Version", None),
        ("x" * 129 + "1", None),
        ("", None),
    ],
)
def test_looks_like_request_id(text, expected):
    assert looks_like_request_id(take_paste(text)) == expected


@pytest.mark.parametrize(
    "secret",
    [
        "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "xapp-1-A0123456789-1234567890123-abcdef0123456789",
    ],
)
def test_a_paste_that_is_only_a_secret_is_never_an_id(secret):
    """It gets the redaction warning: nothing of it is echoed back as an ID."""
    assert looks_like_request_id(take_paste(secret)) is None


def stored_as(diagnosis: Diagnosis, language: str | None = None) -> StoredDiagnosis:
    return StoredDiagnosis(
        diagnosis.diagnosis_id,
        diagnosis.created_at,
        language or diagnosis.language,
        diagnosis.text,
        document(diagnosis),
    )


def test_reopen_diagnoses_the_stored_redacted_text_in_its_language():
    stored = stored_as(diagnosed(PASTE), language="ko")

    reopened = reopen(stored, now=NOW, catalogue=CATALOGUE)

    assert (reopened.text, reopened.language) == (stored.text, "ko")
    assert [m.error_id for m in reopened.matches] == ["invalid_key_version"]


def test_reopen_keeps_the_failure_a_person_picked():
    ask = "after the key rotation last night, our SKM decrypt calls began to fail"
    stored = replace(stored_as(diagnosed(ask)), chosen="invalid_key_version_status")

    reopened = reopen(stored, now=NOW, catalogue=CATALOGUE)

    assert (reopened.stance, reopened.matches[0].error_id) == (
        "chosen",
        "invalid_key_version_status",
    )


def test_reopen_ignores_a_pick_the_catalogue_no_longer_has():
    stored = replace(stored_as(diagnosed(PASTE)), chosen="retired_failure")

    assert reopen(stored, now=NOW, catalogue=CATALOGUE).chosen is None


def test_reopen_takes_an_explicit_language():
    reopened = reopen(stored_as(diagnosed(PASTE)), now=NOW, catalogue=CATALOGUE, language="ja")

    assert reopened.language == "ja"


def test_compare_reports_a_check_whose_status_changed():
    before = diagnosed(PASTE).with_checks((CheckResult("skm.key", Status.FAIL, "s"),))
    after = diagnosed(PASTE).with_checks((CheckResult("skm.key", Status.PASS, "s"),))

    result = compare(stored_as(before), after, catalogue=CATALOGUE)

    assert [(c.check_id, c.before, c.after) for c in result.check_changes] == [
        ("skm.key", "fail", "pass")
    ]
    assert "check skm.key: fail → pass" in render_changes(result)


def test_unchanged_diagnosis_says_nothing_changed():
    result = compare(stored_as(diagnosed(PASTE)), diagnosed(PASTE), catalogue=CATALOGUE)

    assert not result.changed
    assert "nothing" in render_changes(result)


def test_matches_added_and_removed_are_listed_with_their_entries():
    result = compare(stored_as(diagnosed(PASTE)), diagnosed("hello"), catalogue=CATALOGUE)

    assert result.matches_removed == ("invalid_key_version",)
    assert result.entries["invalid_key_version"] == CATALOGUE.get("invalid_key_version")
    assert "no longer recognised: invalid_key_version" in render_changes(result)


def test_compare_survives_a_stored_document_it_cannot_read():
    stored = StoredDiagnosis("skm-aaaaaaaaaaaa", NOW, "en", PASTE, {"matches": "x", "checks": 3})

    result = compare(stored, diagnosed(PASTE), catalogue=CATALOGUE)

    assert result.matches_added == ("invalid_key_version",)


def test_unknown_id_gets_a_clear_answer():
    assert "No diagnosis mentions req-404404" in render_unknown("req-404404")


def test_stored_language_falls_back_to_english():
    stored = StoredDiagnosis("skm-aaaaaaaaaaaa", datetime(2026, 1, 1, tzinfo=UTC), "xx", "", {})

    assert reopen(stored, now=NOW, catalogue=CATALOGUE).language == "en"
