"""cert.inspect, cert.registered and cert.handshake: the profile's client certificate, offline and live."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, cast

from cryptography import x509
from cryptography.x509.oid import NameOID

from skm_bot.certs.bounded_read import FileContents, read_regular_file, unreadable_reason
from skm_bot.certs.chain import pick_leaf
from skm_bot.certs.findings import Severity, format_instant
from skm_bot.certs.handshake import ClientCredentials, probe_handshake
from skm_bot.certs.inspect import Inspection, inspect_certificate
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES
from skm_bot.certs.load import Bundle, load_bundle
from skm_bot.certs.report import one_line
from skm_bot.certs.tls_alerts import ProbeCode, ProbeResult
from skm_bot.checks.context import CheckContext
from skm_bot.checks.types import Check
from skm_bot.checks.verdicts import Verdict, localised, result, skip
from skm_bot.core.check_ids import CERT_HANDSHAKE, CERT_INSPECT, CERT_REGISTERED
from skm_bot.core.check_result import Status
from skm_bot.core.phrases import Phrase, phrase, verbatim
from skm_bot.core.profile import Profile

IN_SERVICE_NOTE = phrase("check.cert.in_service_note")
# SKM's expirationDate carries no documented zone or time, so allow a day either way.
EXPIRY_TOLERANCE = timedelta(days=1)
_UNDECIDED = {ProbeCode.ENDPOINT_UNREACHABLE, ProbeCode.CONFIRM_FAILED, ProbeCode.TLS_ERROR}


class RegisteredCertificate(Protocol):
    """One certificate registered in a keystore, as the SKM client returns it."""

    @property
    def name(self) -> str: ...
    @property
    def expiration_date(self) -> datetime | None: ...
    @property
    def deletion_datetime(self) -> datetime | None: ...


class CertificateLister(Protocol):
    """The one SKM call cert.registered needs."""

    async def list_certificates(self, keystore_id: int) -> Sequence[RegisteredCertificate]: ...


def _configured(ctx: CheckContext, check_id: str, *, live: bool) -> Profile | Verdict:
    if ctx.profile is None:
        return skip(check_id, phrase("check.offline.no_profile"))
    if live and ctx.api is None:
        return skip(check_id, phrase("check.offline.no_client", profile=ctx.profile.name))
    if ctx.profile.certificate_path is None:
        return skip(check_id, phrase("check.cert.not_configured", profile=ctx.profile.name))
    return ctx.profile


def _read(profile: Profile) -> tuple[FileContents, bytes | None]:
    """
    The certificate file (a regular file within the size cap) and its password.

    This is the checks' file I/O edge; it blocks, so the checks call it in a worker thread.
    """
    assert profile.certificate_path is not None
    secret = profile.certificate_password
    password = secret.get_secret_value().encode() if secret else None
    return read_regular_file(profile.certificate_path, limit=MAX_CERTIFICATE_FILE_BYTES), password


class NoCaCertificate(ValueError):
    """The CA bundle holds no PEM certificate."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: no PEM certificate")
        self.path = path


def _load_ca(path: Path | None) -> list[x509.Certificate] | None:
    if path is None:
        return None
    bundle = read_regular_file(path, limit=MAX_CERTIFICATE_FILE_BYTES)
    try:
        return x509.load_pem_x509_certificates(bundle.data)
    except (ValueError, x509.InvalidVersion):
        raise NoCaCertificate(path) from None


def _read_all(profile: Profile) -> tuple[FileContents, bytes | None, list[x509.Certificate] | None]:
    """The certificate file, its password and the CA bundle: what cert.inspect reads."""
    contents, password = _read(profile)
    return contents, password, _load_ca(profile.ca_bundle)


def _why(exc: OSError | NoCaCertificate) -> Phrase:
    """An unreadable file in words: the path and the reason, not Python's errno prefix."""
    if isinstance(exc, NoCaCertificate):
        return phrase("check.cert.no_ca_certificate", path=str(exc.path))
    if exc.filename:
        return phrase(
            "check.cert.path_reason", path=str(exc.filename), reason=unreadable_reason(exc)
        )
    return unreadable_reason(exc)


