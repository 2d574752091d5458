"""A step-by-step network probe of an SKM endpoint: DNS, TCP connect, TLS handshake."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from skm_bot.certs.trust import trusting
from skm_bot.core.phrases import Phrase, phrase, verbatim
from skm_bot.skm.failures import ssl_reason

# Why a TCP connect fails, for the reasons met in practice; others keep the system's words.
_CONNECT_ERRORS = {
    errno.ECONNREFUSED: phrase("probe.refused"),
    errno.ETIMEDOUT: phrase("probe.timed_out"),
    errno.EHOSTUNREACH: phrase("probe.no_route"),
    errno.ENETUNREACH: phrase("probe.network_unreachable"),
}


@dataclass(frozen=True)
class Step:
    """One probe step: its name, whether it worked, what it found (in words), how long it took."""

    name: str
    ok: bool
    detail: Phrase
    ms: float


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


async def _resolve(host: str, port: int) -> tuple[Step, str | None]:
    start = time.perf_counter()
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        detail = phrase("probe.no_resolve", host=host, error=str(exc))
        return Step("dns", False, detail, _ms(start)), None
    addresses = sorted({str(info[4][0]) for info in infos})
    detail = phrase("probe.resolved", host=host, addresses=", ".join(addresses))
    return Step("dns", True, detail, _ms(start)), addresses[0]


async def _connect(
    address: str, port: int
) -> tuple[Step, tuple[asyncio.StreamReader, asyncio.StreamWriter] | None]:
    start = time.perf_counter()
    try:
        streams = await asyncio.open_connection(address, port)
    except OSError as exc:
        why = _CONNECT_ERRORS.get(exc.errno or 0) or verbatim(str(exc))
        detail = phrase("probe.connect_failed", address=address, port=port, error=why)
        return Step("tcp", False, detail, _ms(start)), None
    return Step(
        "tcp", True, phrase("probe.connected", address=address, port=port), _ms(start)
    ), streams


async def _handshake(writer: asyncio.StreamWriter, host: str, ca_bundle: Path | None) -> Step:
    start = time.perf_counter()
    context = trusting(ca_bundle)
    try:
        await writer.start_tls(context, server_hostname=host)
    except (ssl.SSLError, OSError) as exc:
        reason = ssl_reason(exc) or str(exc)
        return Step("tls", False, phrase("probe.tls_failed", reason=reason), _ms(start))
    tls = writer.get_extra_info("ssl_object")
    version = tls.version() if isinstance(tls, ssl.SSLObject) else "?"
    return Step("tls", True, phrase("probe.tls_ok", version=str(version)), _ms(start))


async def probe(url: str, *, ca_bundle: Path | None = None) -> list[Step]:
    """
    Probe the endpoint's host step by step, stopping at the first failing step.

    Only server authentication is tried; the client certificate is cert.handshake's business.
    """
    parsed = httpx.URL(url if "://" in url else f"https://{url}")
    host = parsed.host
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    dns, address = await _resolve(host, port)
    if address is None:
        return [dns]
    tcp, streams = await _connect(address, port)
    if streams is None:
        return [dns, tcp]
    _, writer = streams
    try:
        if parsed.scheme != "https":
            return [dns, tcp, Step("tls", True, phrase("probe.plain_http"), 0.0)]
        return [dns, tcp, await _handshake(writer, host, ca_bundle)]
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
