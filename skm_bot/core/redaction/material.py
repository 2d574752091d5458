"""
Key material, found by what it is rather than by what labels it.

PEM-style private keys are found by their BEGIN line however it was mangled (split over lines,
indented, doubled spaces, dashes lost, JSON-escaped line breaks): PKCS#8 (plain and ENCRYPTED),
legacy RSA/EC/DSA with Proc-Type headers, OPENSSH, PGP private key blocks; each runs to its END
line or, cut short, to the end of its body. PuTTY `.ppk` files run to their Private-MAC line.
Base64 blobs (standard or URL-safe, wrapped, indented or JSON-escaped) are decoded just enough
to read their header: a PKCS#12 file, a DER private key (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8),
a Java keystore, an OpenSSH key, or a base64-wrapped PEM private key. Certificates, public keys
and ciphertexts are left alone: the checks need them.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from collections.abc import Iterator

from skm_bot.core.redaction.engine import Source, Span

# Between the words of a BEGIN line: spaces, line breaks, or line breaks escaped (JSON, JSON
# inside JSON).
_GAP = r"(?:[ \t]|\r?\n|\\+r|\\+n)+"
_LABEL = rf"(?:[a-z0-9]+{_GAP}){{0,4}}?private{_GAP}key(?:{_GAP}block)?[ \t]*-{{0,5}}"
_PEM_BEGIN = re.compile(rf"begin{_GAP}{_LABEL}")
_PEM_END = re.compile(rf"end{_GAP}{_LABEL}")
_BREAK = r"(?:[ \t]*(?:\r?\n|\\+r\\+n|\\+n|\\+r)[ \t]*)"
_ARMOR_HEADER = r"(?:proc-type|dek-info|version|comment|hash|charset)[ \t]*:[^\n\\]*+"
# What follows a BEGIN line whose END line is missing: base64 lines, armour headers, and the
# BEGIN lines of more keys cut short (one span for them all, not one a line).
_PEM_BODY = re.compile(
    rf"(?:{_BREAK}*+(?:-*+[ \t]*begin{_GAP}{_LABEL}|{_ARMOR_HEADER}|[a-z0-9+/=_-]{{4,}}+))*+"
)

_B64 = r"(?:[A-Za-z0-9+/=_-]|\\+/)"
_RUN = rf"{_B64}{{15,}}+(?:{_BREAK}{_B64}{{4,}}+)*+"
# Base64 runs that may hold key material, by how their decoded header starts: DER (0x30, so
# "M"), and the rarer JKS (FEEDFEED), JCEKS (CECECECE), "openssh-key-v1" and "-----BEGIN".
_DER_BLOB = re.compile(rf"M{_RUN}")
DER_BLOB_LITERALS = ("m",)
_OTHER_BLOB = re.compile(rf"(?:/u3\+7Q|_u3-7Q|zs7Ozg|b3BlbnNzaC1rZXktdjE|LS0tLS1CRUdJT){_RUN}")
OTHER_BLOB_LITERALS = ("/u3+7q", "_u3-7q", "zs7ozg", "b3blbnnzac1rzxktdje", "ls0tls1crudjt")
_NOT_BASE64 = re.compile(r"\\+[rn]|\\+(?=/)|\s")
_PBE_OIDS = (
    bytes.fromhex("2a864886f70d0105"),  # PKCS#5: PBES2, PBKDF2 and the PBES1 schemes
    bytes.fromhex("2a864886f70d010c01"),  # PKCS#12 password-based encryption
)

_PPK_MAC = re.compile(r"private-mac:[^\n]*")
_PPK_BODY = re.compile(rf"(?:{_BREAK}*+(?:[a-z-]+:[^\n]*+|[a-z0-9+/=_-]{{4,}}+))*+")


def find_pem_keys(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """PEM-style private keys, from the dashes before BEGIN to their END line or body's end."""
    lowered = source.lowered
    ends: list[int] | None = None
    pos = 0
    # A BEGIN inside the span before it is that span's already: the search goes on after it.
    while (begin := _PEM_BEGIN.search(lowered, pos)) is not None:
        if ends is None:
            ends = [m.end() for m in _PEM_END.finditer(lowered)]
        start = _dashes_before(lowered, begin.start())
        i = bisect.bisect_left(ends, begin.end())
        stop = ends[i] if i < len(ends) else _body_end(lowered, begin.end())
        yield Span(start, stop, "private_key")
        pos = max(stop, begin.end())


