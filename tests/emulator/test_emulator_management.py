"""Management endpoints: key create/delete, auth entries, keystore and key listings, keystore writes."""

from __future__ import annotations

import re

import pytest

from .conftest import AES_KEY, PENDING_KEY, SECRET_KEY, V12_HEADERS, body, message, path, skm_client

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("kind", "extra", "key_type"),
    [
        ("secrets", {"secretValue": "s3cret"}, "SECRET"),
        ("symmetric-keys", {"autoRotationPeriod": 30}, "SYMMETRIC_KEY"),
        ("asymmetric-keys", {"autoRotationPeriod": 0}, "ASYMMETRIC_KEY"),
    ],
)
async def test_key_create_answers_a_32_hex_id_and_active(state, kind, extra, key_type):
    request = {"keyStoreName": "demo-ipv4", "name": "new", "description": "d", **extra}
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/keys/{kind}/create"), json=request, headers=V12_HEADERS
        )

    answer = body(response)
    assert re.fullmatch(r"[0-9a-f]{32}", answer["keyId"])
    assert answer["keyStatus"] == "ACTIVE"
    assert state.require_key(answer["keyId"]).key_type.value == key_type


@pytest.mark.parametrize(
    ("request_body", "expected"),
    [
        ({"keyStoreName": "nope", "name": "k"}, "Invalid KeyStore"),
        ({"keyStoreName": "demo-ipv4"}, "Invalid Parameter"),
        ({"keyStoreName": "demo-ipv4", "name": "k", "autoRotationPeriod": 7}, "Invalid Parameter"),
    ],
    ids=["unknown-keystore", "no-name", "short-rotation"],
)
async def test_key_create_rejects_bad_requests(state, request_body, expected):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", "/keys/symmetric-keys/create"), json=request_body, headers=V12_HEADERS
        )

    assert message(response) == expected


async def test_created_key_encrypts(state):
    request = {"keyStoreName": "demo-ipv4", "name": "fresh"}
    async with skm_client(state) as client:
        created = body(
            await client.post(
                path("v1.2", "/keys/symmetric-keys/create"), json=request, headers=V12_HEADERS
            )
        )
        response = await client.post(
            path("v1.2", f"/symmetric-keys/{created['keyId']}/encrypt"),
            json={"plaintext": "x"},
            headers=V12_HEADERS,
        )

    assert body(response)["keyVersion"] == 0


AUTH_CASES = [
    ("ipv4s", {"value": "198.51.100.0/24"}, "value"),
    ("macs", {"value": "02:00:00:00:00:01"}, "value"),
    ("certificates", {"name": "new-cert", "password": "pw", "lifeTime": 30}, "name"),
]


@pytest.mark.parametrize(("kind", "entry", "label"), AUTH_CASES, ids=[c[0] for c in AUTH_CASES])
async def test_auth_entry_add_answers_its_value(state, kind, entry, label):
    request = {"keyStoreName": "demo-ipv4-mac", "description": "added", **entry}
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/auths/{kind}"), json=request, headers=V12_HEADERS
        )

    assert body(response) == {label: entry[label], "description": "added"}


@pytest.mark.parametrize(
    ("kind", "value"),
    [("ipv4s", "300.1.1.1"), ("macs", "zz:zz:zz:zz:zz:zz")],
    ids=["bad-ipv4", "bad-mac"],
)
async def test_auth_entry_add_rejects_malformed_values(state, kind, value):
    request = {"keyStoreName": "demo-ipv4-mac", "value": value}
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/auths/{kind}"), json=request, headers=V12_HEADERS
        )

    assert message(response) == "Invalid Parameter"


async def test_auth_entry_add_rejects_duplicates_in_any_spelling(state):
    request = {"keyStoreName": "demo-ipv4-mac", "value": "aa:bb:cc:dd:ee:ff"}
    async with skm_client(state) as client:
        response = await client.post(path("v1.2", "/auths/macs"), json=request, headers=V12_HEADERS)

    assert message(response) == "Invalid Auth Value"


