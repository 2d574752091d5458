"""
Redaction: every secret in a paste is replaced before anything else reads the text.

Rules (`rules.RULES`) find secrets by the name that labels them, whatever the format (`names`,
`fields`, `values`), by their content (`material`, `tokens`) or by the command line or URL that
carries them (`commands`, `manifests`). Each secret is replaced by `[REDACTED:<kind>]`; the
label around it stays, so the paste still reads naturally ("X-TC-AUTHENTICATION-SECRET:
[REDACTED:access_key_secret]"). The result records the kind and count of what was removed, never
the value, and is never longer than twice the original plus 64 characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skm_bot.core.redaction.engine import (
    GROWTH_SLACK,
    MAX_GROWTH,
    PLACEHOLDER,
    PLACEHOLDER_PATTERN,
    Rule,
    Source,
    bounded,
    find_spans,
    merge,
    placeholder,
    render,
)
from skm_bot.core.redaction.names import is_secret_name, secret_name_kind
from skm_bot.core.redaction.rules import RULES

__all__ = [
    "GROWTH_SLACK",
    "KINDS",
    "MAX_GROWTH",
    "PLACEHOLDER",
    "PLACEHOLDER_PATTERN",
    "RULES",
    "Redacted",
    "Redaction",
    "Rule",
    "is_secret_name",
    "redact",
    "redact_field",
    "secret_name_kind",
]

# Every kind a placeholder can name; docs/security.md and the README list them.
KINDS: tuple[str, ...] = (
    "access_key_secret",
    "api_key",
    "authorization_header",
    "bearer_token",
    "cookie",
    "credential",
    "jwt",
    "keystore",
    "local_key",
    "password",
    "pkcs12",
    "plaintext",
    "private_key",
    "secret_value",
    "signature",
    "slack_token",
    "slack_webhook",
    "symmetric_key",
    "url_credentials",
)


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
    # `text.lower()`, when redaction computed it on the way (None when unknown): the recognisers
    # read the paste lower-cased too, and need not do it again.
    lowered: str | None = field(default=None, compare=False, repr=False)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds removed, in the order first seen."""
        return tuple(r.kind for r in self.redactions)


def redact(text: str) -> Redacted:
    """Replace every secret in `text`; the result says what kinds were removed, never what."""
    source = Source.of(text)
    spans = bounded(text, merge(find_spans(source, RULES)))
    if not spans:
        return Redacted(text=text, redactions=(), lowered=_plain_lower(source))
    out, seen = render(text, spans)
    return Redacted(
        text=out, redactions=tuple(Redaction(kind, count) for kind, count in seen.items())
    )


def _plain_lower(source: Source) -> str | None:
    """The source's lower-cased twin if it is `text.lower()` too: it differs only where "İ" is."""
    return source.lowered if "\u0130" not in source.text else None


def redact_field(name: str, value: str) -> Redacted:
    """
    A value stored under `name` (a log key, an alert label): all of it when the name says
    secret, else whatever secrets it holds.
    """
    kind = secret_name_kind(name)
    if kind is None or not value or PLACEHOLDER_PATTERN.fullmatch(value):
        return redact(value)
    return Redacted(text=placeholder(kind), redactions=(Redaction(kind),))
