"""Seed validation and the demo seed's promises."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from skm_bot.emulator import (
    ErrorKind,
    KeyState,
    demo_seed_path,
    state_from_seed,
    state_from_seed_file,
)

BASE = {"appkeys": ["A"]}
STORE = {"id": 1, "name": "s", "ipv4_auth": True}


@pytest.mark.parametrize(
    "seed",
    [
        {},
        {**BASE, "keystores": [{"id": 1, "name": "s"}]},
        {**BASE, "keystores": [{**STORE, "ipv4s": [{"value": "not-an-ip"}]}]},
        {**BASE, "keystores": [{**STORE, "mac_auth": True, "macs": [{"value": "aa:bb"}]}]},
        {**BASE, "keys": [{"keystore": "missing", "name": "k", "type": "SECRET"}]},
        {
            **BASE,
            "keystores": [STORE],
            "keys": [{"id": "XYZ", "keystore": "s", "name": "k", "type": "SECRET"}],
        },
        {**BASE, "errors": {"no_such_error": {"result_code": 1}}},
        {**BASE, "surprise": True},
    ],
    ids=[
        "no-appkeys",
        "no-auth-method",
        "bad-ipv4",
        "bad-mac",
        "unknown-keystore",
        "bad-key-id",
        "unknown-error-kind",
        "unknown-field",
    ],
)
def test_invalid_seed_is_rejected(seed, emulator_ca):
    with pytest.raises(ValidationError):
        state_from_seed(seed, ca=emulator_ca)


def test_error_override_keeps_unset_fields(emulator_ca):
    state = state_from_seed(
        {**BASE, "errors": {"invalid_key_id": {"http_status": 400}}}, ca=emulator_ca
    )

    code = state.error_code(ErrorKind.INVALID_KEY_ID)
    assert (code.message, code.result_code, code.http_status) == ("Invalid Key Id", -2001, 400)


def test_demo_seed_has_the_documented_keys(state):
    kinds = {key.key_id: (key.key_type.value, key.state) for key in state.keys.values()}

    assert kinds == {
        "a0000000000000000000000000000001": ("SYMMETRIC_KEY", KeyState.ACTIVE),
        "b0000000000000000000000000000002": ("ASYMMETRIC_KEY", KeyState.ACTIVE),
        "c0000000000000000000000000000003": ("SECRET", KeyState.ACTIVE),
        "d0000000000000000000000000000004": ("SYMMETRIC_KEY", KeyState.PENDING_DELETION),
        "e0000000000000000000000000000005": ("SECRET", KeyState.ACTIVE),
    }


def test_demo_seed_material_is_stable_across_loads(emulator_ca):
    first = state_from_seed_file(demo_seed_path(), ca=emulator_ca)
    second = state_from_seed_file(demo_seed_path(), ca=emulator_ca)

    key_id = "a0000000000000000000000000000001"
    assert first.require_key(key_id).current.material == second.require_key(key_id).current.material


def test_every_error_kind_has_a_distinct_result_code():
    codes = [kind.value[1] for kind in ErrorKind]

    assert len(set(codes)) == len(codes)


def test_every_error_kind_is_documented():
    docs = (Path(__file__).parents[2] / "docs" / "emulator.md").read_text()

    missing = [kind.id for kind in ErrorKind if f"`{kind.id}`" not in docs]
    assert missing == []


def close(span: timedelta, expected: timedelta) -> bool:
    """Equal but for the seconds the wall clock moved while the test ran."""
    return abs(span - expected) < timedelta(minutes=1)


def test_seeded_last_access_counts_back_from_the_emulator_clock(emulator_ca):
    seed = {
        **BASE,
        "keystores": [{**STORE, "ipv4s": [{"value": "10.0.0.1", "last_access_hours_ago": 2}]}],
        "keys": [{"keystore": "s", "name": "k", "type": "SECRET", "last_access_hours_ago": 1.5}],
    }

    state = state_from_seed(seed, ca=emulator_ca)

    [key] = state.keys.values()
    [entry] = state.keystores[1].ipv4s
    assert close(state.now() - key.last_access_datetime, timedelta(hours=1.5))
    assert close(state.now() - entry.last_access_datetime, timedelta(hours=2))


def test_a_key_without_a_seeded_access_was_never_used(emulator_ca):
    seed = {
        **BASE,
        "keystores": [STORE],
        "keys": [{"keystore": "s", "name": "k", "type": "SECRET"}],
    }

    [key] = state_from_seed(seed, ca=emulator_ca).keys.values()

    assert key.last_access_datetime is None


@pytest.mark.parametrize(("issued_days_ago", "expires_in_days"), [(0, 365), (355, 10), (366, -1)])
def test_a_seeded_certificate_expires_its_lifetime_after_it_was_issued(
    emulator_ca, issued_days_ago, expires_in_days
):
    certificate = {
        "name": "c",
        "password": "pw",
        "lifetime_days": 365,
        "issued_days_ago": issued_days_ago,
    }
    seed = {**BASE, "keystores": [{**STORE, "certificates": [certificate]}]}

    state = state_from_seed(seed, ca=emulator_ca)

    [entry] = state.keystores[1].certificates
    assert close(entry.expiration - state.now(), timedelta(days=expires_in_days))


def test_demo_seed_has_a_certificate_that_expires_soon_and_a_pending_key_in_use(state):
    [certificate] = state.keystores[1003].certificates
    pending = state.require_key("d0000000000000000000000000000004")

    assert close(certificate.expiration - state.now(), timedelta(days=10))
    assert close(state.now() - pending.last_access_datetime, timedelta(hours=1))
