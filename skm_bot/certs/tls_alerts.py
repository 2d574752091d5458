"""What a live mutual-TLS probe saw, and which cause and next action each TLS alert maps to."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from enum import StrEnum

from skm_bot.core.phrases import Phrase, phrase, verbatim


class ProbeCode(StrEnum):
    """Every probe outcome, defined once; docs/certificates.md explains each."""

    ACCEPTED = "handshake_accepted"
    CLIENT_CERT_UNUSABLE = "client_cert_unusable"
    CLIENT_CERT_REFUSED_LOCALLY = "client_cert_refused_locally"
    ENDPOINT_UNREACHABLE = "endpoint_unreachable"
    SERVER_NOT_TRUSTED = "server_not_trusted"
    ALERT_CERTIFICATE_EXPIRED = "alert_certificate_expired"
    ALERT_UNKNOWN_CA = "alert_unknown_ca"
    ALERT_BAD_CERTIFICATE = "alert_bad_certificate"
    ALERT_UNSUPPORTED_CERTIFICATE = "alert_unsupported_certificate"
    ALERT_CERTIFICATE_REQUIRED = "alert_certificate_required"
    ALERT_HANDSHAKE_FAILURE = "alert_handshake_failure"
    ALERT_CERTIFICATE_REVOKED = "alert_certificate_revoked"
    ALERT_ACCESS_DENIED = "alert_access_denied"
    ALERT_CERTIFICATE_UNKNOWN = "alert_certificate_unknown"
    ALERT_OTHER = "alert_other"
    TLS_ERROR = "tls_error"
    CLOSED_WITHOUT_ALERT = "closed_without_alert"
    CONFIRM_CERT_NOT_SENT = "confirm_certificate_not_sent"
    CONFIRM_REFUSED = "confirm_refused"
    CONFIRM_FAILED = "confirm_failed"


@dataclass(frozen=True)
class Diagnosis:
    """The cause an outcome stands for, and the one thing to do about it (None: nothing)."""

    cause: Phrase
    fix: Phrase | None


_RENEW = phrase("cert.fix.reissue")
_INSPECT = phrase("cert.probe.fix.inspect")
_CONFIGURE = phrase("cert.probe.fix.configure")


DIAGNOSES: dict[ProbeCode, Diagnosis] = {
    ProbeCode.ACCEPTED: Diagnosis(phrase("cert.probe.handshake_accepted"), None),
    ProbeCode.CLIENT_CERT_UNUSABLE: Diagnosis(phrase("cert.probe.client_cert_unusable"), _INSPECT),
    ProbeCode.CLIENT_CERT_REFUSED_LOCALLY: Diagnosis(
        phrase("cert.probe.client_cert_refused_locally"), _INSPECT
    ),
    ProbeCode.ENDPOINT_UNREACHABLE: Diagnosis(
        phrase("cert.probe.endpoint_unreachable"), phrase("cert.probe.fix.network")
    ),
    ProbeCode.SERVER_NOT_TRUSTED: Diagnosis(
        phrase("cert.probe.server_not_trusted"), phrase("cert.probe.fix.trust")
    ),
    ProbeCode.ALERT_CERTIFICATE_EXPIRED: Diagnosis(
        phrase("cert.probe.alert_certificate_expired"), _RENEW
    ),
    ProbeCode.ALERT_UNKNOWN_CA: Diagnosis(
        phrase("cert.probe.alert_unknown_ca"),
        phrase("cert.probe.fix.this_console", inspect=_INSPECT),
    ),
    ProbeCode.ALERT_BAD_CERTIFICATE: Diagnosis(
        phrase("cert.probe.alert_bad_certificate"), phrase("cert.probe.fix.clock", inspect=_INSPECT)
    ),
    ProbeCode.ALERT_UNSUPPORTED_CERTIFICATE: Diagnosis(
        phrase("cert.probe.alert_unsupported_certificate"), _RENEW
    ),
    ProbeCode.ALERT_CERTIFICATE_REQUIRED: Diagnosis(
        phrase("cert.probe.alert_certificate_required"), _CONFIGURE
    ),
    ProbeCode.ALERT_HANDSHAKE_FAILURE: Diagnosis(
        phrase("cert.probe.alert_handshake_failure"), _CONFIGURE
    ),
    ProbeCode.ALERT_CERTIFICATE_REVOKED: Diagnosis(
        phrase("cert.probe.alert_certificate_revoked"), _RENEW
    ),
    ProbeCode.ALERT_ACCESS_DENIED: Diagnosis(
        phrase("cert.probe.alert_access_denied"), phrase("cert.probe.fix.registered")
    ),
    ProbeCode.ALERT_CERTIFICATE_UNKNOWN: Diagnosis(
        phrase("cert.probe.alert_certificate_unknown"), _INSPECT
    ),
    ProbeCode.ALERT_OTHER: Diagnosis(phrase("cert.probe.alert_other"), _INSPECT),
    ProbeCode.TLS_ERROR: Diagnosis(phrase("cert.probe.tls_error"), phrase("cert.probe.fix.tls")),
    ProbeCode.CLOSED_WITHOUT_ALERT: Diagnosis(
        phrase("cert.probe.closed_without_alert"), phrase("cert.probe.fix.retry", inspect=_INSPECT)
    ),
    ProbeCode.CONFIRM_CERT_NOT_SENT: Diagnosis(
        phrase("cert.probe.confirm_certificate_not_sent"), _CONFIGURE
    ),
    ProbeCode.CONFIRM_REFUSED: Diagnosis(
        phrase("cert.probe.confirm_refused"), phrase("cert.probe.fix.console")
    ),
    ProbeCode.CONFIRM_FAILED: Diagnosis(
        phrase("cert.probe.confirm_failed"), phrase("cert.probe.fix.profile")
    ),
}

ALERTS: dict[str, ProbeCode] = {
    "SSLV3_ALERT_CERTIFICATE_EXPIRED": ProbeCode.ALERT_CERTIFICATE_EXPIRED,
    "TLSV1_ALERT_UNKNOWN_CA": ProbeCode.ALERT_UNKNOWN_CA,
    "SSLV3_ALERT_BAD_CERTIFICATE": ProbeCode.ALERT_BAD_CERTIFICATE,
    "SSLV3_ALERT_UNSUPPORTED_CERTIFICATE": ProbeCode.ALERT_UNSUPPORTED_CERTIFICATE,
    "TLSV13_ALERT_CERTIFICATE_REQUIRED": ProbeCode.ALERT_CERTIFICATE_REQUIRED,
    "SSLV3_ALERT_HANDSHAKE_FAILURE": ProbeCode.ALERT_HANDSHAKE_FAILURE,
    "SSLV3_ALERT_CERTIFICATE_REVOKED": ProbeCode.ALERT_CERTIFICATE_REVOKED,
    "TLSV1_ALERT_ACCESS_DENIED": ProbeCode.ALERT_ACCESS_DENIED,
    "SSLV3_ALERT_CERTIFICATE_UNKNOWN": ProbeCode.ALERT_CERTIFICATE_UNKNOWN,
}


@dataclass(frozen=True)
class ProbeResult:
    """One probe's outcome: a stable code, what was observed, and the next action."""

    code: ProbeCode
    observed: Phrase
    tls_version: str | None = None
    client_sent_certificate: bool | None = None
    client_ip: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is ProbeCode.ACCEPTED

    @property
    def cause(self) -> Phrase:
        return DIAGNOSES[self.code].cause

    @property
    def next_action(self) -> Phrase | None:
        return DIAGNOSES[self.code].fix


