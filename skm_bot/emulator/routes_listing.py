"""Read-only management endpoints: keystores, their keys, and their IPv4/MAC/certificate entries."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from skm_bot.emulator.calls import Call, timestamp
from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.model import (
    AuthEntry,
    CertificateEntry,
    Key,
    KeyState,
    Keystore,
    KeyType,
    Stamp,
    normalise_mac,
    parse_ipv4_rule,
)
from skm_bot.emulator.router import ALL_VERSIONS, Route

PAGE_SIZE_MIN, PAGE_SIZE_MAX = 10, 100


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


def _stamp_fields(stamp: Stamp) -> dict[str, Any]:
    return {
        "creationUser": stamp.creation_user,
        "creationDatetime": timestamp(stamp.creation_datetime),
        "lastChangeUser": stamp.last_change_user,
        "lastChangeDatetime": timestamp(stamp.last_change_datetime),
    }


def keystore_fields(store: Keystore) -> dict[str, Any]:
    """One keystore as the list and detail endpoints show it."""
    return {
        "keyStoreId": store.keystore_id,
        "name": store.name,
        "description": store.description,
        "ip4AuthUse": _yn(store.ipv4_auth),
        "macAuthUse": _yn(store.mac_auth),
        "certificateAuthUse": _yn(store.certificate_auth),
        "authMode": store.auth_mode,
        **_stamp_fields(store.stamp),
    }


def _next_rotation(key: Key, now: datetime) -> datetime | None:
    if key.auto_rotation_period == 0:
        return None
    period = timedelta(days=key.auto_rotation_period)
    elapsed = max(now - key.stamp.creation_datetime, timedelta(0))
    return key.stamp.creation_datetime + period * max(1, math.ceil(elapsed / period))


def key_fields(key: Key, now: datetime) -> dict[str, Any]:
    """One key as the key list and detail endpoints show it."""
    return {
        "keyId": key.key_id,
        "name": key.name,
        "description": key.description,
        "keyType": key.key_type.value,
        "currentKeyValueVersion": key.current.number,
        "autoRotationPeriod": key.auto_rotation_period,
        "nextAutoRotationDate": timestamp(_next_rotation(key, now)),
        "lastAccessDatetime": timestamp(key.last_access_datetime),
        "deletionDatetime": timestamp(key.deletion_datetime),
        **_stamp_fields(key.stamp),
    }


def keystore_from_path(call: Call) -> Keystore:
    """The enabled keystore named by `{keystoreid}` (Invalid KeyStore otherwise)."""
    raw = call.params["keystoreid"]
    store = call.state.keystores.get(int(raw)) if raw.isdigit() else None
    if store is None or not store.enabled:
        raise SkmError(ErrorKind.INVALID_KEYSTORE)
    return store


def list_keystores(call: Call) -> dict[str, Any]:
    """GET /keystores[?detail=true]."""
    stores = [s for s in call.state.keystores.values() if s.enabled]
    if call.flag("detail"):
        return {"keyStoreList": [keystore_fields(s) for s in stores]}
    return {"keyStoreIdList": [s.keystore_id for s in stores]}


def get_keystore(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}."""
    return keystore_fields(keystore_from_path(call))


def _filter_keys(call: Call, keys: list[Key]) -> list[Key]:
    wanted_type = call.query.get("type")
    if wanted_type:
        if wanted_type not in KeyType.__members__:
            raise SkmError(
                ErrorKind.INVALID_PARAMETER, "type is SECRET, SYMMETRIC_KEY or ASYMMETRIC_KEY"
            )
        keys = [k for k in keys if k.key_type.value == wanted_type]
    name = call.query.get("name", "")
    if len(name) > 100:
        raise SkmError(ErrorKind.INVALID_PARAMETER, "name is at most 100 characters")
    keys = [k for k in keys if name in k.name]
    status = call.query.get("status", "").lower()
    if status not in ("", "active", "inactive"):
        raise SkmError(ErrorKind.INVALID_PARAMETER, "status is active or inactive")
    if status:
        active = status == "active"
        keys = [k for k in keys if (k.state is KeyState.ACTIVE) == active]
    return keys


