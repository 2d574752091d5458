"""Write endpoints: keys, auth entries and keystores (create, update, delete)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from skm_bot.emulator.calls import Call, timestamp
from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.model import (
    PENDING_DELETION_DAYS,
    AuthEntry,
    AuthKind,
    CertificateEntry,
    EntryState,
    KeyState,
    Keystore,
    KeyType,
    Stamp,
    normalise_mac,
    parse_ipv4_rule,
)
from skm_bot.emulator.router import V12_UP, V13, Route
from skm_bot.emulator.routes_listing import keystore_fields, keystore_from_path


def _keystore_named(call: Call) -> Keystore:
    store = call.state.keystore_by_name(call.text("keyStoreName"))
    if store is None:
        raise SkmError(ErrorKind.INVALID_KEYSTORE)
    return store


def _create_key(call: Call, key_type: KeyType) -> dict[str, Any]:
    store = _keystore_named(call)
    name = call.text("name", max_length=100)
    description = call.text("description", required=False, max_length=1000)
    period = 0
    secret = ""
    if key_type is KeyType.SECRET:
        secret = call.text("secretValue")
    else:
        period = call.number("autoRotationPeriod", default=0)
        if period != 0 and period < 30:
            raise SkmError(ErrorKind.INVALID_PARAMETER, "autoRotationPeriod is 0 or >= 30")
    key = call.state.create_key(
        store,
        key_type,
        name,
        description=description,
        auto_rotation_period=period,
        secret_value=secret,
    )
    key.stamp = Stamp(
        call.user, key.stamp.creation_datetime, call.user, key.stamp.creation_datetime
    )
    return {"keyId": key.key_id, "keyStatus": key.state.value}


def create_secret(call: Call) -> dict[str, Any]:
    """POST /keys/secrets/create."""
    return _create_key(call, KeyType.SECRET)


def create_symmetric(call: Call) -> dict[str, Any]:
    """POST /keys/symmetric-keys/create."""
    return _create_key(call, KeyType.SYMMETRIC_KEY)


def create_asymmetric(call: Call) -> dict[str, Any]:
    """POST /keys/asymmetric-keys/create."""
    return _create_key(call, KeyType.ASYMMETRIC_KEY)


def schedule_key_deletion(call: Call) -> dict[str, Any]:
    """PUT /keys/{keyid}/delete: ACTIVE -> pending deletion for 7 days."""
    key = call.state.key(call.params["keyid"])
    if key is None:
        raise SkmError(ErrorKind.INVALID_KEY_ID)
    if key.state is not KeyState.ACTIVE:
        raise SkmError(ErrorKind.INVALID_KEY_STATUS, "the key is already pending deletion")
    when = call.state.schedule_key_deletion(key.key_id)
    return {"keyId": key.key_id, "deletionDateTime": timestamp(when)}


def delete_key_now(call: Call) -> dict[str, Any]:
    """DELETE /keys/{keyid}: only a key pending deletion may be deleted at once."""
    key = call.state.key(call.params["keyid"])
    if key is None:
        raise SkmError(ErrorKind.INVALID_KEY_ID)
    if key.state is not KeyState.PENDING_DELETION:
        raise SkmError(ErrorKind.INVALID_KEY_STATUS, "the key is not pending deletion")
    call.state.delete_key_now(key.key_id)
    return {"keyId": key.key_id, "deletionDateTime": timestamp(call.state.now())}


def _entries(store: Keystore, kind: AuthKind) -> list[AuthEntry]:
    return store.ipv4s if kind is AuthKind.IPV4 else store.macs


def _same(kind: AuthKind, left: str, right: str) -> bool:
    if kind is AuthKind.MAC:
        return normalise_mac(left) == normalise_mac(right)
    return parse_ipv4_rule(left) == parse_ipv4_rule(right)


def _add_value(call: Call, kind: AuthKind) -> dict[str, Any]:
    store = _keystore_named(call)
    value = call.text("value")
    description = call.text("description", required=False, max_length=1000)
    valid = normalise_mac(value) if kind is AuthKind.MAC else parse_ipv4_rule(value)
    if valid is None:
        raise SkmError(ErrorKind.INVALID_PARAMETER, f"{value!r} is not a valid {kind.value[:-1]}")
    entries = _entries(store, kind)
    if any(_same(kind, entry.value, value) for entry in entries):
        raise SkmError(ErrorKind.INVALID_AUTH_VALUE, f"{value!r} is already registered")
    now = call.state.now()
    entries.append(AuthEntry(value, description, Stamp(call.user, now, call.user, now)))
    return {"value": value, "description": description}


def add_ipv4(call: Call) -> dict[str, Any]:
    """POST /auths/ipv4s (address or CIDR)."""
    return _add_value(call, AuthKind.IPV4)


def add_mac(call: Call) -> dict[str, Any]:
    """POST /auths/macs."""
    return _add_value(call, AuthKind.MAC)


def add_certificate(call: Call) -> dict[str, Any]:
    """POST /auths/certificates: the emulator CA issues it; the admin path hands out the .p12."""
    store = _keystore_named(call)
    name = call.text("name", max_length=100)
    password = call.text("password", max_length=1024)
    lifetime = call.number("lifeTime", default=365)
    description = call.text("description", required=False, max_length=1000)
    if lifetime < 1:
        raise SkmError(ErrorKind.INVALID_PARAMETER, "lifeTime is at least 1 day")
    if any(entry.name == name for entry in store.certificates):
        raise SkmError(ErrorKind.INVALID_AUTH_VALUE, f"{name!r} is already registered")
    call.state.register_certificate(
        store, name, password, lifetime_days=lifetime, description=description
    )
    return {"name": name, "description": description}


def _find_entry(call: Call, kind: AuthKind) -> tuple[str, AuthEntry | CertificateEntry, Keystore]:
    store = _keystore_named(call)
    if kind is AuthKind.CERTIFICATE:
        name = call.text("name")
        cert = next((e for e in store.certificates if e.name == name), None)
        if cert is None:
            raise SkmError(ErrorKind.INVALID_AUTH_VALUE, f"no certificate named {name!r}")
        return name, cert, store
    value = call.text("value")
    entry = next((e for e in _entries(store, kind) if _same(kind, e.value, value)), None)
    if entry is None:
        raise SkmError(ErrorKind.INVALID_AUTH_VALUE, f"{value!r} is not registered")
    return value, entry, store


def _field(kind: AuthKind) -> str:
    return "name" if kind is AuthKind.CERTIFICATE else "value"


def schedule_auth_deletion(call: Call) -> dict[str, Any]:
    """PUT /auths/{kind}/delete: the entry stops authorising and is purged in 7 days."""
    kind = AuthKind(call.params["kind"])
    label, entry, _ = _find_entry(call, kind)
    if entry.state is not EntryState.ACTIVE:
        raise SkmError(ErrorKind.INVALID_AUTH_STATUS, "already pending deletion")
    entry.state = EntryState.PENDING_DELETION
    entry.deletion_datetime = call.state.now() + timedelta(days=PENDING_DELETION_DAYS)
    return {_field(kind): label, "deletionDateTime": timestamp(entry.deletion_datetime)}


def delete_auth_now(call: Call) -> dict[str, Any]:
    """POST /auths/{kind}/delete: only an entry pending deletion may be deleted at once."""
    kind = AuthKind(call.params["kind"])
    label, entry, store = _find_entry(call, kind)
    if entry.state is not EntryState.PENDING_DELETION:
        raise SkmError(ErrorKind.INVALID_AUTH_STATUS, "not pending deletion")
    if isinstance(entry, CertificateEntry):
        store.certificates.remove(entry)
    else:
        _entries(store, kind).remove(entry)
    return {_field(kind): label, "deletionDateTime": timestamp(call.state.now())}


def _keystore_settings(call: Call, store: Keystore) -> None:
    store.name = call.text("name", max_length=100)
    store.description = call.text("description", required=False, max_length=1000)
    flags = [
        call.text(f, required=False) or "N"
        for f in ("ip4AuthUse", "macAuthUse", "certificateAuthUse")
    ]
    if any(flag not in ("Y", "N") for flag in flags) or "Y" not in flags:
        raise SkmError(ErrorKind.INVALID_PARAMETER, "auth use flags are Y/N, at least one Y")
    store.ipv4_auth, store.mac_auth, store.certificate_auth = (flag == "Y" for flag in flags)
    mode = call.text("authMode", required=False) or "AND"
    if mode not in ("AND", "OR"):
        raise SkmError(ErrorKind.INVALID_PARAMETER, "authMode is AND or OR")
    store.auth_mode = mode


def create_keystore(call: Call) -> dict[str, Any]:
    """POST /keystores (v1.3, as in the ngoic/ngovc guides)."""
    state = call.state
    now = state.now()
    store = Keystore(state.new_keystore_id(), "", "", Stamp(call.user, now, call.user, now))
    _keystore_settings(call, store)
    if state.keystore_by_name(store.name) is not None:
        raise SkmError(ErrorKind.INVALID_PARAMETER, f"keystore {store.name!r} exists")
    state.keystores[store.keystore_id] = store
    return keystore_fields(store)


def update_keystore(call: Call) -> None:
    """PUT /keystores/{id}: a full replacement; body null."""
    store = keystore_from_path(call)
    _keystore_settings(call, store)
    store.stamp.touch(call.user, call.state.now())


def delete_keystore(call: Call) -> None:
    """DELETE /keystores/{id}: disables it (its keys answer Invalid Key Status); body null."""
    store = keystore_from_path(call)
    store.enabled = False
    store.stamp.touch(call.user, call.state.now())


ROUTES = [
    Route("POST", "/keys/secrets/create", V12_UP, create_secret),
    Route("POST", "/keys/symmetric-keys/create", V12_UP, create_symmetric),
    Route("POST", "/keys/asymmetric-keys/create", V12_UP, create_asymmetric),
    Route("PUT", "/keys/{keyid}/delete", V12_UP, schedule_key_deletion),
    Route("DELETE", "/keys/{keyid}", V12_UP, delete_key_now),
    Route("POST", "/auths/ipv4s", V12_UP, add_ipv4),
    Route("POST", "/auths/macs", V12_UP, add_mac),
    Route("POST", "/auths/certificates", V12_UP, add_certificate),
    Route("PUT", "/auths/{kind:ipv4s|macs|certificates}/delete", V12_UP, schedule_auth_deletion),
    Route("POST", "/auths/{kind:ipv4s|macs|certificates}/delete", V12_UP, delete_auth_now),
    Route("POST", "/keystores", V13, create_keystore),
    Route("PUT", "/keystores/{keystoreid}", V13, update_keystore),
    Route("DELETE", "/keystores/{keystoreid}", V13, delete_keystore),
]
