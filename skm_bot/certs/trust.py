"""The CAs a client trusts: a CA bundle read within its cap, handed to OpenSSL as text."""

from __future__ import annotations

import ssl
from pathlib import Path

from skm_bot.certs.bounded_read import read_regular_file
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES
from skm_bot.certs.pem import pem_blocks

# The labels CPython's cadata loader reads (PEM_read_bio_X509).
_CA_LABELS = {"CERTIFICATE", "X509 CERTIFICATE"}


def trusting(ca_bundle: Path | None) -> ssl.SSLContext:
    """
    A client context that trusts `ca_bundle`, or the system store when there is none.

    The bundle is read here, as a regular file within the size cap: given the path itself,
    OpenSSL would read whatever is there (a FIFO, a link to /dev/zero) without end. Raises
    OSError when it cannot be read and ssl.SSLError when it holds no usable certificate.
    """
    if ca_bundle is None:
        return ssl.create_default_context()
    data = read_regular_file(ca_bundle, limit=MAX_CERTIFICATE_FILE_BYTES).data
    return ssl.create_default_context(cadata=certificates_text(data, ca_bundle))


def certificates_text(data: bytes, source: Path) -> str:
    """
    The certificate blocks of a PEM bundle, as ASCII text.

    Bundles often carry comments in UTF-8 (issuer names) that cadata, ASCII only, refuses.
    """
    try:
        blocks = [block for label, block in pem_blocks(data) if label in _CA_LABELS]
        text = b"\n".join(blocks).decode("ascii")
    except ValueError as exc:  # An unterminated block, or a byte that is not ASCII.
        raise ssl.SSLError(f"CA bundle {source}: {exc}") from None
    if not text:
        raise ssl.SSLError(f"CA bundle {source}: no PEM certificate in it")
    return text