EXISTING = [
    ("ipv4s", {"keyStoreName": "demo-ipv4-mac", "value": "127.0.0.1"}, "value"),
    ("macs", {"keyStoreName": "demo-ipv4-mac", "value": "AA-BB-CC-DD-EE-FF"}, "value"),
    ("certificates", {"keyStoreName": "demo-certificate", "name": "demo-client"}, "name"),
]


@pytest.mark.parametrize(("kind", "request_body", "label"), EXISTING, ids=[c[0] for c in EXISTING])
async def test_auth_entry_scheduled_then_deleted(state, kind, request_body, label):
    async with skm_client(state) as client:
        scheduled = await client.put(
            path("v1.2", f"/auths/{kind}/delete"), json=request_body, headers=V12_HEADERS
        )
        deleted = await client.post(
            path("v1.2", f"/auths/{kind}/delete"), json=request_body, headers=V12_HEADERS
        )
        again = await client.post(
            path("v1.2", f"/auths/{kind}/delete"), json=request_body, headers=V12_HEADERS
        )

    assert body(scheduled)[label] == request_body[label]
    assert body(scheduled)["deletionDateTime"]
    assert body(deleted)[label] == request_body[label]
    assert message(again) == "Invalid Auth Value"


@pytest.mark.parametrize(("kind", "request_body", "label"), EXISTING, ids=[c[0] for c in EXISTING])
async def test_immediate_auth_delete_needs_pending_deletion(state, kind, request_body, label):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/auths/{kind}/delete"), json=request_body, headers=V12_HEADERS
        )

    assert message(response) == "Invalid Auth Status"


@pytest.mark.parametrize(
    ("detail", "field"), [(False, "keyStoreIdList"), (True, "keyStoreList")], ids=["ids", "detail"]
)
async def test_keystore_list(state, detail, field):
    params = {"detail": "true"} if detail else {}
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/keystores"), params=params)

    listed = body(response)[field]
    assert [e["keyStoreId"] if detail else e for e in listed] == [1001, 1002, 1003]


async def test_keystore_detail_shows_auth_flags(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/keystores/1002"))

    answer = body(response)
    assert (
        answer["name"],
        answer["ip4AuthUse"],
        answer["macAuthUse"],
        answer["certificateAuthUse"],
    ) == (
        "demo-ipv4-mac",
        "Y",
        "Y",
        "N",
    )


async def test_unknown_keystore_is_invalid_keystore(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/keystores/9999"))

    assert message(response) == "Invalid KeyStore"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [AES_KEY, SECRET_KEY, PENDING_KEY]),
        ({"type": "SECRET"}, [SECRET_KEY]),
        ({"status": "inactive"}, [PENDING_KEY]),
        ({"status": "active", "type": "SYMMETRIC_KEY"}, [AES_KEY]),
        ({"name": "aes"}, [AES_KEY, PENDING_KEY]),
        ({"pageNumber": 2}, []),
    ],
    ids=["all", "type", "inactive", "active-symmetric", "name", "page-2"],
)
async def test_key_list_filters(state, params, expected):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/keystores/1001/keys"), params=params)

    assert body(response)["keyIdList"] == expected


@pytest.mark.parametrize(
    "params",
    [{"pageSize": 5}, {"pageSize": 101}, {"pageNumber": 0}, {"type": "AES"}, {"status": "gone"}],
    ids=["size-small", "size-large", "page-zero", "bad-type", "bad-status"],
)
async def test_key_list_rejects_bad_queries(state, params):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", "/keystores/1001/keys"), params=params)

    assert message(response) == "Invalid Parameter"


async def test_key_list_pages(state):
    store = state.keystore_by_name("demo-ipv4")
    for number in range(12):
        state.create_key(store, state.require_key(AES_KEY).key_type, f"bulk-{number}")
    async with skm_client(state) as client:
        first = await client.get(path("v1.0", "/keystores/1001/keys"), params={"pageSize": 10})
        second = await client.get(
            path("v1.0", "/keystores/1001/keys"), params={"pageSize": 10, "pageNumber": 2}
        )

    assert (len(body(first)["keyIdList"]), len(body(second)["keyIdList"])) == (10, 5)


