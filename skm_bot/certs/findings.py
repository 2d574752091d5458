"""The finding model of a certificate inspection: stable codes, their rules as data, and ordering."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum
from typing import Any

from skm_bot.core.language import Language
from skm_bot.core.phrases import Phrase, phrase


class Severity(StrEnum):
    """How bad a finding is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(IntEnum):
    """The causal stage of a finding; a lower stage is closer to the root cause."""

    FORMAT = 0
    DECRYPT = 1
    PAIRING = 2
    CHAIN = 3
    VALIDITY = 4
    USAGE = 5
    STRENGTH = 6
    HYGIENE = 7


class Code(StrEnum):
    """Every finding code, defined once; docs/certificates.md explains each."""

    FILE_EMPTY = "file_empty"
    FILE_CORRUPT = "file_corrupt"
    FORMAT_DER_NAMED_PEM = "format_der_named_pem"
    FORMAT_PEM_NAMED_P12 = "format_pem_named_p12"
    FORMAT_BASE64_PKCS12 = "format_base64_pkcs12"
    FORMAT_KEY_ONLY = "format_key_only"
    FORMAT_NO_CERTIFICATE = "format_no_certificate"
    BUNDLE_TOO_MANY_CERTIFICATES = "bundle_too_many_certificates"
    P12_WRONG_PASSWORD = "p12_wrong_password"
    P12_PASSWORD_REQUIRED = "p12_password_required"
    P12_PASSWORD_NOT_NEEDED = "p12_password_not_needed"
    P12_LEGACY_RC2_UNSUPPORTED = "p12_legacy_rc2_unsupported"
    P12_LEGACY_RC2 = "p12_legacy_rc2"
    KDF_ITERATIONS_TOO_HIGH = "kdf_iterations_too_high"
    KEY_ENCRYPTED_NO_PASSWORD = "key_encrypted_no_password"
    KEY_WRONG_PASSWORD = "key_wrong_password"
    KEY_PASSWORD_NOT_NEEDED = "key_password_not_needed"
    P12_CERT_MISSING = "p12_cert_missing"
    P12_KEY_MISSING = "p12_key_missing"
    KEY_NOT_IN_FILE = "key_not_in_file"
    KEY_MISMATCH = "key_mismatch"
    BUNDLE_WRONG_ORDER = "bundle_wrong_order"
    CHAIN_SELF_SIGNED = "chain_self_signed"
    CHAIN_UNKNOWN_ISSUER = "chain_unknown_issuer"
    CHAIN_MISSING_INTERMEDIATE = "chain_missing_intermediate"
    CHAIN_NOT_CHECKED = "chain_not_checked"
    CERT_REVOKED = "cert_revoked"
    CRL_NOT_APPLICABLE = "crl_not_applicable"
    CERT_EXPIRED = "cert_expired"
    CERT_NOT_YET_VALID = "cert_not_yet_valid"
    CERT_EXPIRING_SOON = "cert_expiring_soon"
    EKU_NO_CLIENT_AUTH = "eku_no_client_auth"
    KU_NO_DIGITAL_SIGNATURE = "ku_no_digital_signature"
    LEAF_IS_CA = "leaf_is_ca"
    KEY_TOO_WEAK = "key_too_weak"
    SIGNATURE_WEAK_HASH = "signature_weak_hash"
    KEY_FILE_PERMISSIONS = "key_file_permissions"


@dataclass(frozen=True)
class Rule:
    """What a code always means: its severity, its stage and its default next action."""

    severity: Severity
    stage: Stage
    fix: Phrase


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_DOWNLOAD = phrase("cert.fix.download")
_REISSUE = phrase("cert.fix.reissue")
_REEXPORT = phrase("cert.fix.reexport_aes")

