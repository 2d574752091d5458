"""
Every redaction rule, most specific first, each with the literals it cannot fire without.

The order only decides which kind names a placeholder when two rules find overlapping secrets
(a Slack token under a name that says token is a `slack_token`); every rule always runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skm_bot.core.redaction import commands, fields, manifests, material, tokens
from skm_bot.core.redaction.engine import Rule, Source, Span
from skm_bot.core.redaction.names import name_literals
from skm_bot.core.redaction.values import Context, value_span

# In SKM's privateKey answer, `key` (a hex list) and `encodedKey` (base64 PKCS#8) are the key.
_KEY_FIELD = re.compile(r"""key(?:\\*+["'])?[ \t]*[:=][ \t]*""")
_FIELD_START = frozenset(" \t\r\n\"'{,(\\")


def _names_the_key(lowered: str, start: int) -> bool:
    """True when the `key` at `start` is the whole name `key` or `encodedKey`."""
    if lowered.endswith("encoded", 0, start):
        start -= len("encoded")
    return start == 0 or lowered[start - 1] in _FIELD_START


def find_private_key_fields(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """`key` and `encodedKey` of an SKM privateKey answer (the text says PrivateKey)."""
    if "privatekey" not in source.lowered:
        return
    for m in _KEY_FIELD.finditer(source.lowered):
        if not _names_the_key(source.lowered, m.start()):
            continue
        found = value_span(source, m.end(), context=Context.GENERIC, label=m.start())
        if found is not None:
            yield Span(found[0], found[1], "private_key")


RULES: tuple[Rule, ...] = (
    Rule("pem_private_key", ("private",), material.find_pem_keys),
    Rule("putty_private_key", ("putty-user-key-file",), material.find_putty_keys),
    Rule("der_key_blob", material.DER_BLOB_LITERALS, material.find_der_blobs),
    Rule("keystore_blob", material.OTHER_BLOB_LITERALS, material.find_other_blobs),
    Rule("jwt", ("eyj",), tokens.find_jwts),
    Rule("slack_token", ("xox", "xapp-"), tokens.find_slack_tokens),
    Rule("slack_webhook", ("hooks.slack.com/services/",), tokens.find_slack_webhooks),
    Rule("bearer", ("bearer",), tokens.find_bearer),
    # Every URL holds "://", but only one carrying a password holds an "@" too.
    Rule("url_credentials", ("@",), commands.find_url_credentials),
    Rule("curl_user", ("-u",), commands.find_curl_user),
    Rule("curl_cert", ("--cert", "-e"), commands.find_curl_cert),
    Rule("tool_password_flag", tuple(commands.TOOL_PASSWORD_FLAGS), commands.find_tool_passwords),
    Rule("kubernetes_secret_data", ("secret",), manifests.find_secret_manifest_data),
    Rule("skm_private_key_field", ("privatekey",), find_private_key_fields),
    Rule("labelled_value", name_literals(), fields.find_labelled),
)
