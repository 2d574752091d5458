"""A stand-in for NHN Cloud's User Access Key token endpoints (/oauth2/token/create, /revoke)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from skm_bot.emulator.state import EmulatorState

FORM = "application/x-www-form-urlencoded"

Endpoint = Callable[[Request], Awaitable[Response]]


def _oauth_error(code: str, description: str, status: int = 400) -> JSONResponse:
    """An RFC 6749 §5.2 error response."""
    headers = {"WWW-Authenticate": 'Basic realm="oauth"'} if status == 401 else None
    return JSONResponse(
        {"error": code, "error_description": description}, status_code=status, headers=headers
    )


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    key_id, separator, secret = decoded.partition(":")
    return (key_id, secret) if separator else None


async def _form(request: Request) -> dict[str, str] | None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
        return None
    parsed = parse_qs((await request.body()).decode("utf-8", "replace"))
    return {name: values[0] for name, values in parsed.items()}


def token_endpoints(state: EmulatorState) -> tuple[Endpoint, Endpoint]:
    """The create and revoke endpoints bound to `state`."""

    async def create(request: Request) -> Response:
        form = await _form(request)
        if form is None:
            return _oauth_error("invalid_request", f"Content-Type must be {FORM}")
        credentials = _basic_credentials(request)
        if credentials is None or not state.access_key_valid(*credentials):
            return _oauth_error("invalid_client", "client authentication failed", 401)
        grant = form.get("grant_type")
        if grant is None:
            return _oauth_error("invalid_request", "grant_type is required")
        if grant != "client_credentials":
            return _oauth_error("unsupported_grant_type", f"{grant!r} is not supported")
        token, lifetime = state.issue_token(credentials[0])
        return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": lifetime})

    async def revoke(request: Request) -> Response:
        form = await _form(request)
        credentials = _basic_credentials(request)
        if credentials is None or not state.access_key_valid(*credentials):
            return _oauth_error("invalid_client", "client authentication failed", 401)
        if form is None or "token" not in form:
            return _oauth_error("invalid_request", "token is required")
        state.revoke_token(form["token"])
        return Response(status_code=200)

    return create, revoke