RULES: dict[Code, Rule] = {
    Code.FILE_EMPTY: Rule(_E, Stage.FORMAT, _DOWNLOAD),
    Code.FILE_CORRUPT: Rule(_E, Stage.FORMAT, _DOWNLOAD),
    Code.FORMAT_DER_NAMED_PEM: Rule(_E, Stage.FORMAT, phrase("cert.fix.der_to_pem")),
    Code.FORMAT_PEM_NAMED_P12: Rule(_W, Stage.FORMAT, phrase("cert.fix.rename_pem")),
    Code.FORMAT_BASE64_PKCS12: Rule(_E, Stage.FORMAT, phrase("cert.fix.decode_base64")),
    Code.FORMAT_KEY_ONLY: Rule(_E, Stage.FORMAT, phrase("cert.fix.point_at_certificate")),
    Code.FORMAT_NO_CERTIFICATE: Rule(_E, Stage.FORMAT, phrase("cert.fix.point_at_skm_certificate")),
    Code.BUNDLE_TOO_MANY_CERTIFICATES: Rule(_E, Stage.FORMAT, phrase("cert.fix.trim_bundle")),
    Code.P12_WRONG_PASSWORD: Rule(_E, Stage.DECRYPT, phrase("cert.fix.reenter_p12_password")),
    Code.P12_PASSWORD_REQUIRED: Rule(_E, Stage.DECRYPT, phrase("cert.fix.configure_password")),
    Code.P12_PASSWORD_NOT_NEEDED: Rule(_E, Stage.DECRYPT, phrase("cert.fix.remove_p12_password")),
    Code.P12_LEGACY_RC2_UNSUPPORTED: Rule(_E, Stage.DECRYPT, _REEXPORT),
    Code.P12_LEGACY_RC2: Rule(_W, Stage.DECRYPT, _REEXPORT),
    Code.KDF_ITERATIONS_TOO_HIGH: Rule(_E, Stage.DECRYPT, phrase("cert.fix.kdf_iterations")),
    Code.KEY_ENCRYPTED_NO_PASSWORD: Rule(_E, Stage.DECRYPT, phrase("cert.fix.key_password")),
    Code.KEY_WRONG_PASSWORD: Rule(_E, Stage.DECRYPT, phrase("cert.fix.reenter_key_password")),
    Code.KEY_PASSWORD_NOT_NEEDED: Rule(_E, Stage.DECRYPT, phrase("cert.fix.remove_key_password")),
    Code.P12_CERT_MISSING: Rule(_E, Stage.PAIRING, _DOWNLOAD),
    Code.P12_KEY_MISSING: Rule(_E, Stage.PAIRING, _DOWNLOAD),
    Code.KEY_NOT_IN_FILE: Rule(_I, Stage.PAIRING, phrase("cert.fix.give_key")),
    Code.KEY_MISMATCH: Rule(_E, Stage.PAIRING, phrase("cert.fix.pair_by_public_key")),
    Code.BUNDLE_WRONG_ORDER: Rule(_E, Stage.PAIRING, phrase("cert.fix.reorder")),
    Code.CHAIN_SELF_SIGNED: Rule(_E, Stage.CHAIN, phrase("cert.fix.use_skm_issued")),
    Code.CHAIN_UNKNOWN_ISSUER: Rule(_E, Stage.CHAIN, phrase("cert.fix.this_project")),
    Code.CHAIN_MISSING_INTERMEDIATE: Rule(_E, Stage.CHAIN, phrase("cert.fix.append_intermediate")),
    Code.CHAIN_NOT_CHECKED: Rule(_I, Stage.CHAIN, phrase("cert.fix.give_ca_bundle")),
    Code.CERT_REVOKED: Rule(_E, Stage.VALIDITY, _REISSUE),
    Code.CRL_NOT_APPLICABLE: Rule(_I, Stage.VALIDITY, phrase("cert.fix.give_crl")),
    Code.CERT_EXPIRED: Rule(_E, Stage.VALIDITY, _REISSUE),
    Code.CERT_NOT_YET_VALID: Rule(_E, Stage.VALIDITY, phrase("cert.fix.clock")),
    Code.CERT_EXPIRING_SOON: Rule(_W, Stage.VALIDITY, _REISSUE),
    Code.EKU_NO_CLIENT_AUTH: Rule(_E, Stage.USAGE, _REISSUE),
    Code.KU_NO_DIGITAL_SIGNATURE: Rule(_E, Stage.USAGE, _REISSUE),
    Code.LEAF_IS_CA: Rule(_W, Stage.USAGE, _REISSUE),
    Code.KEY_TOO_WEAK: Rule(_E, Stage.STRENGTH, _REISSUE),
    Code.SIGNATURE_WEAK_HASH: Rule(_E, Stage.STRENGTH, _REISSUE),
    Code.KEY_FILE_PERMISSIONS: Rule(_W, Stage.HYGIENE, phrase("cert.fix.chmod", filename="FILE")),
}

