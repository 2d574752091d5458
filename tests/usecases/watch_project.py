"""
An SKM project for the watch tests: what it should find, and a profile to watch it with.

Keystore 1 ("main"): a key pending deletion used an hour ago, one pending but unused, an active
key, two IPv4 entries and a certificate expiring in 5 days. Keystore 2 ("other"): one key.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from pydantic import SecretStr

from skm_bot.core.profile import Profile
from skm_bot.emulator import EmulatorState, make_app, state_from_seed

APPKEY = "WatchAppKey00001"
ACCESS_ID = "WATCH-AKID"
# A canary: it must never appear in anything the watch prints, keeps or posts.
SECRET = "CANARY-watch-secret-5e1f"
BOT_IP = "203.0.113.7"
IN_USE = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
UNUSED = "c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4c4"
ACTIVE = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
FAR = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4"


def seed() -> dict[str, Any]:
    """The project, relative to the emulator's clock when it is built."""
    return {
        "appkeys": [APPKEY],
        "user_access_keys": [{"id": ACCESS_ID, "secret": SECRET}],
        "keystores": [
            {
                "id": 1,
                "name": "main",
                "ipv4_auth": True,
                "ipv4s": [{"value": BOT_IP}, {"value": "198.51.100.0/24"}],
                "certificates": [
                    {"name": "app", "password": "pw", "lifetime_days": 365, "issued_days_ago": 360}
                ],
            },
            {"id": 2, "name": "other", "ipv4_auth": True, "ipv4s": [{"value": BOT_IP}]},
        ],
        "keys": [
            {
                "id": IN_USE,
                "keystore": "main",
                "name": "old",
                "type": "SYMMETRIC_KEY",
                "state": "PENDING_DELETION",
                "deletion_in_days": 5,
                "last_access_hours_ago": 1,
            },
            {
                "id": UNUSED,
                "keystore": "main",
                "name": "unused",
                "type": "SYMMETRIC_KEY",
                "state": "PENDING_DELETION",
            },
            {
                "id": ACTIVE,
                "keystore": "main",
                "name": "live",
                "type": "SECRET",
                "secret_value": "x",
                "last_access_hours_ago": 1,
            },
            {"id": FAR, "keystore": "other", "name": "far", "type": "SYMMETRIC_KEY"},
        ],
    }


def project() -> EmulatorState:
    """A fresh copy of the project."""
    return state_from_seed(seed())


def transport(state: EmulatorState) -> httpx.AsyncBaseTransport:
    """The emulator in-process (no socket), seen as called from the bot's address."""
    return httpx.ASGITransport(app=make_app(state), client=(BOT_IP, 5000))


def watch_profile(endpoint: str, **overrides: Any) -> Profile:
    """The project's v1.2 profile at `endpoint`, watching keystores 1 and 2."""
    values: dict[str, Any] = {
        "name": "watched",
        "endpoint": endpoint,
        "api_version": "v1.2",
        "appkey": APPKEY,
        "access_key_id": ACCESS_ID,
        "secret_access_key": SecretStr(SECRET),
        "keystore_ids": (1, 2),
        **overrides,
    }
    return Profile(**values)


@asynccontextmanager
async def loopback() -> AsyncIterator[str]:
    """
    A TCP listener on 127.0.0.1 that accepts and closes, as an http:// endpoint: skm.reachable's
    DNS and TCP steps pass on it while the SKM calls themselves go to the in-process emulator.
    """

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with server:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