def _dashes_before(lowered: str, begin: int) -> int:
    """Where the dashes before BEGIN (and the spaces between them and it) start, if any."""
    i = begin
    while i > 0 and lowered[i - 1] in " \t":
        i -= 1
    dashes = i
    while dashes > 0 and lowered[dashes - 1] == "-":
        dashes -= 1
    return dashes if dashes < i else begin


def _body_end(lowered: str, after: int) -> int:
    body = _PEM_BODY.match(lowered, after)
    return body.end() if body is not None else after


def find_putty_keys(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """PuTTY .ppk private keys, from their first line to their Private-MAC line."""
    lowered = source.lowered
    macs = [m.end() for m in _PPK_MAC.finditer(lowered)]
    pos = 0
    while (start := lowered.find("putty-user-key-file", pos)) != -1:
        i = bisect.bisect_left(macs, start)
        if i < len(macs):
            stop = macs[i]
        else:
            body = _PPK_BODY.match(lowered, source.line_end(start))
            stop = body.end() if body is not None else source.line_end(start)
        yield Span(start, stop, "private_key")
        pos = max(stop, start + 1)


def find_der_blobs(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """Base64 DER blobs whose header says private key or PKCS#12."""
    return _blobs(_DER_BLOB, source)


def find_other_blobs(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """Base64 Java keystores, OpenSSH keys and base64-wrapped PEM private keys."""
    return _blobs(_OTHER_BLOB, source)


def _blobs(pattern: re.Pattern[str], source: Source) -> Iterator[Span]:
    for m in pattern.finditer(source.text):
        kind = blob_kind(m.group())
        if kind is not None:
            yield Span(m.start(), m.end(), kind)


def blob_kind(blob: str) -> str | None:
    """'pkcs12', 'private_key' or 'keystore' when the base64 blob's header says so, else None."""
    compact = _NOT_BASE64.sub("", blob[:160]).replace("-", "+").replace("_", "/")
    head = _decode(compact[:64])
    if head is None:
        return None
    if head.startswith((b"\xfe\xed\xfe\xed", b"\xce\xce\xce\xce")):
        return "keystore"
    if head.startswith(b"openssh-key-v1"):
        return "private_key"
    if head.startswith(b"-----BEGIN"):
        return "private_key" if b"PRIVATE" in head else None
    return der_kind(head)


def _decode(chunk: str) -> bytes | None:
    chunk = chunk.rstrip("=")
    chunk = chunk[: len(chunk) - len(chunk) % 4]
    if len(chunk) < 24:
        return None
    try:
        return base64.b64decode(chunk, validate=True)
    except (binascii.Error, ValueError):
        return None


def der_kind(head: bytes) -> str | None:
    """'pkcs12' or 'private_key' when a DER header (its first bytes) says so, else None."""
    body = _inside_sequence(head)
    if body is None:
        return None
    if body[:3] == b"\x02\x01\x03":
        return "pkcs12"
    # PKCS#8 (version 0 or 1, then an AlgorithmIdentifier), PKCS#1 RSA and DSA (version 0, then
    # an INTEGER) and SEC1 EC keys (version 1, then an OCTET STRING).
    if body[:4] in (
        b"\x02\x01\x00\x30",
        b"\x02\x01\x01\x30",
        b"\x02\x01\x00\x02",
        b"\x02\x01\x01\x04",
    ):
        return "private_key"
    # Encrypted PKCS#8: a SEQUENCE whose AlgorithmIdentifier names a password-based scheme.
    algorithm = _inside_sequence(body)
    if algorithm is not None and algorithm[:1] == b"\x06" and len(algorithm) > 2:
        oid = algorithm[2 : 2 + algorithm[1]]
        if oid.startswith(_PBE_OIDS):
            return "private_key"
    return None


def _inside_sequence(der: bytes) -> bytes | None:
    """The bytes after a SEQUENCE's tag and length, or None when `der` starts no SEQUENCE."""
    if len(der) < 4 or der[0] != 0x30:
        return None
    length_octets = der[1] & 0x7F if der[1] & 0x80 else 0
    return der[2 + length_octets :]
