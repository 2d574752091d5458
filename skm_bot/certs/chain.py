"""Find the client certificate in a bundle, pair it with its key, and walk its chain to a CA."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from skm_bot.certs.findings import CertRef, Code, Finding, format_instant
from skm_bot.core.phrases import phrase

MAX_DEPTH = 8
_Ext = TypeVar("_Ext", bound=x509.ExtensionType)


def describe(cert: x509.Certificate, depth: int) -> CertRef:
    """Which certificate this is, in words a person can check against the console or openssl."""
    return CertRef(
        depth=depth,
        subject=cert.subject.rfc4514_string() or "(empty subject)",
        issuer=cert.issuer.rfc4514_string() or "(empty issuer)",
        serial=format(cert.serial_number, "x"),
        sha256=cert.fingerprint(hashes.SHA256()).hex(":"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
    )


def extension(cert: x509.Certificate, kind: type[_Ext]) -> _Ext | None:
    """The extension's value, or None when absent (or too malformed to parse)."""
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except (x509.ExtensionNotFound, ValueError):
        return None


def is_ca(cert: x509.Certificate) -> bool:
    constraints = extension(cert, x509.BasicConstraints)
    return constraints is not None and constraints.ca


def is_self_signed(cert: x509.Certificate) -> bool:
    return cert.issuer == cert.subject and signed_by(cert, cert)


def signed_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    """True when `parent` issued `child`: the names chain and the signature verifies."""
    if child.issuer != parent.subject:
        return False
    try:
        child.verify_directly_issued_by(parent)
        return True
    except InvalidSignature:
        return False
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # verify_directly_issued_by refuses SHA-1; such a chain must still be walked to report it.
        return _verify_legacy(child, parent)


def _verify_legacy(child: x509.Certificate, parent: x509.Certificate) -> bool:
    public = parent.public_key()
    digest = child.signature_hash_algorithm
    try:
        if isinstance(public, rsa.RSAPublicKey) and digest is not None:
            public.verify(child.signature, child.tbs_certificate_bytes, padding.PKCS1v15(), digest)
            return True
        if isinstance(public, ec.EllipticCurvePublicKey) and digest is not None:
            public.verify(child.signature, child.tbs_certificate_bytes, ec.ECDSA(digest))
            return True
    except (InvalidSignature, UnsupportedAlgorithm, ValueError):
        return False
    return False


def pick_leaf(
    certs: Sequence[x509.Certificate], key: PrivateKeyTypes | None, *, ordered_file: bool
) -> tuple[x509.Certificate, list[Finding]]:
    """The client certificate, plus findings on a key that fits none or a leaf not placed first."""
    found: list[Finding] = []
    matching = [c for c in certs if key is not None and c.public_key() == key.public_key()]
    if matching:
        leaf = matching[0]
    else:
        issuers = [c for c in certs if any(signed_by(o, c) for o in certs if o is not c)]
        candidates = [c for c in certs if c not in issuers and not is_ca(c)]
        leaf = (candidates or list(certs))[0]
        if key is not None:
            found.append(
                Finding(
                    Code.KEY_MISMATCH,
                    phrase("finding.key_mismatch.summary"),
                    phrase("finding.key_mismatch.observed"),
                    phrase("finding.key_mismatch.expected"),
                    describe(leaf, 0),
                )
            )
    position = certs.index(leaf)
    if ordered_file and position > 0:
        first = certs[0]
        observed = phrase(
            "finding.bundle_wrong_order.observed_ca"
            if is_ca(first)
            else "finding.bundle_wrong_order.observed",
            subject=first.subject.rfc4514_string(),
            position=position + 1,
        )
        found.append(
            Finding(
                Code.BUNDLE_WRONG_ORDER,
                phrase("finding.bundle_wrong_order.summary"),
                observed,
                phrase("finding.bundle_wrong_order.expected"),
                describe(leaf, 0),
            )
        )
    return leaf, found


def build_chain(leaf: x509.Certificate, pool: Sequence[x509.Certificate]) -> list[x509.Certificate]:
    """Leaf first, then each issuer found in `pool`, up to a self-signed certificate."""
    chain = [leaf]
    while len(chain) < MAX_DEPTH and not is_self_signed(chain[-1]):
        issuer = next((c for c in pool if c not in chain and signed_by(chain[-1], c)), None)
        if issuer is None:
            break
        chain.append(issuer)
    return chain


