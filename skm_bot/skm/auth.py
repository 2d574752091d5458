"""The three SKM authentication styles as httpx.Auth: appkey alone, access keys, bearer token."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Any

import httpx
from pydantic import SecretStr

from skm_bot.errors import SkmTokenError

DEFAULT_TOKEN_ENDPOINT = "https://oauth.api.nhncloudservice.com"
# Renew a token this long before it expires, so a request never rides on a dying one.
_TOKEN_MARGIN_S = 60.0


class AppkeyOnlyAuth(httpx.Auth):
    """v1.0/v1.1: the appkey in the path is the only credential; nothing is added."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Send the request as it is."""
        yield request

    def __repr__(self) -> str:
        return "AppkeyOnlyAuth()"


class AccessKeyAuth(httpx.Auth):
    """v1.2: the User Access Key ID and Secret Access Key as `X-TC-AUTHENTICATION-*` headers."""

    def __init__(self, access_key_id: str, secret_access_key: SecretStr) -> None:
        self.access_key_id = access_key_id
        self._secret = secret_access_key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Add the two headers."""
        request.headers["X-TC-AUTHENTICATION-ID"] = self.access_key_id
        request.headers["X-TC-AUTHENTICATION-SECRET"] = self._secret.get_secret_value()
        yield request

    def __repr__(self) -> str:
        return f"AccessKeyAuth(access_key_id={self.access_key_id!r}, secret_access_key=***)"


class TokenAuth(httpx.Auth):
    """
    v1.3: `X-NHN-AUTHORIZATION: Bearer <token>`, the token cached until shortly before expiry.

    The token request goes through the same client as the SKM call (so tests can fake both);
    a lock makes concurrent checks share one token request.
    """

    def __init__(
        self,
        access_key_id: str,
        secret_access_key: SecretStr,
        *,
        token_endpoint: str = DEFAULT_TOKEN_ENDPOINT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.access_key_id = access_key_id
        self._secret = secret_access_key
        self.token_url = token_endpoint.rstrip("/") + "/oauth2/token/create"
        self._clock = clock
        self._token: SecretStr | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.last_expires_in: float | None = None

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The bot is async only."""
        raise RuntimeError("TokenAuth needs an httpx.AsyncClient")

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Fetch a token when none is cached or it is about to expire, then add the header."""
        async with self._lock:
            if self._token is None or self._clock() >= self._expires_at:
                response = yield self._token_request()
                # httpx reads the body for us only in the default flows, not in an override.
                await response.aread()
                self._store(response)
        assert self._token is not None
        request.headers["X-NHN-AUTHORIZATION"] = f"Bearer {self._token.get_secret_value()}"
        yield request

    def _token_request(self) -> httpx.Request:
        pair = f"{self.access_key_id}:{self._secret.get_secret_value()}".encode()
        return httpx.Request(
            "POST",
            self.token_url,
            data={"grant_type": "client_credentials"},
            headers={"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")},
        )

    def _store(self, response: httpx.Response) -> None:
        body = _json_or_none(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if response.status_code != 200 or not isinstance(token, str) or not token:
            error = body.get("error") if isinstance(body, dict) else None
            raise SkmTokenError(
                status=response.status_code, error=error if isinstance(error, str) else None
            )
        expires_in = float(body.get("expires_in") or 86400)
        self._token = SecretStr(token)
        self.last_expires_in = expires_in
        self._expires_at = self._clock() + max(expires_in - _TOKEN_MARGIN_S, expires_in / 2)

    def __repr__(self) -> str:
        return (
            f"TokenAuth(access_key_id={self.access_key_id!r}, token_url={self.token_url!r}, "
            "secret_access_key=***)"
        )


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
