"""
Redaction: every secret in a paste is replaced before anything else reads the text.

Each rule finds one kind of secret and replaces only its value with `[REDACTED:<kind>]`, keeping
the label around it so the paste still reads naturally ("X-TC-AUTHENTICATION-SECRET:
[REDACTED:access_key_secret]"). The result records the kind and count of what was removed, never
the value. Every rule either starts with a literal or is gated by a cheap keyword test, so the
cost stays linear in the paste's length.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

PLACEHOLDER = "[REDACTED:{kind}]"
_MARK = "[REDACTED:"


@dataclass(frozen=True)
class Redaction:
    """What kind of secret was removed, and how many times."""

    kind: str
    count: int = 1


@dataclass(frozen=True)
class Redacted:
    """The redacted text and what was removed from it."""

    text: str
    redactions: tuple[Redaction, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds removed, in the order first seen."""
        return tuple(r.kind for r in self.redactions)


# A rule takes the text, the lower-cased original (for cheap keyword gates) and the tally.
_Rule = Callable[[str, str, Counter[str]], str]


def _placeholder(kind: str) -> str:
    return PLACEHOLDER.format(kind=kind)


def _value_rule(kind: str, pattern: str, *, gate: str | None = None, flags: int = 0) -> _Rule:
    """A rule replacing the `value` group of `pattern`, skipping text already redacted."""
    regex = re.compile(pattern, flags)

    def apply(text: str, lowered: str, seen: Counter[str]) -> str:
        if gate is not None and gate not in lowered:
            return text

        def replace(m: re.Match[str]) -> str:
            value = m.group("value")
            if not value or _MARK in value:
                return m.group(0)
            seen[kind] += 1
            start, end = m.span("value")
            # Keep a quoted value's quotes so redacted JSON stays JSON.
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                start, end = start + 1, end - 1
            whole = m.group(0)
            offset = m.start()
            return whole[: start - offset] + _placeholder(kind) + whole[end - offset :]

        return regex.sub(replace, text)

    return apply


# --- PEM private keys ------------------------------------------------------------------------

_PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----")
_PEM_END = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----")
# A key body cut short (no END line): base64 runs and PEM header lines, apart by whitespace or
# JSON "\n" escapes. Greedy with nothing after it, so it never backtracks.
_PEM_TAIL = re.compile(
    r"(?:(?:\s|\\n|\\r)*(?:[A-Za-z0-9+/=]{8,}|Proc-Type:[^\n\\]*|DEK-Info:[^\n\\]*))*"
)


def _redact_pem_keys(text: str, lowered: str, seen: Counter[str]) -> str:
    if "PRIVATE KEY-----" not in text:
        return text
    ends = [m.end() for m in _PEM_END.finditer(text)]
    out: list[str] = []
    pos = 0
    for begin in _PEM_BEGIN.finditer(text):
        if begin.start() < pos:
            continue
        i = bisect.bisect_left(ends, begin.end())
        stop = ends[i] if i < len(ends) else _PEM_TAIL.match(text, begin.end()).end()  # type: ignore[union-attr]
        out.append(text[pos : begin.start()])
        out.append(_placeholder("private_key"))
        seen["private_key"] += 1
        pos = stop
    out.append(text[pos:])
    return "".join(out)


# --- Base64 DER blobs: PKCS#12 files and bare private keys -----------------------------------

_BLOB = re.compile(r"M[A-Za-z0-9+/]{59,}={0,2}(?:(?:\\n|\r?\n)[A-Za-z0-9+/]{4,}={0,2})*")