@localised
async def check_inspect(ctx: CheckContext) -> Verdict:
    """Inspect the profile's certificate file offline: format, password, chain, dates, usage."""
    profile = _configured(ctx, CERT_INSPECT, live=False)
    if isinstance(profile, Verdict):
        return profile
    try:
        contents, password, ca_bundle = await asyncio.to_thread(_read_all, profile)
    except (OSError, NoCaCertificate) as exc:
        summary = phrase("check.cert.files_unreadable", why=_why(exc))
        return result(CERT_INSPECT, Status.FAIL, summary)
    name = profile.certificate_path.name if profile.certificate_path else ""
    # Parsing and key derivation take milliseconds to seconds: off the event loop.
    inspection = await asyncio.to_thread(
        inspect_certificate,
        contents.data,
        filename=name,
        password=password,
        now=ctx.now,
        ca_bundle=ca_bundle,
        file_mode=contents.mode,
    )
    return _inspect_verdict(inspection)


def _inspect_verdict(inspection: Inspection) -> Verdict:
    details = tuple(one_line(f) for f in inspection.findings)
    severities = {f.severity for f in inspection.findings}
    status = Status.PASS
    if Severity.ERROR in severities:
        status = Status.FAIL
    elif Severity.WARNING in severities:
        status = Status.WARN
    leaf = inspection.leaf
    if status is Status.PASS and leaf is not None:
        summary = phrase(
            "check.cert.valid_until", subject=leaf.subject, date=format_instant(leaf.not_after)
        )
    else:
        # A file without a certificate always has a finding that says so.
        summary = inspection.findings[0].summary
    return result(CERT_INSPECT, status, summary, *details)


def _leaf(profile: Profile) -> tuple[x509.Certificate | None, Bundle | None]:
    """The file's client certificate and bundle; blocking, so called in a worker thread."""
    contents, password = _read(profile)
    name = profile.certificate_path.name if profile.certificate_path else ""
    bundle = load_bundle(contents.data, filename=name, password=password).bundle
    if bundle is None or not bundle.certificates:
        return None, bundle
    return pick_leaf(bundle.certificates, bundle.key, ordered_file=False)[0], bundle


@localised
async def check_registered(ctx: CheckContext) -> Verdict:
    """Is this file's certificate registered in the profile's keystores, and not being deleted?"""
    profile = _configured(ctx, CERT_REGISTERED, live=True)
    if isinstance(profile, Verdict):
        return profile
    if not profile.keystore_ids:
        return skip(CERT_REGISTERED, phrase("check.cert.no_keystores"))
    try:
        leaf, _ = await asyncio.to_thread(_leaf, profile)
    except OSError as exc:
        summary = phrase("check.cert.file_unreadable", why=_why(exc))
        return result(CERT_REGISTERED, Status.FAIL, summary)
    if leaf is None:
        return skip(CERT_REGISTERED, phrase("check.cert.see_inspect"))
    # Typed by the Protocol, so any client with this one method (or a test fake) will do.
    lister = cast(CertificateLister, ctx.api)
    stem = profile.certificate_path.stem if profile.certificate_path else ""
    registered = [
        (keystore, entry)
        for keystore in profile.keystore_ids
        for entry in await lister.list_certificates(keystore)
    ]
    return registration_verdict(leaf, stem, registered)


