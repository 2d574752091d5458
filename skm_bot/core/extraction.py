"""
Extraction: the facts of a failed SKM call, pulled out of redacted text in any format.

JSON envelopes, SKM URLs, log lines, stack traces and prose all go through the same patterns;
the first plausible value of each fact wins, since a paste usually leads with the failing call.

Speed: patterns run over a lower-cased copy and each starts with a literal (a label such as
`resultcode`), which the regex engine finds as fast as `str.find`. Each runs only when the
text holds a literal its matches need, all of them found in one pass (`_GATES`), so a
megabyte that never says "ciphertext" is not read for one. The few unlabelled facts (a bare
address, a UUID) are looked for only where a label did not already find them.

Boundaries are ASCII (`re.ASCII`): Japanese and Korean letters next to an ID or a number end
it, so `keyId=…がない` and `バージョン2で` still give their values. A UUID inside another
system's resource name (an AWS ARN, a Google Cloud or Azure key path) is not a request ID.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from types import EllipsisType

from skm_bot.core.facts import Facts
from skm_bot.core.gates import any_of_literals
from skm_bot.core.literals import LiteralTable


class _Text:
    """
    The paste and its lower-cased copy; values are sliced from the original when aligned. The
    literals the patterns wait for are looked for once, in one pass, when first asked.
    """

    __slots__ = ("_found", "lowered", "original")

    def __init__(self, original: str, lowered: str) -> None:
        self.original = original
        self.lowered = lowered
        self._found: frozenset[str] | None = None

    @classmethod
    def of(cls, text: str, lowered: str | None = None) -> _Text:
        return cls(text, lowered if lowered is not None else text.lower())

    def may_match(self, pattern: re.Pattern[str]) -> bool:
        """False when the text holds none of the literals one of `pattern`'s matches needs."""
        gate = _GATES.get(pattern)
        if not gate:
            return True
        if self._found is None:
            self._found = _GATE_TABLE.found_in(self.lowered)
        return not self._found.isdisjoint(gate)

    def value(self, m: re.Match[str], group: int = 1) -> str:
        """A group's text in its original case (lower-cased only if lowering moved offsets)."""
        if len(self.original) != len(self.lowered):
            return m.group(group)
        start, end = m.span(group)
        return self.original[start:end]


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.ASCII) for p in patterns)


# --- SKM URLs --------------------------------------------------------------------------------

_URL_PATH = re.compile(r"/keymanager/(v1\.[0-3])/appkey/([a-z0-9_-]+)(/[a-z0-9/_.-]*)?")
_HOST_BEFORE = re.compile(r"(https?)://([a-z0-9.-]+(?::\d{1,5})?)$")
_METHOD_BEFORE = re.compile(r"\b(get|post|put|delete)\b[\s\"']*$", re.ASCII)

# Path shapes after /appkey/{appkey}, first match wins.
_OPERATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), operation)
    for pattern, operation in (
        (r"^/confirm/?$", "confirm"),
        (r"^/secrets/[^/]+/?$", "secret.get"),
        (r"^/symmetric-keys/[^/]+/encrypt/?$", "symmetric.encrypt"),
        (r"^/symmetric-keys/[^/]+/decrypt/?$", "symmetric.decrypt"),
        (r"^/symmetric-keys/[^/]+/create-local-key/?$", "symmetric.create_local_key"),
        (r"^/symmetric-keys/[^/]+/symmetric-key/?$", "symmetric.get_key"),
        (r"^/asymmetric-keys/[^/]+/sign(?:-standard)?/?$", "asymmetric.sign"),
        (r"^/asymmetric-keys/[^/]+/verify(?:-standard)?/?$", "asymmetric.verify"),
        (r"^/asymmetric-keys/[^/]+/privatekey/?$", "asymmetric.get_private_key"),
        (r"^/asymmetric-keys/[^/]+/publickey/?$", "asymmetric.get_public_key"),
        (r"^/keystores(?:/.*)?$", "keystore.read"),
        (r"^/keys(?:/.*)?$", "key.manage"),
        (r"^/auths(?:/.*)?$", "auth.manage"),
    )
)
_KEY_IN_PATH = re.compile(r"^/(?:secrets|symmetric-keys|asymmetric-keys|keys)/([0-9a-z]{8,64})")

