"""
A lexicon: words, each with a tag, found in folded text by one trie-shaped regular expression.

Word syntax (words are data, written in their folded form: NFKC and lower case):

* a space, `-` or `_` inside a word matches any run of spaces, hyphens, underscores or `・`,
  or nothing: `key id` finds `key id`, `keyId`, `key_id` and `KEY-ID`;
* a trailing `*` makes the word a stem: `reject*` finds `rejects`, `rejected`, `rejecting`;
* a word that starts or ends with an ASCII letter or digit only matches on an ASCII word
  boundary there; Japanese and Korean letters never form a boundary with Latin ones, so
  `Invalid Key Idエラー` holds the word `key id`.

The words are merged into tries and compiled as two regexes: one for the words that start
with a Latin letter or digit, led by an ASCII word boundary (so the engine only tries a word
start, then one literal branch per first letter), and one for the others (Japanese, Korean,
`/keys`), whose first characters let the engine skip ahead like `str.find`. Boundaries are
checked inside the regexes, never by a Python loop over the text. Where two words start at
the same place the longer one wins, so `api key` is never read as `key`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

from skm_bot.core.normal_form import fold

T = TypeVar("T")
# A hit written with other separators than its word is looked up again, compacted.
_MISSING: Any = object()

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


def _token_regex(token: str) -> str:
    return SEP if token == _SEP_TOKEN else re.escape(token)


def _emit(node: _Node, last: str) -> str:
    """The regex of a subtree; longer continuations are tried before the word ending here."""
    alternatives = [
        _token_regex(token) + _emit(child, token)
        for token, child in sorted(node.children.items(), key=lambda kv: kv[0] == _SEP_TOKEN)
    ]
    if node.end:
        needs_boundary = not node.stem and _WORD_CHAR.fullmatch(last) is not None
        alternatives.append("(?![a-z0-9])" if needs_boundary else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def trie_pattern(words: Iterable[str]) -> str:
    """
    One regex (without its leading boundary) that finds every word; see the module docstring
    for the word syntax.
    """
    root = _Node({})
    for word in words:
        _insert(root, word)
    if not root.children:
        return r"(?!x)x"
    return _emit(root, "")


def compile_words(words: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """
    The regexes that find `words`: Latin-led words after an ASCII word boundary, the rest
    anywhere. (An underscore is a letter to `\b`: `x_key` holds no `key`; SKM's messages with
    underscores, `INVALID_KEY_ID`, are the catalogue signatures' to read.)
    """
    latin = [w for w in words if _WORD_CHAR.match(w)]
    other = [w for w in words if not _WORD_CHAR.match(w)]
    regexes = []
    if latin:
        # Only where a word starts with one of the words' first letters: at a word's end, or
        # before a word no entry starts like, one look ahead fails instead of every branch.
        firsts = "".join(sorted({w[0] for w in latin}))
        trie = trie_pattern(latin)
        regexes.append(re.compile(rf"\b(?=[{firsts}])(?:{trie})", re.ASCII))
    if other:
        regexes.append(re.compile(trie_pattern(other), re.ASCII))
    return tuple(regexes)


def literal_of(word: str) -> str:
    """The longest stretch of the word that must occur as written: its gate literal."""
    parts = _SEP_RUN.split(word.rstrip("*"))
    return max(parts, key=len)


class Hit(NamedTuple, Generic[T]):
    """One word found: where, and the tag it carries (a tuple: cheap to make per hit)."""

    start: int
    end: int
    tag: T


# A hit made without the Python frame NamedTuple's generated __new__ costs: a paste of 1 KB
# makes dozens of hits, and that frame was a tenth of reading its words.
make_hit: Any = tuple.__new__
# Hits written with other separators than their word ("key-version" for "key version") are
# remembered compacted, up to this many forms, so each form is compacted once.
_MAX_FORMS = 4096


class Lexicon(Generic[T]):
    """Words with tags, compiled once; `find` yields every word in a span of folded text."""

    def __init__(self, words: Mapping[str, T]) -> None:
        self._tags = {compact(word.rstrip("*")): tag for word, tag in words.items()}
        self._forms: dict[str, T] = {}
        self._words = tuple(words)
        self.regexes = compile_words(words)
        # For a text of ASCII alone: the same search without the words that start with a
        # letter that is not ASCII (they cannot occur in it), which is most of the others.
        self._ascii_regexes = self.regexes
        if len(self.regexes) == 2:
            others = [w for w in words if not _WORD_CHAR.match(w) and w[0].isascii()]
            latin = self.regexes[0]
            self._ascii_regexes = (latin, *compile_words(others)) if others else (latin,)
        self.literals = tuple(sorted({literal_of(word) for word in words}))

    def __len__(self) -> int:
        return len(self._tags)

    def words(self) -> tuple[str, ...]:
        """Every word, as the data wrote it."""
        return self._words

    def find(self, folded: str, start: int = 0, end: int | None = None) -> list[Hit[T]]:
        """
        Every word between `start` and `end`, left to right; where a Latin-led and another
        word overlap (`appキー`, `キー`) the one that starts first, then the longer, is kept.
        """
        stop = len(folded) if end is None else end
        regexes = self._ascii_regexes if folded.isascii() else self.regexes
        found = [self._hits(regex, folded, start, stop) for regex in regexes]
        hits = [hits for hits in found if hits]
        if len(hits) < 2:
            return hits[0] if hits else []
        # A Latin-led word and another never start at the same place: by start is enough.
        merged = sorted(hits[0] + hits[1], key=itemgetter(0))
        kept = [merged[0]]
        for hit in merged[1:]:
            if hit.start >= kept[-1].end:
                kept.append(hit)
        return kept

    def _hits(self, regex: re.Pattern[str], folded: str, start: int, stop: int) -> list[Hit[T]]:
        tags, forms, other = self._tags, self._forms, self._other_form
        # One pass: each match becomes its hit at once, no intermediate tuple per word.
        return [
            make_hit(
                Hit,
                (
                    m.start(),
                    m.end(),
                    tags[word]
                    if (word := m.group()) in tags
                    else forms[word]
                    if word in forms
                    else other(word),
                ),
            )
            for m in regex.finditer(folded, start, stop)
        ]

    def _other_form(self, found: str) -> T:
        """The tag of a hit written with other separators; the form is remembered (bounded)."""
        tag = self._tags[compact(found)]
        if len(self._forms) < _MAX_FORMS:
            self._forms[found] = tag
        return tag

    def first(self, folded: str, start: int = 0, end: int | None = None) -> Hit[T] | None:
        """The first word found, or None: one pass in C however often the words repeat."""
        stop = len(folded) if end is None else end
        regexes = self._ascii_regexes if folded.isascii() else self.regexes
        found = [m for regex in regexes if (m := regex.search(folded, start, stop))]
        if not found:
            return None
        m = min(found, key=lambda m: m.start())
        return Hit(m.start(), m.end(), self._tag(m.group()))

    def _tag(self, found: str) -> T:
        """The tag of a hit: most hits are written as listed, the rest with other separators."""
        if found in self._tags:
            return self._tags[found]
        return self._other_form(found)
