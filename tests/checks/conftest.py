"""Fixtures shared by the check tests: the anyio backend, an emulated SKM project, contexts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from skm_bot.checks.context import CheckContext
from skm_bot.core.facts import Facts
from skm_bot.core.profile import Profile
from skm_bot.emulator import state_from_seed
from skm_bot.skm.client import SkmApi
from skm_bot.skm.from_profile import api_from_profile

CANARY = "CANARY-secret-access-key-7f3a"
APPKEY = "qTQNj7LyHhdAazH3"
BOT_IP = "203.0.113.7"

SYM = "5a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d"
ASYM = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
SECRET = "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"
PENDING = "c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3"
ELSEWHERE = "d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4"
MISSING = "e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5"


def seed() -> dict[str, Any]:
    """A small project: keystore 1 (IPv4 + MAC) with every key kind, keystore 2 (IPv4)."""
    return {
        "emulator": {"deterministic_key_material": True},
        "appkeys": [APPKEY],
        "user_access_keys": [{"id": "AKID", "secret": CANARY}],
        "keystores": [
            {
                "id": 1,
                "name": "main",
                "ipv4_auth": True,
                "mac_auth": True,
                "ipv4s": [
                    {"value": BOT_IP},
                    {"value": "198.51.100.0/24"},
                    {"value": "192.0.2.10", "state": "PENDING_DELETION"},
                ],
                "macs": [
                    {"value": "aa:bb:cc:dd:ee:ff"},
                    {"value": "11-22-33-44-55-66"},
                    {"value": "de:ad:be:ef:00:01", "state": "PENDING_DELETION"},
                ],
            },
            {"id": 2, "name": "other", "ipv4_auth": True, "ipv4s": [{"value": BOT_IP}]},
        ],
        "keys": [
            {
                "id": SYM,
                "keystore": "main",
                "name": "sym",
                "type": "SYMMETRIC_KEY",
                "versions": [
                    {"state": "ACTIVE"},
                    {"state": "DISABLED"},
                    {"state": "DELETED"},
                    {"state": "ACTIVE"},
                ],
            },
            {"id": ASYM, "keystore": "main", "name": "asym", "type": "ASYMMETRIC_KEY"},
            {
                "id": SECRET,
                "keystore": "main",
                "name": "db",
                "type": "SECRET",
                "secret_value": "pw",
            },
            {
                "id": PENDING,
                "keystore": "main",
                "name": "old",
                "type": "SYMMETRIC_KEY",
                "state": "PENDING_DELETION",
            },
            {"id": ELSEWHERE, "keystore": "other", "name": "far", "type": "SYMMETRIC_KEY"},
        ],
    }


@pytest.fixture
def state():
    """A fresh emulated project per test."""

    return state_from_seed(seed())


def profile(**overrides: Any) -> Profile:
    """The test project's v1.2 profile, with overrides."""
    values: dict[str, Any] = {
        "name": "test",
        "endpoint": "http://skm.test",
        "api_version": "v1.2",
        "appkey": APPKEY,
        "access_key_id": "AKID",
        "secret_access_key": SecretStr(CANARY),
        "token_endpoint": "http://skm.test",
        "client_mac": "aa:bb:cc:dd:ee:ff",
    }
    values.update(overrides)
    return Profile(**values)


MakeCtx = Callable[..., CheckContext]


@pytest.fixture
def make_ctx(state) -> MakeCtx:
    """Build a CheckContext whose SkmApi talks to the emulator over ASGI (no socket)."""
    return emulated(state)


def emulated(state) -> MakeCtx:
    """The `make_ctx` of any emulated project, for a test that needs several of them."""
    from skm_bot.emulator.app import make_app

    def build(
        *, bot_ip: str = BOT_IP, profile_overrides: dict[str, Any] | None = None, **facts: Any
    ) -> CheckContext:
        chosen = profile(**(profile_overrides or {}))
        transport = httpx.ASGITransport(app=make_app(state), client=(bot_ip, 5000))
        client = httpx.AsyncClient(transport=transport, base_url="http://skm.test")
        api: SkmApi = api_from_profile(chosen, client)
        # The emulator's Date header follows the wall clock, so `now` does too.
        return CheckContext(facts=Facts(**facts), now=datetime.now(UTC), profile=chosen, api=api)

    return build
