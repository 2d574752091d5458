"""
Gate literals: strings a text must hold before a rule's regex is run on it.

A rule may declare its own (`literals` in the catalogue). Otherwise its gate is one word of the
literal its pattern starts with, chosen so that rules share gates: the fewer distinct gates,
the cheaper it is to find which are present in a paste (one `in` each), and a rule waits only
for its own. Common words ("the", "not", "unable") never gate: they are in every paste.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

# A run of literal characters at a pattern's start: plain ones, and escaped punctuation.
_LEADING = re.compile(r"(?:[^\\\[\](){}.*+?^$|]|\\[^a-zA-Z0-9])+")
_ESCAPE_PAIR = re.compile(r"\\.|.", re.DOTALL)
_WORD = re.compile(r"[a-z0-9]+|[^\x00-\x7f]+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "bad",
        "be",
        "been",
        "by",
        "can",
        "could",
        "error",
        "failed",
        "find",
        "for",
        "get",
        "given",
        "has",
        "in",
        "is",
        "load",
        "no",
        "not",
        "number",
        "of",
        "or",
        "read",
        "set",
        "start",
        "that",
        "the",
        "this",
        "to",
        "unable",
        "use",
        "was",
        "with",
    ]
)


def leading_literal(pattern: str) -> str:
    """
    The literal a pattern starts with (escapes resolved), without a last character that a
    quantifier makes optional: `certificates?` gives `certificate`.
    """
    m = _LEADING.match(pattern)
    if m is None:
        return ""
    rest = pattern[m.end() :]
    chars = _ESCAPE_PAIR.findall(m.group())
    if rest[:1] in ("?", "*", "{") and chars:
        chars = chars[:-1]
    return "".join(c[1:] if c.startswith("\\") else c for c in chars)


def gate_words(pattern: str) -> tuple[str, ...]:
    """The words of the pattern's leading literal that may gate it (no common word)."""
    words = _WORD.findall(leading_literal(pattern))
    useful = tuple(dict.fromkeys(w for w in words if w not in _STOPWORDS))
    return useful or tuple(dict.fromkeys(words))


def assign_gates(candidates: Sequence[tuple[str, ...]]) -> list[str]:
    """
    One gate per rule from its candidate words: greedily, the word most rules can share, then
    the longest (the more selective).
    """
    gates: list[str | None] = [None] * len(candidates)
    while any(gate is None for gate in gates):
        open_rules = [i for i, gate in enumerate(gates) if gate is None]
        counts = Counter(word for i in open_rules for word in candidates[i])
        best = max(counts, key=lambda word: (counts[word], len(word), word))
        for i in open_rules:
            if best in candidates[i]:
                gates[i] = best
    return [gate for gate in gates if gate is not None]
