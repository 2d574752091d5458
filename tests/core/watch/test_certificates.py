"""watch.cert_expiry: the certificate file and registered certificates against their windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from skm_bot.core.watch.certificates import certificate_findings
from skm_bot.core.watch.facts import AuthEntry, CertificateFile, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Kind, Severity

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def cert_file(
    *, ends_in: timedelta, starts_in: timedelta = timedelta(days=-300)
) -> CertificateFile:
    return CertificateFile(
        name="client.p12",
        fingerprint="ab" * 32,
        subject="CN=app",
        not_before=NOW + starts_in,
        not_after=NOW + ends_in,
    )


def with_file(cert: CertificateFile) -> WatchFacts:
    return WatchFacts(profile="prod", certificate_file=cert)


@pytest.mark.parametrize(
    ("ends_in", "expected"),
    [
        (timedelta(days=45), None),
        (timedelta(days=30), ("30d", Severity.WARNING)),
        (timedelta(days=20), ("30d", Severity.WARNING)),
        (timedelta(days=14), ("14d", Severity.WARNING)),
        (timedelta(days=8), ("14d", Severity.WARNING)),
        (timedelta(days=7), ("7d", Severity.CRITICAL)),
        (timedelta(days=2), ("7d", Severity.CRITICAL)),
        (timedelta(hours=23), ("1d", Severity.CRITICAL)),
        (timedelta(seconds=0), ("past", Severity.CRITICAL)),
        (timedelta(days=-3), ("past", Severity.CRITICAL)),
    ],
)
def test_certificate_file_expiry_window_and_severity(ends_in, expected):
    found = certificate_findings(with_file(cert_file(ends_in=ends_in)), NOW)

    assert [(f.params["window"], f.severity) for f in found] == ([expected] if expected else [])


def test_certificate_file_expiry_is_about_its_fingerprint_and_due_at_its_end():
    [finding] = certificate_findings(with_file(cert_file(ends_in=timedelta(days=3))), NOW)

    assert finding.kind is Kind.CERT_FILE_EXPIRY
    assert finding.subject == "sha256:" + "ab" * 32
    assert finding.due == NOW + timedelta(days=3)


def test_certificate_file_not_yet_valid_is_critical_until_it_starts():
    cert = cert_file(ends_in=timedelta(days=365), starts_in=timedelta(hours=5))

    [finding] = certificate_findings(with_file(cert), NOW)

    assert (finding.kind, finding.severity) == (Kind.CERT_FILE_NOT_YET_VALID, Severity.CRITICAL)
    assert finding.due == NOW + timedelta(hours=5)


def test_unreadable_certificate_file_is_a_warning_naming_why():
    cert = CertificateFile(name="client.p12", problem="wrong password")

    [finding] = certificate_findings(with_file(cert), NOW)

    assert (finding.kind, finding.severity) == (Kind.CERT_FILE_UNREADABLE, Severity.WARNING)
    assert finding.params["reason"] == "wrong password"


def test_same_certificate_gives_the_same_id_whatever_the_window():
    near = certificate_findings(with_file(cert_file(ends_in=timedelta(days=2))), NOW)
    far = certificate_findings(with_file(cert_file(ends_in=timedelta(days=20))), NOW)

    assert near[0].id == far[0].id


def registered(*entries: AuthEntry) -> WatchFacts:
    store = KeystoreFacts(1001, "main", auth={"certificate": entries})
    return WatchFacts(profile="prod", keystores=(store,))


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (AuthEntry("certificate", "app", expires=NOW + timedelta(days=5)), Severity.CRITICAL),
        (AuthEntry("certificate", "app", expires=NOW + timedelta(days=25)), Severity.WARNING),
        (AuthEntry("certificate", "app", expires=NOW + timedelta(days=90)), None),
        (AuthEntry("certificate", "app"), None),
        (
            AuthEntry(
                "certificate",
                "app",
                expires=NOW + timedelta(days=5),
                deletion=NOW + timedelta(days=7),
            ),
            None,
        ),
    ],
    ids=["soon", "within-30", "far", "no-date", "pending-deletion"],
)
def test_registered_certificate_expiry(entry, expected):
    found = certificate_findings(registered(entry), NOW)

    assert [f.severity for f in found] == ([expected] if expected else [])


def test_registered_certificate_names_its_keystore():
    entry = AuthEntry("certificate", "app", expires=NOW + timedelta(days=5))

    [finding] = certificate_findings(registered(entry), NOW)

    assert (finding.kind, finding.keystore, finding.subject) == (
        Kind.REGISTERED_CERT_EXPIRY,
        1001,
        "app",
    )
    assert finding.params["keystore_label"] == "main (#1001)"
