"""Tell a certificate file's format from its bytes, whatever its name says."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from enum import StrEnum

_PEM_BEGIN = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----")
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]+")
_UTF8_BOM = b"\xef\xbb\xbf"


class Container(StrEnum):
    """What kind of file the bytes are."""

    EMPTY = "empty"
    PEM = "PEM"
    DER_CERT = "DER certificate"
    DER_KEY = "DER private key"
    PKCS12 = "PKCS#12"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Sniffed:
    """
    The result of looking at the bytes.

    `payload` is what the loader should parse: the bytes themselves, or the decoded bytes of a
    base64 text file. It may hold key material, so it is left out of the repr.
    """

    container: Container
    payload: bytes = field(repr=False)
    base64_wrapped: bool = False
    declared_length: int | None = None

    @property
    def truncated(self) -> bool:
        """A DER file shorter than its own outer length says it is."""
        return self.declared_length is not None and self.declared_length > len(self.payload)


def sniff(data: bytes) -> Sniffed:
    """Classify `data` as PEM, DER certificate or key, PKCS#12 (binary or base64), or unknown."""
    text = data.removeprefix(_UTF8_BOM)
    if not text.strip():
        return Sniffed(Container.EMPTY, data)
    if _PEM_BEGIN.search(text):
        return Sniffed(Container.PEM, text)
    if data[0] == 0x30:
        der = _sniff_der(data)
        if der.container is not Container.UNKNOWN:
            return der
    decoded = _decode_base64(text)
    if decoded is not None and decoded[:1] == b"\x30":
        inner = _sniff_der(decoded)
        return Sniffed(inner.container, decoded, True, declared_length=inner.declared_length)
    return Sniffed(Container.UNKNOWN, data)


def _sniff_der(data: bytes) -> Sniffed:
    """Read the outer SEQUENCE header and the first element inside it."""
    header = _der_length(data)
    if header is None:
        return Sniffed(Container.UNKNOWN, data)
    offset, length = header
    inner = data[offset : offset + 3]
    if inner == b"\x02\x01\x03":
        container = Container.PKCS12
    elif inner in (b"\x02\x01\x00", b"\x02\x01\x01"):
        # PKCS#8 and PKCS#1 keys start with version 0, SEC1 EC keys with version 1.
        container = Container.DER_KEY
    elif inner[:1] == b"\x30":
        # A certificate (tbsCertificate) or an encrypted PKCS#8 key: the loader decides.
        container = Container.DER_CERT
    else:
        container = Container.UNKNOWN
    return Sniffed(container, data, declared_length=offset + length)


def _der_length(data: bytes) -> tuple[int, int] | None:
    """(header size, content length) of the outer DER element, or None if malformed."""
    if len(data) < 2:
        return None
    first = data[1]
    if first < 0x80:
        return 2, first
    size = first & 0x7F
    if size == 0 or size > 4 or len(data) < 2 + size:
        return None
    return 2 + size, int.from_bytes(data[2 : 2 + size], "big")


def _decode_base64(text: bytes) -> bytes | None:
    """The decoded bytes if `text` is nothing but base64, else None."""
    if len(text) < 16 or not _BASE64_TEXT.fullmatch(text):
        return None
    try:
        return base64.b64decode(b"".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
