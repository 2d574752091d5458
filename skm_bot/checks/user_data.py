"""skm.user_data: offline checks of a pasted ciphertext or signature (Invalid User Data)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from skm_bot.checks.context import CheckContext
from skm_bot.checks.verdicts import Verdict, localised, result, skip
from skm_bot.core.check_ids import SKM_USER_DATA
from skm_bot.core.check_result import Status
from skm_bot.core.found_facts import KEY_VERSION
from skm_bot.core.phrases import Phrase, phrase

# SKM ciphertext layout (UNCONFIRMED, inferred from the doc example "AAAAABzG…", 36 bytes):
# a 4-byte big-endian key version, then AES-GCM's 12-byte nonce, the ciphertext, a 16-byte tag.
VERSION_BYTES = 4
NONCE_BYTES = 12
TAG_BYTES = 16
MIN_CIPHERTEXT = VERSION_BYTES + NONCE_BYTES + TAG_BYTES
MAX_PLAINTEXT = 32 * 1024
MAX_SIGN_INPUT = 245
RSA_2048_SIGNATURE = 256

_STANDARD = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
_URL_SAFE = re.compile(r"^[A-Za-z0-9\-_]*={0,2}$")


@dataclass(frozen=True)
class Finding:
    """One observation about a pasted value."""

    status: Status
    text: Phrase


def decode(label: Phrase, text: str) -> tuple[bytes | None, list[Finding]]:
    """Decode standard base64 as SKM sends it, saying what is wrong when it is damaged."""
    findings: list[Finding] = []
    compact = re.sub(r"\s+", "", text)
    if compact != text.strip():
        findings.append(Finding(Status.FAIL, phrase("check.user_data.whitespace", label=label)))
    if not _STANDARD.match(compact):
        if _URL_SAFE.match(compact):
            findings.append(Finding(Status.FAIL, phrase("check.user_data.url_safe", label=label)))
        else:
            findings.append(Finding(Status.FAIL, phrase("check.user_data.not_base64", label=label)))
        return None, findings
    if len(compact) % 4:
        wrong = phrase("check.user_data.bad_length", label=label, length=len(compact))
        findings.append(Finding(Status.FAIL, wrong))
        return None, findings
    try:
        return base64.b64decode(compact, validate=True), findings
    except binascii.Error as exc:
        invalid = phrase("check.user_data.invalid", label=label, error=str(exc))
        findings.append(Finding(Status.FAIL, invalid))
        return None, findings


def embedded_version(text: str) -> int | None:
    """The key version a well-formed SKM ciphertext carries in its first bytes, else None."""
    compact = re.sub(r"\s+", "", text)
    if not _STANDARD.match(compact) or len(compact) % 4:
        return None
    try:
        raw = base64.b64decode(compact, validate=True)
    except binascii.Error:
        return None
    return int.from_bytes(raw[:VERSION_BYTES], "big") if len(raw) >= MIN_CIPHERTEXT else None


def inspect_ciphertext(text: str, key_version: int | None) -> list[Finding]:
    """Findings about an SKM ciphertext: encoding, length, embedded version."""
    raw, findings = decode(phrase("check.user_data.ciphertext"), text)
    if raw is None:
        return findings
    if len(raw) < MIN_CIPHERTEXT:
        short = phrase("check.user_data.too_short", length=len(raw), minimum=MIN_CIPHERTEXT)
        findings.append(Finding(Status.FAIL, short))
        return findings
    version = int.from_bytes(raw[:VERSION_BYTES], "big")
    well_formed = phrase("check.user_data.ciphertext_ok", length=len(raw), version=version)
    findings.append(Finding(Status.PASS, well_formed))
    if key_version is not None and key_version != version:
        differs = phrase("check.user_data.version_differs", version=version, pasted=key_version)
        findings.append(Finding(Status.WARN, differs))
    if len(raw) - MIN_CIPHERTEXT > MAX_PLAINTEXT:
        findings.append(Finding(Status.WARN, phrase("check.user_data.too_long")))
    return findings


def inspect_signature(text: str) -> list[Finding]:
    """Findings about a signature, assuming SKM's RSA-2048 keys (256-byte signatures)."""
    raw, findings = decode(phrase("check.user_data.signature"), text)
    if raw is None:
        return findings
    if len(raw) != RSA_2048_SIGNATURE:
        wrong = phrase(
            "check.user_data.signature_length", length=len(raw), expected=RSA_2048_SIGNATURE
        )
        findings.append(Finding(Status.FAIL, wrong))
    else:
        findings.append(
            Finding(Status.PASS, phrase("check.user_data.signature_ok", length=len(raw)))
        )
    return findings


def _worst(findings: list[Finding]) -> Status:
    for status in (Status.FAIL, Status.WARN):
        if any(f.status is status for f in findings):
            return status
    return Status.PASS


@localised
async def check_user_data(ctx: CheckContext) -> Verdict:
    """Is the pasted ciphertext/signature intact? Offline: needs no profile."""
    facts = ctx.facts
    if facts.ciphertext is None and facts.signature is None:
        return skip(SKM_USER_DATA, phrase("check.user_data.none"))
    findings: list[Finding] = []
    version = None
    if facts.ciphertext is not None:
        findings += inspect_ciphertext(facts.ciphertext, facts.key_version)
        version = embedded_version(facts.ciphertext)
    if facts.signature is not None:
        findings += inspect_signature(facts.signature)
    status = _worst(findings)
    problems = [f.text for f in findings if f.status is status]
    if status is Status.PASS:
        summary = phrase("check.user_data.ok")
    elif len(problems) > 1:
        summary = phrase("check.user_data.more", first=problems[0], more=len(problems) - 1)
    else:
        summary = problems[0]
    limits = phrase("check.user_data.limits", sign_limit=MAX_SIGN_INPUT)
    verdict = result(SKM_USER_DATA, status, summary, *(f.text for f in findings), limits)
    return verdict if version is None else verdict.finding(**{KEY_VERSION: version})
