"""Findings about a certificate file's format itself, and each format's name in words."""

from __future__ import annotations

from skm_bot.certs.findings import Code, Finding, corrupt
from skm_bot.certs.sniff import Container, Sniffed
from skm_bot.core.phrases import Phrase, phrase, verbatim

_P12_NAMES = {".p12", ".pfx"}


def format_findings(sniffed: Sniffed, suffix: str) -> list[Finding]:
    """What is wrong with the file as a file: empty, corrupt, cut short, or in a disguise."""
    kind = sniffed.container
    if kind is Container.EMPTY:
        return [
            Finding(
                Code.FILE_EMPTY,
                phrase("finding.file_empty.summary"),
                phrase("finding.file_empty.observed"),
                phrase("finding.file_empty.expected"),
            )
        ]
    if kind is Container.UNKNOWN:
        return [
            corrupt(
                phrase("finding.file_corrupt.no_format"),
                phrase("finding.file_corrupt.no_format_seen"),
            )
        ]
    if sniffed.truncated:
        observed = phrase(
            "finding.file_corrupt.declared_more",
            length=len(sniffed.payload),
            declared=str(sniffed.declared_length),
        )
        return [corrupt(phrase("finding.file_corrupt.truncated"), observed)]
    found: list[Finding] = []
    binary = phrase("finding.binary", kind=container_name(kind))
    if sniffed.base64_wrapped:
        found.append(
            Finding(
                Code.FORMAT_BASE64_PKCS12,
                phrase("finding.format_base64_pkcs12.summary", kind=container_name(kind)),
                phrase("finding.format_base64_pkcs12.observed"),
                binary,
            )
        )
    if kind is not Container.PEM and suffix == ".pem":
        found.append(
            Finding(
                Code.FORMAT_DER_NAMED_PEM,
                phrase("finding.format_der_named_pem.summary", kind=container_name(kind)),
                binary,
                phrase("finding.format_der_named_pem.expected"),
            )
        )
    if kind is Container.PEM and suffix in _P12_NAMES:
        found.append(
            Finding(
                Code.FORMAT_PEM_NAMED_P12,
                phrase("finding.format_pem_named_p12.summary", suffix=suffix),
                phrase("finding.format_pem_named_p12.observed"),
                phrase("finding.binary", kind=container_name(Container.PKCS12)),
            )
        )
    return found


def container_name(container: Container) -> Phrase:
    """A file format in words ("DER certificate"); its code stays `str(container)`."""
    return _CONTAINER_NAMES[container]


_CONTAINER_NAMES = {
    Container.EMPTY: phrase("cert.container.empty"),
    Container.PEM: verbatim("PEM"),
    Container.DER_CERT: phrase("cert.container.der_certificate"),
    Container.DER_KEY: phrase("cert.container.der_private_key"),
    Container.PKCS12: verbatim("PKCS#12"),
    Container.UNKNOWN: phrase("cert.container.unknown"),
}
