"""
Tokens found by their shape, wherever they stand: JSON Web Tokens, Slack tokens and webhook
URLs, and the credential after `Bearer`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skm_bot.core.redaction.engine import Source, Span

# Header and payload are base64url JSON objects ("eyJ" is `{"`); the signature may be empty
# (alg "none"), and a JWE has five parts.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{6,}+\.[A-Za-z0-9_-]{6,}+(?:\.[A-Za-z0-9_-]*+){1,3}")
_SLACK_TOKEN = re.compile(r"(?:xox[abposre]|xoxe\.xox[bp]|xapp)-[A-Za-z0-9-]{8,}+")
_SLACK_WEBHOOK = re.compile(r"hooks\.slack\.com/services/([A-Za-z0-9/_-]{8,}+)")
_BEARER = re.compile(r"bearer[ \t]+([a-z0-9._~+/-]{8,}+=*+)")
# "Bearer authentication", "Bearer Tokens": a word, not a credential.
_PLAIN_WORD = re.compile(r"[A-Za-z]?[a-z]{7,18}")


def find_jwts(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """JSON Web Tokens (JWS and JWE)."""
    for m in _JWT.finditer(source.text):
        yield Span(m.start(), m.end(), "jwt")


def find_slack_tokens(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """Slack bot, user, app-level, refresh and configuration tokens."""
    for m in _SLACK_TOKEN.finditer(source.text):
        yield Span(m.start(), m.end(), "slack_token")


def find_slack_webhooks(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The secret path of a Slack incoming-webhook URL."""
    for m in _SLACK_WEBHOOK.finditer(source.lowered):
        yield Span(m.start(1), m.end(1), "slack_webhook")


def find_bearer(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The credential after `Bearer`, whatever labels it (or nothing does)."""
    for m in _BEARER.finditer(source.lowered):
        if _PLAIN_WORD.fullmatch(source.text, m.start(1), m.end(1)):
            continue
        yield Span(m.start(1), m.end(1), "bearer_token")
