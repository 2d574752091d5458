"""The admin path: state summary, rotation, version states, deletion, faults, clock, certificates."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12

from skm_bot.emulator import KeyState, VersionState

from .conftest import AES_KEY, PENDING_KEY, SECRET_KEY, skm_client

pytestmark = pytest.mark.anyio


async def test_state_summary_lists_keys_without_material(state):
    async with skm_client(state) as client:
        summary = (await client.get("/_emulator/state")).json()

    keys = {key["keyId"]: key for key in summary["keys"]}
    assert keys[AES_KEY]["versions"] == {"0": "ACTIVE", "1": "DISABLED", "2": "ACTIVE"}
    assert "correct-horse" not in str(summary)


async def test_rotate_adds_a_version(state):
    async with skm_client(state) as client:
        response = await client.post(f"/_emulator/keys/{AES_KEY}/rotate")

    assert response.json() == {"keyId": AES_KEY, "keyVersion": 3}


async def test_version_state_can_be_changed(state):
    async with skm_client(state) as client:
        await client.put(f"/_emulator/keys/{AES_KEY}/versions/0", json={"state": "DISABLED"})

    assert state.require_key(AES_KEY).version(0).state is VersionState.DISABLED


async def test_unknown_key_is_404(state):
    async with skm_client(state) as client:
        response = await client.post(f"/_emulator/keys/{'f' * 32}/rotate")

    assert response.status_code == 404


async def test_invalid_admin_body_is_400(state):
    async with skm_client(state) as client:
        response = await client.put(
            f"/_emulator/keys/{AES_KEY}/versions/0", json={"state": "MELTED"}
        )

    assert response.status_code == 400


async def test_schedule_and_cancel_deletion(state):
    async with skm_client(state) as client:
        await client.post(f"/_emulator/keys/{SECRET_KEY}/schedule-deletion", json={"days": 2})
        pending = state.require_key(SECRET_KEY).state
        await client.post(f"/_emulator/keys/{PENDING_KEY}/cancel-deletion")

    assert pending is KeyState.PENDING_DELETION
    assert state.require_key(PENDING_KEY).state is KeyState.ACTIVE


async def test_faults_are_set_listed_and_cleared(state):
    async with skm_client(state) as client:
        added = await client.post("/_emulator/faults", json={"kind": "latency", "latency_ms": 5})
        cleared = await client.delete("/_emulator/faults")

    assert added.json()["faults"][0]["kind"] == "latency"
    assert cleared.json() == {"faults": []}


async def test_clock_offset_is_set(state):
    async with skm_client(state) as client:
        await client.put("/_emulator/clock", json={"offsetSeconds": 3600})

    assert state.clock_offset.total_seconds() == 3600


@pytest.mark.parametrize("kind", ["good", "expired", "not_yet_valid", "no_client_auth", "other_ca"])
async def test_issued_certificate_opens_with_its_password(state, kind):
    async with skm_client(state) as client:
        issued = (await client.post("/_emulator/certificates", json={"kind": kind})).json()

    key, cert, _ = pkcs12.load_key_and_certificates(
        base64.b64decode(issued["pkcs12Base64"]), issued["password"].encode()
    )
    assert key is not None
    assert cert is not None
    assert issued["kind"] == kind


async def test_issued_certificate_can_be_registered(state):
    request = {"kind": "good", "keyStoreName": "demo-certificate", "name": "ci-runner"}
    async with skm_client(state) as client:
        await client.post("/_emulator/certificates", json=request)

    names = [entry.name for entry in state.keystore_by_name("demo-certificate").certificates]
    assert names == ["demo-client", "ci-runner"]


async def test_registered_certificate_downloads_as_pkcs12(state):
    async with skm_client(state) as client:
        response = await client.get("/_emulator/keystores/1003/certificates/demo-client")

    download = response.json()
    _, cert, _ = pkcs12.load_key_and_certificates(
        base64.b64decode(download["pkcs12Base64"]), download["password"].encode()
    )
    assert cert is not None


async def test_auth_entry_deletion_can_be_cancelled(state):
    async with skm_client(state) as client:
        response = await client.post("/_emulator/keystores/1001/ipv4s/192.0.2.10/cancel-deletion")

    assert response.json()["state"] == "ACTIVE"
