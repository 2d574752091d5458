"""Per-certificate rules: validity dates, key usage, key and signature strength, file mode."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from skm_bot.certs.chain import describe, extension
from skm_bot.certs.findings import Code, Finding, format_instant, format_span

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
_WEAK_HASHES = {"sha1": "SHA-1", "md5": "MD5"}


def date_findings(
    cert: x509.Certificate, depth: int, now: datetime, expiring_within: timedelta
) -> list[Finding]:
    """Expired, not yet valid (often a skewed clock), or expiring within `expiring_within`."""
    before, after = cert.not_valid_before_utc, cert.not_valid_after_utc
    clock = f"now {format_instant(now)}"
    if now < before:
        wait = format_span(before - now)
        return [
            Finding(
                Code.CERT_NOT_YET_VALID,
                f"The certificate is not valid yet (for another {wait});"
                " if it was just issued, this machine's clock may be behind.",
                f"not valid for another {wait}: notBefore {format_instant(before)}, {clock}",
                "notBefore at or before now",
                describe(cert, depth),
            )
        ]
    if now > after:
        ago = format_span(now - after)
        return [
            Finding(
                Code.CERT_EXPIRED,
                f"The certificate expired {ago} ago.",
                f"expired {ago} ago: notAfter {format_instant(after)}, {clock}",
                "notAfter after now",
                describe(cert, depth),
            )
        ]
    if after - now < expiring_within:
        left = format_span(after - now)
        return [
            Finding(
                Code.CERT_EXPIRING_SOON,
                f"The certificate expires in {left}.",
                f"expires in {left}: notAfter {format_instant(after)}, {clock}",
                f"more than {format_span(expiring_within)} left",
                describe(cert, depth),
            )
        ]
    return []


def usage_findings(leaf: x509.Certificate) -> list[Finding]:
    """A client certificate must allow clientAuth and digitalSignature and must not be a CA."""
    found: list[Finding] = []
    ref = describe(leaf, 0)
    eku = extension(leaf, x509.ExtendedKeyUsage)
    allowed = {ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE}
    if eku is not None and not allowed & set(eku):
        names = ", ".join(_oid_name(oid) for oid in eku) or "(none)"
        found.append(
            Finding(
                Code.EKU_NO_CLIENT_AUTH,
                "The certificate's extended key usage does not allow client authentication.",
                f"extendedKeyUsage: {names}",
                "extendedKeyUsage includes clientAuth",
                ref,
            )
        )
    ku = extension(leaf, x509.KeyUsage)
    if ku is not None and not ku.digital_signature:
        found.append(
            Finding(
                Code.KU_NO_DIGITAL_SIGNATURE,
                "The certificate's key usage does not allow digital signatures (needed by TLS).",
                "keyUsage without digitalSignature",
                "keyUsage includes digitalSignature",
                ref,
            )
        )
    constraints = extension(leaf, x509.BasicConstraints)
    if constraints is not None and constraints.ca:
        found.append(
            Finding(
                Code.LEAF_IS_CA,
                "The client certificate is marked as a CA; strict servers refuse it.",
                "basicConstraints CA:TRUE",
                "CA:FALSE on a client certificate",
                ref,
            )
        )
    return found


def strength_findings(cert: x509.Certificate, depth: int, *, anchor: bool) -> list[Finding]:
    """Keys below 2048-bit RSA or 256-bit EC, DSA keys, and SHA-1 or MD5 signatures."""
    found: list[Finding] = []
    weakness = _key_weakness(cert.public_key())
    if weakness is not None:
        found.append(
            Finding(
                Code.KEY_TOO_WEAK,
                "The certificate's key is too weak; OpenSSL refuses it at security level 2.",
                weakness,
                f"RSA of at least {MIN_RSA_BITS} bits or EC of at least {MIN_EC_BITS} bits",
                describe(cert, depth),
            )
        )
    digest = _signature_hash(cert)
    # A trust anchor's self-signature is never checked, so its hash does not matter.
    if not anchor and digest in _WEAK_HASHES:
        found.append(
            Finding(
                Code.SIGNATURE_WEAK_HASH,
                f"The certificate is signed with {_WEAK_HASHES[digest]}, which OpenSSL refuses.",
                f"signature algorithm {_oid_name(cert.signature_algorithm_oid)}",
                "SHA-256 or stronger",
                describe(cert, depth),
            )
        )
    return found


def permission_findings(file_mode: int, filename: str) -> list[Finding]:
    """A file holding a private key must not be readable by group or others."""
    if not file_mode & 0o077:
        return []
    mode = f"{file_mode & 0o777:04o}"
    return [
        Finding(
            Code.KEY_FILE_PERMISSIONS,
            "The file holds a private key and is readable by other users.",
            f"mode {mode}",
            "mode 0600 (owner only)",
            fix=f"Restrict it: chmod 600 {filename}",
        )
    ]


def _key_weakness(key: object) -> str | None:
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        return f"RSA {key.key_size} bits"
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < MIN_EC_BITS:
        return f"EC {key.curve.name} ({key.curve.key_size} bits)"
    if isinstance(key, dsa.DSAPublicKey):
        return f"DSA {key.key_size} bits"
    return None


def _signature_hash(cert: x509.Certificate) -> str | None:
    try:
        digest = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:  # An unknown signature OID: not ours to judge.
        return None
    return digest.name if digest is not None else None


def _oid_name(oid: x509.ObjectIdentifier) -> str:
    return str(getattr(oid, "_name", oid.dotted_string))
