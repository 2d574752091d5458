"""Who may call: user credentials per API version, keystore auth (IPv4, MAC, cert), key access."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from skm_bot.emulator.calls import Call, ClientFacts
from skm_bot.emulator.errors import ErrorKind, SkmError
from skm_bot.emulator.model import (
    EntryState,
    Key,
    KeyState,
    Keystore,
    KeyType,
    KeyVersion,
    VersionState,
    normalise_mac,
    parse_ipv4_rule,
)
from skm_bot.emulator.state import EmulatorState

APPKEY_ONLY_VERSIONS = frozenset({"v1.0", "v1.1"})


def authenticate_caller(state: EmulatorState, version: str, headers: Mapping[str, str]) -> str:
    """The calling user for this API version, or SkmError.

    v1.0/v1.1: the appkey alone. v1.2: X-TC-AUTHENTICATION-ID/SECRET. v1.3: X-NHN-AUTHORIZATION
    with a token from /oauth2/token/create ("Bearer " prefix optional); the emulator also accepts
    the v1.2 headers on v1.3, since v1.3 *added* token authentication.
    """
    if version in APPKEY_ONLY_VERSIONS:
        return state.user
    authorization = headers.get("x-nhn-authorization")
    if version == "v1.3" and authorization is not None:
        token = authorization.removeprefix("Bearer ").removeprefix("bearer ").strip()
        if not state.token_valid(token):
            raise SkmError(ErrorKind.INVALID_TOKEN)
        return state.tokens[token].access_key_id
    key_id = headers.get("x-tc-authentication-id", "")
    secret = headers.get("x-tc-authentication-secret", "")
    if key_id and secret and state.access_key_valid(key_id, secret):
        return key_id
    if version == "v1.3" and not key_id:
        raise SkmError(ErrorKind.INVALID_TOKEN, "X-NHN-AUTHORIZATION is missing")
    raise SkmError(ErrorKind.INVALID_USER_ACCESS_KEY)


def _ipv4_ok(store: Keystore, client: ClientFacts, now: datetime) -> bool:
    try:
        address = ipaddress.ip_address(client.ip or "")
    except ValueError:
        return False
    for entry in store.ipv4s:
        network = parse_ipv4_rule(entry.value)
        if entry.state is EntryState.ACTIVE and network is not None and address in network:
            entry.last_access_datetime = now
            return True
    return False


def _mac_ok(store: Keystore, client: ClientFacts, now: datetime) -> bool:
    sent = normalise_mac(client.mac_header or "")
    for entry in store.macs:
        if (
            sent is not None
            and entry.state is EntryState.ACTIVE
            and normalise_mac(entry.value) == sent
        ):
            entry.last_access_datetime = now
            return True
    return False


def _certificate_ok(store: Keystore, client: ClientFacts, now: datetime) -> bool:
    if not client.cert_pem:
        return False
    try:
        cert = x509.load_pem_x509_certificate(client.cert_pem.encode())
    except ValueError:
        return False
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return False
    fingerprint = cert.fingerprint(hashes.SHA256()).hex()
    for entry in store.certificates:
        if entry.state is EntryState.ACTIVE and entry.fingerprint_sha256 == fingerprint:
            entry.last_access_datetime = now
            return True
    return False


Check = Callable[[Keystore, ClientFacts, datetime], bool]


def authenticate_keystore(store: Keystore, client: ClientFacts, now: datetime) -> None:
    """Apply the keystore's enabled methods, AND-combined (or OR when its authMode says so).

    The first failing method, in the order IPv4, MAC, certificate, names the error.
    """
    methods: list[tuple[bool, Check, ErrorKind]] = [
        (store.ipv4_auth, _ipv4_ok, ErrorKind.IPV4_AUTH_FAILURE),
        (store.mac_auth, _mac_ok, ErrorKind.MAC_AUTH_FAILURE),
        (store.certificate_auth, _certificate_ok, ErrorKind.CERTIFICATE_AUTH_FAILURE),
    ]
    results = [(check(store, client, now), kind) for enabled, check, kind in methods if enabled]
    failures = [kind for ok, kind in results if not ok]
    if not failures or (store.auth_mode == "OR" and len(failures) < len(results)):
        return
    raise SkmError(failures[0])


def resolve_key(call: Call, key_type: KeyType, *, authenticate: bool = True) -> Key:
    """The usable key named by the path, after keystore authentication.

    Order: unknown or deleted ID (Invalid Key Id), keystore auth, wrong type for this API
    (Invalid Key Id: the ID is not a key of that kind), pending deletion or a deleted
    keystore (Invalid Key Status).
    """
    state = call.state
    key = state.key(call.params["keyid"])
    if key is None:
        raise SkmError(ErrorKind.INVALID_KEY_ID)
    store = state.keystores[key.keystore_id]
    now = state.now()
    if authenticate:
        authenticate_keystore(store, call.client, now)
    if key.key_type is not key_type:
        raise SkmError(ErrorKind.INVALID_KEY_ID, f"the key is a {key.key_type.value}")
    if key.state is not KeyState.ACTIVE or not store.enabled:
        raise SkmError(ErrorKind.INVALID_KEY_STATUS)
    key.last_access_datetime = now
    return key


def resolve_version(key: Key, number: int | None) -> KeyVersion:
    """The named version (default: current) if it exists and is ACTIVE."""
    version = key.current if number is None else key.version(number)
    if version is None or version.state is VersionState.DELETED:
        raise SkmError(ErrorKind.INVALID_KEY_VERSION)
    if version.state is not VersionState.ACTIVE:
        raise SkmError(ErrorKind.INVALID_KEY_VERSION_STATUS)
    return version


def query_version(call: Call) -> int | None:
    """The `?keyVersion=` query parameter (Invalid Key Version when not a number)."""
    raw = call.query.get("keyVersion")
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise SkmError(ErrorKind.INVALID_KEY_VERSION) from exc