# --- Labelled values, each pattern led by its label ------------------------------------------

# Possessive: what follows a label (a hex ID, an address, an ID) never starts with a quote, a
# blank or a separator, so giving one back never finds a value, and a label that people repeat
# ("鍵id 鍵id …") fails at once instead of retrying each split of its blanks.
_SEP = r"""["']?+\s*+[:=：]?+\s*+["']?+"""

# SKM's result as people paste it: JSON, JSON inside a JSON string (`\"resultCode\":-3`), Python
# and Java toString quoting (`'…'`), and unquoted key=value and log forms
# (`resultMessage=Invalid Key Version`, up to the next separator or the next `key=`).
_RESULT_SEP = r"""\\?["']?\s*[:=：]?>?\s*\\?["']?"""
_RESULT_CODE = _compile(rf"result_?code{_RESULT_SEP}(-?\d{{1,9}})")
_MESSAGE_LEAD = r"""\\?["']?\s*[:=：]>?"""
# Only a label its separator follows can have a value: the words alone ("resultMessage" in
# prose, or a megabyte of it) cost the loop below nothing.
_MESSAGE_LABEL = re.compile(rf"result_?message(?={_MESSAGE_LEAD})")
_MESSAGE_VALUE = _compile(
    _MESSAGE_LEAD + r'\s*\\"([^"\\\n]{0,300})\\"',
    _MESSAGE_LEAD + r'\s*"([^"\n]{0,300})"',
    _MESSAGE_LEAD + r"\s*'([^'\n]{0,300})'",
    _MESSAGE_LEAD + r"""[ \t]*([^\s"'\\][^\n,;)}\]|&<>]{0,299})""",
)
# In an unquoted value, the next `key=` or `key:` ends it (logfmt, toString without commas).
_NEXT_PAIR = re.compile(r"\s+[a-z_][a-z0-9_.-]*\s*[:=]", re.ASCII)
# What a logger writes for a message that is not there.
_NO_MESSAGE = frozenset({"", "null", "none", "nil", "undefined"})

