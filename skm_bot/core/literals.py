"""
Which literals a text holds, all looked for in one pass.

Every rule that reads a paste (a redaction rule, a catalogue signature) declares lower-case
literals without which it finds nothing; a text holding none of them is never scanned by it.
The question "which of these literals are in the text?" is answered once per text for all of
them by an Aho-Corasick automaton (ahocorasick_rs: Rust's aho-corasick with its SIMD
prefilters), which reads the text once whatever the number of literals. Looking for each
literal with `in` costs a scan of the whole text per missing literal: 45 literals over a 1 MiB
log took about 19 ms, the automaton about 3 ms (docs/internals/core.md).

An automaton reports every occurrence, and a text that repeats a literal ("key key key ...")
would make it report hundreds of thousands. So the text is read in chunks, and each chunk only
for the literals still missing: a literal is reported in at most the chunk where it first
occurs, whatever the text repeats, and the pass stops once every literal is found.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from ahocorasick_rs import AhoCorasick

# Characters read per chunk: large enough that a 1 MiB paste takes a few dozen calls, small
# enough that a literal repeated through one chunk costs little.
CHUNK = 32 * 1024


@functools.lru_cache(maxsize=256)
def _automaton(literals: tuple[str, ...]) -> AhoCorasick:
    """The automaton of `literals` (built once per set: about 0.2 ms for 45 literals)."""
    return AhoCorasick(list(literals))


class LiteralTable:
    """Literals known ahead of time, shortest first."""

    def __init__(self, literals: Iterable[str], *, chunk: int = CHUNK) -> None:
        self.literals: tuple[str, ...] = tuple(
            sorted(set(literals), key=lambda lit: (len(lit), lit))
        )
        # A literal that starts in one chunk may end in the next: chunks overlap by this much.
        self._chunk = chunk
        self._overlap = max((len(lit) for lit in self.literals), default=1) - 1
        # The last text asked about and its answer: a diagnosis asks twice about the same
        # string (SKM's envelope, then the facts), and a second pass would read it all again.
        self._last: tuple[str, frozenset[str]] | None = None

    def __getstate__(self) -> dict[str, object]:
        # A cached catalogue on disk never holds a paste.
        return {**self.__dict__, "_last": None}

    def found_in(self, text: str) -> frozenset[str]:
        """The table's literals that `text` holds."""
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        found = self._find(text)
        self._last = (text, found)
        return found

    def _find(self, text: str) -> frozenset[str]:
        missing = self.literals
        found: set[str] = set()
        start = 0
        while missing and start < len(text):
            chunk = text[start : start + self._chunk + self._overlap]
            hits = _automaton(missing).find_matches_as_indexes(chunk, overlapping=True)
            start += self._chunk
            if hits:
                found.update([missing[index] for index in {hit[0] for hit in hits}])
                if start < len(text):
                    missing = tuple(lit for lit in missing if lit not in found)
        return frozenset(found)


EMPTY_TABLE = LiteralTable(())


class LiteralIndex:
    """The literals of a table that one (lower-cased) text holds, all found at once."""

    __slots__ = ("found",)

    def __init__(self, text: str, table: LiteralTable = EMPTY_TABLE) -> None:
        self.found = table.found_in(text)

    def has(self, literal: str) -> bool:
        """True when the text holds `literal` (one of the table's)."""
        return literal in self.found

    def present(self, literals: Iterable[str]) -> tuple[str, ...]:
        """Those of `literals` (the table's) that the text holds, in their order."""
        found = self.found
        return tuple([literal for literal in literals if literal in found])


# A chunk holding more places than one per this many characters is read by the pattern itself:
# trying a place costs about eight times what the engine spends at a character it may start
# with, and in prose about one character in four is one.
SPARSE = 64


def finditer_from_literals(
    pattern: re.Pattern[str],
    text: str,
    literals: tuple[str, ...],
    *,
    chunk: int = CHUNK,
    sparse: int = SPARSE,
) -> Iterator[re.Match[str]]:
    """
    `pattern.finditer(text)` for a pattern every match of which starts with one of `literals`
    (a name led by its secret word, say).

    A pattern led by many words is tried by the engine at every character any of them starts
    with: in text full of such letters, that is most of its time. Here the automaton finds
    where the literals occur, chunk by chunk, and the pattern is tried at those places alone.
    From the first chunk where they are dense, the pattern's own search reads the rest, from
    where the last match ended: no chunk costs more than its places (at most one per `sparse`
    characters) or the engine's scan of it.
    """
    if len({literal[:1] for literal in literals}) < 2 or len(text) <= chunk:
        # Led by one letter (or one literal), the engine skips ahead to it by itself.
        yield from pattern.finditer(text)
        return
    automaton = _automaton(literals)
    overlap = max(len(literal) for literal in literals) - 1
    pos = 0
    for start in range(0, len(text), chunk):
        end = start + chunk
        if pos >= end:
            continue
        offset = max(start, pos)
        hits = automaton.find_matches_as_indexes(text[offset : end + overlap], overlapping=True)
        if len(hits) * sparse > chunk:
            # Every place before this chunk was tried: no match starts between pos and it.
            pos = max(pos, start)
            break
        for at in sorted({offset + hit[1] for hit in hits}):
            if at >= end:
                break
            if at >= pos and (m := pattern.match(text, at)) is not None:
                pos = max(m.end(), at + 1)
                yield m
    else:
        return
    # Dense from here on: the engine reads the rest, resuming after each match.
    while (m := pattern.search(text, pos)) is not None:
        pos = max(m.end(), m.start() + 1)
        yield m
