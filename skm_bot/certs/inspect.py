"""Inspect a client-certificate file offline: a pure function over bytes, a password and `now`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509

from skm_bot.certs.chain import (
    build_chain,
    chain_findings,
    describe,
    is_self_signed,
    pick_leaf,
    revocation_findings,
)
from skm_bot.certs.findings import CertRef, Code, Finding, Severity, ordered
from skm_bot.certs.formats import container_name
from skm_bot.certs.limits import DEFAULT_LIMITS, Limits
from skm_bot.certs.load import Bundle, load_bundle
from skm_bot.certs.rules import (
    date_findings,
    permission_findings,
    strength_findings,
    usage_findings,
)
from skm_bot.certs.sniff import Container
from skm_bot.core.language import Language
from skm_bot.core.phrases import phrase

DEFAULT_EXPIRING_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class Inspection:
    """
    What the file is and everything wrong with it, root cause first.

    It holds descriptions only: never key material or the password.
    """

    filename: str
    container: Container
    base64_wrapped: bool
    has_key: bool
    chain: tuple[CertRef, ...]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def leaf(self) -> CertRef | None:
        return self.chain[0] if self.chain else None

    def to_json(self, language: Language) -> dict[str, Any]:
        """The inspection as one JSON object, its texts in `language`."""
        return {
            "language": language,
            "file": self.filename,
            "format": str(self.container),
            "base64_wrapped": self.base64_wrapped,
            "private_key": self.has_key,
            "chain": [c.to_json() for c in self.chain],
            "findings": [f.to_json(language) for f in self.findings],
        }


def inspect_certificate(
    data: bytes,
    *,
    filename: str,
    password: bytes | None,
    now: datetime,
    ca_bundle: list[x509.Certificate] | None = None,
    crl: x509.CertificateRevocationList | None = None,
    expiring_within: timedelta = DEFAULT_EXPIRING_WITHIN,
    file_mode: int | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Inspection:
    """
    Read `data` as a client-certificate file and collect every finding, root cause first.

    `ca_bundle` is the CA the service trusts (None: the issuer is not checked); `file_mode`
    is the file's st_mode, if known; `limits` bounds the work (certificates read, key
    derivation). No file I/O, no clock.
    """
    loaded = load_bundle(data, filename=filename, password=password, limits=limits)
    found = list(loaded.findings)
    chain: list[x509.Certificate] = []
    bundle = loaded.bundle
    if bundle is not None and bundle.certificates:
        chain, more = _examine(bundle, now, ca_bundle, crl, expiring_within)
        found.extend(more)
    if file_mode is not None and bundle is not None and bundle.has_key_block:
        found.extend(permission_findings(file_mode, filename))
    return Inspection(
        filename=filename,
        container=loaded.sniffed.container,
        base64_wrapped=loaded.sniffed.base64_wrapped,
        has_key=bundle is not None and bundle.key is not None,
        chain=tuple(describe(c, depth) for depth, c in enumerate(chain)),
        findings=ordered(found),
    )


def _examine(
    bundle: Bundle,
    now: datetime,
    ca_bundle: Sequence[x509.Certificate] | None,
    crl: x509.CertificateRevocationList | None,
    expiring_within: timedelta,
) -> tuple[list[x509.Certificate], list[Finding]]:
    """Every rule past loading, over the chain the file and the CA bundle build."""
    certs = bundle.certificates
    leaf, found = pick_leaf(certs, bundle.key, ordered_file=bundle.container is Container.PEM)
    if not bundle.has_key_block and bundle.container is not Container.PKCS12:
        found.append(_key_not_in_file(bundle.container))
    chain = build_chain(leaf, [*certs, *(ca_bundle or ())])
    found.extend(chain_findings(chain, certs, ca_bundle))
    if crl is not None:
        found.extend(revocation_findings(chain, crl))
    found.extend(usage_findings(leaf))
    for depth, cert in enumerate(chain):
        found.extend(date_findings(cert, depth, now, expiring_within))
        anchor = depth > 0 and is_self_signed(cert)
        found.extend(strength_findings(cert, depth, anchor=anchor))
    return chain, found


def _key_not_in_file(container: Container) -> Finding:
    return Finding(
        Code.KEY_NOT_IN_FILE,
        phrase("finding.key_not_in_file.summary"),
        phrase("finding.key_not_in_file.observed", container=container_name(container)),
        phrase("finding.key_not_in_file.expected"),
    )
