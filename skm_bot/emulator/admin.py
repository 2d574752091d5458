"""The admin path (/_emulator/...): plain JSON controls for tests and demos, apart from SKM."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from skm_bot.emulator.ca import ClientCertKind, mint_client_certificate
from skm_bot.emulator.calls import timestamp
from skm_bot.emulator.faults import Fault
from skm_bot.emulator.model import EntryState, Key, VersionState
from skm_bot.emulator.state import EmulatorState

Endpoint = Callable[[Request], Awaitable[Response]]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class VersionStateBody(_Body):
    """PUT /_emulator/keys/{keyid}/versions/{n}."""

    state: VersionState


class DeletionBody(_Body):
    """POST /_emulator/keys/{keyid}/schedule-deletion."""

    days: float = Field(default=7, gt=0)


class ClockBody(_Body):
    """PUT /_emulator/clock."""

    offset_seconds: float = Field(alias="offsetSeconds")


class CertificateBody(_Body):
    """POST /_emulator/certificates; with keyStoreName and name it is also registered."""

    kind: ClientCertKind = ClientCertKind.GOOD
    password: str = Field(default_factory=lambda: secrets.token_urlsafe(12), min_length=1)
    common_name: str = Field(default="skm-emulator-client", alias="commonName")
    lifetime_days: int = Field(default=365, ge=1, alias="lifetimeDays")
    keystore_name: str | None = Field(default=None, alias="keyStoreName")
    name: str | None = None


class AdminError(Exception):
    """An admin request that cannot be served."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def state_summary(state: EmulatorState) -> dict[str, Any]:
    """Everything notable about the state, for humans and tests (no key material)."""
    return {
        "now": timestamp(state.now()),
        "clockOffsetSeconds": state.clock_offset.total_seconds(),
        "appkeys": state.appkeys,
        "userAccessKeyIds": sorted(state.access_keys),
        "keystores": [
            {
                "keyStoreId": store.keystore_id,
                "name": store.name,
                "enabled": store.enabled,
                "auth": {
                    "ipv4": store.ipv4_auth,
                    "mac": store.mac_auth,
                    "certificate": store.certificate_auth,
                },
                "authMode": store.auth_mode,
                "ipv4s": {e.value: e.state.value for e in store.ipv4s},
                "macs": {e.value: e.state.value for e in store.macs},
                "certificates": {e.name: e.state.value for e in store.certificates},
            }
            for store in state.keystores.values()
        ],
        "keys": [_key_summary(key) for key in state.keys.values()],
        "faults": [fault.model_dump(mode="json") for fault in state.faults],
    }


def _key_summary(key: Key) -> dict[str, Any]:
    return {
        "keyId": key.key_id,
        "name": key.name,
        "keyType": key.key_type.value,
        "keyStoreId": key.keystore_id,
        "state": key.state.value,
        "deletionDatetime": timestamp(key.deletion_datetime),
        "versions": {str(v.number): v.state.value for v in key.versions},
    }


def _guarded(handler: Callable[[Request], Awaitable[Any]]) -> Endpoint:
    async def endpoint(request: Request) -> Response:
        try:
            return JSONResponse(await handler(request))
        except AdminError as error:
            return JSONResponse({"error": str(error)}, status_code=error.status)
        except ValidationError as error:
            return JSONResponse({"error": error.errors(include_url=False)}, status_code=400)
        except KeyError as error:
            return JSONResponse({"error": f"not found: {error.args[0]}"}, status_code=404)

    return endpoint


async def _json(request: Request) -> Any:
    raw = await request.body()
    return {} if not raw.strip() else await request.json()