def chain_findings(
    chain: Sequence[x509.Certificate],
    in_file: Sequence[x509.Certificate],
    ca_bundle: Sequence[x509.Certificate] | None,
) -> list[Finding]:
    """Self-signed, unknown issuer, or an intermediate the file should carry but does not."""
    leaf = chain[0]
    if is_self_signed(leaf) and leaf not in (ca_bundle or ()):
        return [
            Finding(
                Code.CHAIN_SELF_SIGNED,
                phrase("finding.chain_self_signed.summary"),
                phrase("finding.chain_self_signed.observed", subject=leaf.subject.rfc4514_string()),
                phrase("finding.chain_self_signed.expected"),
                describe(leaf, 0),
            )
        ]
    if ca_bundle is None:
        return [
            Finding(
                Code.CHAIN_NOT_CHECKED,
                phrase("finding.chain_not_checked.summary"),
                phrase("finding.chain_not_checked.observed", issuer=leaf.issuer.rfc4514_string()),
                phrase("finding.chain_not_checked.expected"),
            )
        ]
    found = [
        _missing_intermediate(cert, depth)
        for depth, cert in enumerate(chain)
        if depth > 0 and cert not in in_file and not is_self_signed(cert)
    ]
    top = chain[-1]
    if not (is_self_signed(top) and top in ca_bundle):
        found.insert(0, _unknown_issuer(top, len(chain) - 1, ca_bundle))
    return found


def _missing_intermediate(cert: x509.Certificate, depth: int) -> Finding:
    return Finding(
        Code.CHAIN_MISSING_INTERMEDIATE,
        phrase("finding.chain_missing_intermediate.summary"),
        phrase(
            "finding.chain_missing_intermediate.observed", subject=cert.subject.rfc4514_string()
        ),
        phrase("finding.chain_missing_intermediate.expected"),
        describe(cert, depth),
    )


def _unknown_issuer(
    top: x509.Certificate, depth: int, ca_bundle: Sequence[x509.Certificate]
) -> Finding:
    issuer = top.issuer.rfc4514_string()
    same_name = [c for c in ca_bundle if c.subject == top.issuer]
    observed = phrase("finding.chain_unknown_issuer.observed", issuer=issuer)
    if is_self_signed(top):
        observed = phrase(
            "finding.chain_unknown_issuer.observed_end", subject=top.subject.rfc4514_string()
        )
    elif same_name:
        observed = phrase("finding.chain_unknown_issuer.observed_rotated", issuer=issuer)
    issuers = "; ".join(c.subject.rfc4514_string() for c in ca_bundle)
    return Finding(
        Code.CHAIN_UNKNOWN_ISSUER,
        phrase("finding.chain_unknown_issuer.summary"),
        observed,
        phrase("finding.chain_unknown_issuer.expected", issuers=issuers),
        describe(top, depth),
    )


def revocation_findings(
    chain: Sequence[x509.Certificate], crl: x509.CertificateRevocationList
) -> list[Finding]:
    """Revoked certificates in the chain, or a note that the CRL is from another CA."""
    covered = [(d, c) for d, c in enumerate(chain) if c.issuer == crl.issuer]
    if not covered:
        return [
            Finding(
                Code.CRL_NOT_APPLICABLE,
                phrase("finding.crl_not_applicable.summary"),
                phrase("finding.crl_issuer", issuer=crl.issuer.rfc4514_string()),
                phrase("finding.crl_issuer", issuer=chain[0].issuer.rfc4514_string()),
            )
        ]
    found = []
    for depth, cert in covered:
        entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
        if entry is not None:
            when = format_instant(entry.revocation_date_utc)
            found.append(
                Finding(
                    Code.CERT_REVOKED,
                    phrase("finding.cert_revoked.summary"),
                    phrase(
                        "finding.cert_revoked.observed",
                        serial=format(cert.serial_number, "x"),
                        date=when,
                    ),
                    phrase("finding.cert_revoked.expected"),
                    describe(cert, depth),
                )
            )
    return found