_KEY_ID = _compile(
    rf"keyid{_SEP}([0-9a-f]{{32}})\b",
    rf"key[ _-]id{_SEP}([0-9a-f]{{32}})\b",
    rf"キーid{_SEP}([0-9a-f]{{32}})\b",
    rf"鍵id{_SEP}([0-9a-f]{{32}})\b",
    rf"키\s*+id{_SEP}([0-9a-f]{{32}})\b",
)
# The boundary before is checked after the first character: a pattern led by a lookbehind is
# tried at every position of the text, one led by a class only where that class matches.
_BARE_KEY_ID = re.compile(r"([0-9a-f](?<![0-9a-f][0-9a-f])[0-9a-f]{31})(?![0-9a-f])")
_VERSION_NUMBER = r"(\d{1,6})\b(?!\.\d)"
_KEY_VERSION = _compile(
    rf"keyversion{_SEP}{_VERSION_NUMBER}",
    rf"key\s*+version\s*+[:=#：]?+\s*+{_VERSION_NUMBER}",
    rf"version\s*+[:=#：]?+\s*+{_VERSION_NUMBER}",
    rf"バージョン\s*+[:=#：]?+\s*+{_VERSION_NUMBER}",
    rf"버전\s*+[:=#：]?+\s*+{_VERSION_NUMBER}",
)
_IPV4_TEXT = r"(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])"
_LABELLED_IP = _compile(
    rf"clientip{_SEP}{_IPV4_TEXT}",
    rf"client[ _-]ip{_SEP}{_IPV4_TEXT}",
    rf"x-forwarded-for{_SEP}{_IPV4_TEXT}",
    rf"x-real-ip{_SEP}{_IPV4_TEXT}",
    rf"remote[ _-]?addr{_SEP}{_IPV4_TEXT}",
    rf"source[ _-]?ip{_SEP}{_IPV4_TEXT}",
    rf"from\s+{_IPV4_TEXT}",
)
_ANY_IP = re.compile(r"(\d(?<![\d.]\d)\d{0,2}(?:\.\d{1,3}){3})(?![\d.])")
# Led by a hex digit, the boundary before it checked behind it (as `_BARE_KEY_ID`).
_MAC = re.compile(
    r"([0-9a-f](?<![0-9a-f:-][0-9a-f])"
    r"(?:[0-9a-f]([:-])[0-9a-f]{2}(?:\2[0-9a-f]{2}){4}|[0-9a-f]{3}\.[0-9a-f]{4}\.[0-9a-f]{4}))"
    r"(?![0-9a-f:-])"
)
_MAC_HEADER = re.compile(r"x-[a-z0-9 _-]{0,30}mac[a-z0-9-]*")
_MAC_WINDOW = 200
_MAX_MAC_WINDOWS = 200
# A value is never another of these labels ("requestId requestId: r-1", "request id: trace-id=…"):
# the value is the one after the last label.
_ID_LABEL = r"(?:x-)?(?:request|trace|transaction|correlation|diagnosis)[ _-]?id|txid"
_REQUEST_ID_VALUE = rf"(?!(?:{_ID_LABEL})(?![a-z0-9._-]))([a-z0-9][a-z0-9._:-]{{5,127}})"
_REQUEST_ID = _compile(
    *(
        rf"{label}{_SEP}{_REQUEST_ID_VALUE}"
        for label in (
            "x-request-id",
            r"request[ _-]?id",
            r"trace[ _-]?id",
            r"transaction[ _-]?id",
            "txid",
            r"correlation[ _-]?id",
            r"diagnosis[ _-]?id",
            "リクエストid",
            r"요청\s*id",
        )
    )
)
# A UUID is found from its first dash, the rarest part, then checked backwards.
_UUID_TAIL = re.compile(r"-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])")
_UUID_HEAD = re.compile(r"(?<![0-9a-f-])[0-9a-f]{8}$")
# Another system's resource name just before a UUID: `arn:aws:kms:…:key/`, `cryptoKeys/`, …
_FOREIGN_RESOURCE = re.compile(r"(?:arn:aws[a-z-]*:\S*|/cryptokeys/\S*|vault\.azure\.net/\S*)$")
_FOREIGN_LOOKBACK = 200
# The literal leads and the boundary is checked behind it, so the engine can skip to "skm-".
_DIAGNOSIS_ID = re.compile(r"(skm-[a-z2-7]{12})(?<![a-z0-9-]skm-[a-z2-7]{12})(?![a-z0-9])")
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:z|[+-]\d{2}:?\d{2})?"
)
_CIPHERTEXT = _compile(r"""ciphertext["']?\s*[:=]\s*["']([^"'\n]{0,65536})["']""")
_SIGNATURE = _compile(r"""signature["']?\s*[:=]\s*["']([^"'\n]{0,65536})["']""")

# Words that name the operation when no URL does, in priority order.
_OPERATION_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), operation)
    for pattern, operation in (
        (r"decrypt|復号|복호화", "symmetric.decrypt"),
        (r"verify|検証|검증", "asymmetric.verify"),
        (r"encrypt|暗号化|암호화", "symmetric.encrypt"),
        (r"sign(?<![a-z]sign)(?![a-z])|署名|서명", "asymmetric.sign"),
        (r"create-local-key|local key", "symmetric.create_local_key"),
        (r"secrets?/|secret value|機密データ|기밀 데이터", "secret.get"),
    )
)


def _first(
    patterns: tuple[re.Pattern[str], ...], text: _Text, *, keep_case: bool = False
) -> str | None:
    """The first group of the first pattern, in order, that matches."""
    for pattern in patterns:
        m = pattern.search(text.lowered) if text.may_match(pattern) else None
        if m is not None:
            return text.value(m) if keep_case else m.group(1)
    return None


def _operation_from_url(url: re.Match[str], lowered: str, anchor: int) -> str | None:
    """The operation the URL's path names; `anchor` is where the URL starts, host included."""
    rest = url.group(3) or ""
    for pattern, operation in _OPERATIONS:
        if pattern.match(rest):
            method = _METHOD_BEFORE.search(lowered, max(0, anchor - 12), anchor)
            if operation == "secret.get" and method and method.group(1) == "put":
                return "secret.put"
            return operation
    return None


