"""The live side of a diagnosis: an SKM client for a profile, opened and closed around the checks."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from skm_bot.profiles import Profile
from skm_bot.skm_api import SkmApi, api_from_profile

DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=3.0)


@dataclass(frozen=True)
class LiveTarget:
    """A profile and the SKM client that reaches it."""

    profile: Profile
    api: SkmApi


def tls_context(profile: Profile) -> ssl.SSLContext:
    """The TLS settings for a profile: its CA bundle when it names one, else the system's."""
    context = ssl.create_default_context(
        cafile=str(profile.ca_bundle) if profile.ca_bundle else None
    )
    return context


@asynccontextmanager
async def open_live_target(
    profile: Profile | None, *, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[LiveTarget | None]:
    """
    Yield a LiveTarget for `profile` (None when there is no profile: the diagnosis is offline).

    `transport` lets tests and the demo route the client to an in-process emulator.
    """
    if profile is None:
        yield None
        return
    async with httpx.AsyncClient(
        verify=tls_context(profile), timeout=DEFAULT_TIMEOUT, transport=transport
    ) as client:
        yield LiveTarget(profile=profile, api=api_from_profile(profile, client))
