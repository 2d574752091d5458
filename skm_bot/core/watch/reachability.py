"""
watch.reachability: SKM, the appkey and the credentials answer, from the results of the
diagnosis's own checks (skm.reachable, skm.appkey, skm.credentials).

When SKM cannot be reached at all, the appkey and credentials checks can only fail with it:
one finding says so, not three.
"""

from __future__ import annotations

from collections.abc import Sequence

from skm_bot.core.check_ids import SKM_APPKEY, SKM_CREDENTIALS, SKM_REACHABLE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding

REACHABILITY_CHECKS = (SKM_REACHABLE, SKM_APPKEY, SKM_CREDENTIALS)
KIND_OF_CHECK = {
    SKM_REACHABLE: Kind.SKM_UNREACHABLE,
    SKM_APPKEY: Kind.APPKEY_REFUSED,
    SKM_CREDENTIALS: Kind.CREDENTIALS_REFUSED,
}
_SEVERITY = {Status.FAIL: Severity.CRITICAL, Status.ERROR: Severity.CRITICAL}


def judged_scopes(results: Sequence[CheckResult]) -> frozenset[str]:
    """
    The checks whose verdict counts this run: all of them, or only skm.reachable when it
    failed (the others then say nothing about the appkey or the credentials).
    """
    reachable = next((r for r in results if r.id == SKM_REACHABLE), None)
    if reachable is not None and reachable.status in _SEVERITY:
        return frozenset({SKM_REACHABLE})
    return frozenset(r.id for r in results if r.id in KIND_OF_CHECK)


def reachability_findings(
    profile: str, endpoint: str, results: Sequence[CheckResult]
) -> list[Finding]:
    """A finding for each judged check that failed (critical) or warned (warning)."""
    judged = judged_scopes(results)
    found: list[Finding] = []
    for result in results:
        if result.id not in judged:
            continue
        severity = _SEVERITY.get(result.status)
        if severity is None and result.status is Status.WARN:
            severity = Severity.WARNING
        if severity is None:
            continue
        found.append(
            make_finding(
                profile,
                KIND_OF_CHECK[result.id],
                result.id,
                severity,
                scope=result.id,
                endpoint=endpoint or "-",
                observed=result.summary,
            )
        )
    return found
