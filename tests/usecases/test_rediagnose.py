"""Re-diagnose: the stored diagnosis checked again now, compared with what was stored."""

from __future__ import annotations

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.lookup import reopen
from skm_bot.core.records import StoredDiagnosis
from skm_bot.usecases.diagnose import CheckLimits
from skm_bot.usecases.rediagnose import rediagnose
from tests.factories import CATALOGUE, NOW, diagnosed, document

pytestmark = pytest.mark.anyio
PASTE = (
    'X-Request-Id: req-7f3a9b2c\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'
)


async def test_rediagnose_runs_the_checks_again_and_reports_what_changed():
    """Stored with skm.key failing; offline now, it is skipped: the change is reported."""
    before = diagnosed(PASTE).with_checks((CheckResult("skm.key", Status.FAIL, "gone"),))
    stored = StoredDiagnosis(
        before.diagnosis_id, before.created_at, "en", before.text, document(before)
    )
    reopened = reopen(stored, now=NOW, catalogue=CATALOGUE)

    result = await rediagnose(
        stored, reopened, catalogue=CATALOGUE, target=None, limits=CheckLimits()
    )

    assert {c.id for c in result.diagnosis.checks} == {"skm.key", "skm.key_version"}
    assert ("skm.key", "fail", "skip") in [
        (c.check_id, c.before, c.after) for c in result.check_changes
    ]
