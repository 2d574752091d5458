"""watch.reachability: the reachability checks' results as findings, one per real problem."""

from __future__ import annotations

import pytest

from skm_bot.core.check_ids import SKM_APPKEY, SKM_CREDENTIALS, SKM_REACHABLE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.watch.model import Kind, Severity
from skm_bot.core.watch.reachability import judged_scopes, reachability_findings

P, F, W, E, S = Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.SKIP


def results(reachable: Status, appkey: Status, credentials: Status) -> list[CheckResult]:
    return [
        CheckResult(SKM_REACHABLE, reachable, "reachable?"),
        CheckResult(SKM_APPKEY, appkey, "appkey?"),
        CheckResult(SKM_CREDENTIALS, credentials, "credentials?"),
    ]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((P, P, P), []),
        ((P, P, S), []),
        ((F, E, E), [(Kind.SKM_UNREACHABLE, Severity.CRITICAL)]),
        ((E, F, F), [(Kind.SKM_UNREACHABLE, Severity.CRITICAL)]),
        ((W, P, P), [(Kind.SKM_UNREACHABLE, Severity.WARNING)]),
        ((P, F, P), [(Kind.APPKEY_REFUSED, Severity.CRITICAL)]),
        ((P, P, F), [(Kind.CREDENTIALS_REFUSED, Severity.CRITICAL)]),
        (
            (P, W, F),
            [
                (Kind.APPKEY_REFUSED, Severity.WARNING),
                (Kind.CREDENTIALS_REFUSED, Severity.CRITICAL),
            ],
        ),
    ],
)
def test_reachability_findings(statuses, expected):
    found = reachability_findings("prod", "https://skm", results(*statuses))

    assert [(f.kind, f.severity) for f in found] == expected


def test_an_unreachable_skm_judges_nothing_else():
    assert judged_scopes(results(F, E, E)) == {SKM_REACHABLE}


def test_the_check_summary_is_shown_but_is_not_news():
    first = reachability_findings(
        "prod", "https://skm", [CheckResult(SKM_REACHABLE, F, "timeout 5 s")]
    )
    again = reachability_findings("prod", "https://skm", [CheckResult(SKM_REACHABLE, F, "reset")])

    assert first[0].params["observed"] == "timeout 5 s"
    assert first[0].signature() == again[0].signature()