_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class CertRef:
    """Which certificate a finding is about; `depth` 0 is the client certificate."""

    depth: int
    subject: str
    issuer: str
    serial: str
    sha256: str
    not_before: datetime
    not_after: datetime

    def to_json(self) -> dict[str, Any]:
        """The reference as plain JSON values."""
        data = asdict(self)
        data["not_before"] = format_instant(self.not_before)
        data["not_after"] = format_instant(self.not_after)
        return data


@dataclass(frozen=True)
class Finding:
    """
    One thing found: what was observed, what was expected, and one next action.

    The texts are phrases, worded when the inspection is reported, in the reader's language.
    """

    code: Code
    summary: Phrase
    observed: Phrase | None = None
    expected: Phrase | None = None
    cert: CertRef | None = None
    fix: Phrase | None = None

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    @property
    def stage(self) -> Stage:
        return RULES[self.code].stage

    @property
    def next_action(self) -> Phrase:
        return self.fix or RULES[self.code].fix

    def to_json(self, language: Language) -> dict[str, Any]:
        """The finding as plain JSON values, its texts in `language` (empty when absent)."""
        cert = self.cert.to_json() if self.cert else None
        return {
            "code": str(self.code),
            "severity": str(self.severity),
            "stage": self.stage.name.lower(),
            "summary": self.summary.text(language),
            "observed": self.observed.text(language) if self.observed else "",
            "expected": self.expected.text(language) if self.expected else "",
            "certificate": cert,
            "next_action": self.next_action.text(language),
        }


def corrupt(what: Phrase, observed: Phrase) -> Finding:
    """A file_corrupt finding: what is damaged, and what was seen."""
    return Finding(
        Code.FILE_CORRUPT,
        phrase("finding.file_corrupt.summary", what=what),
        observed,
        phrase("finding.file_corrupt.expected"),
    )


def ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    """
    Root cause first: errors before warnings before notes, each by causal stage, then depth.

    A note (say, "issuer not checked") is never a cause, so it never hides an error.
    """

    def key(f: Finding) -> tuple[int, int, int]:
        return (_SEVERITY_RANK[f.severity], f.stage, f.cert.depth if f.cert else -1)

    return tuple(sorted(findings, key=key))


def format_instant(moment: datetime) -> str:
    """A UTC instant to the minute, e.g. 2026-11-23T00:00Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def format_span(span: timedelta) -> Phrase:
    """A duration in its largest sensible unit, e.g. '3 days', '5 hours', '1 minute'."""
    seconds = abs(int(span.total_seconds()))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            return _count(unit, seconds // size)
    return _count("second", seconds)


# English says "1 day" but "2 days"; the other languages need one form.
_SPANS = {
    ("day", True): "cert.span.day",
    ("day", False): "cert.span.days",
    ("hour", True): "cert.span.hour",
    ("hour", False): "cert.span.hours",
    ("minute", True): "cert.span.minute",
    ("minute", False): "cert.span.minutes",
    ("second", True): "cert.span.second",
    ("second", False): "cert.span.seconds",
}


def _count(unit: str, count: int) -> Phrase:
    return phrase(_SPANS[unit, count == 1], count=count)
