"""Hostile certificate files made by rewriting real ones."""

from __future__ import annotations


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, body: bytes) -> bytes:
    """One DER element."""
    return bytes([tag]) + _length(len(body)) + body


def elements(der: bytes) -> list[tuple[int, bytes]]:
    """The (tag, body) of each DER element in `der`, in order (definite lengths only)."""
    found, at = [], 0
    while at < len(der):
        tag, first = der[at], der[at + 1]
        if first < 0x80:
            size, header = first, 2
        else:
            count = first & 0x7F
            size, header = int.from_bytes(der[at + 2 : at + 2 + count], "big"), 2 + count
        found.append((tag, der[at + header : at + header + size]))
        at += header + size
    return found


def with_mac_iterations(p12: bytes, iterations: int) -> bytes:
    """
    The same PKCS#12 with its MacData iteration count replaced (RFC 7292: the PFX's last field).

    The MAC itself is left as it was, so it no longer verifies; a reader that derives the MAC
    key first (as OpenSSL does) runs `iterations` rounds before it can tell.
    """
    [(_, pfx)] = elements(p12)
    version, auth_safe, mac_data = elements(pfx)
    digest, salt, _ = elements(mac_data[1])
    count = iterations.to_bytes(iterations.bit_length() // 8 + 1, "big")
    mac = tlv(0x30, tlv(*digest) + tlv(*salt) + tlv(0x02, count))
    return tlv(0x30, tlv(*version) + tlv(*auth_safe) + mac)