def classify(error: BaseException) -> ProbeResult:
    """Map a connection error (possibly wrapped by httpx) to its cause: ours or the server's."""
    found = _root_error(error)
    if isinstance(found, ssl.SSLCertVerificationError):
        observed = phrase(
            "cert.probe.local_verify_error",
            code=found.verify_code,
            message=str(found.verify_message),
        )
        return ProbeResult(ProbeCode.SERVER_NOT_TRUSTED, observed)
    if isinstance(found, ssl.SSLEOFError | ssl.SSLZeroReturnError | ConnectionResetError):
        return ProbeResult(ProbeCode.CLOSED_WITHOUT_ALERT, verbatim(type(found).__name__))
    if isinstance(found, ssl.SSLError):
        reason = found.reason or ""
        if reason in ALERTS:
            code = ALERTS[reason]
        else:
            code = ProbeCode.ALERT_OTHER if "ALERT" in reason else ProbeCode.TLS_ERROR
        return ProbeResult(
            code, phrase("cert.probe.alert_from_server", reason=reason or str(found))
        )
    if isinstance(found, BrokenPipeError):
        return ProbeResult(ProbeCode.CLOSED_WITHOUT_ALERT, verbatim("BrokenPipeError"))
    return ProbeResult(ProbeCode.ENDPOINT_UNREACHABLE, verbatim(f"{type(found).__name__}: {found}"))


def _root_error(error: BaseException) -> BaseException:
    """The ssl or socket error under httpx's and httpcore's wrappers, else `error` itself."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return error
