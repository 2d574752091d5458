"""EmulatorState: the in-memory SKM project (credentials, keystores, keys), faults and clock."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from skm_bot.emulator import crypto
from skm_bot.emulator.ca import EmulatorCA, IssuedCertificate, mint_client_certificate
from skm_bot.emulator.errors import ErrorCode, ErrorKind, default_error_codes
from skm_bot.emulator.faults import Fault
from skm_bot.emulator.model import (
    PENDING_DELETION_DAYS,
    CertificateEntry,
    EntryState,
    Key,
    KeyState,
    Keystore,
    KeyType,
    KeyVersion,
    Stamp,
    VersionState,
)

Clock = Callable[[], datetime]


def _wall_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Token:
    """An issued bearer token."""

    access_key_id: str
    expires_at: datetime


class EmulatorState:
    """Everything the emulator knows; shared by the app, the admin path and tests.

    Build it from a seed with `seed.state_from_seed_file(path)` / `seed.state_from_seed(mapping)`
    (see docs/emulator.md), or directly.
    Mutators take `lock`, so tests may change the state while a server thread is serving.
    `now()` is the wall clock (or `clock`) plus `clock_offset`; it drives the `Date` header,
    deletion dates, token expiry and certificate validity checks.
    """

    def __init__(
        self,
        *,
        appkeys: list[str],
        access_keys: Mapping[str, str] | None = None,
        keystores: list[Keystore] | None = None,
        keys: list[Key] | None = None,
        ca: EmulatorCA | None = None,
        error_codes: Mapping[ErrorKind, ErrorCode] | None = None,
        token_lifetime_seconds: int = 86400,
        clock: Clock = _wall_clock,
        clock_offset: timedelta = timedelta(0),
        deterministic_material: bool = False,
        user: str = "emulator",
    ) -> None:
        self.lock = threading.RLock()
        self.appkeys = list(appkeys)
        self.access_keys = dict(access_keys or {})
        self.keystores = {store.keystore_id: store for store in keystores or []}
        self.keys = {key.key_id: key for key in keys or []}
        self.error_codes = {**default_error_codes(), **(error_codes or {})}
        self.token_lifetime_seconds = token_lifetime_seconds
        self.tokens: dict[str, Token] = {}
        self.faults: list[Fault] = []
        self.clock = clock
        self.clock_offset = clock_offset
        self.deterministic_material = deterministic_material
        self.user = user
        self._ca = ca

    @property
    def ca(self) -> EmulatorCA:
        """The emulator CA (created on first use unless one was given)."""
        if self._ca is None:
            self._ca = EmulatorCA.generate()
        return self._ca

    def now(self) -> datetime:
        """The emulator's notion of now (timezone-aware UTC)."""
        return self.clock() + self.clock_offset

    def set_clock_offset(self, offset: timedelta) -> None:
        """Skew the emulator's clock (and its Date header) by `offset`."""
        self.clock_offset = offset

    def error_code(self, kind: ErrorKind) -> ErrorCode:
        """The wire message, resultCode and HTTP status for `kind`."""
        return self.error_codes[kind]

    # --- credentials -------------------------------------------------------------------------

    def access_key_valid(self, key_id: str, secret: str) -> bool:
        """Whether this User Access Key ID and secret match."""
        expected = self.access_keys.get(key_id)
        return expected is not None and secrets.compare_digest(expected, secret)

    def issue_token(self, access_key_id: str) -> tuple[str, int]:
        """A new bearer token for an access key, and its lifetime in seconds."""
        token = secrets.token_urlsafe(32)
        expiry = self.now() + timedelta(seconds=self.token_lifetime_seconds)
        with self.lock:
            self.tokens[token] = Token(access_key_id, expiry)
        return token, self.token_lifetime_seconds

    def token_valid(self, token: str) -> bool:
        """Whether `token` was issued here and has not expired or been revoked."""
        record = self.tokens.get(token)
        return record is not None and record.expires_at > self.now()

    def revoke_token(self, token: str) -> None:
        """Forget a token."""
        with self.lock:
            self.tokens.pop(token, None)

    # --- lookups ------------------------------------------------------------------------------

    def keystore_by_name(self, name: str) -> Keystore | None:
        """The enabled keystore with this name."""
        return next((s for s in self.keystores.values() if s.name == name and s.enabled), None)

    def key(self, key_id: str) -> Key | None:
        """The key with this ID unless it has been deleted."""
        key = self.keys.get(key_id)
        return None if key is None or key.state is KeyState.DELETED else key

    def require_key(self, key_id: str) -> Key:
        """The key with this ID, KeyError when unknown or deleted (for the admin path and tests)."""
        key = self.key(key_id)
        if key is None:
            raise KeyError(key_id)
        return key

    def keys_in(self, keystore_id: int) -> list[Key]:
        """The live keys of a keystore, in creation order."""
        return [
            k for k in self.keys.values() if k.keystore_id == keystore_id and self.key(k.key_id)
        ]

    def purge_expired(self) -> None:
        """Finish deletions whose 7-day wait is over (keys and auth entries)."""
        now = self.now()
        with self.lock:
            for key in self.keys.values():
                if key.state is KeyState.PENDING_DELETION and _due(key.deletion_datetime, now):
                    key.state = KeyState.DELETED
            for store in self.keystores.values():
                store.ipv4s = [e for e in store.ipv4s if not _entry_due(e, now)]
                store.macs = [e for e in store.macs if not _entry_due(e, now)]
                store.certificates = [e for e in store.certificates if not _entry_due(e, now)]

    # --- key life cycle ----------------------------------------------------------------------

    def new_version(
        self, key: Key, number: int, state: VersionState, secret: str = ""
    ) -> KeyVersion:
        """Material for version `number` of `key` (RSA keys are made lazily)."""
        version = KeyVersion(number, state)
        if key.key_type is KeyType.SYMMETRIC_KEY:
            seed_text = f"{key.key_id}:{number}" if self.deterministic_material else None
            version.material = crypto.new_symmetric_material(seed_text)
        elif key.key_type is KeyType.SECRET:
            version.material = secret.encode()
        return version

    def create_key(
        self,
        keystore: Keystore,
        key_type: KeyType,
        name: str,
        *,
        description: str = "",
        auto_rotation_period: int = 0,
        secret_value: str = "",
        key_id: str | None = None,
    ) -> Key:
        """Add a key with an ACTIVE version 0; the ID is 32 lower-case hex characters."""
        now = self.now()
        key = Key(
            key_id=key_id or uuid.uuid4().hex,
            keystore_id=keystore.keystore_id,
            name=name,
            description=description,
            key_type=key_type,
            versions=[],
            stamp=Stamp(self.user, now, self.user, now),
            auto_rotation_period=auto_rotation_period,
        )
        key.versions.append(self.new_version(key, 0, VersionState.ACTIVE, secret_value))
        with self.lock:
            self.keys[key.key_id] = key
        return key

    def rotate_key(self, key_id: str, secret_value: str | None = None) -> KeyVersion:
        """Add the next version (ACTIVE) to a key, keeping its ID; the console's "rotate now"."""
        with self.lock:
            key = self.require_key(key_id)
            version = self.new_version(key, key.versions[-1].number + 1, VersionState.ACTIVE)
            if key.key_type is KeyType.SECRET:
                keep = key.current.material
                version.material = keep if secret_value is None else secret_value.encode()
            key.versions.append(version)
            key.stamp.touch(self.user, self.now())
            return version

    def set_version_state(self, key_id: str, number: int, state: VersionState) -> None:
        """Change one version's state (KeyError when the key or version does not exist)."""
        with self.lock:
            version = self.require_key(key_id).version(number)
            if version is None:
                raise KeyError(f"{key_id} version {number}")
            version.state = state

    def schedule_key_deletion(self, key_id: str, when: datetime | None = None) -> datetime:
        """Move a key to PENDING_DELETION, purged at `when` (default: in 7 days)."""
        with self.lock:
            key = self.require_key(key_id)
            key.state = KeyState.PENDING_DELETION
            key.deletion_datetime = when or self.now() + timedelta(days=PENDING_DELETION_DAYS)
            return key.deletion_datetime

    def cancel_key_deletion(self, key_id: str) -> None:
        """Return a key pending deletion to ACTIVE."""
        with self.lock:
            key = self.require_key(key_id)
            key.state = KeyState.ACTIVE
            key.deletion_datetime = None

    def delete_key_now(self, key_id: str) -> None:
        """Delete a key immediately (the API allows this only from PENDING_DELETION)."""
        with self.lock:
            self.require_key(key_id).state = KeyState.DELETED

    # --- certificates and faults -------------------------------------------------------------

    def register_certificate(
        self,
        keystore: Keystore,
        name: str,
        password: str,
        *,
        lifetime_days: int = 365,
        description: str = "",
        issued: IssuedCertificate | None = None,
    ) -> CertificateEntry:
        """Issue (or take `issued`) a client certificate and register it to `keystore`."""
        now = self.now()
        cert = issued or mint_client_certificate(
            self.ca, common_name=name, lifetime_days=lifetime_days, now=now
        )
        entry = CertificateEntry(
            name=name,
            password=password,
            description=description,
            certificate_pem=cert.cert_pem,
            fingerprint_sha256=cert.fingerprint_sha256,
            expiration=cert.certificate.not_valid_after_utc,
            pkcs12=cert.pkcs12(password, name),
            stamp=Stamp(self.user, now, self.user, now),
        )
        with self.lock:
            keystore.certificates.append(entry)
        return entry

    def add_fault(self, fault: Fault) -> None:
        """Inject a fault (see faults.FaultKind)."""
        with self.lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        """Remove every fault."""
        with self.lock:
            self.faults.clear()

    def new_keystore_id(self) -> int:
        """The next free keystore ID."""
        return max(self.keystores, default=0) + 1


def _due(when: datetime | None, now: datetime) -> bool:
    return when is not None and when <= now


def _entry_due(entry: Any, now: datetime) -> bool:
    return bool(entry.state is EntryState.PENDING_DELETION and _due(entry.deletion_datetime, now))
