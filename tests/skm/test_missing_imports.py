"""
A live SKM call imports nothing that is missing.

httpcore imports `sniffio` whenever it makes a lock, several times a request; were it not
installed, every one of those imports would fail and search all of sys.path again. A finder
placed last on sys.meta_path is asked only for what no other finder has: the names it records
are imports that failed.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec

import httpx
import pytest

from skm_bot.emulator import demo_seed_path, serve_emulator, state_from_seed_file


class FailedImports:
    """Records every module name no finder before it could find."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        self.names.append(name)
        return None


@pytest.mark.anyio
async def test_calls_to_skm_import_nothing_that_is_missing():
    failed = FailedImports()
    state = state_from_seed_file(demo_seed_path())
    async with (
        serve_emulator(state) as server,
        httpx.AsyncClient(base_url=server.base_url) as client,
    ):
        await client.get("/")  # the first request loads what it needs
        sys.meta_path.append(failed)
        try:
            for _ in range(3):
                await client.get("/")
        finally:
            sys.meta_path.remove(failed)

    assert failed.names == []