async def test_key_detail_of_pending_key_shows_deletion_date(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", f"/keystores/1001/keys/{PENDING_KEY}"))

    answer = body(response)
    assert (answer["keyType"], answer["currentKeyValueVersion"]) == ("SYMMETRIC_KEY", 0)
    assert answer["deletionDatetime"] is not None


async def test_key_detail_in_wrong_keystore_is_invalid_key_id(state):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", f"/keystores/1002/keys/{AES_KEY}"))

    assert message(response) == "Invalid Key Id"


@pytest.mark.parametrize(
    ("rest", "params", "field", "expected"),
    [
        ("/keystores/1001/ips", {}, "ipv4List", ["127.0.0.1/32", "10.0.0.0/8", "192.0.2.10"]),
        ("/keystores/1001/ips", {"value": "10.0.0.0/8"}, "ipv4List", ["10.0.0.0/8"]),
        ("/keystores/1002/macs", {"value": "aa:bb:cc:dd:ee:ff"}, "macList", ["AA-BB-CC-DD-EE-FF"]),
        ("/keystores/1003/certificates", {}, "certificateList", ["demo-client"]),
    ],
    ids=["ips", "ips-value", "macs-value", "certificates"],
)
async def test_auth_lists(state, rest, params, field, expected):
    async with skm_client(state) as client:
        response = await client.get(path("v1.0", rest), params=params)

    assert body(response)[field] == expected


async def test_certificate_detail_includes_password_and_expiry(state):
    async with skm_client(state) as client:
        response = await client.get(
            path("v1.0", "/keystores/1003/certificates"), params={"detail": "true"}
        )

    (entry,) = body(response)["certificateList"]
    assert (entry["name"], entry["password"]) == ("demo-client", "demo-p12-password")
    assert entry["expirationDate"]


KEYSTORE = {
    "name": "created",
    "description": "d",
    "ip4AuthUse": "Y",
    "macAuthUse": "N",
    "certificateAuthUse": "N",
    "authMode": "AND",
}


async def test_keystore_create_answers_its_id(state):
    async with skm_client(state) as client:
        response = await client.post(path("v1.3", "/keystores"), json=KEYSTORE, headers=V12_HEADERS)

    answer = body(response)
    assert (answer["keyStoreId"], answer["name"], answer["authMode"]) == (1004, "created", "AND")


async def test_keystore_create_needs_one_auth_method(state):
    request = {**KEYSTORE, "ip4AuthUse": "N"}
    async with skm_client(state) as client:
        response = await client.post(path("v1.3", "/keystores"), json=request, headers=V12_HEADERS)

    assert message(response) == "Invalid Parameter"


async def test_keystore_update_answers_null_body(state):
    request = {**KEYSTORE, "name": "renamed", "macAuthUse": "Y"}
    async with skm_client(state) as client:
        response = await client.put(
            path("v1.3", "/keystores/1001"), json=request, headers=V12_HEADERS
        )

    assert response.json()["body"] is None
    assert state.keystores[1001].name == "renamed"


async def test_keystore_delete_disables_its_keys(state):
    async with skm_client(state) as client:
        deleted = await client.delete(path("v1.3", "/keystores/1001"), headers=V12_HEADERS)
        response = await client.get(path("v1.0", f"/secrets/{SECRET_KEY}"))

    assert deleted.json() == {
        "header": {"resultCode": 0, "resultMessage": "success", "isSuccessful": True},
        "body": None,
    }
    assert message(response) == "Invalid Key Status"


async def test_invalid_json_body_is_invalid_parameter(state):
    async with skm_client(state) as client:
        response = await client.post(
            path("v1.2", f"/symmetric-keys/{AES_KEY}/encrypt"),
            content=b"{not json",
            headers={**V12_HEADERS, "content-type": "application/json"},
        )

    assert message(response) == "Invalid Parameter"
