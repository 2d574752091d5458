"""The SKM emulator: a local NHN Cloud Secure Key Manager API (standalone: no other skm_bot import).

Public API:
    state_from_seed_file(path) / state_from_seed(mapping) -> the emulated project (EmulatorState)
    make_app(state) -> Starlette ASGI app (use with httpx.ASGITransport)
    serve_emulator(state, tls=False, ...) -> EmulatorServer (`with` / `async with`; .base_url)
    EmulatorCA, mint_client_certificate(ca, kind=...) -> IssuedCertificate (.cert_pem, .pkcs12())
    demo_seed_path() -> the packaged demo seed
"""

from __future__ import annotations

from skm_bot.emulator.app import make_app
from skm_bot.emulator.ca import (
    ClientCertKind,
    EmulatorCA,
    IssuedCertificate,
    mint_client_certificate,
)
from skm_bot.emulator.errors import ErrorCode, ErrorKind
from skm_bot.emulator.faults import Fault, FaultKind
from skm_bot.emulator.model import KeyState, KeyType, VersionState
from skm_bot.emulator.seed import demo_seed_path, state_from_seed, state_from_seed_file
from skm_bot.emulator.server import EmulatorServer, serve_emulator
from skm_bot.emulator.state import EmulatorState

__all__ = [
    "ClientCertKind",
    "EmulatorCA",
    "EmulatorServer",
    "EmulatorState",
    "ErrorCode",
    "ErrorKind",
    "Fault",
    "FaultKind",
    "IssuedCertificate",
    "KeyState",
    "KeyType",
    "VersionState",
    "demo_seed_path",
    "make_app",
    "mint_client_certificate",
    "serve_emulator",
    "state_from_seed",
    "state_from_seed_file",
]
