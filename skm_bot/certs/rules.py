"""Per-certificate rules: validity dates, key usage, key and signature strength, file mode."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID

from skm_bot.certs.chain import describe, extension
from skm_bot.certs.findings import Code, Finding, format_instant, format_span
from skm_bot.core.phrases import Phrase, phrase, verbatim

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
_WEAK_HASHES = {"sha1": "SHA-1", "md5": "MD5"}


def date_findings(
    cert: x509.Certificate, depth: int, now: datetime, expiring_within: timedelta
) -> list[Finding]:
    """Expired, not yet valid (often a skewed clock), or expiring within `expiring_within`."""
    before, after = cert.not_valid_before_utc, cert.not_valid_after_utc
    clock = format_instant(now)
    if now < before:
        wait = format_span(before - now)
        return [
            Finding(
                Code.CERT_NOT_YET_VALID,
                phrase("finding.cert_not_yet_valid.summary", wait=wait),
                phrase(
                    "finding.cert_not_yet_valid.observed",
                    wait=wait,
                    not_before=format_instant(before),
                    now=clock,
                ),
                phrase("finding.cert_not_yet_valid.expected"),
                describe(cert, depth),
            )
        ]
    if now > after:
        ago = format_span(now - after)
        return [
            Finding(
                Code.CERT_EXPIRED,
                phrase("finding.cert_expired.summary", ago=ago),
                phrase(
                    "finding.cert_expired.observed",
                    ago=ago,
                    not_after=format_instant(after),
                    now=clock,
                ),
                phrase("finding.cert_expired.expected"),
                describe(cert, depth),
            )
        ]
    if after - now < expiring_within:
        left = format_span(after - now)
        return [
            Finding(
                Code.CERT_EXPIRING_SOON,
                phrase("finding.cert_expiring_soon.summary", left=left),
                phrase(
                    "finding.cert_expiring_soon.observed",
                    left=left,
                    not_after=format_instant(after),
                    now=clock,
                ),
                phrase("finding.cert_expiring_soon.expected", span=format_span(expiring_within)),
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
        names = ", ".join(_oid_name(oid) for oid in eku)
        found.append(
            Finding(
                Code.EKU_NO_CLIENT_AUTH,
                phrase("finding.eku_no_client_auth.summary"),
                phrase(
                    "finding.eku_no_client_auth.observed",
                    names=names or phrase("finding.eku_no_client_auth.none"),
                ),
                phrase("finding.eku_no_client_auth.expected"),
                ref,
            )
        )
    ku = extension(leaf, x509.KeyUsage)
    if ku is not None and not ku.digital_signature:
        found.append(
            Finding(
                Code.KU_NO_DIGITAL_SIGNATURE,
                phrase("finding.ku_no_digital_signature.summary"),
                phrase("finding.ku_no_digital_signature.observed"),
                phrase("finding.ku_no_digital_signature.expected"),
                ref,
            )
        )
    constraints = extension(leaf, x509.BasicConstraints)
    if constraints is not None and constraints.ca:
        found.append(
            Finding(
                Code.LEAF_IS_CA,
                phrase("finding.leaf_is_ca.summary"),
                verbatim("basicConstraints CA:TRUE"),
                phrase("finding.leaf_is_ca.expected"),
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
                phrase("finding.key_too_weak.summary"),
                weakness,
                phrase("finding.key_too_weak.expected", rsa_bits=MIN_RSA_BITS, ec_bits=MIN_EC_BITS),
                describe(cert, depth),
            )
        )
    digest = _signature_hash(cert)
    # A trust anchor's self-signature is never checked, so its hash does not matter.
    if not anchor and digest in _WEAK_HASHES:
        found.append(
            Finding(
                Code.SIGNATURE_WEAK_HASH,
                phrase("finding.signature_weak_hash.summary", hash=_WEAK_HASHES[digest]),
                phrase(
                    "finding.signature_weak_hash.observed",
                    algorithm=_oid_name(cert.signature_algorithm_oid),
                ),
                phrase("finding.signature_weak_hash.expected"),
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
            phrase("finding.key_file_permissions.summary"),
            phrase("finding.key_file_permissions.observed", mode=mode),
            phrase("finding.key_file_permissions.expected"),
            fix=phrase("cert.fix.chmod", filename=filename),
        )
    ]


def _key_weakness(key: object) -> Phrase | None:
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        return phrase("finding.key_too_weak.rsa", bits=key.key_size)
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < MIN_EC_BITS:
        return phrase("finding.key_too_weak.ec", curve=key.curve.name, bits=key.curve.key_size)
    if isinstance(key, dsa.DSAPublicKey):
        return phrase("finding.key_too_weak.dsa", bits=key.key_size)
    return None


def _signature_hash(cert: x509.Certificate) -> str | None:
    try:
        digest = cert.signature_hash_algorithm
    except UnsupportedAlgorithm:  # An unknown signature OID: not ours to judge.
        return None
    return digest.name if digest is not None else None


def _oid_name(oid: x509.ObjectIdentifier) -> str:
    return str(getattr(oid, "_name", oid.dotted_string))
