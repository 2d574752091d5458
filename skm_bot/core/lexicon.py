"""
A lexicon: words, each with a tag, found in folded text by one trie-shaped regular expression.

Word syntax (words are data, written in their folded form: NFKC and lower case):

* a space, `-` or `_` inside a word matches any run of spaces, hyphens, underscores or `・`,
  or nothing: `key id` finds `key id`, `keyId`, `key_id` and `KEY-ID`;
* a trailing `*` makes the word a stem: `reject*` finds `rejects`, `rejected`, `rejecting`;
* a word that starts or ends with an ASCII letter or digit only matches on an ASCII word
  boundary there; Japanese and Korean letters never form a boundary with Latin ones, so
  `Invalid Key Idエラー` holds the word `key id`.

The words are merged into a trie and compiled as one regex that leads with a literal
character, so the engine skips ahead like `str.find`; boundaries are checked inside the regex
(a lookbehind placed after the first letter), never by a Python loop over the text. Where two
words start at the same place the longer one wins, so `api key` is never read as `key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from skm_bot.core.normal_form import fold

T = TypeVar("T")

# Characters that a space in a word stands for.
_SEP_CLASS = r"[\s_\-・]"
SEP = f"{_SEP_CLASS}*"
_SEP_RUN = re.compile(f"{_SEP_CLASS}+")
_WORD_CHAR = re.compile(r"[a-z0-9]")
_SEP_TOKEN = "\x00"


def compact(text: str) -> str:
    """A word or a hit with its separators removed: the key a hit's tag is looked up by."""
    return _SEP_RUN.sub("", text)


def check_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words, if each is well formed (a pydantic validator for the data files)."""
    for word in words:
        body = word.rstrip("*")
        if not body or body != body.strip(" -_・") or compact(body) == "":
            raise ValueError(f"word {word!r} is empty or starts or ends with a separator")
        if fold(word).folded != word:
            raise ValueError(f"word {word!r} is not in folded form (NFKC, lower case)")
    return words


def _tokens(word: str) -> list[str]:
    """The word's characters, each separator run turned into one separator token."""
    return list(_SEP_RUN.sub(_SEP_TOKEN, word))


@dataclass
class _Node:
    children: dict[str, _Node]
    end: bool = False
    stem: bool = False


def _insert(root: _Node, word: str) -> None:
    stem = word.endswith("*")
    node = root
    for token in _tokens(word.rstrip("*")):
        node = node.children.setdefault(token, _Node({}))
    node.end = True
    node.stem = node.stem or stem


def _token_regex(token: str, *, first: bool) -> str:
    if token == _SEP_TOKEN:
        return SEP
    literal = re.escape(token)
    # The boundary is checked after the first letter, so the regex still leads with a literal.
    if first and _WORD_CHAR.fullmatch(token):
        return f"{literal}(?<![a-z0-9]{literal})"
    return literal


def _emit(node: _Node, last: str, *, first: bool = False) -> str:
    """The regex of a subtree; longer continuations are tried before the word ending here."""
    alternatives = [
        _token_regex(token, first=first) + _emit(child, token)
        for token, child in sorted(node.children.items(), key=lambda kv: kv[0] == _SEP_TOKEN)
    ]
    if node.end:
        needs_boundary = not node.stem and _WORD_CHAR.fullmatch(last) is not None
        alternatives.append("(?![a-z0-9])" if needs_boundary else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def trie_pattern(words: Iterable[str]) -> str:
    """One regex that finds every word (see the module docstring for the word syntax)."""
    root = _Node({})
    for word in words:
        _insert(root, word)
    if not root.children:
        return r"(?!x)x"
    return _emit(root, "", first=True)


def literal_of(word: str) -> str:
    """The longest stretch of the word that must occur as written: its gate literal."""
    parts = _SEP_RUN.split(word.rstrip("*"))
    return max(parts, key=len)


@dataclass(frozen=True)
class Hit(Generic[T]):
    """One word found: where, and the tag it carries."""

    start: int
    end: int
    tag: T


class Lexicon(Generic[T]):
    """Words with tags, compiled once; `find` yields every word in a span of folded text."""

    def __init__(self, words: Mapping[str, T]) -> None:
        self._tags = {compact(word.rstrip("*")): tag for word, tag in words.items()}
        self.regex = re.compile(trie_pattern(words))
        self.literals = tuple(sorted({literal_of(word) for word in words}))

    def __len__(self) -> int:
        return len(self._tags)

    def find(self, folded: str, start: int = 0, end: int | None = None) -> Iterator[Hit[T]]:
        """Every word between `start` and `end`, left to right, never overlapping."""
        stop = len(folded) if end is None else end
        for m in self.regex.finditer(folded, start, stop):
            yield Hit(m.start(), m.end(), self._tags[compact(m.group())])

    def first(self, folded: str, start: int = 0, end: int | None = None) -> Hit[T] | None:
        """The first word found, or None: one pass in C however often the words repeat."""
        m = self.regex.search(folded, start, len(folded) if end is None else end)
        return None if m is None else Hit(m.start(), m.end(), self._tags[compact(m.group())])
