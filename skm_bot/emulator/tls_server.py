"""TLS for the served emulator: real alerts for refused client certificates, and the ASGI TLS scope."""

from __future__ import annotations

import asyncio
import ssl
from asyncio import sslproto
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

_TLS_VERSIONS = {"TLSv1.2": 0x0303, "TLSv1.3": 0x0304}


def tls_extension(transport: asyncio.BaseTransport) -> dict[str, Any] | None:
    """The ASGI TLS extension for a connection, or None when it is plain TCP.

    Python 3.11 exposes only the peer's leaf certificate, so `client_cert_chain` holds at most one
    PEM string; it is empty when the client presented no certificate.
    """
    ssl_object = transport.get_extra_info("ssl_object")
    if not isinstance(ssl_object, ssl.SSLObject | ssl.SSLSocket):
        return None
    der = ssl_object.getpeercert(binary_form=True)
    return {
        "server_cert": None,
        "client_cert_chain": [ssl.DER_cert_to_PEM_cert(der)] if der else [],
        "client_cert_name": None,
        "client_cert_error": None,
        "tls_version": _TLS_VERSIONS.get(ssl_object.version() or ""),
        "cipher_suite": None,
    }


def _with_extension(app: Any, extension: dict[str, Any]) -> Any:
    async def app_with_tls(scope: Any, receive: Any, send: Any) -> None:
        extensions = {**scope.get("extensions", {}), "tls": extension}
        await app({**scope, "extensions": extensions}, receive, send)

    return app_with_tls


class TlsScopeH11Protocol(H11Protocol):
    """uvicorn's h11 protocol; on TLS connections every request's scope carries `extensions.tls`.

    uvicorn does not fill the ASGI TLS extension (encode/uvicorn#2306). asyncio calls
    `connection_made` only after the handshake, so the peer certificate is known here; the app is
    wrapped per connection.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        extension = tls_extension(transport)
        if extension is not None:
            self.app = _with_extension(self.app, extension)


class AlertingSSLProtocol(sslproto.SSLProtocol):
    """asyncio's server-side TLS, but a failed handshake sends its alert before the socket closes.

    Stock asyncio drops the connection with the alert still in its buffer, so a client with an
    unknown-CA or expired certificate would see a bare EOF instead of `unknown_ca` /
    `certificate_expired`, which is what a real TLS server (and SKM) answers.
    """

    def _on_handshake_complete(self, handshake_exc: BaseException | None) -> None:
        if handshake_exc is not None:
            self._process_outgoing()  # type: ignore[attr-defined]
        super()._on_handshake_complete(handshake_exc)


def tls_protocol_factory(context: ssl.SSLContext) -> Callable[..., asyncio.BaseProtocol]:
    """A uvicorn `http=` protocol factory terminating TLS itself (uvicorn's own `ssl` stays off)."""

    def create_protocol(**kwargs: Any) -> asyncio.BaseProtocol:
        app_protocol = TlsScopeH11Protocol(**kwargs)
        loop = kwargs.get("_loop") or asyncio.get_running_loop()
        # No waiter: nothing awaits the handshake of a server-side connection.
        return AlertingSSLProtocol(loop, app_protocol, context, None, server_side=True)  # type: ignore[arg-type]

    return create_protocol