class _AdminHandlers:
    """The admin endpoints' bodies, bound to one state."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def summary(self, request: Request) -> Any:
        return state_summary(self.state)

    async def ca(self, request: Request) -> Any:
        return {"certificatePem": self.state.ca.cert_pem}

    async def rotate(self, request: Request) -> Any:
        version = self.state.rotate_key(request.path_params["keyid"])
        return {"keyId": request.path_params["keyid"], "keyVersion": version.number}

    async def version_state(self, request: Request) -> Any:
        body = VersionStateBody.model_validate(await _json(request))
        key_id, number = request.path_params["keyid"], request.path_params["number"]
        self.state.set_version_state(key_id, number, body.state)
        return {"keyId": key_id, "keyVersion": number, "state": body.state.value}

    async def schedule(self, request: Request) -> Any:
        body = DeletionBody.model_validate(await _json(request))
        when = self.state.now() + timedelta(days=body.days)
        self.state.schedule_key_deletion(request.path_params["keyid"], when)
        return {"keyId": request.path_params["keyid"], "deletionDateTime": timestamp(when)}

    async def cancel(self, request: Request) -> Any:
        self.state.cancel_key_deletion(request.path_params["keyid"])
        return {"keyId": request.path_params["keyid"], "keyStatus": "ACTIVE"}

    async def faults(self, request: Request) -> Any:
        if request.method == "POST":
            self.state.add_fault(Fault.model_validate(await _json(request)))
        elif request.method == "DELETE":
            self.state.clear_faults()
        return {"faults": [fault.model_dump(mode="json") for fault in self.state.faults]}

    async def clock(self, request: Request) -> Any:
        body = ClockBody.model_validate(await _json(request))
        self.state.set_clock_offset(timedelta(seconds=body.offset_seconds))
        return {"offsetSeconds": body.offset_seconds, "now": timestamp(self.state.now())}

    async def certificate(self, request: Request) -> Any:
        return issue_certificate(self.state, CertificateBody.model_validate(await _json(request)))

    async def download(self, request: Request) -> Any:
        params = request.path_params
        return registered_certificate(self.state, params["keystoreid"], params["name"])

    async def cancel_auth(self, request: Request) -> Any:
        params = request.path_params
        return cancel_auth_deletion(
            self.state, params["keystoreid"], params["kind"], params["value"]
        )


def admin_routes(state: EmulatorState) -> list[Route]:
    """The admin endpoints bound to `state` (see docs/emulator.md for the list)."""
    handlers = _AdminHandlers(state)
    table: list[tuple[str, Callable[[Request], Awaitable[Any]], list[str]]] = [
        ("/state", handlers.summary, ["GET"]),
        ("/ca", handlers.ca, ["GET"]),
        ("/keys/{keyid}/rotate", handlers.rotate, ["POST"]),
        ("/keys/{keyid}/versions/{number:int}", handlers.version_state, ["PUT"]),
        ("/keys/{keyid}/schedule-deletion", handlers.schedule, ["POST"]),
        ("/keys/{keyid}/cancel-deletion", handlers.cancel, ["POST"]),
        ("/faults", handlers.faults, ["GET", "POST", "DELETE"]),
        ("/clock", handlers.clock, ["PUT"]),
        ("/certificates", handlers.certificate, ["POST"]),
        ("/keystores/{keystoreid:int}/certificates/{name}", handlers.download, ["GET"]),
        (
            "/keystores/{keystoreid:int}/{kind}/{value}/cancel-deletion",
            handlers.cancel_auth,
            ["POST"],
        ),
    ]
    return [Route(path, _guarded(handler), methods=methods) for path, handler, methods in table]


def issue_certificate(state: EmulatorState, body: CertificateBody) -> dict[str, Any]:
    """Mint a client certificate of `body.kind`; register it when a keystore and name are given."""
    issued = mint_client_certificate(
        state.ca,
        body.kind,
        common_name=body.common_name,
        lifetime_days=body.lifetime_days,
        now=state.now(),
    )
    if body.keystore_name is not None:
        store = state.keystore_by_name(body.keystore_name)
        if store is None or not body.name:
            raise AdminError(400, "registering needs an existing keyStoreName and a name")
        state.register_certificate(store, body.name, body.password, issued=issued)
    return {
        "kind": body.kind.value,
        "password": body.password,
        "pkcs12Base64": base64.b64encode(issued.pkcs12(body.password)).decode("ascii"),
        "certificatePem": issued.cert_pem,
        "privateKeyPem": issued.key_pem,
        "issuerCertificatePem": issued.issuer_pem,
        "fingerprintSha256": issued.fingerprint_sha256,
    }


def registered_certificate(state: EmulatorState, keystore_id: int, name: str) -> dict[str, Any]:
    """The PKCS#12 of a certificate registered to a keystore (what the console's download gives)."""
    store = state.keystores.get(keystore_id)
    entry = next((e for e in store.certificates if e.name == name), None) if store else None
    if entry is None:
        raise KeyError(f"certificate {name!r} of keystore {keystore_id}")
    return {
        "name": entry.name,
        "password": entry.password,
        "pkcs12Base64": base64.b64encode(entry.pkcs12).decode("ascii"),
        "certificatePem": entry.certificate_pem,
        "state": entry.state.value,
    }


def cancel_auth_deletion(
    state: EmulatorState, keystore_id: int, kind: str, value: str
) -> dict[str, Any]:
    """Return a pending-deletion auth entry (ipv4s/macs/certificates) to ACTIVE."""
    store = state.keystores.get(keystore_id)
    if store is None:
        raise KeyError(f"keystore {keystore_id}")
    entries: dict[str, list[Any]] = {
        "ipv4s": store.ipv4s,
        "macs": store.macs,
        "certificates": store.certificates,
    }
    if kind not in entries:
        raise AdminError(404, f"unknown auth kind {kind!r}")
    for entry in entries[kind]:
        if getattr(entry, "value", None) == value or getattr(entry, "name", None) == value:
            with state.lock:
                entry.state, entry.deletion_datetime = EntryState.ACTIVE, None
            return {"keyStoreId": keystore_id, "kind": kind, "value": value, "state": "ACTIVE"}
    raise KeyError(f"{kind} entry {value!r}")
