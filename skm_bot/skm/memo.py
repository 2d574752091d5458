"""MemoSkmApi: one diagnosis's SKM reads, each made once and shared by every check that asks."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from skm_bot.skm.reader import SkmReader

if TYPE_CHECKING:
    import httpx

    from skm_bot.skm import models
    from skm_bot.skm.client import KeyStatus, KeyType, Ping

T = TypeVar("T")


def _retrieve(future: asyncio.Future[Any]) -> None:
    # A call started early may fail with nobody left to ask for it; reading the error here
    # keeps asyncio from logging "exception was never retrieved" for it. Awaiting it still raises.
    if not future.cancelled():
        future.exception()


class MemoSkmApi:
    """
    A single-flight memo over an SkmReader, for the length of one diagnosis.

    Each method starts its request when first called (not when awaited) and returns a future;
    every later identical call, made while it is in flight or after, gets a future of the same
    request, so the same result, or the same exception raised again. Cancelling a future (a
    check's timeout) stops that caller waiting but leaves the request to the others.
    `aclose()` (or leaving `async with`) cancels what is still in flight.

        async with MemoSkmApi(api) as memo:
            a, b = await asyncio.gather(memo.confirm(), memo.confirm())  # one GET /confirm
    """

    def __init__(self, api: SkmReader) -> None:
        self._api = api
        self._calls: dict[tuple[object, ...], asyncio.Future[Any]] = {}

    def __repr__(self) -> str:
        return f"MemoSkmApi({self._api!r}, calls={len(self._calls)})"

    @property
    def appkey(self) -> str:
        """The wrapped client's appkey."""
        return self._api.appkey

    @property
    def auth(self) -> httpx.Auth:
        """The wrapped client's authentication (a TokenAuth tells when its token expires)."""
        return self._api.auth

    def _shared(
        self, key: tuple[object, ...], call: Callable[[], Awaitable[T]]
    ) -> asyncio.Future[T]:
        request = self._calls.get(key)
        if request is None:
            request = asyncio.ensure_future(call())
            request.add_done_callback(_retrieve)
            self._calls[key] = request
        # Shielded, so one caller's cancellation does not cancel the request the others await.
        follower: asyncio.Future[T] = asyncio.shield(request)
        follower.add_done_callback(_retrieve)
        return follower

    async def aclose(self) -> None:
        """Cancel the requests still in flight: the diagnosis they were for is over."""
        pending = [request for request in self._calls.values() if not request.done()]
        for request in pending:
            request.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def __aenter__(self) -> MemoSkmApi:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def ping(self) -> asyncio.Future[Ping]:
        """`GET /confirm` for its latency and Date header (measured once per diagnosis)."""
        return self._shared(("ping",), self._api.ping)

    def confirm(self) -> asyncio.Future[models.Confirm]:
        """What SKM sees of this caller."""
        return self._shared(("confirm",), self._api.confirm)

    def list_keystores(self) -> asyncio.Future[list[models.Keystore]]:
        """Every keystore of the appkey."""
        return self._shared(("list_keystores",), self._api.list_keystores)

    def get_keystore(self, keystore_id: int) -> asyncio.Future[models.Keystore]:
        """One keystore."""
        return self._shared(
            ("get_keystore", keystore_id), lambda: self._api.get_keystore(keystore_id)
        )

    def list_keys(
        self,
        keystore_id: int,
        *,
        page_number: int = 1,
        page_size: int = 100,
        key_type: KeyType | None = None,
        status: KeyStatus | None = None,
    ) -> asyncio.Future[models.KeyPage]:
        """One page of a keystore's keys."""
        key = ("list_keys", keystore_id, page_number, page_size, key_type, status)
        return self._shared(
            key,
            lambda: self._api.list_keys(
                keystore_id,
                page_number=page_number,
                page_size=page_size,
                key_type=key_type,
                status=status,
            ),
        )

    def list_all_keys(
        self, keystore_id: int, *, max_pages: int = 20, status: KeyStatus | None = None
    ) -> asyncio.Future[list[models.KeyInfo]]:
        """Every key of a keystore."""
        return self._shared(
            ("list_all_keys", keystore_id, max_pages, status),
            lambda: self._api.list_all_keys(keystore_id, max_pages=max_pages, status=status),
        )

    def get_key(self, keystore_id: int, key_id: str) -> asyncio.Future[models.KeyInfo]:
        """One key's detail."""
        return self._shared(
            ("get_key", keystore_id, key_id), lambda: self._api.get_key(keystore_id, key_id)
        )

    def list_ipv4s(self, keystore_id: int) -> asyncio.Future[list[models.AuthEntry]]:
        """The keystore's registered IPv4 addresses and ranges."""
        return self._shared(("list_ipv4s", keystore_id), lambda: self._api.list_ipv4s(keystore_id))

    def list_macs(self, keystore_id: int) -> asyncio.Future[list[models.AuthEntry]]:
        """The keystore's registered MAC addresses."""
        return self._shared(("list_macs", keystore_id), lambda: self._api.list_macs(keystore_id))

    def list_certificates(self, keystore_id: int) -> asyncio.Future[list[models.CertificateEntry]]:
        """The keystore's registered client certificates."""
        return self._shared(
            ("list_certificates", keystore_id), lambda: self._api.list_certificates(keystore_id)
        )

    def get_symmetric_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> asyncio.Future[models.SymmetricKey]:
        """A symmetric key's material (a version probe discards it unseen)."""
        return self._shared(
            ("get_symmetric_key", key_id, key_version),
            lambda: self._api.get_symmetric_key(key_id, key_version=key_version),
        )

    def get_public_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> asyncio.Future[models.PublicKey]:
        """An asymmetric key's public half."""
        return self._shared(
            ("get_public_key", key_id, key_version),
            lambda: self._api.get_public_key(key_id, key_version=key_version),
        )
