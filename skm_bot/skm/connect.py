"""The live side of a diagnosis: an SKM client for a profile, opened and closed around the checks."""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import httpx

from skm_bot.certs.bounded_read import read_regular_file
from skm_bot.certs.handshake import ClientCredentials, client_context
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES
from skm_bot.certs.load import load_bundle
from skm_bot.core.profile import Profile
from skm_bot.skm.client import SkmApi
from skm_bot.skm.from_profile import api_from_profile

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=3.0)


@dataclass(frozen=True)
class LiveTarget:
    """A profile and the SKM client that reaches it."""

    profile: Profile
    api: SkmApi


def client_credentials(profile: Profile) -> ClientCredentials | None:
    """
    The profile's client certificate and key, or None when it names none or it cannot be read.

    A certificate that cannot be loaded is not an error here: the checks still run without it,
    and `cert.inspect` says exactly what is wrong with the file.
    """
    if profile.certificate_path is None:
        return None
    password = profile.certificate_password
    try:
        data = read_regular_file(profile.certificate_path, limit=MAX_CERTIFICATE_FILE_BYTES).data
    except OSError as exc:
        log.warning("cannot read the certificate of profile %s: %s", profile.name, exc.strerror)
        return None
    loaded = load_bundle(
        data,
        filename=profile.certificate_path.name,
        password=password.get_secret_value().encode() if password else None,
    )
    return ClientCredentials.from_bundle(loaded.bundle) if loaded.bundle else None


def tls_context(profile: Profile) -> ssl.SSLContext:
    """
    Trust the profile's CA bundle (else the system's) and present its client certificate.

    Loading trust stores costs tens of milliseconds, so a context is kept per profile and
    rebuilt only when the certificate file changes.
    """
    return _cached_tls_context(profile, _modified(profile.certificate_path))


def _modified(path: Path | None) -> float | None:
    try:
        return path.stat().st_mtime if path is not None else None
    except OSError:
        return None


@lru_cache(maxsize=32)
def _cached_tls_context(profile: Profile, certificate_mtime: float | None) -> ssl.SSLContext:
    credentials = client_credentials(profile)
    try:
        return client_context(credentials, ca_bundle=profile.ca_bundle)
    except ssl.SSLError as exc:
        # This machine's OpenSSL refuses the certificate (a weak key or hash): go without it.
        log.warning(
            "client certificate of profile %s refused locally: %s", profile.name, exc.reason
        )
        return client_context(None, ca_bundle=profile.ca_bundle)


@asynccontextmanager
async def open_live_target(
    profile: Profile | None, *, transport: httpx.AsyncBaseTransport | None = None
) -> AsyncIterator[LiveTarget | None]:
    """
    Yield a LiveTarget for `profile` (None when there is no profile: the diagnosis is offline).

    `transport` lets tests route the client to an in-process emulator.
    """
    if profile is None:
        yield None
        return
    async with httpx.AsyncClient(
        verify=tls_context(profile), timeout=DEFAULT_TIMEOUT, transport=transport
    ) as client:
        yield LiveTarget(profile=profile, api=api_from_profile(profile, client))
