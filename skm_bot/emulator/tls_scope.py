"""Show the app the client certificate: uvicorn's h11 protocol plus the ASGI TLS extension."""

from __future__ import annotations

import asyncio
import ssl
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
    wrapped per connection. Pass the class as `uvicorn.Config(http=TlsScopeH11Protocol)`.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        extension = tls_extension(transport)
        if extension is not None:
            self.app = _with_extension(self.app, extension)
