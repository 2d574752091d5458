"""
Gate literals: strings a text must hold before a rule's regex is run on it.

A rule may declare its own (`literals` in the catalogue). Otherwise its gate is the whole
literal its pattern starts with ("cert_untrusted", "tls: expired certificate"): the most
selective string every match holds. Which gates a paste holds is found by one automaton pass
(`core/literals.py`), whose cost does not grow with the number of gates, so rules gain nothing
by sharing a short gate ("cert") and a paste full of such words no longer runs every rule that
starts with one over the whole paste.
"""

from __future__ import annotations

import re
import re._parser  # type: ignore[import-not-found]  # the regex parser `re` itself uses
from typing import Any

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


def gate_of(pattern: str) -> str:
    """
    The gate of a pattern that declares none: its whole leading literal, or "" when that holds
    no word to wait for.
    """
    return leading_literal(pattern) if gate_words(pattern) else ""


def required_literals(pattern: str) -> tuple[str, ...]:
    """
    Every literal run that any match of `pattern` holds, read from the parsed pattern: runs at
    its top level and inside groups that are neither optional nor alternatives, each with a
    word that is not a common one (", " and "the " gate nothing). A pattern whose top level is
    an alternation has none.
    """
    runs: list[str] = []
    _collect(re._parser.parse(pattern, re.ASCII).data, runs)
    return tuple(dict.fromkeys(_useful(runs)))


def _useful(runs: list[str]) -> list[str]:
    """
    The runs that hold a word other than a common one, in lower case: the text is folded, and
    a literal in upper case matches nothing in it anyway.
    """
    lowered = (run.lower() for run in runs)
    return [run for run in lowered if set(_WORD.findall(run)) - _STOPWORDS]


def _collect(items: list[tuple[Any, Any]], runs: list[str]) -> None:
    run: list[str] = []
    for op, av in items:
        if op is re._parser.LITERAL:
            run.append(chr(av))
            continue
        runs.append("".join(run))
        run = []
        if op is re._parser.SUBPATTERN:
            _collect(av[-1].data if hasattr(av[-1], "data") else av[-1], runs)
        elif (
            op in (re._parser.MAX_REPEAT, re._parser.MIN_REPEAT, re._parser.POSSESSIVE_REPEAT)
            and av[0] >= 1
        ):
            _collect(av[2].data if hasattr(av[2], "data") else av[2], runs)
        elif op is re._parser.ATOMIC_GROUP:
            _collect(av.data if hasattr(av, "data") else av, runs)
    runs.append("".join(run))


def any_of_literals(pattern: str) -> tuple[str, ...]:
    """
    Literals of which every match of `pattern` holds at least one: its longest required run,
    or, for a pattern that is an alternation at its top, the longest run of each alternative.
    Empty when no such literals exist (a pattern led by a class, an alternative with none):
    such a pattern cannot be prefiltered.
    """
    runs = required_literals(pattern)
    if runs:
        return (max(runs, key=len),)
    data = re._parser.parse(pattern, re.ASCII).data
    if len(data) != 1 or data[0][0] is not re._parser.BRANCH:
        return ()
    choices: list[str] = []
    for alternative in data[0][1][1]:
        found: list[str] = []
        _collect(alternative.data, found)
        useful = _useful(found)
        if not useful:
            return ()
        choices.append(max(useful, key=len))
    return tuple(dict.fromkeys(choices))
