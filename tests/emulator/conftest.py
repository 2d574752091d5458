"""Shared fixtures for the emulator tests: a fresh demo state per test and ASGI clients over it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from skm_bot.emulator import (
    EmulatorCA,
    EmulatorState,
    demo_seed_path,
    make_app,
    state_from_seed_file,
)

APPKEY = "DemoAppKey000001"
ACCESS_ID = "DEMO-ACCESS-KEY-ID-NOT-REAL"
ACCESS_SECRET = "demo-secret-access-key-not-real"
V12_HEADERS = {"X-TC-AUTHENTICATION-ID": ACCESS_ID, "X-TC-AUTHENTICATION-SECRET": ACCESS_SECRET}

AES_KEY = "a0000000000000000000000000000001"  # demo-ipv4, versions 0 ACTIVE, 1 DISABLED, 2 ACTIVE
RSA_KEY = "b0000000000000000000000000000002"  # demo-ipv4-mac
SECRET_KEY = "c0000000000000000000000000000003"  # demo-ipv4
PENDING_KEY = "d0000000000000000000000000000004"  # demo-ipv4, pending deletion
CERT_SECRET_KEY = "e0000000000000000000000000000005"  # demo-certificate
DEMO_MAC = "aa:bb:cc:dd:ee:ff"
UNKNOWN_KEY = "f" * 32


def path(version: str, rest: str, appkey: str = APPKEY) -> str:
    """An SKM API path."""
    return f"/keymanager/{version}/appkey/{appkey}{rest}"


def skm_client(state: EmulatorState, ip: str = "127.0.0.1", **kwargs: Any) -> httpx.AsyncClient:
    """An httpx client talking to the app in-process, as if from `ip`."""
    transport = httpx.ASGITransport(app=make_app(state), client=(ip, 5000))
    return httpx.AsyncClient(transport=transport, base_url="http://skm.test", **kwargs)


def message(response: httpx.Response) -> str:
    """The envelope's resultMessage."""
    return str(response.json()["header"]["resultMessage"])


def body(response: httpx.Response) -> Any:
    """The envelope's body, asserting success."""
    payload = response.json()
    assert payload["header"]["isSuccessful"] is True, payload
    return payload["body"]


@pytest.fixture(scope="session")
def emulator_ca() -> EmulatorCA:
    return EmulatorCA.generate()


@pytest.fixture
def state(emulator_ca: EmulatorCA) -> EmulatorState:
    return state_from_seed_file(demo_seed_path(), ca=emulator_ca)
