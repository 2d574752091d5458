"""
watch.cert_expiry: the profile's client certificate file, and every certificate registered in
its keystores, against the 30 / 14 / 7 / 1-day windows.
"""

from __future__ import annotations

from datetime import datetime

from skm_bot.core.watch.dates import Window, stamp, window
from skm_bot.core.watch.facts import AuthEntry, CertificateFile, KeystoreFacts, WatchFacts
from skm_bot.core.watch.model import Finding, Kind, Severity, make_finding

FILE_SCOPE = "file"
EXPIRY_SEVERITY: dict[Window, Severity] = {
    "30d": Severity.WARNING,
    "14d": Severity.WARNING,
    "7d": Severity.CRITICAL,
    "1d": Severity.CRITICAL,
    "past": Severity.CRITICAL,
}


def certificates_scope(keystore_id: int) -> str:
    """The read that lists a keystore's registered certificates."""
    return f"certificates:{keystore_id}"


def certificate_findings(facts: WatchFacts, now: datetime) -> list[Finding]:
    """Every certificate that expires within 30 days, has expired, or is not valid yet."""
    found: list[Finding] = []
    if facts.certificate_file is not None:
        found.extend(file_findings(facts.profile, facts.certificate_file, now))
    for store in facts.keystores or ():
        entries = store.auth.get("certificate")
        if entries is not None:
            found.extend(registered_findings(facts.profile, store, entries, now))
    return found


def file_findings(profile: str, cert: CertificateFile, now: datetime) -> list[Finding]:
    """The profile's certificate file: unreadable, not valid yet, or near (or past) its end."""
    if cert.problem is not None or cert.not_after is None or cert.fingerprint is None:
        reason = cert.problem or "no certificate could be read from it"
        return [
            make_finding(
                profile,
                Kind.CERT_FILE_UNREADABLE,
                cert.name,
                Severity.WARNING,
                scope=FILE_SCOPE,
                file=cert.name,
                reason=reason,
            )
        ]
    subject = f"sha256:{cert.fingerprint}"
    found: list[Finding] = []
    if cert.not_before is not None and now < cert.not_before:
        found.append(
            make_finding(
                profile,
                Kind.CERT_FILE_NOT_YET_VALID,
                subject,
                Severity.CRITICAL,
                scope=FILE_SCOPE,
                due=cert.not_before,
                file=cert.name,
                starts=stamp(cert.not_before),
            )
        )
    near = window(cert.not_after, now)
    if near is not None:
        found.append(
            make_finding(
                profile,
                Kind.CERT_FILE_EXPIRY,
                subject,
                EXPIRY_SEVERITY[near],
                scope=FILE_SCOPE,
                due=cert.not_after,
                file=cert.name,
                expires=stamp(cert.not_after),
                window=near,
            )
        )
    return found


def registered_findings(
    profile: str, store: KeystoreFacts, entries: tuple[AuthEntry, ...], now: datetime
) -> list[Finding]:
    """
    Certificates registered in a keystore whose expiration date is near or past.

    One already scheduled for deletion is left to watch.auth_changes: it is going anyway.
    """
    found: list[Finding] = []
    for entry in entries:
        if entry.expires is None or entry.deletion is not None:
            continue
        near = window(entry.expires, now)
        if near is None:
            continue
        found.append(
            make_finding(
                profile,
                Kind.REGISTERED_CERT_EXPIRY,
                entry.value,
                EXPIRY_SEVERITY[near],
                scope=certificates_scope(store.keystore_id),
                due=entry.expires,
                keystore=store.keystore_id,
                name=entry.value,
                keystore_label=store.label,
                expires=stamp(entry.expires),
                window=near,
            )
        )
    return found
