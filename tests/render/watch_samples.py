"""Findings as a run would make them, for the watch renderers' tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from skm_bot.core.watch.evaluate import Evaluation
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def key_in_use(severity: Severity = Severity.WARNING, window: str = "7d") -> Finding:
    return make_finding(
        "prod",
        Kind.KEY_PENDING_DELETION,
        "d0000000000000000000000000000004",
        severity,
        scope="keys:1001",
        due=NOW + timedelta(days=5),
        keystore=1001,
        key="d0000000000000000000000000000004",
        key_name="<!channel> old-aes",
        keystore_label="demo-ipv4 (#1001)",
        deletion="2026-12-01 03:00 UTC",
        last_access="2026-11-26 02:00 UTC",
        window=window,
    )


def ip_added() -> Finding:
    return make_finding(
        "prod",
        Kind.AUTH_ADDED,
        "ipv4:10.0.0.1",
        Severity.INFO,
        scope="ipv4s:1001",
        keystore=1001,
        what="ipv4",
        value="10.0.0.1",
        keystore_label="demo-ipv4 (#1001)",
        use="none",
        last_access="-",
    )


def evaluation(*findings: Finding, gaps: tuple[str, ...] = ()) -> Evaluation:
    return Evaluation(profile="prod", checked_at=NOW, findings=findings, gaps=gaps)
