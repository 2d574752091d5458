"""The seed file: a validated TOML description of the emulated project, built into a state."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from skm_bot.emulator.ca import EmulatorCA, mint_client_certificate
from skm_bot.emulator.errors import ErrorCode, ErrorKind, default_error_codes, error_kind_by_id
from skm_bot.emulator.model import (
    PENDING_DELETION_DAYS,
    AuthEntry,
    EntryState,
    Keystore,
    KeyType,
    Stamp,
    VersionState,
    normalise_mac,
    parse_ipv4_rule,
)
from skm_bot.emulator.state import EmulatorState


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedSettings(_Strict):
    """`[emulator]`: process-wide settings."""

    token_lifetime_seconds: int = Field(default=86400, ge=60, le=86400)
    deterministic_key_material: bool = False
    clock_offset_seconds: float = 0.0
    user: str = "emulator"


class SeedAccessKey(_Strict):
    """`[[user_access_keys]]`: a User Access Key ID and its secret."""

    id: str = Field(min_length=1)
    secret: str = Field(min_length=1)


class SeedEntry(_Strict):
    """`[[keystores.ipv4s]]` / `[[keystores.macs]]`."""

    value: str
    description: str = ""
    state: EntryState = EntryState.ACTIVE
    deletion_in_days: float = Field(default=PENDING_DELETION_DAYS, gt=0)
    last_access_hours_ago: float | None = Field(default=None, ge=0)


class SeedCertificate(_Strict):
    """`[[keystores.certificates]]`: issued by the emulator CA at start-up."""

    name: str = Field(min_length=1)
    password: str = Field(min_length=1)
    description: str = ""
    lifetime_days: int = Field(default=365, ge=1)
    # Issued this long before the emulator starts: 360 of 365 days gone expires in 5 days.
    issued_days_ago: float = Field(default=0, ge=0)
    state: EntryState = EntryState.ACTIVE


class SeedKeystore(_Strict):
    """`[[keystores]]`: at least one authentication method must be on."""

    id: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    ipv4_auth: bool = False
    mac_auth: bool = False
    certificate_auth: bool = False
    auth_mode: Literal["AND", "OR"] = "AND"
    ipv4s: list[SeedEntry] = []
    macs: list[SeedEntry] = []
    certificates: list[SeedCertificate] = []

    @model_validator(mode="after")
    def _check(self) -> SeedKeystore:
        if not (self.ipv4_auth or self.mac_auth or self.certificate_auth):
            raise ValueError(f"keystore {self.name!r}: enable at least one auth method")
        for entry in self.ipv4s:
            if parse_ipv4_rule(entry.value) is None:
                raise ValueError(f"keystore {self.name!r}: {entry.value!r} is not IPv4 or CIDR")
        for entry in self.macs:
            if normalise_mac(entry.value) is None:
                raise ValueError(f"keystore {self.name!r}: {entry.value!r} is not a MAC address")
        return self


class SeedVersion(_Strict):
    """`[[keys.versions]]`: numbered from 0 in order."""

    state: VersionState = VersionState.ACTIVE


class SeedKey(_Strict):
    """`[[keys]]`."""

    id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    keystore: str
    name: str = Field(min_length=1, max_length=100)
    type: KeyType
    description: str = ""
    auto_rotation_period: int = 0
    state: Literal["ACTIVE", "PENDING_DELETION"] = "ACTIVE"
    deletion_in_days: float = Field(default=PENDING_DELETION_DAYS, gt=0)
    last_access_hours_ago: float | None = Field(default=None, ge=0)
    secret_value: str = ""
    versions: list[SeedVersion] = Field(default_factory=lambda: [SeedVersion()], min_length=1)

    @field_validator("auto_rotation_period")
    @classmethod
    def _rotation(cls, value: int) -> int:
        if value != 0 and value < 30:
            raise ValueError("autoRotationPeriod is 0 (off) or at least 30 days")
        return value


class SeedError(_Strict):
    """`[errors.<kind id>]`: override the message, resultCode and/or HTTP status of one error."""

    message: str | None = None
    result_code: int | None = None
    http_status: int | None = Field(default=None, ge=100, le=599)


class Seed(_Strict):
    """The whole seed file."""

    emulator: SeedSettings = SeedSettings()
    appkeys: list[str] = Field(min_length=1)
    user_access_keys: list[SeedAccessKey] = []
    keystores: list[SeedKeystore] = []
    keys: list[SeedKey] = []
    errors: dict[str, SeedError] = {}

    @model_validator(mode="after")
    def _check_references(self) -> Seed:
        names = [store.name for store in self.keystores]
        ids = [store.id for store in self.keystores]
        if len(set(names)) != len(names) or len(set(ids)) != len(ids):
            raise ValueError("keystore names and ids must be unique")
        for key in self.keys:
            if key.keystore not in names:
                raise ValueError(f"key {key.name!r}: no keystore named {key.keystore!r}")
        key_ids = [key.id for key in self.keys if key.id]
        if len(set(key_ids)) != len(key_ids):
            raise ValueError("key ids must be unique")
        for kind_id in self.errors:
            error_kind_by_id(kind_id)
        return self


def demo_seed_path() -> Path:
    """The packaged demo seed (skm_bot/emulator/seeds/demo.toml)."""
    return Path(str(resources.files("skm_bot.emulator") / "seeds" / "demo.toml"))


def load_seed_file(path: Path) -> dict[str, Any]:
    """Parse a TOML seed file (validation happens in `state_from_seed`)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def state_from_seed(raw: Mapping[str, Any], *, ca: EmulatorCA | None = None) -> EmulatorState:
    """Validate a seed mapping and build its state (pydantic ValidationError when invalid)."""

    seed = Seed.model_validate(raw)
    settings = seed.emulator
    state = EmulatorState(
        appkeys=seed.appkeys,
        access_keys={item.id: item.secret for item in seed.user_access_keys},
        ca=ca,
        error_codes=_error_codes(seed.errors),
        token_lifetime_seconds=settings.token_lifetime_seconds,
        clock_offset=timedelta(seconds=settings.clock_offset_seconds),
        deterministic_material=settings.deterministic_key_material,
        user=settings.user,
    )
    for store in seed.keystores:
        _add_keystore(state, store)
    for key in seed.keys:
        _add_key(state, key)
    return state


