"""Re-diagnose: a stored diagnosis checked again now, and what changed since it was made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from skm_bot.checks.runner import OnResult
from skm_bot.core.catalogue import Catalogue
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.lookup import Rediagnosis, compare
from skm_bot.core.records import StoredDiagnosis
from skm_bot.usecases.diagnose import CheckLimits, check_diagnosis

if TYPE_CHECKING:
    # Only its type: the module opens connections (httpx), which an offline diagnosis never does.
    from skm_bot.skm.connect import LiveTarget


async def rediagnose(
    stored: StoredDiagnosis,
    reopened: Diagnosis,
    *,
    catalogue: Catalogue,
    target: LiveTarget | None,
    limits: CheckLimits,
    on_result: OnResult | None = None,
) -> Rediagnosis:
    """
    Run the checks of `reopened` (the stored diagnosis diagnosed again, `core.lookup.reopen`)
    and compare the result with what was stored.

    The caller chooses the target from the reopened diagnosis (the CLI: its --profile; Slack:
    the access policy for the channel, the person and the paste's appkey).
    """
    checked = await check_diagnosis(reopened, target=target, limits=limits, on_result=on_result)
    return compare(stored, checked, catalogue=catalogue)
