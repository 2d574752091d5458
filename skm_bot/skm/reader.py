"""SkmReader: the read-only face of the SKM client that the checks are given."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import httpx

    from skm_bot.skm import models
    from skm_bot.skm.client import KeyStatus, KeyType, Ping


class SkmReader(Protocol):
    """
    The calls that only read from SKM, as SkmApi makes them.

    SkmApi satisfies it, and so does MemoSkmApi, which shares identical calls among the checks
    of one diagnosis. No method here changes anything in SKM, so any call may be repeated,
    shared or made early. Each returns an awaitable (SkmApi's coroutines, MemoSkmApi's futures,
    whose request is under way as soon as the method returns).
    """

    @property
    def appkey(self) -> str: ...

    @property
    def auth(self) -> httpx.Auth: ...

    def ping(self) -> Awaitable[Ping]: ...

    def confirm(self) -> Awaitable[models.Confirm]: ...

    def list_keystores(self) -> Awaitable[list[models.Keystore]]: ...

    def get_keystore(self, keystore_id: int) -> Awaitable[models.Keystore]: ...

    def list_keys(
        self,
        keystore_id: int,
        *,
        page_number: int = 1,
        page_size: int = 100,
        key_type: KeyType | None = None,
        status: KeyStatus | None = None,
    ) -> Awaitable[models.KeyPage]: ...

    def list_all_keys(
        self, keystore_id: int, *, max_pages: int = 20, status: KeyStatus | None = None
    ) -> Awaitable[list[models.KeyInfo]]: ...

    def get_key(self, keystore_id: int, key_id: str) -> Awaitable[models.KeyInfo]: ...

    def list_ipv4s(self, keystore_id: int) -> Awaitable[list[models.AuthEntry]]: ...

    def list_macs(self, keystore_id: int) -> Awaitable[list[models.AuthEntry]]: ...

    def list_certificates(self, keystore_id: int) -> Awaitable[list[models.CertificateEntry]]: ...

    def get_symmetric_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> Awaitable[models.SymmetricKey]: ...

    def get_public_key(
        self, key_id: str, *, key_version: int | None = None
    ) -> Awaitable[models.PublicKey]: ...
