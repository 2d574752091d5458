"""What a live mutual-TLS probe saw, and which cause and next action each TLS alert maps to."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from enum import StrEnum


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
    """The cause an outcome stands for, and the one thing to do about it."""

    cause: str
    fix: str


_RENEW = "Create a new certificate in the SKM console and download it."
_INSPECT = "Run `skm-bot cert inspect FILE` to see what is wrong with the certificate."

DIAGNOSES: dict[ProbeCode, Diagnosis] = {
    ProbeCode.ACCEPTED: Diagnosis("The server accepted the client certificate.", ""),
    ProbeCode.CLIENT_CERT_UNUSABLE: Diagnosis(
        "The client certificate file could not be loaded, so nothing was sent.", _INSPECT
    ),
    ProbeCode.CLIENT_CERT_REFUSED_LOCALLY: Diagnosis(
        "This machine's OpenSSL refused the client certificate before connecting"
        " (weak key, weak signature or key mismatch).",
        _INSPECT,
    ),
    ProbeCode.ENDPOINT_UNREACHABLE: Diagnosis(
        "The endpoint could not be reached; the certificate was never tried.",
        "Check the endpoint URL, DNS, firewall and proxy settings.",
    ),
    ProbeCode.SERVER_NOT_TRUSTED: Diagnosis(
        "We rejected the server's certificate (not the other way round): a trust-store or"
        " TLS-intercepting proxy problem, not the client certificate.",
        "Give the right CA bundle (profile ca_bundle), or bypass the intercepting proxy.",
    ),
    ProbeCode.ALERT_CERTIFICATE_EXPIRED: Diagnosis(
        "The server says the client certificate has expired.", _RENEW
    ),
    ProbeCode.ALERT_UNKNOWN_CA: Diagnosis(
        "The server does not know the CA that issued the client certificate (another project,"
        " sandbox vs production, a missing intermediate, or a self-signed certificate).",
        "Use the certificate downloaded from this project's SKM console; " + _INSPECT,
    ),
    ProbeCode.ALERT_BAD_CERTIFICATE: Diagnosis(
        "The server refused the client certificate as bad; often it is not valid yet"
        " because a clock is wrong.",
        "Check this machine's clock, then " + _INSPECT,
    ),
    ProbeCode.ALERT_UNSUPPORTED_CERTIFICATE: Diagnosis(
        "The server says the certificate is not for client authentication (extended key"
        " usage without clientAuth, or key usage without digitalSignature).",
        _RENEW,
    ),
    ProbeCode.ALERT_CERTIFICATE_REQUIRED: Diagnosis(
        "The server requires a client certificate and none was sent.",
        "Configure the client certificate (profile certificate_path and password).",
    ),
    ProbeCode.ALERT_HANDSHAKE_FAILURE: Diagnosis(
        "The handshake failed; over TLS 1.2 this usually means no client certificate was sent.",
        "Configure the client certificate (profile certificate_path and password).",
    ),
    ProbeCode.ALERT_CERTIFICATE_REVOKED: Diagnosis(
        "The server says the client certificate has been revoked.", _RENEW
    ),
    ProbeCode.ALERT_ACCESS_DENIED: Diagnosis(
        "The server identified the certificate and denied access.",
        "Check the certificate is registered in this keystore (cert.registered).",
    ),
    ProbeCode.ALERT_CERTIFICATE_UNKNOWN: Diagnosis(
        "The server could not validate the client certificate.", _INSPECT
    ),
    ProbeCode.ALERT_OTHER: Diagnosis("The server sent an unexpected TLS alert.", _INSPECT),
    ProbeCode.TLS_ERROR: Diagnosis(
        "The TLS connection failed for a reason other than the certificate.",
        "Check TLS versions and ciphers, and any proxy in between.",
    ),
    ProbeCode.CLOSED_WITHOUT_ALERT: Diagnosis(
        "The connection was closed without a TLS alert: a proxy or load balancer refused it,"
        " or the alert was lost.",
        _INSPECT + " Then retry; if it persists, check proxies between here and SKM.",
    ),
    ProbeCode.CONFIRM_CERT_NOT_SENT: Diagnosis(
        "The TLS connection worked, but SKM reports that no client certificate was sent.",
        "Configure the client certificate (profile certificate_path and password).",
    ),
    ProbeCode.CONFIRM_REFUSED: Diagnosis(
        "The certificate was sent, but SKM refused it: not registered, pending deletion,"
        " or not 'In Service' (only the console shows that state).",
        "Check the certificate in the SKM console (cert.registered compares them).",
    ),
    ProbeCode.CONFIRM_FAILED: Diagnosis(
        "The /confirm call did not give a usable answer.",
        "Check the endpoint, appkey and API version in the profile.",
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
    observed: str
    tls_version: str | None = None
    client_sent_certificate: bool | None = None
    client_ip: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is ProbeCode.ACCEPTED

    @property
    def cause(self) -> str:
        return DIAGNOSES[self.code].cause

    @property
    def next_action(self) -> str:
        return DIAGNOSES[self.code].fix


def classify(error: BaseException) -> ProbeResult:
    """Map a connection error (possibly wrapped by httpx) to its cause: ours or the server's."""
    found = _root_error(error)
    if isinstance(found, ssl.SSLCertVerificationError):
        observed = f"local verify error {found.verify_code}: {found.verify_message}"
        return ProbeResult(ProbeCode.SERVER_NOT_TRUSTED, observed)
    if isinstance(found, ssl.SSLEOFError | ssl.SSLZeroReturnError | ConnectionResetError):
        return ProbeResult(ProbeCode.CLOSED_WITHOUT_ALERT, f"{type(found).__name__}")
    if isinstance(found, ssl.SSLError):
        reason = found.reason or ""
        if reason in ALERTS:
            code = ALERTS[reason]
        else:
            code = ProbeCode.ALERT_OTHER if "ALERT" in reason else ProbeCode.TLS_ERROR
        return ProbeResult(code, f"TLS alert from the server: {reason or found}")
    if isinstance(found, BrokenPipeError):
        return ProbeResult(ProbeCode.CLOSED_WITHOUT_ALERT, "BrokenPipeError")
    return ProbeResult(ProbeCode.ENDPOINT_UNREACHABLE, f"{type(found).__name__}: {found}")


def _root_error(error: BaseException) -> BaseException:
    """The ssl or socket error under httpx's and httpcore's wrappers, else `error` itself."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, OSError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return error
