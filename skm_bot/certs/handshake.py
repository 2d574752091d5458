"""The live mutual-TLS probe: present the client certificate to SKM and read what comes back."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import ssl
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from skm_bot.certs.chain import pick_leaf
from skm_bot.certs.load import Bundle
from skm_bot.certs.tls_alerts import ProbeCode, ProbeResult, classify
from skm_bot.certs.trust import trusting
from skm_bot.core.phrases import phrase, verbatim


@dataclass(frozen=True)
class ClientCredentials:
    """The client certificate, its intermediates and its key; the key never shows in a repr."""

    certificate: x509.Certificate
    key: PrivateKeyTypes = field(repr=False)
    intermediates: tuple[x509.Certificate, ...] = ()

    @classmethod
    def from_bundle(cls, bundle: Bundle) -> ClientCredentials | None:
        """The credentials in a loaded file, or None when its key or certificate is missing."""
        if bundle.key is None or not bundle.certificates:
            return None
        leaf, _ = pick_leaf(bundle.certificates, bundle.key, ordered_file=False)
        rest = tuple(c for c in bundle.certificates if c is not leaf)
        return cls(leaf, bundle.key, rest)


def client_context(
    credentials: ClientCredentials | None,
    *,
    ca_bundle: Path | None,
    staging_dir: Path | None = None,
    maximum_version: ssl.TLSVersion | None = None,
) -> ssl.SSLContext:
    """
    A client SSLContext trusting `ca_bundle` (else the system store) and presenting `credentials`.

    Raises ssl.SSLError when this machine's OpenSSL refuses the certificate (weak key or hash)
    or the CA bundle, and OSError when the CA bundle cannot be read.
    """
    context = trusting(ca_bundle)
    context.post_handshake_auth = True
    if maximum_version is not None:
        context.maximum_version = maximum_version
    if credentials is not None:
        # A one-time password keeps the staged key encrypted even for its brief life.
        one_time = secrets.token_bytes(32)
        with staged_pem(_chain_pem(credentials, one_time), directory=staging_dir) as path:
            context.load_cert_chain(path, password=one_time)
    return context


@contextmanager
def staged_pem(pem: bytes, *, directory: Path | None = None) -> Iterator[str]:
    """
    A path the ssl module can read `pem` from: Python 3.11 cannot load a chain from memory.

    With no `directory`, an anonymous memory file (Linux) keeps it off disk; otherwise a 0600
    file in a 0700 temporary directory, both removed on exit.
    """
    if directory is None and hasattr(os, "memfd_create"):
        fd = os.memfd_create("skm-client-cert", os.MFD_CLOEXEC)
        try:
            os.write(fd, pem)
            yield f"/proc/self/fd/{fd}"
        finally:
            os.close(fd)
        return
    with tempfile.TemporaryDirectory(prefix="skm-cert-", dir=directory) as folder:
        path = os.path.join(folder, "client.pem")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        yield path


def _chain_pem(credentials: ClientCredentials, password: bytes) -> bytes:
    encoding = serialization.Encoding.PEM
    key = credentials.key.private_bytes(
        encoding,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    certs = [credentials.certificate, *credentials.intermediates]
    return key + b"".join(c.public_bytes(encoding) for c in certs)


async def probe_handshake(
    endpoint: str,
    *,
    credentials: ClientCredentials | None,
    ca_bundle: Path | None,
    confirm_path: str | None = None,
    timeout: float = 5.0,
    settle: float = 1.0,
    maximum_version: ssl.TLSVersion | None = None,
) -> ProbeResult:
    """
    Connect to `endpoint` with the client certificate and report what the server made of it.

    After the handshake the probe reads before writing, for up to `settle` seconds: a TLS 1.3
    server rejects a client certificate only then, and a write first can lose the alert to a
    reset. Silence means accepted; then `confirm_path` (SKM's /confirm) tells "not sent" from
    "sent but refused".
    """
    try:
        context = client_context(credentials, ca_bundle=ca_bundle, maximum_version=maximum_version)
    except ssl.SSLError as exc:
        observed = phrase("cert.probe.openssl_refused", reason=str(exc.reason or exc))
        return ProbeResult(ProbeCode.CLIENT_CERT_REFUSED_LOCALLY, observed)
    parts = urlsplit(endpoint)
    host, port = parts.hostname or "", parts.port or 443
    try:
        version = await asyncio.to_thread(_read_first, context, host, port, timeout, settle)
    except OSError as exc:
        return classify(exc)
    if confirm_path is None:
        return ProbeResult(ProbeCode.ACCEPTED, phrase("cert.probe.no_alert"), version)
    url = f"{parts.scheme}://{parts.netloc}{confirm_path}"
    return await _confirm(context, url, timeout, version)


def _read_first(
    context: ssl.SSLContext, host: str, port: int, timeout: float, settle: float
) -> str | None:
    """Handshake, then wait for the server's verdict; returns the TLS version if none came."""
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        version = tls.version()
        tls.settimeout(settle)
        try:
            if tls.recv(1) == b"":
                raise ConnectionResetError("closed by the server after the handshake")
        except TimeoutError:
            pass
        return version


async def _confirm(
    context: ssl.SSLContext, url: str, timeout: float, version: str | None
) -> ProbeResult:
    """GET /confirm over the same client-certificate setup and read clientSentCertificate."""
    # trust_env=False: the probe talks to SKM directly, like the raw handshake before it.
    async with httpx.AsyncClient(verify=context, timeout=timeout, trust_env=False) as client:
        try:
            response = await client.get(url)
        except (httpx.HTTPError, OSError) as exc:
            return classify(exc)
    try:
        payload: Any = response.json()
    except ValueError:
        observed = phrase("cert.probe.confirm_not_json", status=response.status_code)
        return ProbeResult(ProbeCode.CONFIRM_FAILED, observed, version)
    return _read_envelope(payload, response.status_code, version)


def _read_envelope(payload: Any, status: int, version: str | None) -> ProbeResult:
    envelope = payload if isinstance(payload, dict) else {}
    header, body = envelope.get("header") or {}, envelope.get("body") or {}
    # The SKM docs spell the field both ways; accept either.
    sent = body.get("clientSentCertificate", body.get("clientSentCerfificate"))
    ip = body.get("clientIp")
    if sent is False:
        code = ProbeCode.CONFIRM_CERT_NOT_SENT
    elif header.get("isSuccessful") is not True:
        code = ProbeCode.CONFIRM_REFUSED
    else:
        code = ProbeCode.ACCEPTED
    # Field names and values only: the same in every language.
    observed = verbatim(
        f"HTTP {status}, resultMessage {header.get('resultMessage')!r}, clientSentCertificate {sent}"
    )
    return ProbeResult(code, observed, version, sent, ip)
