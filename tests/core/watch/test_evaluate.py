"""One run's evaluation: every check's findings, what was observed, the state to keep."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skm_bot.core.check_ids import SKM_REACHABLE
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.watch.evaluate import evaluate, observed_scopes
from skm_bot.core.watch.facts import (
    AuthEntry,
    CertificateFile,
    KeyFact,
    KeystoreFacts,
    WatchFacts,
)
from skm_bot.core.watch.model import Kind

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def facts() -> WatchFacts:
    keys = (KeyFact("d4" * 16, deletion=NOW + timedelta(days=5), last_access=NOW),)
    entries = (AuthEntry("certificate", "app", expires=NOW + timedelta(days=3)),)
    return WatchFacts(
        profile="prod",
        certificate_file=CertificateFile(
            "client.p12", "ab" * 32, "CN=app", NOW - timedelta(days=300), NOW + timedelta(days=60)
        ),
        keystores=(
            KeystoreFacts(1001, "main", keys=keys, auth={"certificate": entries}),
            KeystoreFacts(1002, "other"),
        ),
        checks=(CheckResult(SKM_REACHABLE, Status.PASS, "ok"),),
        gaps=("keys of keystore #1002: IPv4 Auth Failure",),
    )


def test_evaluate_finds_each_check_most_urgent_first():
    evaluation = evaluate(facts(), now=NOW, previous={})

    assert [f.kind for f in evaluation.findings] == [
        Kind.REGISTERED_CERT_EXPIRY,
        Kind.KEY_PENDING_DELETION,
    ]
    assert evaluation.due


def test_observed_scopes_name_only_the_reads_that_succeeded():
    assert observed_scopes(facts()) == {
        "file",
        SKM_REACHABLE,
        "keys:1001",
        "certificates:1001",
    }


def test_evaluation_keeps_the_lists_read_and_the_gaps():
    evaluation = evaluate(facts(), now=NOW, previous={})

    assert list(evaluation.snapshot) == [(1001, "certificate")]
    assert evaluation.keystores == {1001, 1002}
    assert evaluation.gaps == ("keys of keystore #1002: IPv4 Auth Failure",)


def test_unknown_keystores_stay_unknown():
    evaluation = evaluate(WatchFacts(profile="prod", keystores=None), now=NOW, previous={})

    assert evaluation.keystores is None
    assert not evaluation.due