def _operation_from_words(text: _Text) -> str | None:
    """The first operation word in priority order: "signature verification" is a verify."""
    for pattern, operation in _OPERATION_WORDS:
        if text.may_match(pattern) and pattern.search(text.lowered):
            return operation
    return None


def _valid_ipv4(value: str) -> bool:
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return True


def _client_ip(text: _Text, endpoint_host: str | None) -> str | None:
    """A labelled address first; else the first address that is not the SKM host itself."""
    for pattern in _LABELLED_IP:
        if not text.may_match(pattern):
            continue
        for m in pattern.finditer(text.lowered):
            if _valid_ipv4(m.group(1)) and m.group(1) != endpoint_host:
                return m.group(1)
    searched = _ends(text.lowered)
    for m in _ANY_IP.finditer(searched):
        value = m.group(1)
        # An address right after a slash is part of a path or a CIDR, not a client.
        if (
            _valid_ipv4(value)
            and value != endpoint_host
            and searched[m.start() - 1 : m.start()] != "/"
        ):
            return value
    return None


def normalize_mac(value: str) -> str:
    """A MAC address in lower-case colon form, whatever separator it came with."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", value).lower()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def _mac(text: _Text) -> tuple[str | None, str | None]:
    """
    The client MAC and the header name it was sent in.

    People always name a MAC ("MAC", "X-TOAST-CLIENT-MAC-ADDR", "MAC 주소"), so addresses are
    looked for only near the word: a log full of hex never costs a full scan.
    """
    lowered = text.lowered
    header = _MAC_HEADER.search(lowered) if text.may_match(_MAC_HEADER) else None
    header_name = text.value(header, 0).strip() if header else None
    position = lowered.find("mac")
    for _ in range(_MAX_MAC_WINDOWS):
        if position == -1:
            break
        m = _MAC.search(lowered, max(0, position - _MAC_WINDOW), position + _MAC_WINDOW)
        if m is not None:
            return normalize_mac(m.group(1)), header_name
        position = lowered.find("mac", position + _MAC_WINDOW)
    return None, header_name


def _uuids(lowered: str) -> list[str]:
    found = []
    for tail in _UUID_TAIL.finditer(lowered):
        head = tail.start() - 8
        if _UUID_HEAD.search(lowered, max(0, head), tail.start()) and not _FOREIGN_RESOURCE.search(
            lowered, max(0, head - _FOREIGN_LOOKBACK), head
        ):
            found.append(lowered[head : tail.end()])
    return found


def _request_ids(text: _Text) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for pattern in _REQUEST_ID:
        if text.may_match(pattern):
            found.extend(
                (m.start(), text.value(m).rstrip(".:,")) for m in pattern.finditer(text.lowered)
            )
    ordered = [value for _, value in sorted(found)]
    ordered.extend(_uuids(text.lowered))
    if text.may_match(_DIAGNOSIS_ID):
        ordered.extend(m.group(1) for m in _DIAGNOSIS_ID.finditer(text.lowered))
    return tuple(dict.fromkeys(ordered))


# Unlabelled facts are looked for only at the ends of a long paste, where the failing call and
# its context sit: a bare hex or number scan has no literal to skip ahead to.
_ENDS = 64 * 1024


def _ends(lowered: str) -> str:
    if len(lowered) <= 2 * _ENDS:
        return lowered
    return lowered[:_ENDS] + "\n" + lowered[-_ENDS:]


def _timestamp(lowered: str) -> re.Match[str] | None:
    """
    The first timestamp, looked for at the ends of a long paste (a pattern led by a digit
    tries every digit of a megabyte that holds none): at its start, else at its end.
    """
    if len(lowered) <= 2 * _ENDS:
        return _TIMESTAMP.search(lowered)
    return _TIMESTAMP.search(lowered, 0, _ENDS) or _TIMESTAMP.search(lowered, len(lowered) - _ENDS)


def _bare_key_id(lowered: str) -> str | None:
    m = _BARE_KEY_ID.search(_ends(lowered))
    return m.group(1) if m else None


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _url_facts(text: _Text) -> dict[str, str | None]:
    url = _URL_PATH.search(text.lowered) if text.may_match(_URL_PATH) else None
    if url is None:
        return {}
    host = _HOST_BEFORE.search(text.lowered, max(0, url.start() - 300), url.start())
    key = _KEY_IN_PATH.match(url.group(3) or "")
    return {
        "api_version": url.group(1),
        "appkey": text.value(url, 2),
        "endpoint": f"{host.group(1)}://{host.group(2)}" if host else None,
        "host": host.group(2).split(":")[0] if host else None,
        "key_id": key.group(1) if key else None,
        "operation": _operation_from_url(url, text.lowered, host.start() if host else url.start()),
    }


def _message_at(text: _Text, end: int) -> str | None:
    """The value of the `resultMessage` label ending at `end`, as SKM wrote it; None if empty."""
    for pattern in _MESSAGE_VALUE:
        m = pattern.match(text.lowered, end)
        if m is None:
            continue
        value = text.value(m)
        following = _NEXT_PAIR.search(value.lower())
        if following is not None:
            value = value[: following.start()]
        value = value.strip().rstrip(".").strip()
        return None if value.lower() in _NO_MESSAGE else value
    return None


def _result_message(text: _Text) -> str | None:
    """The first `resultMessage` in the paste that has a value, in any form it is written."""
    labels = _MESSAGE_LABEL.finditer(text.lowered) if text.may_match(_MESSAGE_LABEL) else ()
    for label in labels:
        value = _message_at(text, label.end())
        if value is not None:
            return value
    return None


def envelope_message(text: str, lowered: str | None = None) -> str | None:
    """SKM's `resultMessage` when the paste holds a response envelope, else None."""
    return _result_message(_Text.of(text, lowered))


