"""Key versions: which one a paste names, and the SKM read that says whether it is usable."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable

from skm_bot.checks.context import CheckContext
from skm_bot.core.phrases import Phrase, phrase
from skm_bot.skm.reader import SkmReader

# The key type each operation family needs; other families (confirm, keystore.read, …) take any.
_NEEDED_TYPE = {"symmetric": "SYMMETRIC_KEY", "asymmetric": "ASYMMETRIC_KEY", "secret": "SECRET"}
# The key types whose versions are probed (a secret has none).
PROBED_TYPES = ("SYMMETRIC_KEY", "ASYMMETRIC_KEY")


def needed_type(operation: str | None) -> str | None:
    """The key type an operation such as `symmetric.decrypt` needs, None when any will do."""
    if not operation:
        return None
    return _NEEDED_TYPE.get(operation.split(".", 1)[0])


def version_of(ctx: CheckContext) -> tuple[int, Phrase] | None:
    """The key version to check and where it came from (the facts, else the ciphertext), if any."""
    if ctx.facts.key_version is not None:
        return ctx.facts.key_version, phrase("check.key_version.from_paste")
    text = re.sub(r"\s+", "", ctx.facts.ciphertext or "")
    try:
        raw = base64.b64decode(text, validate=True) if text else b""
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) >= 4:
        return int.from_bytes(raw[:4], "big"), phrase("check.key_version.from_ciphertext")
    return None


# A version probe, by the key type and key ID it asks about.
Probe = tuple[str, str]


def probe_call(api: SkmReader, probe: Probe, version: int) -> Awaitable[object]:
    """Ask SKM for that version: symmetric-key for a symmetric key, else publicKey."""
    key_type, key_id = probe
    if key_type == "SYMMETRIC_KEY":
        return api.get_symmetric_key(key_id, key_version=version)
    return api.get_public_key(key_id, key_version=version)


def expected_probe(ctx: CheckContext, version: int) -> dict[Probe, Awaitable[object]]:
    """The probe the operation implies, to send with the key lookup (none when it implies none)."""
    expected = needed_type(ctx.facts.operation)
    if ctx.profile is None or ctx.api is None or expected not in PROBED_TYPES:
        return {}
    if not ctx.facts.key_id:
        return {}
    probe = (expected, ctx.facts.key_id.strip())
    return {probe: probe_call(ctx.api, probe, version)}
