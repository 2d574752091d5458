"""
Find English left in a Japanese or Korean reply: a run of three or more English words.

A word is a whitespace-separated token of ASCII letters (an apostrophe inside, punctuation
around it allowed). Not words, so they break a run: acronyms (SKM, TLS), identifiers
(camelCase, snake_case, dotted, with digits), paths and hosts. What the bot quotes as it is
(SKM's own messages, proper names, the operating system's reasons) is removed first.
"""

from __future__ import annotations

import re

from skm_bot.core.catalogue import load_catalogue
from skm_bot.emulator.errors import ErrorKind

PROPER_NAMES = ("Secure Key Manager", "NHN Cloud", "In Service")
# What SKM itself says: the catalogue's messages and every message the emulator answers with.
SKM_MESSAGES = tuple(
    {entry.message for entry in load_catalogue().entries} | {kind.value[0] for kind in ErrorKind}
)
# Reasons the operating system or OpenSSL gives, quoted as they are.
SYSTEM_MESSAGES = (
    "Connection refused",
    "Name or service not known",
    "unable to get local issuer certificate",
    "certificate verify failed",
)
QUOTED = tuple(sorted({*PROPER_NAMES, *SKM_MESSAGES, *SYSTEM_MESSAGES}, key=len, reverse=True))

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_AROUND = "\"'`()[]{}<>,.;:!?「」（）、。：…"


def _is_word(token: str) -> bool:
    core = token.strip(_AROUND)
    if not _WORD.fullmatch(core):
        return False
    if len(core) > 1 and core.isupper():
        return False  # an acronym: SKM, TLS, CA
    return not any(ch.isupper() for ch in core[1:])  # camelCase is an identifier


def english_runs(text: str, *, at_least: int = 3) -> list[str]:
    """Each run of `at_least` or more English words in `text`, quoted messages aside."""
    for quoted in QUOTED:
        text = re.sub(re.escape(quoted), " ", text, flags=re.IGNORECASE)
    runs: list[str] = []
    current: list[str] = []
    for token in [*text.split(), ""]:
        if token and _is_word(token):
            current.append(token)
            continue
        if len(current) >= at_least:
            runs.append(" ".join(current))
        current = []
    return runs