def extract_facts(
    text: str,
    *,
    lowered: str | None = None,
    skm: bool = True,
    result_message: str | EllipsisType | None = ...,
) -> Facts:
    """
    Every fact found in `text`, which must already be redacted.

    `lowered` is `text.lower()` when the caller already has it. `skm=False` says the paste is
    another system's (AWS KMS, Vault…): nothing in it is an SKM fact, its IDs least of all.
    `result_message` is `envelope_message(text)` when the caller already read it.
    """
    if not skm:
        return Facts()
    scan = _Text.of(text, lowered)
    url = _url_facts(scan)
    mac, mac_header = _mac(scan)
    request_ids = _request_ids(scan)
    timestamp = _timestamp(scan.lowered)
    return Facts(
        appkey=url.get("appkey"),
        key_id=url.get("key_id") or _first(_KEY_ID, scan) or _bare_key_id(scan.lowered),
        key_version=_int_or_none(_first(_KEY_VERSION, scan)),
        operation=url.get("operation") or _operation_from_words(scan),
        api_version=url.get("api_version"),
        endpoint=url.get("endpoint"),
        client_ip=_client_ip(scan, url.get("host")),
        client_mac=mac,
        mac_header=mac_header,
        result_code=_int_or_none(_first(_RESULT_CODE, scan)),
        result_message=_result_message(scan) if result_message is ... else result_message,
        request_id=request_ids[0] if request_ids else None,
        timestamp=scan.value(timestamp, 0) if timestamp else None,
        ciphertext=_first(_CIPHERTEXT, scan, keep_case=True),
        signature=_first(_SIGNATURE, scan, keep_case=True),
        request_ids=request_ids,
    )


# The patterns read over the whole paste, each run only when the text holds one of the
# literals its matches need (found for all of them in one pass). The rest (a bare address, a
# UUID's tail, a timestamp) hold no literal: they are bounded otherwise (`_ends`).
_GATED: tuple[re.Pattern[str], ...] = (
    _URL_PATH,
    _MESSAGE_LABEL,
    *_RESULT_CODE,
    *_KEY_ID,
    *_KEY_VERSION,
    *_LABELLED_IP,
    _MAC_HEADER,
    *_REQUEST_ID,
    _DIAGNOSIS_ID,
    *_CIPHERTEXT,
    *_SIGNATURE,
    *(pattern for pattern, _ in _OPERATION_WORDS),
)
_GATES: Mapping[re.Pattern[str], tuple[str, ...]] = {
    pattern: any_of_literals(pattern.pattern) for pattern in _GATED
}
_GATE_TABLE = LiteralTable(literal for gate in _GATES.values() for literal in gate)
