"""cert.inspect, cert.registered and cert.handshake: the profile's client certificate, offline and live."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, cast

from cryptography import x509
from cryptography.x509.oid import NameOID

from skm_bot.certs.bounded_read import FileContents, read_regular_file
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
from skm_bot.checks.verdicts import result, skip
from skm_bot.core.check_ids import CERT_HANDSHAKE, CERT_INSPECT, CERT_REGISTERED
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.profile import Profile

IN_SERVICE_NOTE = (
    "Whether the certificate is 'In Service' can only be seen in the SKM console;"
    " the API shows only a pending deletion."
)
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


def _configured(ctx: CheckContext, check_id: str, *, live: bool) -> Profile | CheckResult:
    if ctx.profile is None:
        return skip(check_id, "offline: no profile")
    if live and ctx.api is None:
        return skip(check_id, f"offline: no SKM client for profile {ctx.profile.name!r}")
    if ctx.profile.certificate_path is None:
        return skip(check_id, f"no client certificate configured in profile {ctx.profile.name!r}")
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


def _load_ca(path: Path | None) -> list[x509.Certificate] | None:
    if path is None:
        return None
    bundle = read_regular_file(path, limit=MAX_CERTIFICATE_FILE_BYTES)
    return x509.load_pem_x509_certificates(bundle.data)


def _read_all(profile: Profile) -> tuple[FileContents, bytes | None, list[x509.Certificate] | None]:
    """The certificate file, its password and the CA bundle: what cert.inspect reads."""
    contents, password = _read(profile)
    return contents, password, _load_ca(profile.ca_bundle)


def _why(exc: OSError | ValueError) -> str:
    """An unreadable file in words: the path and the reason, not Python's errno prefix."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


async def check_inspect(ctx: CheckContext) -> CheckResult:
    """Inspect the profile's certificate file offline: format, password, chain, dates, usage."""
    profile = _configured(ctx, CERT_INSPECT, live=False)
    if isinstance(profile, CheckResult):
        return profile
    try:
        contents, password, ca_bundle = await asyncio.to_thread(_read_all, profile)
    except (OSError, ValueError) as exc:
        return result(CERT_INSPECT, Status.FAIL, f"cannot read the certificate files: {_why(exc)}")
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


def _inspect_verdict(inspection: Inspection) -> CheckResult:
    details = tuple(one_line(f) for f in inspection.findings)
    severities = {f.severity for f in inspection.findings}
    status = Status.PASS
    if Severity.ERROR in severities:
        status = Status.FAIL
    elif Severity.WARNING in severities:
        status = Status.WARN
    leaf = inspection.leaf
    if status is not Status.PASS:
        summary = inspection.findings[0].summary
    elif leaf is not None:
        summary = f"certificate {leaf.subject} is valid until {format_instant(leaf.not_after)}"
    else:
        summary = "the certificate file was inspected"
    return result(CERT_INSPECT, status, summary, *details)


def _leaf(profile: Profile) -> tuple[x509.Certificate | None, Bundle | None]:
    """The file's client certificate and bundle; blocking, so called in a worker thread."""
    contents, password = _read(profile)
    name = profile.certificate_path.name if profile.certificate_path else ""
    bundle = load_bundle(contents.data, filename=name, password=password).bundle
    if bundle is None or not bundle.certificates:
        return None, bundle
    return pick_leaf(bundle.certificates, bundle.key, ordered_file=False)[0], bundle


