"""
The redaction engine: rules report spans of secret text; the engine writes one placeholder each.

Rules never rewrite the text. Each reads the original and its lower-cased twin (same length, so
a position in one is a position in the other) and reports `Span`s; overlapping or touching spans
merge, so no rule sees another's placeholder and the order of the rules does not matter. Each
rule declares the lower-case literals it needs: a text holding none of them is never scanned by
it. The literals of all rules are looked for together (`core.literals`): each once per text,
however many rules share it, and none at all that is inside a literal already found missing.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from skm_bot.core.literals import LiteralIndex, LiteralTable

PLACEHOLDER = "[REDACTED:{kind}]"
PLACEHOLDER_PATTERN = re.compile(r"\[REDACTED:[a-z0-9_]{1,24}\]")
# The redacted text is at most this many times the original's length, plus GROWTH_SLACK.
MAX_GROWTH = 2
GROWTH_SLACK = 64
# Kinds are short, so a placeholder is at most 35 characters; the growth bound relies on it.
MAX_KIND_LENGTH = 24
# Text that holds nothing but placeholders: a rule finding it has found no new secret.
_ALREADY_REDACTED = re.compile(rf"(?:\s*{PLACEHOLDER_PATTERN.pattern})+\s*")
# When placeholders would outgrow the bound, spans closer than this merge into one.
_COARSE_GAP = 64


@functools.lru_cache(maxsize=64)
def placeholder(kind: str) -> str:
    """The text that stands where a secret of `kind` was."""
    return PLACEHOLDER.format(kind=kind)


def lower_keeping_length(text: str) -> str:
    """`text.lower()`, one character for one: only U+0130 (İ) grows when lowered."""
    if "\u0130" in text:
        text = text.replace("\u0130", "I")
    return text.lower()


@dataclass(frozen=True)
class Source:
    """The text a rule reads, its lower-cased twin, and where its lines end."""

    text: str
    lowered: str
    # Where the text's newlines are: indexed on the first question about lines (most pastes
    # hold no secret, and no rule asks).
    _newlines: list[int] | None = field(default=None, repr=False, compare=False)
    # What a rule computes once per text and may need again (bracket pairs, tag positions).
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, text: str) -> Source:
        """The source for `text`."""
        return cls(text, lower_keeping_length(text))

    def _lines(self) -> list[int]:
        newlines = self._newlines
        if newlines is None:
            newlines = []
            find = self.text.find
            at = find("\n")
            while at != -1:
                newlines.append(at)
                at = find("\n", at + 1)
            object.__setattr__(self, "_newlines", newlines)
        return newlines

    def line_end(self, pos: int) -> int:
        """The position of the newline ending the line holding `pos` (or the text's end)."""
        newlines = self._lines()
        i = bisect.bisect_left(newlines, pos)
        return newlines[i] if i < len(newlines) else len(self.text)

    def line_start(self, pos: int) -> int:
        """The position where the line holding `pos` begins."""
        newlines = self._lines()
        i = bisect.bisect_left(newlines, pos)
        return newlines[i - 1] + 1 if i > 0 else 0


class Span(NamedTuple):
    """Characters start:end of the original text are a secret of `kind`."""

    start: int
    end: int
    kind: str


# A finder gets the source and those of its rule's literals the lower-cased text holds.
Finder = Callable[[Source, tuple[str, ...]], Iterable[Span]]


@dataclass(frozen=True)
class Rule:
    """One way of finding secrets, and the literals without which it finds none."""

    name: str
    # Lower-case literals; the rule finds nothing in a text whose lower-cased form holds none.
    literals: tuple[str, ...]
    find: Finder

    def present(self, lowered: str) -> tuple[str, ...]:
        """The rule's literals that the lower-cased text holds."""
        return tuple(literal for literal in self.literals if literal in lowered)


class _Ranked(NamedTuple):
    """A span and the rank of the rule that found it; tuples, so they sort without a key."""

    start: int
    end: int
    # Earlier rules are more specific (a Slack token over "a value named token"): lower wins.
    rank: int
    kind: str


@functools.lru_cache(maxsize=8)
def literal_table(rules: tuple[Rule, ...]) -> LiteralTable:
    """Every literal of `rules`, each with the literal inside it (built once per rule set)."""
    return LiteralTable(literal for rule in rules for literal in rule.literals)


def find_spans(source: Source, rules: Sequence[Rule]) -> list[_Ranked]:
    """Every span every applicable rule reports, ranked by the rule's position."""
    found: list[_Ranked] = []
    literals = LiteralIndex(source.lowered, literal_table(tuple(rules)))
    redacted_before = "[redacted:" in source.lowered
    for rank, rule in enumerate(rules):
        present = literals.present(rule.literals)
        if not present:
            continue
        found.extend(
            _Ranked(s.start, s.end, rank, s.kind)
            for s in rule.find(source, present)
            if s.end > s.start
            and not (redacted_before and _ALREADY_REDACTED.fullmatch(source.text, s.start, s.end))
        )
    return found


def merge(spans: Iterable[_Ranked], *, gap: int = 0) -> list[_Ranked]:
    """Spans merged where they overlap or lie within `gap` characters; the best rank names it."""
    merged: list[_Ranked] = []
    for span in sorted(spans):
        if merged and span.start <= merged[-1].end + gap:
            last = merged[-1]
            best = last if last.rank <= span.rank else span
            merged[-1] = _Ranked(last.start, max(last.end, span.end), best.rank, best.kind)
        else:
            merged.append(span)
    return merged


def _output_length(text: str, spans: Sequence[_Ranked]) -> int:
    removed = sum(s.end - s.start for s in spans)
    added = sum(len(placeholder(s.kind)) for s in spans)
    return len(text) - removed + added


def bounded(text: str, spans: Sequence[_Ranked]) -> list[_Ranked]:
    """
    The spans, coarsened when needed so the redacted text stays within MAX_GROWTH.

    Only a paste dense with short secrets needs it: spans closer than 64 characters then merge,
    which keeps at least 64 characters of text between two placeholders of at most 35.
    """
    limit = MAX_GROWTH * len(text) + GROWTH_SLACK
    if _output_length(text, spans) <= limit:
        return list(spans)
    return merge(spans, gap=_COARSE_GAP)


def render(text: str, spans: Sequence[_Ranked]) -> tuple[str, Counter[str]]:
    """The text with each span replaced by its placeholder, and how many of each kind."""
    out: list[str] = []
    seen: Counter[str] = Counter()
    pos = 0
    for span in spans:
        out.append(text[pos : span.start])
        out.append(placeholder(span.kind))
        seen[span.kind] += 1
        pos = span.end
    out.append(text[pos:])
    return "".join(out), seen