def _error_codes(overrides: Mapping[str, SeedError]) -> dict[ErrorKind, ErrorCode]:
    table = default_error_codes()
    for kind_id, override in overrides.items():
        kind = error_kind_by_id(kind_id)
        base = table[kind]
        table[kind] = ErrorCode(
            override.message if override.message is not None else base.message,
            override.result_code if override.result_code is not None else base.result_code,
            override.http_status if override.http_status is not None else base.http_status,
        )
    return table


def _add_keystore(state: EmulatorState, seed: SeedKeystore) -> None:
    now = state.now()
    store = Keystore(
        keystore_id=seed.id,
        name=seed.name,
        description=seed.description,
        stamp=Stamp(state.user, now, state.user, now),
        ipv4_auth=seed.ipv4_auth,
        mac_auth=seed.mac_auth,
        certificate_auth=seed.certificate_auth,
        auth_mode=seed.auth_mode,
    )
    store.ipv4s = [_entry(item, now, state.user) for item in seed.ipv4s]
    store.macs = [_entry(item, now, state.user) for item in seed.macs]
    state.keystores[store.keystore_id] = store
    for cert in seed.certificates:
        issued = mint_client_certificate(
            state.ca,
            common_name=cert.name,
            lifetime_days=cert.lifetime_days,
            now=now - timedelta(days=cert.issued_days_ago),
        )
        entry = state.register_certificate(
            store, cert.name, cert.password, description=cert.description, issued=issued
        )
        if cert.state is EntryState.PENDING_DELETION:
            entry.state = cert.state
            entry.deletion_datetime = now + timedelta(days=PENDING_DELETION_DAYS)


def _entry(seed: SeedEntry, now: datetime, user: str) -> AuthEntry:
    pending = seed.state is EntryState.PENDING_DELETION
    return AuthEntry(
        value=seed.value,
        description=seed.description,
        stamp=Stamp(user, now, user, now),
        state=seed.state,
        deletion_datetime=now + timedelta(days=seed.deletion_in_days) if pending else None,
        last_access_datetime=_hours_before(now, seed.last_access_hours_ago),
    )


def _hours_before(now: datetime, hours: float | None) -> datetime | None:
    return None if hours is None else now - timedelta(hours=hours)


def _add_key(state: EmulatorState, seed: SeedKey) -> None:
    store = state.keystore_by_name(seed.keystore)
    assert store is not None  # checked by Seed._check_references
    key = state.create_key(
        store,
        seed.type,
        seed.name,
        description=seed.description,
        auto_rotation_period=seed.auto_rotation_period,
        secret_value=seed.secret_value,
        key_id=seed.id,
    )
    key.versions = [
        state.new_version(key, number, version.state, seed.secret_value)
        for number, version in enumerate(seed.versions)
    ]
    key.last_access_datetime = _hours_before(state.now(), seed.last_access_hours_ago)
    if seed.state == "PENDING_DELETION":
        state.schedule_key_deletion(key.key_id, state.now() + timedelta(days=seed.deletion_in_days))


def state_from_seed_file(path: Path | str, *, ca: EmulatorCA | None = None) -> EmulatorState:
    """Build a state from a TOML seed file."""
    return state_from_seed(load_seed_file(Path(path)), ca=ca)