def registration_verdict(
    leaf: x509.Certificate, stem: str, registered: Sequence[tuple[int, RegisteredCertificate]]
) -> Verdict:
    """Match by expiration date and by name (file name or CN); report the best match."""
    not_after = leaf.not_valid_after_utc
    names = {stem.lower(), *_common_names(leaf)}

    def score(entry: RegisteredCertificate) -> tuple[bool, bool]:
        by_name = entry.name.lower() in names or entry.name.lower() in stem.lower()
        expiry = entry.expiration_date
        by_date = expiry is not None and abs(expiry - not_after) <= EXPIRY_TOLERANCE
        return by_date, bool(by_name and entry.name)

    listed = [
        phrase("check.cert.registered_line", keystore=k, entry=_entry_line(e))
        for k, e in registered
    ]
    ranked = sorted(registered, key=lambda pair: score(pair[1]), reverse=True)
    mine = phrase("check.cert.not_after", date=format_instant(not_after))
    if not ranked or score(ranked[0][1]) == (False, False):
        summary = phrase("check.cert.no_match", mine=mine)
        return result(CERT_REGISTERED, Status.FAIL, summary, *listed, IN_SERVICE_NOTE)
    keystore, entry = ranked[0]
    by_date, _ = score(entry)
    where = phrase("check.cert.registered_as", name=entry.name, keystore=keystore)
    if entry.deletion_datetime is not None:
        when = format_instant(entry.deletion_datetime)
        summary = phrase("check.cert.pending_deletion", where=where, date=when)
        return result(CERT_REGISTERED, Status.FAIL, summary, *listed, IN_SERVICE_NOTE)
    if not by_date:
        summary = phrase("check.cert.other_download", name=entry.name, mine=mine)
        return result(CERT_REGISTERED, Status.WARN, summary, *listed, IN_SERVICE_NOTE)
    summary = phrase("check.cert.registered", where=where, mine=mine)
    return result(CERT_REGISTERED, Status.PASS, summary, *listed, IN_SERVICE_NOTE)


def _common_names(cert: x509.Certificate) -> set[str]:
    return {str(a.value).lower() for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}


def _entry_line(entry: RegisteredCertificate) -> Phrase:
    expiry: Phrase = phrase("check.cert.expiry_unknown")
    if entry.expiration_date:
        expiry = verbatim(format_instant(entry.expiration_date))
    line = phrase("check.cert.entry", name=entry.name, expiry=expiry)
    if entry.deletion_datetime is None:
        return line
    return phrase(
        "check.cert.entry_pending", entry=line, date=format_instant(entry.deletion_datetime)
    )


@localised
async def check_handshake(ctx: CheckContext) -> Verdict:
    """Present the certificate to the SKM endpoint over mutual TLS, then ask /confirm."""
    profile = _configured(ctx, CERT_HANDSHAKE, live=True)
    if isinstance(profile, Verdict):
        return profile
    try:
        _, bundle = await asyncio.to_thread(_leaf, profile)
    except OSError as exc:
        summary = phrase("check.cert.file_unreadable", why=_why(exc))
        return result(CERT_HANDSHAKE, Status.FAIL, summary)
    credentials = ClientCredentials.from_bundle(bundle) if bundle else None
    if credentials is None:
        return skip(CERT_HANDSHAKE, phrase("check.cert.no_credentials"))
    confirm = None
    if profile.appkey:
        confirm = f"/keymanager/{profile.api_version}/appkey/{profile.appkey}/confirm"
    probe = await probe_handshake(
        profile.endpoint, credentials=credentials, ca_bundle=profile.ca_bundle, confirm_path=confirm
    )
    return handshake_verdict(probe, confirm is not None)


def handshake_verdict(probe: ProbeResult, confirmed: bool) -> Verdict:
    """What the probe's outcome means: accepted, refused (and why), or undecided."""
    status = Status.PASS if probe.ok else Status.FAIL
    if probe.code in _UNDECIDED:
        status = Status.ERROR
    details = [phrase("check.cert.probe_observed", code=str(probe.code), observed=probe.observed)]
    if probe.tls_version:
        details.append(phrase("check.cert.tls_version", version=probe.tls_version))
    if probe.next_action:
        details.append(phrase("check.cert.next", action=probe.next_action))
    if probe.ok and not confirmed:
        details.append(phrase("check.cert.no_confirm"))
    if probe.ok:
        details.append(IN_SERVICE_NOTE)
    return result(CERT_HANDSHAKE, status, probe.cause, *details)


CERT_CHECKS: dict[str, Check] = {
    CERT_INSPECT: check_inspect,
    CERT_REGISTERED: check_registered,
    CERT_HANDSHAKE: check_handshake,
}
