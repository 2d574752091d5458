"""Load a certificate file (PKCS#12, PEM or DER) into a typed bundle, naming why it would not load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12

from skm_bot.certs.findings import Code, Finding, corrupt
from skm_bot.certs.formats import format_findings
from skm_bot.certs.kdf_cost import pkcs12_derivations, too_costly
from skm_bot.certs.limits import DEFAULT_LIMITS, Limits
from skm_bot.certs.pem import pem_prefix
from skm_bot.certs.private_key import load_key
from skm_bot.certs.sniff import Container, Sniffed, sniff
from skm_bot.core.phrases import Phrase, listing, phrase, verbatim

_CERT_LABELS = {"CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"}
# AlgorithmIdentifiers are stored in clear, so the encryption shows in the DER bytes.
_RC2_OIDS = {
    "pbeWithSHAAnd40BitRC2-CBC": bytes.fromhex("060a2a864886f70d010c0106"),
    "pbeWithSHAAnd128BitRC2-CBC": bytes.fromhex("060a2a864886f70d010c0105"),
}


@dataclass(frozen=True)
class Bundle:
    """What a file holds: its certificates in file order and, if readable, its private key."""

    container: Container
    certificates: tuple[x509.Certificate, ...]
    key: PrivateKeyTypes | None = field(default=None, repr=False)
    has_key_block: bool = False


@dataclass(frozen=True)
class Loaded:
    """The bundle (None when nothing usable was read) and the findings made while loading."""

    sniffed: Sniffed
    bundle: Bundle | None
    findings: tuple[Finding, ...]


def load_bundle(
    data: bytes, *, filename: str, password: bytes | None, limits: Limits = DEFAULT_LIMITS
) -> Loaded:
    """
    Sniff and load `data`; never raises for bad input, and never echoes key or password.

    At most `limits.certificates` certificates are read, and nothing is decrypted whose key
    derivations add up to more than `limits.kdf_iterations`.
    """
    sniffed = sniff(data)
    findings = format_findings(sniffed, PurePath(filename).suffix.lower())
    if findings and findings[0].code in (Code.FILE_EMPTY, Code.FILE_CORRUPT):
        return Loaded(sniffed, None, tuple(findings))
    password = password or None
    if sniffed.container is Container.PKCS12:
        bundle, more = _load_pkcs12(sniffed.payload, password, limits)
    elif sniffed.container is Container.PEM:
        bundle, more = _load_pem(sniffed.payload, password, limits)
    else:
        bundle, more = _load_der(sniffed.payload, password, limits)
    findings.extend(more)
    return Loaded(sniffed, bundle, tuple(findings))


def rc2_algorithms(data: bytes) -> list[str]:
    """The legacy RC2 encryptions named in a PKCS#12 file's bytes."""
    return [name for name, oid in _RC2_OIDS.items() if oid in data]


_NOT_PKCS12 = (
    phrase("finding.file_corrupt.not_pkcs12"),
    phrase("finding.file_corrupt.not_pkcs12_seen"),
)
_DAMAGED_CERTIFICATE = phrase("finding.file_corrupt.damaged_certificate")


def _load_pkcs12(
    data: bytes, password: bytes | None, limits: Limits
) -> tuple[Bundle | None, list[Finding]]:
    derivations = pkcs12_derivations(data)
    if derivations is None:
        return None, [corrupt(*_NOT_PKCS12)]
    refusal = too_costly(derivations, limits.kdf_iterations)
    if refusal is not None:
        return None, [refusal]
    rc2 = rc2_algorithms(data)
    found: list[Finding] = []
    try:
        p12 = pkcs12.load_pkcs12(data, password)
    except x509.InvalidVersion:
        return None, [corrupt(phrase("finding.file_corrupt.the_certificate"), _DAMAGED_CERTIFICATE)]
    except ValueError as exc:
        # Only the structure error differs from the catch-all "Invalid password or PKCS12 data".
        if "deserialize" in str(exc):
            return None, [corrupt(*_NOT_PKCS12)]
        unencrypted = _load_pkcs12_without(data) if password else None
        if unencrypted is None:
            return None, [_undecryptable(rc2, password)]
        p12 = unencrypted
        found.append(
            Finding(
                Code.P12_PASSWORD_NOT_NEEDED,
                phrase("finding.p12_password_not_needed.summary"),
                phrase("finding.p12_password_not_needed.observed"),
                phrase("finding.no_password"),
            )
        )
    if rc2:
        found.append(
            Finding(
                Code.P12_LEGACY_RC2,
                phrase("finding.p12_legacy_rc2.summary"),
                phrase("finding.p12_legacy_rc2.observed", algorithms=", ".join(rc2)),
                phrase("finding.p12_legacy_rc2.expected"),
            )
        )
    certs = tuple(c.certificate for c in ([p12.cert] if p12.cert else []))
    certs += tuple(c.certificate for c in p12.additional_certs)
    if len(certs) > limits.certificates:
        # OpenSSL decodes the whole file in one call (bounded by the file-size cap); every
        # step after it sees no more than the cap.
        certs = certs[: limits.certificates]
        found.append(_too_many(limits.certificates))
    for number, cert in enumerate(certs, start=1):
        try:
            readable(cert)
        except ValueError:
            what = phrase("finding.file_corrupt.certificate_number", number=number)
            return None, [corrupt(what, _DAMAGED_CERTIFICATE)]
    if p12.key is None:
        found.append(Finding(Code.P12_KEY_MISSING, phrase("finding.p12_key_missing.summary")))
    if not certs:
        found.append(Finding(Code.P12_CERT_MISSING, phrase("finding.p12_cert_missing.summary")))
    return Bundle(Container.PKCS12, certs, p12.key, p12.key is not None), found


