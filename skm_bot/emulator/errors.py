"""The emulator's error kinds, their wire messages, and the configurable code/status table."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorKind(Enum):
    """Every failure the emulator answers with an SKM envelope.

    The value is (message, resultCode, HTTP status). The messages marked "documented" are the
    SKM troubleshooting guide's strings; the others are the emulator's own choice for conditions
    the public docs do not describe. No numeric code or HTTP status is published: all are choices.
    """

    # documented
    URL_NOT_FOUND = ("URL NOT FOUND", -1000, 404)
    INVALID_APPKEY = ("Invalid Appkey", -1001, 401)
    INVALID_KEY_ID = ("Invalid Key Id", -2001, 404)
    INVALID_KEY_VERSION = ("Invalid Key Version", -2002, 400)
    INVALID_USER_DATA = ("Invalid User Data", -2003, 400)
    INVALID_KEY_STATUS = ("Invalid Key Status", -2004, 400)
    INVALID_KEY_VERSION_STATUS = ("Invalid Key Version Status", -2005, 400)
    IPV4_AUTH_FAILURE = ("IPv4 Auth Failure", -3001, 403)
    MAC_AUTH_FAILURE = ("MAC Auth Failure", -3002, 403)
    CERTIFICATE_AUTH_FAILURE = ("Certificate Auth Failure", -3003, 403)
    # the emulator's own
    INVALID_USER_ACCESS_KEY = ("Invalid User Access Key", -1002, 401)
    INVALID_TOKEN = ("Invalid Token", -1003, 401)
    INVALID_PARAMETER = ("Invalid Parameter", -1004, 400)
    INVALID_KEYSTORE = ("Invalid KeyStore", -1005, 404)
    INVALID_AUTH_VALUE = ("Invalid Auth Value", -3004, 400)
    INVALID_AUTH_STATUS = ("Invalid Auth Status", -3005, 400)
    INTERNAL_SERVER_ERROR = ("Internal Server Error", -9000, 500)

    @property
    def id(self) -> str:
        """The snake_case id used as the key of the seed file's `[errors.<id>]` overrides."""
        return self.name.lower()


@dataclass(frozen=True)
class ErrorCode:
    """What goes on the wire for one error kind."""

    message: str
    result_code: int
    http_status: int


class SkmError(Exception):
    """Raised by a handler to answer with the error envelope of `kind`."""

    def __init__(self, kind: ErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value[0]}{': ' + detail if detail else ''}")
        self.kind = kind
        self.detail = detail


def default_error_codes() -> dict[ErrorKind, ErrorCode]:
    """The built-in table (overridable per kind by the seed file)."""
    return {kind: ErrorCode(*kind.value) for kind in ErrorKind}


def error_kind_by_id(kind_id: str) -> ErrorKind:
    """The kind whose snake_case id is `kind_id`; ValueError names the valid ids otherwise."""
    for kind in ErrorKind:
        if kind.id == kind_id:
            return kind
    valid = ", ".join(kind.id for kind in ErrorKind)
    raise ValueError(f"unknown error kind {kind_id!r}; expected one of: {valid}")