def list_keys(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}/keys with type/name/status filters and pageNumber/pageSize paging."""
    store = keystore_from_path(call)
    page = call.query_int("pageNumber", 1)
    size = call.query_int("pageSize", PAGE_SIZE_MIN)
    if page < 1 or not PAGE_SIZE_MIN <= size <= PAGE_SIZE_MAX:
        raise SkmError(ErrorKind.INVALID_PARAMETER, "pageNumber >= 1, pageSize 10-100")
    keys = _filter_keys(call, call.state.keys_in(store.keystore_id))
    chosen = keys[(page - 1) * size : page * size]
    if call.flag("detail"):
        now = call.state.now()
        return {"keyList": [key_fields(k, now) for k in chosen]}
    return {"keyIdList": [k.key_id for k in chosen]}


def get_key(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}/keys/{keyid} (a key pending deletion shows its deletionDatetime)."""
    store = keystore_from_path(call)
    key = call.state.key(call.params["keyid"])
    if key is None or key.keystore_id != store.keystore_id:
        raise SkmError(ErrorKind.INVALID_KEY_ID)
    return key_fields(key, call.state.now())


def _entry_fields(entry: AuthEntry) -> dict[str, Any]:
    return {
        "value": entry.value,
        "description": entry.description,
        "lastAccessDatetime": timestamp(entry.last_access_datetime),
        "deletionDatetime": timestamp(entry.deletion_datetime),
        **_stamp_fields(entry.stamp),
    }


def _certificate_fields(entry: CertificateEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "password": entry.password,
        "description": entry.description,
        "expirationDate": timestamp(entry.expiration),
        "lastAccessDatetime": timestamp(entry.last_access_datetime),
        "deletionDatetime": timestamp(entry.deletion_datetime),
        **_stamp_fields(entry.stamp),
    }


def list_ipv4s(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}/ips[?value=][&detail=true]."""
    wanted = call.query.get("value")
    rule = parse_ipv4_rule(wanted) if wanted else None
    entries = [
        e for e in keystore_from_path(call).ipv4s if not wanted or parse_ipv4_rule(e.value) == rule
    ]
    detail = call.flag("detail")
    return {"ipv4List": [_entry_fields(e) if detail else e.value for e in entries]}


def list_macs(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}/macs[?value=][&detail=true] (value matched case- and separator-blind)."""
    wanted = call.query.get("value")
    entries = [
        e
        for e in keystore_from_path(call).macs
        if not wanted or normalise_mac(e.value) == normalise_mac(wanted)
    ]
    detail = call.flag("detail")
    return {"macList": [_entry_fields(e) if detail else e.value for e in entries]}


def list_certificates(call: Call) -> dict[str, Any]:
    """GET /keystores/{id}/certificates[?value=name][&detail=true]."""
    wanted = call.query.get("value")
    entries = [e for e in keystore_from_path(call).certificates if not wanted or e.name == wanted]
    detail = call.flag("detail")
    return {"certificateList": [_certificate_fields(e) if detail else e.name for e in entries]}


ROUTES = [
    Route("GET", "/keystores", ALL_VERSIONS, list_keystores),
    Route("GET", "/keystores/{keystoreid}", ALL_VERSIONS, get_keystore),
    Route("GET", "/keystores/{keystoreid}/keys", ALL_VERSIONS, list_keys),
    Route("GET", "/keystores/{keystoreid}/keys/{keyid}", ALL_VERSIONS, get_key),
    Route("GET", "/keystores/{keystoreid}/ips", ALL_VERSIONS, list_ipv4s),
    Route("GET", "/keystores/{keystoreid}/macs", ALL_VERSIONS, list_macs),
    Route("GET", "/keystores/{keystoreid}/certificates", ALL_VERSIONS, list_certificates),
]
