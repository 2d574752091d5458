"""Turn httpx transport failures and SKM responses into the SkmApiError categories."""

from __future__ import annotations

import re
import socket
import ssl
from typing import Any

import httpx
from pydantic import ValidationError

from skm_bot.errors import (
    SkmApiError,
    SkmEnvelopeError,
    SkmHttpError,
    SkmMalformedResponse,
    SkmTimeout,
    SkmTlsError,
    SkmUnreachable,
)

_SSL_REASON = re.compile(r"\[SSL: ([A-Z0-9_]+)\]|\b((?:TLSV1_ALERT|SSLV3_ALERT)_[A-Z_]+)\b")
_DNS_HINTS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo",
    "name resolution",
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def ssl_reason(exc: BaseException) -> str | None:
    """The ssl library's reason code (e.g. CERTIFICATE_VERIFY_FAILED) anywhere in the chain."""
    for link in _chain(exc):
        if isinstance(link, ssl.SSLError) and link.reason:
            return str(link.reason)
        match = _SSL_REASON.search(str(link))
        if match:
            return match.group(1) or match.group(2)
    return None


def from_transport_error(exc: httpx.TransportError | OSError, host: str) -> SkmApiError:
    """Classify an httpx transport failure; the message holds no header, so no secret."""
    reason = ssl_reason(exc)
    if reason is not None:
        return SkmTlsError(host=host, reason=reason)
    if isinstance(exc, httpx.TimeoutException):
        return SkmTimeout(host=host, phase=type(exc).__name__)
    chain = _chain(exc)
    text = " ".join(str(link) for link in chain).lower()
    if any(isinstance(link, socket.gaierror) for link in chain) or any(
        hint in text for hint in _DNS_HINTS
    ):
        return SkmUnreachable(host=host, kind="dns", reason=_first_line(exc))
    if isinstance(exc, httpx.ConnectError):
        return SkmUnreachable(host=host, kind="connect", reason=_first_line(exc))
    return SkmUnreachable(host=host, kind=type(exc).__name__, reason=_first_line(exc))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def body_of(response: httpx.Response, what: str) -> Any:
    """
    The envelope's `body`, or the error the response stands for.

    A failing envelope at 2xx is an SkmEnvelopeError; any non-2xx is an SkmHttpError carrying
    the envelope's message and code when there is one; anything else is SkmMalformedResponse.
    """
    try:
        data = response.json()
    except ValueError:
        data = None
    header = data.get("header") if isinstance(data, dict) else None
    code, message, ok = _header_fields(header)
    if not response.is_success:
        raise SkmHttpError(status=response.status_code, result_code=code, result_message=message)
    if not isinstance(header, dict) or ok is None:
        raise SkmMalformedResponse(what=what, status=response.status_code)
    if not ok:
        raise SkmEnvelopeError(
            message=message or "(no message)",
            code=code if code is not None else 0,
            status=response.status_code,
        )
    assert isinstance(data, dict)
    return data.get("body")


def _header_fields(header: object) -> tuple[int | None, str | None, bool | None]:
    if not isinstance(header, dict):
        return None, None, None
    code = header.get("resultCode")
    message = header.get("resultMessage")
    ok = header.get("isSuccessful")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        message if isinstance(message, str) else None,
        ok if isinstance(ok, bool) else None,
    )


def from_validation_error(exc: ValidationError, what: str) -> SkmApiError:
    """Describe a body that does not fit its model by field names only, never by values."""
    fields = sorted({".".join(str(part) for part in err["loc"]) or "body" for err in exc.errors()})
    return SkmMalformedResponse(what=what, fields=tuple(fields))
