"""How to go live, said where an offline diagnosis on the command line would learn more live."""

from __future__ import annotations

from skm_bot.core.check_result import Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.labels import label


def offline_hint(diagnosis: Diagnosis) -> str | None:
    """
    The hint naming `--profile NAME` and `SKM_BOT_PROFILES` for a diagnosis made without a
    profile, when a profile would change it: a check was skipped, or the checks for any
    failure would run. None otherwise (and for another system's paste).
    """
    if diagnosis.other_system is not None:
        return None
    skipped = any(check.status is Status.SKIP for check in diagnosis.checks)
    if not (skipped or diagnosis.wants_general_checks):
        return None
    return label("offline_hint", diagnosis.language)
