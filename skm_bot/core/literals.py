"""
Which literals a text holds, each looked for at most once per text.

Every rule that reads a paste (a redaction rule, a catalogue signature) declares lower-case
literals without which it finds nothing; a text holding none of them is never scanned by it.
Rules share literals ("key", "cert", "pass"), and a literal is often inside another
("privatekey" holds "private"), so the question "is it in the text?" is answered once per
literal and per text, and a literal inside which another was already found missing is missing
too, without a scan.

Python's `str.__contains__` is the fastest multi-literal search the standard library has: one
literal costs about a nanosecond a character, stops at the first occurrence, and a text of
ASCII alone holds no literal that is not ASCII (asked once, in C). A compiled alternation of
every literal costs more in `re` (each position tries each branch): measured on a 1 MiB log,
about as much as all the literals looked for one by one, and several times more on pastes that
hold most of them early (docs/internals/core.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class LiteralTable:
    """
    Literals known ahead of time, shortest first, each with the longest other literal inside
    it: when that one is missing from a text, so is this one.
    """

    def __init__(self, literals: Iterable[str]) -> None:
        ordered = sorted(set(literals), key=lambda lit: (len(lit), lit))
        self.literals: tuple[str, ...] = tuple(ordered)
        self.ascii: tuple[str, ...] = tuple(lit for lit in ordered if lit.isascii())
        inside: dict[str, str] = {}
        for i, literal in enumerate(ordered):
            shorter = [other for other in ordered[:i] if other in literal]
            if shorter:
                inside[literal] = max(shorter, key=len)
        self.inside: Mapping[str, str] = inside
        self._nested = tuple((lit, inside.get(lit)) for lit in ordered)
        self._nested_ascii = tuple((lit, inside.get(lit)) for lit in self.ascii)

    def found_in(self, text: str) -> frozenset[str]:
        """
        The table's literals that `text` holds. A literal missing costs a scan of the whole
        text (about a microsecond a kilobyte), so even in a short paste one that another
        missing literal rules out is worth skipping.
        """
        found: set[str] = set()
        for literal, inner in self._nested_ascii if text.isascii() else self._nested:
            if (inner is None or inner in found) and literal in text:
                found.add(literal)
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
