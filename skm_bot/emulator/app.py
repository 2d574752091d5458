"""make_app(state): the emulator's ASGI app (SKM API, tokens, admin path, faults, Date header)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from email.utils import format_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.routing import Route as WebRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from skm_bot.emulator import envelope, routes_crypto, routes_listing, routes_manage
from skm_bot.emulator.admin import admin_routes
from skm_bot.emulator.auth import authenticate_caller
from skm_bot.emulator.calls import Call, ClientFacts
from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.faults import apply_faults, take_faults
from skm_bot.emulator.oauth import token_endpoints
from skm_bot.emulator.router import KNOWN_VERSIONS, Route, find_route
from skm_bot.emulator.state import EmulatorState

ADMIN_PREFIX = "/_emulator"
SKM_ROUTES: tuple[Route, ...] = (
    *routes_crypto.ROUTES,
    *routes_manage.ROUTES,
    *routes_listing.ROUTES,
)


def peer_certificate(scope: Scope) -> str | None:
    """The client's leaf certificate (PEM) from the ASGI TLS extension, if one was presented."""
    tls = scope.get("extensions", {}).get("tls") or {}
    chain = tls.get("client_cert_chain") or []
    return str(chain[0]) if chain else None


def dispatch(state: EmulatorState, request: Request, raw_body: bytes) -> Any:
    """Route one SKM API call and run its handler; SkmError for every documented failure."""
    params = request.path_params
    version = params["version"]
    found = find_route(SKM_ROUTES, request.method, version, "/" + params["rest"])
    if version not in KNOWN_VERSIONS or found is None:
        raise SkmError(ErrorKind.URL_NOT_FOUND)
    route, path_params = found
    if params["appkey"] not in state.appkeys:
        raise SkmError(ErrorKind.INVALID_APPKEY)
    user = authenticate_caller(state, version, request.headers)
    client = ClientFacts(
        ip=request.client.host if request.client else None,
        mac_header=request.headers.get("x-toast-client-mac-addr"),
        cert_pem=peer_certificate(request.scope),
    )
    call = Call(state, version, path_params, request.query_params, _json(raw_body), client, user)
    state.purge_expired()
    return route.handler(call)


def _json(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise SkmError(ErrorKind.INVALID_PARAMETER, "the body is not JSON") from exc


def _keymanager_endpoint(state: EmulatorState) -> Any:
    async def keymanager(request: Request) -> Response:
        raw_body = await request.body()
        try:
            with state.lock:
                body = dispatch(state, request, raw_body)
        except SkmError as error:
            return envelope.failure(state.error_code(error.kind))
        return envelope.success(body)

    return keymanager


def _not_found(state: EmulatorState) -> Any:
    async def not_found(request: Request, exc: Exception) -> Response:
        return envelope.failure(state.error_code(ErrorKind.URL_NOT_FOUND))

    return not_found


class EmulatorMiddleware:
    """Applies faults to everything but the admin path, and stamps the (skewable) Date header."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        dated = self._dated(send)
        path: str = scope["path"]
        if path.startswith(ADMIN_PREFIX):
            await self.app(scope, receive, dated)
            return
        with self.state.lock:
            faults = take_faults(self.state.faults, path)
        error = envelope.failure_bytes(self.state.error_code(ErrorKind.INTERNAL_SERVER_ERROR))
        await apply_faults(faults, error, self.app, scope, receive, dated)

    def _dated(self, send: Send) -> Send:
        async def dated_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                stamp = format_datetime(self.state.now(), usegmt=True).encode()
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        return dated_send


def make_app(state: EmulatorState) -> Starlette:
    """The emulator as an ASGI app bound to `state`.

    Paths: `/keymanager/{v1.0|v1.1|v1.2|v1.3}/appkey/{appkey}/...` (the SKM API),
    `POST /oauth2/token/create|revoke` (User Access Key tokens) and `/_emulator/...` (admin).
    Anything else answers the `URL NOT FOUND` envelope.
    """
    create_token, revoke_token = token_endpoints(state)
    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    web_routes: Sequence[WebRoute | Mount] = [
        WebRoute(
            "/keymanager/{version}/appkey/{appkey}/{rest:path}",
            _keymanager_endpoint(state),
            methods=methods,
        ),
        WebRoute("/oauth2/token/create", create_token, methods=["POST"]),
        WebRoute("/oauth2/token/revoke", revoke_token, methods=["POST"]),
        Mount(ADMIN_PREFIX, routes=admin_routes(state)),
    ]
    handlers: Mapping[Any, Any] = {404: _not_found(state), 405: _not_found(state)}
    app = Starlette(routes=list(web_routes), exception_handlers=dict(handlers))
    app.add_middleware(EmulatorMiddleware, state=state)
    return app
