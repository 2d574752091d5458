"""Request-ID lookup: what counts as an ID, re-running a stored diagnosis, what changed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis, diagnose
from skm_bot.core.lookup import (
    compare,
    looks_like_request_id,
    rediagnose,
    render_changes,
    render_unknown,
)
from skm_bot.store.protocol import InMemoryRepository

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
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
        ("abcdefgh", None),
        ("a1b2c", None),
        ("req-7f3a9b2c failed", None),
        ("Invalid Key Version", None),
        ("x" * 129 + "1", None),
        ("", None),
    ],
)
def test_looks_like_request_id(text, expected):
    assert looks_like_request_id(text) == expected


def _with_check(d: Diagnosis, status: Status) -> Diagnosis:
    return d.with_checks((CheckResult("skm.key", status, "s"),))


async def _stored(diagnosis: Diagnosis):
    repo = InMemoryRepository()
    await repo.save_diagnosis(diagnosis)
    stored = await repo.find_by_request_id(diagnosis.diagnosis_id)
    assert stored is not None
    return stored


@pytest.mark.anyio
async def test_rediagnose_reports_a_check_whose_status_changed():
    stored = await _stored(_with_check(diagnose(PASTE, now=NOW), Status.FAIL))

    async def rerun(text: str, **options):
        return _with_check(diagnose(text, now=options["now"]), Status.PASS)

    result = await rediagnose(stored, now=NOW, rerun=rerun)

    assert [(c.check_id, c.before, c.after) for c in result.check_changes] == [
        ("skm.key", "fail", "pass")
    ]
    assert "check skm.key: fail → pass" in render_changes(result)


@pytest.mark.anyio
async def test_rediagnose_reruns_the_stored_redacted_text_offline():
    stored = await _stored(diagnose(PASTE, now=NOW))

    result = await rediagnose(stored, now=NOW)

    assert result.diagnosis.text == stored.text
    assert [m.error_id for m in result.diagnosis.matches] == ["invalid_key_version"]


@pytest.mark.anyio
async def test_unchanged_diagnosis_says_nothing_changed():
    stored = await _stored(diagnose(PASTE, now=NOW))

    result = compare(stored, diagnose(PASTE, now=NOW))

    assert not result.changed
    assert "nothing" in render_changes(result)


@pytest.mark.anyio
async def test_matches_added_and_removed_are_listed():
    stored = await _stored(diagnose(PASTE, now=NOW))

    result = compare(stored, diagnose("hello", now=NOW))

    assert result.matches_removed == ("invalid_key_version",)
    assert "no longer recognised: invalid_key_version" in render_changes(result)


def test_unknown_id_gets_a_clear_answer():
    assert "no diagnosis that mentions `req-404404`" in render_unknown("req-404404")
