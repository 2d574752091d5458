"""The facts pulled out of a paste: what the diagnosis, the checks and the email talk about."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Facts:
    """
    Everything known about one failed SKM call. A field not found in the text is None.

    Secrets never live here: redaction runs before extraction.
    """

    appkey: str | None = None
    key_id: str | None = None
    key_version: int | None = None
    operation: str | None = None
    api_version: str | None = None
    endpoint: str | None = None
    client_ip: str | None = None
    client_mac: str | None = None
    mac_header: str | None = None
    result_code: int | None = None
    result_message: str | None = None
    request_id: str | None = None
    timestamp: str | None = None
    ciphertext: str | None = None
    signature: str | None = None
    request_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The facts as the CLI's JSON contract spells them."""
        # Every field is a string, a number, None or a tuple of strings: no deep copy needed.
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        data["request_ids"] = list(self.request_ids)
        return data


_FIELD_NAMES = tuple(f.name for f in fields(Facts))