def _load_pkcs12_without(data: bytes) -> pkcs12.PKCS12KeyAndCertificates | None:
    try:
        return pkcs12.load_pkcs12(data, None)
    except (ValueError, x509.InvalidVersion):
        return None


def _undecryptable(rc2: list[str], password: bytes | None) -> Finding:
    if rc2 and not _rc2_supported():
        return Finding(
            Code.P12_LEGACY_RC2_UNSUPPORTED,
            phrase("finding.p12_legacy_rc2_unsupported.summary"),
            phrase("finding.p12_legacy_rc2_unsupported.observed", algorithms=", ".join(rc2)),
            phrase("finding.p12_legacy_rc2.expected"),
        )
    if password is None:
        return Finding(
            Code.P12_PASSWORD_REQUIRED,
            phrase("finding.p12_password_required.summary"),
            phrase("finding.no_password"),
            phrase("finding.p12_password_required.expected"),
        )
    return Finding(
        Code.P12_WRONG_PASSWORD,
        phrase("finding.p12_wrong_password.summary"),
        phrase("finding.p12_wrong_password.observed"),
        phrase("finding.p12_wrong_password.expected"),
    )


def _rc2_supported() -> bool:
    from cryptography.hazmat.backends.openssl import backend
    from cryptography.hazmat.decrepit.ciphers.algorithms import RC2
    from cryptography.hazmat.primitives.ciphers.modes import CBC

    return bool(backend.cipher_supported(RC2(bytes(16)), CBC(bytes(8))))


def _too_many(limit: int) -> Finding:
    return Finding(
        Code.BUNDLE_TOO_MANY_CERTIFICATES,
        phrase("finding.bundle_too_many_certificates.summary", limit=limit),
        phrase("finding.bundle_too_many_certificates.observed", limit=limit),
        phrase("finding.bundle_too_many_certificates.expected"),
    )


def _load_pem(
    data: bytes, password: bytes | None, limits: Limits
) -> tuple[Bundle | None, list[Finding]]:
    try:
        blocks, more = pem_prefix(data, _CERT_LABELS, limits.certificates)
    except ValueError:
        return None, [
            corrupt(
                phrase("finding.file_corrupt.no_end_line"),
                phrase("finding.file_corrupt.unterminated_block"),
            )
        ]
    certs: list[x509.Certificate] = []
    key: PrivateKeyTypes | None = None
    key_blocks = 0
    found = [_too_many(limits.certificates)] if more else []
    for label, block in blocks:
        if label in _CERT_LABELS:
            try:
                certs.append(readable(x509.load_pem_x509_certificate(block)))
            except (ValueError, x509.InvalidVersion):
                what = phrase("finding.file_corrupt.pem_block_number", number=len(certs) + 1)
                return None, [corrupt(what, _DAMAGED_CERTIFICATE)]
        elif label.endswith("PRIVATE KEY") and key_blocks == 0:
            key_blocks += 1
            key, failed = load_key(serialization.load_pem_private_key, block, password, limits)
            found.extend(failed)
    return _finish(Container.PEM, certs, key, key_blocks > 0, found, [b[0] for b in blocks])


def _load_der(
    data: bytes, password: bytes | None, limits: Limits
) -> tuple[Bundle | None, list[Finding]]:
    try:
        cert = x509.load_der_x509_certificate(data)
    except x509.InvalidVersion:
        # A certificate's structure with a version X.509 does not have: damaged, not another kind.
        return None, [corrupt(phrase("finding.file_corrupt.the_certificate"), _DAMAGED_CERTIFICATE)]
    except ValueError:
        pass
    else:
        try:
            return Bundle(Container.DER_CERT, (readable(cert),)), []
        except ValueError:
            what = phrase("finding.file_corrupt.the_certificate")
            return None, [corrupt(what, _DAMAGED_CERTIFICATE)]
    key, found = load_key(serialization.load_der_private_key, data, password, limits)
    if found and found[0].code is Code.FILE_CORRUPT:
        return None, found
    return _finish(Container.DER_KEY, [], key, True, found, ["PRIVATE KEY"])


def readable(cert: x509.Certificate) -> x509.Certificate:
    """
    `cert`, once the fields every later rule reads have decoded; else ValueError.

    cryptography decodes a certificate's fields only when asked, so a damaged public key or
    name would otherwise fail deep in the chain or strength rules.
    """
    try:
        cert.public_key()
        cert.subject.rfc4514_string()
        cert.issuer.rfc4514_string()
        _ = (cert.not_valid_before_utc, cert.not_valid_after_utc)
    except UnsupportedAlgorithm as exc:
        raise ValueError(f"unsupported key algorithm: {exc}") from None
    return cert


def _finish(
    container: Container,
    certs: list[x509.Certificate],
    key: PrivateKeyTypes | None,
    has_key_block: bool,
    found: list[Finding],
    labels: list[str],
) -> tuple[Bundle | None, list[Finding]]:
    if not certs:
        code = Code.FORMAT_KEY_ONLY if has_key_block else Code.FORMAT_NO_CERTIFICATE
        summary = phrase(
            "finding.format_key_only.summary"
            if has_key_block
            else "finding.format_no_certificate.summary"
        )
        observed = phrase("finding.pem_blocks_found", blocks=_blocks(labels))
        found.insert(0, Finding(code, summary, observed, phrase("finding.a_certificate_block")))
    return Bundle(container, tuple(certs), key, has_key_block), found


def _blocks(labels: list[str]) -> Phrase:
    """The blocks found, in words; output never spells out key block markers."""
    if not labels:  # Not met: a file is PEM only when a block parses.
        return verbatim("-")
    return listing(
        [
            phrase("finding.pem_block_private_key")
            if label.endswith("PRIVATE KEY")
            else verbatim(label)
            for label in labels
        ]
    )