async def check_registered(ctx: CheckContext) -> CheckResult:
    """Is this file's certificate registered in the profile's keystores, and not being deleted?"""
    profile = _configured(ctx, CERT_REGISTERED, live=True)
    if isinstance(profile, CheckResult):
        return profile
    if not profile.keystore_ids:
        return skip(CERT_REGISTERED, "no keystore_ids in the profile to compare with")
    try:
        leaf, _ = await asyncio.to_thread(_leaf, profile)
    except OSError as exc:
        return result(
            CERT_REGISTERED, Status.FAIL, f"cannot read the certificate file: {_why(exc)}"
        )
    if leaf is None:
        return skip(CERT_REGISTERED, "the certificate file could not be read (see cert.inspect)")
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
) -> CheckResult:
    """Match by expiration date and by name (file name or CN); report the best match."""
    not_after = leaf.not_valid_after_utc
    names = {stem.lower(), *_common_names(leaf)}

    def score(entry: RegisteredCertificate) -> tuple[bool, bool]:
        by_name = entry.name.lower() in names or entry.name.lower() in stem.lower()
        expiry = entry.expiration_date
        by_date = expiry is not None and abs(expiry - not_after) <= EXPIRY_TOLERANCE
        return by_date, bool(by_name and entry.name)

    listed = [f"keystore {k}: {_entry_line(e)}" for k, e in registered]
    ranked = sorted(registered, key=lambda pair: score(pair[1]), reverse=True)
    mine = f"this file's notAfter is {format_instant(not_after)}"
    if not ranked or score(ranked[0][1]) == (False, False):
        summary = f"no registered certificate matches this file ({mine})"
        return result(CERT_REGISTERED, Status.FAIL, summary, *listed, IN_SERVICE_NOTE)
    keystore, entry = ranked[0]
    by_date, _ = score(entry)
    where = f"registered as {entry.name!r} in keystore {keystore}"
    if entry.deletion_datetime is not None:
        when = format_instant(entry.deletion_datetime)
        summary = f"{where}, but pending deletion ({when}): it cannot be used"
        return result(CERT_REGISTERED, Status.FAIL, summary, *listed, IN_SERVICE_NOTE)
    if not by_date:
        summary = f"a certificate named {entry.name!r} is registered, but its expirationDate differs ({mine}): this file is another download"
        return result(CERT_REGISTERED, Status.WARN, summary, *listed, IN_SERVICE_NOTE)
    return result(CERT_REGISTERED, Status.PASS, f"{where} ({mine})", *listed, IN_SERVICE_NOTE)


def _common_names(cert: x509.Certificate) -> set[str]:
    return {str(a.value).lower() for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)}


def _entry_line(entry: RegisteredCertificate) -> str:
    expiry = format_instant(entry.expiration_date) if entry.expiration_date else "unknown"
    line = f"{entry.name} (expirationDate {expiry})"
    if entry.deletion_datetime is not None:
        line += f", pending deletion ({format_instant(entry.deletion_datetime)})"
    return line


async def check_handshake(ctx: CheckContext) -> CheckResult:
    """Present the certificate to the SKM endpoint over mutual TLS, then ask /confirm."""
    profile = _configured(ctx, CERT_HANDSHAKE, live=True)
    if isinstance(profile, CheckResult):
        return profile
    try:
        _, bundle = await asyncio.to_thread(_leaf, profile)
    except OSError as exc:
        return result(CERT_HANDSHAKE, Status.FAIL, f"cannot read the certificate file: {_why(exc)}")
    credentials = ClientCredentials.from_bundle(bundle) if bundle else None
    if credentials is None:
        return skip(CERT_HANDSHAKE, "no usable certificate and key in the file (see cert.inspect)")
    confirm = None
    if profile.appkey:
        confirm = f"/keymanager/{profile.api_version}/appkey/{profile.appkey}/confirm"
    probe = await probe_handshake(
        profile.endpoint, credentials=credentials, ca_bundle=profile.ca_bundle, confirm_path=confirm
    )
    return _handshake_verdict(probe, confirm is not None)


def _handshake_verdict(probe: ProbeResult, confirmed: bool) -> CheckResult:
    status = Status.PASS if probe.ok else Status.FAIL
    if probe.code in _UNDECIDED:
        status = Status.ERROR
    details = [f"{probe.code}: {probe.observed}"]
    if probe.tls_version:
        details.append(f"TLS version {probe.tls_version}")
    if probe.next_action:
        details.append(f"Next: {probe.next_action}")
    if probe.ok and not confirmed:
        details.append("no appkey in the profile, so /confirm was not asked")
    if probe.ok:
        details.append(IN_SERVICE_NOTE)
    return result(CERT_HANDSHAKE, status, probe.cause, *details)


CERT_CHECKS: dict[str, Check] = {
    CERT_INSPECT: check_inspect,
    CERT_REGISTERED: check_registered,
    CERT_HANDSHAKE: check_handshake,
}
