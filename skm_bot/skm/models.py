"""Typed SKM response bodies: pydantic models over the camelCase JSON, tolerant of extra fields."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field, SecretStr
from pydantic.alias_generators import to_camel

# SKM timestamps carry no zone. NHN Cloud is operated from Korea and its console shows KST, so
# a naive timestamp is read as KST (UNCONFIRMED by the docs; change it here if proven wrong).
SKM_TIMEZONE = timezone(timedelta(hours=9), "KST")


def parse_skm_timestamp(value: object) -> datetime | None:
    """
    Parse an SKM timestamp ("2025-01-30T15:00:00.000", "2023-11-20T22:00:00.00") as aware.

    Empty values give None; a value that already carries a zone keeps it.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        # As SKM writes it first (a watch reads thousands); blanks around it are rare.
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = datetime.fromisoformat(value.strip())
    elif isinstance(value, datetime):
        parsed = value
    else:
        raise ValueError(f"not a timestamp: {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=SKM_TIMEZONE)


def _yes_no(value: object) -> object:
    if isinstance(value, str):
        return value.strip().upper() in {"Y", "YES", "TRUE"}
    return value


SkmTimestamp = Annotated[datetime | None, BeforeValidator(parse_skm_timestamp)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


class SkmModel(BaseModel):
    """The base of every response model: camelCase aliases, extra fields ignored, frozen."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True
    )


class Audited(SkmModel):
    """Who created and last changed an item, and when."""

    creation_user: str | None = None
    creation_datetime: SkmTimestamp = None
    last_change_user: str | None = None
    last_change_datetime: SkmTimestamp = None


class Confirm(SkmModel):
    """What SKM sees of the caller: `GET /confirm`."""

    client_ip: str | None = None
    client_mac_header: str | None = None
    # The doc's JSON example spells it "clientSentCerfificate"; accept both.
    client_sent_certificate: bool | None = Field(
        default=None,
        validation_alias=AliasChoices("clientSentCertificate", "clientSentCerfificate"),
    )


class Keystore(Audited):
    """One keystore and the authentication methods it requires."""

    key_store_id: int
    name: str | None = None
    description: str | None = None
    ip4_auth_use: YesNo = False
    mac_auth_use: YesNo = False
    certificate_auth_use: YesNo = False
    auth_mode: str | None = None


class KeyInfo(Audited):
    """One key as the key list/detail shows it."""

    key_id: str
    name: str | None = None
    description: str | None = None
    key_type: str | None = None
    key_status: str | None = None
    current_key_value_version: int | None = None
    auto_rotation_period: int | None = None
    next_auto_rotation_date: SkmTimestamp = None
    last_access_datetime: SkmTimestamp = None
    deletion_datetime: SkmTimestamp = None


class KeyPage(SkmModel):
    """One page of `GET /keystores/{id}/keys?detail=true`."""

    key_list: list[KeyInfo] = Field(default_factory=list)
    total_count: int | None = None


class AuthEntry(Audited):
    """One registered IPv4 address/CIDR or MAC address."""

    value: str
    description: str | None = None
    last_access_datetime: SkmTimestamp = None
    deletion_datetime: SkmTimestamp = None


class CertificateEntry(Audited):
    """One registered client certificate. The detail's `password` is deliberately not a field."""

    name: str
    description: str | None = None
    expiration_date: SkmTimestamp = None
    last_access_datetime: SkmTimestamp = None
    deletion_datetime: SkmTimestamp = None


class Secret(SkmModel):
    """A stored secret; the value is a SecretStr so it never shows in a repr."""

    secret: SecretStr


class Encrypted(SkmModel):
    """The result of a symmetric encrypt."""

    ciphertext: str
    key_version: int | None = None


class Decrypted(SkmModel):
    """The result of a symmetric decrypt."""

    plaintext: SecretStr
    key_version: int | None = None


class LocalKey(SkmModel):
    """A data key from `create-local-key`: the plaintext half stays a SecretStr."""

    local_key_plaintext: SecretStr
    local_key_ciphertext: str
    key_version: int | None = None


class SymmetricKey(SkmModel):
    """Raw symmetric key material; kept secret, used by the bot only to test a version exists."""

    symmetric_key: SecretStr
    key_version: int | None = None


class PublicKey(SkmModel):
    """An asymmetric key's public half."""

    key_type: str | None = None
    encoded_key: str | None = None
    key_version: int | None = None


class Signed(SkmModel):
    """The result of an asymmetric sign."""

    signature: str
    key_version: int | None = None


class Verified(SkmModel):
    """The result of an asymmetric verify."""

    result: bool
    key_version: int | None = None


def entries_of(body: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """
    The entries of a `?detail=true` list, tolerating the plain-string form.

    A plain list (["10.0.0.1", ...]) is turned into objects so both shapes validate alike.
    """
    items = body.get(field) or []
    return [item if isinstance(item, dict) else {"value": item, "name": item} for item in items]
