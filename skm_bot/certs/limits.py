"""The ceilings on what reading and parsing a certificate file may cost, named once."""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB

# A client certificate file is a few KiB and a system CA bundle about 250 KiB; 4 MiB is generous
# for certificate, PKCS#12, CA bundle and CRL files alike.
MAX_CERTIFICATE_FILE_BYTES = 4 * MIB
# A password or an access-key secret is tens of bytes.
MAX_SECRET_FILE_BYTES = 64 * KIB
# A client certificate file holds the client certificate and a few intermediates (and perhaps
# the root); sixteen is twice the deepest chain the verifier follows.
MAX_CERTIFICATES = 16
# Real PKCS#12 files use 2,048 to 600,000 iterations per key derivation (MAC, certificates, key):
# at most about 2,000,000 in all. Ten million is about a second of work; 2^31 - 1, minutes.
MAX_KDF_ITERATIONS = 10_000_000


@dataclass(frozen=True)
class Limits:
    """
    The limits one inspection works under; the defaults are the constants above.

    Tests pass small ones rather than build files of many megabytes.
    """

    certificate_file_bytes: int = MAX_CERTIFICATE_FILE_BYTES
    secret_file_bytes: int = MAX_SECRET_FILE_BYTES
    certificates: int = MAX_CERTIFICATES
    kdf_iterations: int = MAX_KDF_ITERATIONS


DEFAULT_LIMITS = Limits()


def size_text(size: int) -> str:
    """A byte count in its largest whole unit, e.g. '4 MiB', '64 KiB', '100 bytes'."""
    for unit, factor in (("MiB", MIB), ("KiB", KIB)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"
