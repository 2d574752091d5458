"""SKM's response envelope: {"header": {resultCode, resultMessage, isSuccessful}, "body": ...}."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse

from skm_bot.emulator.errors import ErrorCode

SUCCESS_CODE = 0
SUCCESS_MESSAGE = "success"


def success(body: Any) -> JSONResponse:
    """HTTP 200 with a successful header and `body` (which may be None)."""
    header = {"resultCode": SUCCESS_CODE, "resultMessage": SUCCESS_MESSAGE, "isSuccessful": True}
    return JSONResponse({"header": header, "body": body})


def failure_payload(code: ErrorCode) -> dict[str, Any]:
    """The failure envelope for `code` (body null)."""
    header = {"resultCode": code.result_code, "resultMessage": code.message, "isSuccessful": False}
    return {"header": header, "body": None}


def failure(code: ErrorCode) -> JSONResponse:
    """The failure envelope with the code's HTTP status."""
    return JSONResponse(failure_payload(code), status_code=code.http_status)


def failure_bytes(code: ErrorCode) -> bytes:
    """The failure envelope, serialised (for the fault layer, which works below Starlette)."""
    return json.dumps(failure_payload(code)).encode()
