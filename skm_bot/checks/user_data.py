"""skm.user_data: offline checks of a pasted ciphertext or signature (Invalid User Data)."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from skm_bot.checks.context import CheckContext
from skm_bot.checks.verdicts import result, skip
from skm_bot.core.check_ids import SKM_USER_DATA
from skm_bot.core.check_result import CheckResult, Status

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
    text: str


def decode(label: str, text: str) -> tuple[bytes | None, list[Finding]]:
    """Decode standard base64 as SKM sends it, saying what is wrong when it is damaged."""
    findings: list[Finding] = []
    compact = re.sub(r"\s+", "", text)
    if compact != text.strip():
        findings.append(
            Finding(Status.FAIL, f"the {label} contains spaces or line breaks: send it on one line")
        )
    if not _STANDARD.match(compact):
        if _URL_SAFE.match(compact):
            findings.append(
                Finding(Status.FAIL, f"the {label} uses the URL-safe alphabet (- _); SKM uses + /")
            )
        else:
            findings.append(Finding(Status.FAIL, f"the {label} holds characters outside base64"))
        return None, findings
    if len(compact) % 4:
        findings.append(
            Finding(
                Status.FAIL,
                f"the {label} is {len(compact)} characters, not a multiple of 4: "
                "truncated or missing '=' padding",
            )
        )
        return None, findings
    try:
        return base64.b64decode(compact, validate=True), findings
    except binascii.Error as exc:
        findings.append(Finding(Status.FAIL, f"the {label} is not valid base64 ({exc})"))
        return None, findings


def inspect_ciphertext(text: str, key_version: int | None) -> list[Finding]:
    """Findings about an SKM ciphertext: encoding, length, embedded version."""
    raw, findings = decode("ciphertext", text)
    if raw is None:
        return findings
    if len(raw) < MIN_CIPHERTEXT:
        findings.append(
            Finding(
                Status.FAIL,
                f"the ciphertext is {len(raw)} bytes, shorter than version + nonce + tag "
                f"({MIN_CIPHERTEXT}): truncated, or not from SKM",
            )
        )
        return findings
    version = int.from_bytes(raw[:VERSION_BYTES], "big")
    findings.append(Finding(Status.PASS, f"ciphertext: {len(raw)} bytes, key version {version}"))
    if key_version is not None and key_version != version:
        findings.append(
            Finding(
                Status.WARN,
                f"the ciphertext says key version {version}, the paste says {key_version}",
            )
        )
    if len(raw) - MIN_CIPHERTEXT > MAX_PLAINTEXT:
        findings.append(Finding(Status.WARN, "the plaintext behind it exceeds SKM's 32 KB limit"))
    return findings


def inspect_signature(text: str) -> list[Finding]:
    """Findings about a signature, assuming SKM's RSA-2048 keys (256-byte signatures)."""
    raw, findings = decode("signature", text)
    if raw is None:
        return findings
    if len(raw) != RSA_2048_SIGNATURE:
        findings.append(
            Finding(
                Status.FAIL,
                f"the signature is {len(raw)} bytes; an RSA-2048 signature is {RSA_2048_SIGNATURE}",
            )
        )
    else:
        findings.append(Finding(Status.PASS, f"signature: {len(raw)} bytes (RSA-2048)"))
    return findings


def _worst(findings: list[Finding]) -> Status:
    for status in (Status.FAIL, Status.WARN):
        if any(f.status is status for f in findings):
            return status
    return Status.PASS


async def check_user_data(ctx: CheckContext) -> CheckResult:
    """Is the pasted ciphertext/signature intact? Offline: needs no profile."""
    facts = ctx.facts
    if facts.ciphertext is None and facts.signature is None:
        return skip(SKM_USER_DATA, "no ciphertext or signature in the paste")
    findings: list[Finding] = []
    if facts.ciphertext is not None:
        findings += inspect_ciphertext(facts.ciphertext, facts.key_version)
    if facts.signature is not None:
        findings += inspect_signature(facts.signature)
    status = _worst(findings)
    problems = [f.text for f in findings if f.status is status]
    if status is Status.PASS:
        summary = "the pasted data is well-formed"
    else:
        summary = problems[0] + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
    limits = f"limits: plaintext ≤ 32 KB to encrypt, ≤ {MAX_SIGN_INPUT} bytes to sign"
    return result(SKM_USER_DATA, status, summary, *(f.text for f in findings), limits)