def _der_kind(blob: str) -> str | None:
    """'pkcs12' or 'private_key' when the base64 blob's DER header says so, else None."""
    try:
        head = base64.b64decode(blob[:24], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(head) < 8 or head[0] != 0x30:
        return None
    length_octets = head[1] & 0x7F if head[1] & 0x80 else 0
    body = head[2 + length_octets :]
    if body[:3] == b"\x02\x01\x03":
        return "pkcs12"
    # PKCS#8 (version 0, then an AlgorithmIdentifier), PKCS#1 RSA (version 0, then an INTEGER)
    # and SEC1 EC keys (version 1, then an OCTET STRING) all look like this.
    if body[:4] in (b"\x02\x01\x00\x30", b"\x02\x01\x00\x02", b"\x02\x01\x01\x04"):
        return "private_key"
    return None


def _redact_der_blobs(text: str, lowered: str, seen: Counter[str]) -> str:
    def replace(m: re.Match[str]) -> str:
        kind = _der_kind(m.group(0))
        if kind is None:
            return m.group(0)
        seen[kind] += 1
        return _placeholder(kind)

    return _BLOB.sub(replace, text)


# --- Labelled values -------------------------------------------------------------------------

_Q = r"""["']?"""
_VALUE = r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;}&)]+)"""
_TOKEN = r"""(?P<value>[^\s"',;}&)]+)"""

# Field names whose value is always a secret, in JSON, Python reprs, query strings and logs.
_SECRET_FIELDS = {
    "plaintext": ("plaintext",),
    "secret_value": ("secretvalue", "secret", "client_secret", "clientsecret"),
    "local_key": ("localkeyplaintext",),
    "symmetric_key": ("symmetrickey",),
    "access_key_secret": ("secretaccesskey", "secret_access_key"),
    "bearer_token": ("access_token", "accesstoken", "refresh_token", "id_token", "token"),
    "api_key": ("api_key", "apikey", "api-key"),
    "password": (
        "password",
        "passwd",
        "passphrase",
        "certificatepassword",
        "keystorepassword",
        "truststorepassword",
        "keypassword",
    ),
}


def _field_rules() -> list[_Rule]:
    rules: list[_Rule] = []
    for kind, names in _SECRET_FIELDS.items():
        for name in names:
            pattern = rf"""(?<![\w-]){_Q}{re.escape(name)}{_Q}\s*[:=]\s*{_VALUE}"""
            rules.append(_value_rule(kind, pattern, gate=name, flags=re.IGNORECASE))
    return rules


def _private_key_field_rule() -> _Rule:
    """`key` / `encodedKey` are secrets only in a privateKey answer."""
    inner = _value_rule(
        "private_key",
        rf"""(?<![\w-]){_Q}(?:encoded)?key{_Q}\s*[:=]\s*{_VALUE}""",
        flags=re.IGNORECASE,
    )

    def apply(text: str, lowered: str, seen: Counter[str]) -> str:
        return inner(text, lowered, seen) if "privatekey" in lowered else text

    return apply


_RULES: tuple[_Rule, ...] = (
    _redact_pem_keys,
    _redact_der_blobs,
    _value_rule(
        "access_key_secret",
        rf"x-tc-authentication-secret{_Q}\s*[:=]\s*{_Q}{_TOKEN}",
        gate="x-tc-authentication-secret",
        flags=re.IGNORECASE,
    ),
    _value_rule(
        "bearer_token",
        rf"x-nhn-authorization{_Q}\s*[:=]\s*{_Q}(?:bearer\s+)?{_TOKEN}",
        gate="x-nhn-authorization",
        flags=re.IGNORECASE,
    ),
    _value_rule(
        "authorization_header",
        rf"authorization{_Q}\s*[:=]\s*{_Q}(?:bearer|basic|token|digest)\s+{_TOKEN}",
        gate="authorization",
        flags=re.IGNORECASE,
    ),
    _value_rule(
        "bearer_token",
        r"bearer\s+(?P<value>[A-Za-z0-9._~+/-]{16,}=*)",
        gate="bearer",
        flags=re.IGNORECASE,
    ),
    _private_key_field_rule(),
    *_field_rules(),
    # keytool, openssl and friends: -storepass X, -passin pass:X, --password X.
    _value_rule(
        "password",
        r"(?<![\w-])--?(?:storepass|keypass|srcstorepass|deststorepass|srckeypass|destkeypass"
        r"|passin|passout|password|pass|p12-password)(?:\s+|=)(?:pass:|env:)?(?P<value>[^\s\"']+)",
        gate="pass",
        flags=re.IGNORECASE,
    ),
    _value_rule("password", r"(?<![\w-])pass:(?P<value>[^\s\"']+)", gate="pass:"),
    # curl -u / --user id:secret, as for the token endpoint's Basic authentication.
    _value_rule(
        "password",
        r"(?<![\w-])(?:-u|--user)\s+[\"']?[^\s:\"']+:(?P<value>[^\s\"']+)",
    ),
    # curl -E / --cert file.p12:password
    _value_rule(
        "password",
        r"(?:--cert|-E)\s+[\"']?[^\s:\"']+:(?P<value>[^\s\"']+)",
    ),
    _value_rule("url_credentials", r"://[^/\s:@\"']{1,256}:(?P<value>[^/\s@\"']{1,256})@"),
    _value_rule("slack_token", r"(?P<value>xox[abposre]-[A-Za-z0-9-]{8,})"),
    _value_rule("slack_token", r"(?P<value>xapp-\d-[A-Za-z0-9-]{8,})"),
    _value_rule("slack_webhook", r"hooks\.slack\.com/services/(?P<value>[A-Za-z0-9/]{8,})"),
)


def redact(text: str) -> Redacted:
    """Replace every secret in `text`; the result says what kinds were removed, never what."""
    seen: Counter[str] = Counter()
    lowered = text.lower()
    for rule in _RULES:
        text = rule(text, lowered, seen)
    return Redacted(
        text=text,
        redactions=tuple(Redaction(kind, count) for kind, count in seen.items()),
    )
