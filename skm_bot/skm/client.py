"""SkmApi: typed async calls to SKM over an injected httpx.AsyncClient."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urlencode

import httpx
from pydantic import BaseModel, ValidationError

from skm_bot.skm import models
from skm_bot.skm.failures import body_of, from_transport_error, from_validation_error

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
KeyType = Literal["SECRET", "SYMMETRIC_KEY", "ASYMMETRIC_KEY"]
KeyStatus = Literal["active", "inactive"]
MAC_HEADER = "X-TOAST-CLIENT-MAC-ADDR"


@dataclass(frozen=True)
class Ping:
    """One round trip to SKM: HTTP status, the server's Date header and the latency."""

    status_code: int
    server_date: datetime | None
    elapsed_ms: float


def mask(value: str) -> str:
    """Show only the ends of an identifier such as an appkey."""
    return value if len(value) <= 8 else f"{value[:4]}…{value[-4:]}"


class SkmApi:
    """
    The SKM REST API of one appkey, over a client the caller owns (and closes).

    Every method raises an `SkmApiError` subclass on failure; none of their messages holds a
    secret. `base_url` defaults to the client's own base URL.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        appkey: str,
        api_version: str,
        auth: httpx.Auth,
        base_url: str | None = None,
        mac: str | None = None,
    ) -> None:
        self._client = client
        self.appkey = appkey
        self.api_version = api_version
        self.auth = auth
        self.base_url = base_url.rstrip("/") if base_url else str(client.base_url).rstrip("/")
        self.mac = mac

    def __repr__(self) -> str:
        return (
            f"SkmApi(base_url={self.base_url!r}, api_version={self.api_version!r}, "
            f"appkey={mask(self.appkey)!r}, auth={self.auth!r})"
        )

    @property
    def host(self) -> str:
        """The host name SKM is reached at."""
        return httpx.URL(self.base_url).host or self.base_url

    def _url(self, path: str, version: str | None = None) -> str:
        v = version or self.api_version
        return f"{self.base_url}/keymanager/{v}/appkey/{quote(self.appkey, safe='')}{path}"

    async def _send(
        self, method: str, path: str, *, version: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = {MAC_HEADER: self.mac} if self.mac else {}
        url = self._url(path, version)
        params = kwargs.pop("params", None)
        if params:
            # Spelled into the URL here: httpx's `params=` parses and merges the URL once more.
            url += "?" + urlencode({k: v for k, v in params.items() if v is not None})
        try:
            response = await self._client.request(
                method, url, headers=headers, auth=self.auth, **kwargs
            )
        except (httpx.TransportError, OSError) as exc:
            # OSError: httpx's async client lets a raw ssl.SSLError (a TLS 1.3 alert on the
            # first read) or a connection reset through unwrapped.
            raise from_transport_error(exc, self.host) from exc
        log.debug("SKM %s %s -> %s", method, path, response.status_code)
        return response

    async def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        body = body_of(await self._send(method, path, **kwargs), path)
        return _validate(model, body, path)

    async def _body(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = body_of(await self._send(method, path, **kwargs), path)
        return body if isinstance(body, dict) else {}

    async def ping(self) -> Ping:
        """`GET /confirm` without judging the answer: for latency and the Date header."""
        start = time.perf_counter()
        response = await self._send("GET", "/confirm")
        elapsed_ms = (time.perf_counter() - start) * 1000
        date = response.headers.get("date")
        try:
            server_date = parsedate_to_datetime(date) if date else None
        except ValueError:
            server_date = None
        return Ping(response.status_code, server_date, elapsed_ms)

    async def confirm(self) -> models.Confirm:
        """What SKM sees of this caller: IP, MAC header, whether a certificate was sent."""
        return await self._call("GET", "/confirm", models.Confirm)

    async def list_keystores(self) -> list[models.Keystore]:
        """Every keystore of the appkey, with its authentication settings."""
        body = await self._body("GET", "/keystores", params={"detail": "true"})
        return _validate_list(models.Keystore, body.get("keyStoreList") or [], "/keystores")

    async def get_keystore(self, keystore_id: int) -> models.Keystore:
        """One keystore."""
        return await self._call("GET", f"/keystores/{keystore_id}", models.Keystore)

    async def list_keys(
        self,
        keystore_id: int,
        *,
        page_number: int = 1,
        page_size: int = 100,
        key_type: KeyType | None = None,
        status: KeyStatus | None = None,
    ) -> models.KeyPage:
        """One page of a keystore's keys, in detail."""
        params: dict[str, str | int] = {
            "detail": "true",
            "pageNumber": page_number,
            "pageSize": page_size,
        }
        if key_type:
            params["type"] = key_type
        if status:
            params["status"] = status
        return await self._call(
            "GET", f"/keystores/{keystore_id}/keys", models.KeyPage, params=params
        )

    async def list_all_keys(
        self,
        keystore_id: int,
        *,
        max_pages: int = 20,
        status: KeyStatus | None = None,
    ) -> list[models.KeyInfo]:
        """Every key of a keystore, page by page until a short page (at most `max_pages`)."""
        keys: list[models.KeyInfo] = []
        for page_number in range(1, max_pages + 1):
            page = await self.list_keys(keystore_id, page_number=page_number, status=status)
            keys.extend(page.key_list)
            if len(page.key_list) < 100:
                break
        return keys

    async def get_key(self, keystore_id: int, key_id: str) -> models.KeyInfo:
        """One key's detail."""
        path = f"/keystores/{keystore_id}/keys/{quote(key_id, safe='')}"
        return await self._call("GET", path, models.KeyInfo)

    async def _entries(self, keystore_id: int, kind: str, field: str, model: type[M]) -> list[M]:
        path = f"/keystores/{keystore_id}/{kind}"
        body = await self._body("GET", path, params={"detail": "true"})
        return _validate_list(model, models.entries_of(body, field), path)

    async def list_ipv4s(self, keystore_id: int) -> list[models.AuthEntry]:
        """The keystore's registered IPv4 addresses and CIDR ranges."""
        return await self._entries(keystore_id, "ips", "ipv4List", models.AuthEntry)

    async def list_macs(self, keystore_id: int) -> list[models.AuthEntry]:
        """The keystore's registered MAC addresses."""
        return await self._entries(keystore_id, "macs", "macList", models.AuthEntry)

    async def list_certificates(self, keystore_id: int) -> list[models.CertificateEntry]:
        """The keystore's registered client certificates (their passwords are dropped)."""
        return await self._entries(
            keystore_id, "certificates", "certificateList", models.CertificateEntry
        )

    async def get_secret(self, key_id: str) -> models.Secret:
        """A stored secret."""
        return await self._call("GET", f"/secrets/{quote(key_id, safe='')}", models.Secret)

    async def encrypt(self, key_id: str, plaintext: str) -> models.Encrypted:
        """Encrypt text (at most 32 KB) with a symmetric key."""
        path = f"/symmetric-keys/{quote(key_id, safe='')}/encrypt"
        return await self._call("POST", path, models.Encrypted, json={"plaintext": plaintext})

    async def decrypt(self, key_id: str, ciphertext: str) -> models.Decrypted:
        """Decrypt an SKM ciphertext with a symmetric key."""
        path = f"/symmetric-keys/{quote(key_id, safe='')}/decrypt"
        return await self._call("POST", path, models.Decrypted, json={"ciphertext": ciphertext})

    async def create_local_key(self, key_id: str) -> models.LocalKey:
        """A fresh data key, in plaintext and wrapped by the symmetric key."""
        path = f"/symmetric-keys/{quote(key_id, safe='')}/create-local-key"
        return await self._call("POST", path, models.LocalKey)

    async def get_symmetric_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> models.SymmetricKey:
        """The symmetric key material; `key_version` needs v1.1 or later, so v1.0 asks v1.1."""
        path = f"/symmetric-keys/{quote(key_id, safe='')}/symmetric-key"
        if key_version is None:
            return await self._call("GET", path, models.SymmetricKey)
        version = "v1.1" if self.api_version == "v1.0" else self.api_version
        return await self._call(
            "GET", path, models.SymmetricKey, version=version, params={"keyVersion": key_version}
        )

    async def get_public_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> models.PublicKey:
        """An asymmetric key's public half (SKM serves it regardless of keystore auth)."""
        path = f"/asymmetric-keys/{quote(key_id, safe='')}/publicKey"
        params = {} if key_version is None else {"keyVersion": key_version}
        return await self._call("GET", path, models.PublicKey, params=params)

    async def sign(self, key_id: str, plaintext: str) -> models.Signed:
        """Sign text (at most 245 bytes) with an asymmetric key."""
        path = f"/asymmetric-keys/{quote(key_id, safe='')}/sign"
        return await self._call("POST", path, models.Signed, json={"plaintext": plaintext})

    async def verify(self, key_id: str, plaintext: str, signature: str) -> models.Verified:
        """Verify a signature with an asymmetric key."""
        path = f"/asymmetric-keys/{quote(key_id, safe='')}/verify"
        payload = {"plaintext": plaintext, "signature": signature}
        return await self._call("POST", path, models.Verified, json=payload)


def _validate(model: type[M], body: object, what: str) -> M:
    try:
        return model.model_validate(body if body is not None else {})
    except ValidationError as exc:
        raise from_validation_error(exc, what) from None


def _validate_list(model: type[M], items: list[Any], what: str) -> list[M]:
    return [_validate(model, item, what) for item in items]
