"""
Labelled values: whatever a secret name labels is removed, in every format that labels values.

The rule is led by the secret words themselves (see `names`): from each occurrence it reads the
whole name around it, then what labels a value after it: a separator (`=`, `:`, `：`, `=>`,
percent-encoded `%3D`), a command-line flag's argument, an XML element's text, or a following
`value` field (`name: DB_PASSWORD` / `value: …`, `<entry key="password">…</entry>`). What comes
before the name decides how the value is read: after `?` or `&` it is a URL parameter, after a
flag it is a shell word, anywhere else it runs as far as `values` says.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from collections.abc import Iterator

from skm_bot.core.literals import finditer_from_literals
from skm_bot.core.redaction.engine import Source, Span
from skm_bot.core.redaction.names import SECRET_LAST_PARTS, secret_name_kind
from skm_bot.core.redaction.values import Context, value_span

# A name goes on over word characters, dots, dashes and the escapes of "_", "-" and ".".
_NAME_TAIL = r"(?:[\w.-]++|%(?:5f|2d|2e))*+"
_NAME_ESCAPES = frozenset({"%5f", "%2d", "%2e"})
_LONGEST_NAME = 256
# A closing quote or Slack emphasis (`*password*:`), then the separator itself.
_SEPARATOR = re.compile(
    r"""(?:\\*+["'`]|[*_~]{1,2})?[ \t]*+(?:=>|->|=&gt;|-&gt;|:=|==?|[:：＝]|%3[ad])(?!//)[ \t]*+"""
)
# Words that may follow a secret word inside its label: "Secret key:", "시크릿 키 값：".
_LABEL_WORDS = (
    r"(?:[ \t]+(?:key|value|string|code|phrase|text|키|값|번호|キー|値)){1,2}(?=[ \t]*[:：=＝])"
)
# What may follow a name that labels a value: a separator, a quote or a line break (after
# spaces, or not); a tag's end, an escape or Slack emphasis (`*password*:`), right after it.
_LABEL_FOLLOWS = r"""[ \t]*+(?:[=:：＝,;\r\n\\"'`「『“]|->|-&gt;)|[>/&%*_~]"""
_URL_BEFORE = ("?", "&", "%3f", "%26", "&amp;")
_ELEMENT_BEFORE = re.compile(r"(?:<|&lt;)(?:[\w.-]+:)?\Z")
_FLAG_BEFORE = re.compile(r"""(?:^|[\s"'])(?:-{1,2}[a-z][\w.-]*|export)[ \t]+\Z""", re.MULTILINE)
_TAG_END = re.compile(r"[^<>\n]{0,512}?(/?)(?:>|&gt;)")
_ATTRIBUTE_THEN_TEXT = re.compile(r"""\\*+["'][ \t]*+(?:>|&gt;)""")
_THEN_VALUE = re.compile(
    r"""(?:\\*+["'])?[ \t]*+(?:[,;]|(?:\r?\n|\\+n)[ \t]*+(?:-[ \t]+)?)?[ \t]*+"""
    r"""(?:\\*+["'])?(?:value|content)(?:\\*+["'])?[ \t]*+[:=][ \t]*+"""
)
_TEXT_END = re.compile(r"<|&lt;")
# Prose that quotes the secret after its name: `パスワードは「…」`, `the password "…"`.
_QUOTE_FOLLOWS = re.compile(r"""[ \t]*+(?=[「『“])|[ \t]++(?=\\*["'])""")
# Kinds whose values never hold a space: after their name, prose ("old signatures: skm says…")
# goes on after the first word.
ONE_WORD_KINDS = frozenset({"access_key_secret", "api_key", "bearer_token", "signature"})
# Past this many characters of Japanese, Korean or Chinese after the secret word, the "name" is
# a sentence ("秘密データの取得に失敗しました: …"), not a name: those languages put the noun last.
_MAX_NAME_SUFFIX = 3
# Headers whose whole value is secret, however many `;`, `,` or `name=` it holds (and any
# name holding "authoriz", such as X-NHN-AUTHORIZATION, whose kind is bearer_token).
_WHOLE_LINE_KINDS = frozenset({"authorization_header", "cookie"})


@functools.lru_cache(maxsize=64)
def _name_searches(literals: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """
    Two searches for secret names among `literals`, both led by the secret word itself (so the
    engine skips ahead to it like `str.find`): names that something labelling a value may
    follow, and names that a flag's dash or a tag's `<` may open (`-storepass x`, `<password
    type="…">`; `_opened` looks for the opener). A word a space or a quote stands before opens
    nothing, so the second search drops it itself (a lookbehind after the word).

    A hit of the first search is the last secret word of a name and the rest of the name,
    when what follows labels a value (`_LABEL_FOLLOWS`, or label words then a separator): the
    name's rest stops where another secret word starts, so a name holding many secret words
    ("passwordpassword…") is read once in all, not once from each word. A name that nothing
    labels ("auth auth auth…", "IPv4 Auth Failure", "password was incorrect") fails in the
    engine and costs no Python. A short last-part word (`pw`, `sig`, `auth`) must end the name.
    The second search's hits run to the end of their names; what follows them is checked
    after the hit.
    """
    endings = {w for w in literals if w in SECRET_LAST_PARTS}
    ends = [(w, r"(?![\w.%-])" if w in endings else "") for w in literals]
    any_word = _by_first_character(ends)
    # The rest of a name, up to where another secret word starts: name characters that start
    # no secret word (one simple repeat), and those that could but do not. Greedy, not
    # possessive: early Python 3.11 releases (Debian 12's 3.11.2) mismatch a possessive repeat
    # of a group that can backtrack.
    firsts = {w[0] for w in literals}
    letters = "".join(sorted(re.escape(c) for c in firsts if _WORD.match(c)))
    marks = "".join(re.escape(c) for c in ".-" if c not in firsts)
    plain = f"[^\\W{letters}]++" + (f"|[{marks}]++" if marks else "")
    rest = f"(?:{plain}|%(?:5f|2d|2e)|{_by_first_character(ends, negated=True)})*"
    # The label is looked for at the name's end only: where characters were given back, a
    # name's character follows and the lookahead fails.
    labelled = (
        f"(?P<word>{any_word})(?P<tail>{rest})"
        f"(?![\\w.-]|%(?:5f|2d|2e))(?={_LABEL_FOLLOWS}|{_LABEL_WORDS})"
    )
    opened = [(w, f"(?<={_OPENS_OR_NAME}{re.escape(w)}){end}") for w, end in ends]
    spaced = f"(?P<word>{_by_first_character(opened)})(?P<tail>{_NAME_TAIL})"
    return re.compile(labelled), re.compile(spaced)


def _by_first_character(words: list[tuple[str, str]], *, negated: bool = False) -> str:
    """
    One alternation of the words (each with what must follow it), grouped by first character:
    at a position where no word starts, the engine tries one character per group, not every
    word. Longer words come first in each group, so the longest word at a position is found.
    `negated`: each group's first character where none of its words starts.
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for word, end in sorted(words, key=lambda item: len(item[0]), reverse=True):
        groups.setdefault(word[0], []).append((word[1:], end))
    opens = "(?!" if negated else "(?:"
    return "|".join(
        re.escape(first) + opens + "|".join(re.escape(rest) + end for rest, end in group) + ")"
        for first, group in sorted(groups.items())
    )


# What follows a name that labels a value, or the words of its label ("Secret key:").
_LABELLED_BY = re.compile(f"{_LABEL_FOLLOWS}|(?P<words>{_LABEL_WORDS})")
_WORD = re.compile(r"\w")


# What may stand just before a flag's or a tag's secret word: the name's own characters, or
# the opener itself (`-`, `<`, the `;` of `&lt;`).
_OPENS_OR_NAME = r"[\w.:%;<-]"
# Characters between a flag's dash (or a tag's `<`) and the secret word: `--db-password`.
_FLAG_REACH = 64
_FLAG_CHARS = frozenset("_.:%-")
_BEFORE_DASH = frozenset("_.%-")


def _opened(lowered: str, word: int) -> bool:
    """
    True when a flag or a tag opens within `_FLAG_REACH` name characters before `word`: a
    dash that starts a word (the dashes inside a name, x-vault-token, start nothing), `<` or
    `&lt;`.
    """
    start = word
    floor = max(0, word - _FLAG_REACH)
    while True:
        before = lowered[start - 1] if start else ""
        if before == "<" or lowered.endswith("&lt;", 0, start):
            return True
        if before == "-" and (
            start < 2 or not (lowered[start - 2].isalnum() or lowered[start - 2] in _BEFORE_DASH)
        ):
            return True
        if start <= floor or not (before.isalnum() or before in _FLAG_CHARS) or not before:
            return False
        start -= 1


def find_labelled(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """Spans of the values labelled by secret names (`present`: the secret words in the text)."""
    lowered = source.lowered
    labelled, spaced = _name_searches(present)
    named = finditer_from_literals(labelled, lowered, present)
    hits = _merged(named, list(_spaced_hits(spaced, lowered)))
    pos = 0
    for hit in hits:
        word, tail = hit.start("word"), hit.group("tail")
        if word < pos or _sentence(tail):
            continue
        follows = None
        if hit.re is labelled:
            follows = _LABELLED_BY.match(lowered, hit.end())
        elif not lowered.startswith((" ", "\t"), hit.end()) or not _opened(lowered, word):
            continue
        floor = max(pos, word - _LONGEST_NAME)
        pos = name_end = hit.end()
        if follows is not None and follows.group("words"):
            name_end = follows.end("words")
        name_start = _name_start(lowered, word, floor=floor)
        kind = secret_name_kind(source.text[name_start:name_end])
        if kind is None:
            continue
        found = _value_of(source, name_start, name_end, kind)
        if found is not None:
            yield Span(found[0], found[1], kind)
            pos = max(pos, found[1])


def _merged(
    labelled: Iterator[re.Match[str]], spaced: list[re.Match[str]]
) -> Iterator[re.Match[str]]:
    """
    Both searches' hits by where their secret word starts. Most texts have no spaced hits
    (nothing opens a flag or a tag), and then the labelled ones pass through untouched: a
    merge costs a key call and a heap step per hit, a fifth of the rule's time on a text of
    secret words.
    """
    if not spaced:
        return labelled
    return heapq.merge(labelled, spaced, key=lambda m: m.start("word"))


# A flag's dash (one that starts a word), a tag's `<`, an escaped `<`.
_ANY_OPENER = re.compile(r"-(?<![\w.%-]-)|<|&lt;")


def _spaced_hits(spaced: re.Pattern[str], lowered: str) -> Iterator[re.Match[str]]:
    """
    The flag-or-tag search's hits, none at all in a text where nothing opens a flag or a tag
    (looked for once, at the first hit): `x-vault-token` repeated costs no Python per word.
    """
    hits = spaced.finditer(lowered)
    first = next(hits, None)
    if first is None or _ANY_OPENER.search(lowered) is None:
        return
    yield first
    yield from hits


def _sentence(tail: str) -> bool:
    """True when what follows the secret word is too long a run of non-Latin letters."""
    return not tail.isascii() and sum(not c.isascii() for c in tail) > _MAX_NAME_SUFFIX


def _name_start(lowered: str, hit: int, *, floor: int) -> int:
    """Where the name holding the secret word at `hit` begins."""
    i = hit
    while i > floor:
        c = lowered[i - 1]
        escape = c == "%" and lowered[i - 1 : i + 2] in _NAME_ESCAPES
        if not (c.isalnum() or c in "_.-" or escape):
            break
        i -= 1
    # Stopped at the "%" of another escape (%3F, %26): its two hex digits are not the name's.
    if 0 < i <= hit - 2 and lowered[i - 1] == "%":
        i += 2
    return i


def _value_of(source: Source, name_start: int, name_end: int, kind: str) -> tuple[int, int] | None:
    """The span of the value the name at name_start:name_end labels, if it labels one."""
    lowered = source.lowered
    window = max(0, name_start - 64)
    before = lowered[name_start - 1] if name_start else ""
    if before in ("<", ";", ":") and _ELEMENT_BEFORE.search(lowered, window, name_start):
        return _element_text(source, name_start, name_end)
    flag = lowered[name_start] == "-"
    separator = _SEPARATOR.match(lowered, name_end)
    if separator is not None:
        if lowered.endswith(_URL_BEFORE, window, name_start):
            context = Context.URL
        elif flag or (before in (" ", "\t") and _after_flag(source, window, name_start)):
            context = Context.SHELL
        elif kind in _WHOLE_LINE_KINDS or "authoriz" in lowered[name_start:name_end]:
            context = Context.LINE
        elif kind in ONE_WORD_KINDS:
            context = Context.WORD
        else:
            context = Context.GENERIC
        return value_span(source, separator.end(), context=context, label=name_start)
    if flag and lowered[name_end : name_end + 1] in (" ", "\t"):
        start = name_end
        while start < len(lowered) and lowered[start] in " \t":
            start += 1
        return value_span(source, start, context=Context.SHELL, label=name_start)
    if (attribute := _ATTRIBUTE_THEN_TEXT.match(lowered, name_end)) is not None:
        return _text_until_tag(source, attribute.end())
    if (then := _THEN_VALUE.match(lowered, name_end)) is not None:
        return value_span(source, then.end(), context=Context.GENERIC, label=name_start)
    if (quote := _QUOTE_FOLLOWS.match(lowered, name_end)) is not None:
        return value_span(source, quote.end(), context=Context.GENERIC, label=name_start)
    return None


def _after_flag(source: Source, window: int, name_start: int) -> bool:
    """True when a flag or `export` comes just before the name (`-e NAME=…`, `export NAME=…`)."""
    start = max(window, source.line_start(name_start))
    lowered = source.lowered
    if (
        lowered.find("-", start, name_start) == -1
        and lowered.find("export", start, name_start) == -1
    ):
        return False
    return _FLAG_BEFORE.search(lowered, start, name_start) is not None


def _element_text(source: Source, name_start: int, name_end: int) -> tuple[int, int] | None:
    """An element named secret (`<password>…</password>`): all it holds, up to its end tag."""
    tag = _TAG_END.match(source.lowered, name_end)
    if tag is None or tag.group(1):
        return None
    start = tag.end()
    close = _closing_tag(source, source.lowered[name_start:name_end], start)
    if close is None:
        return _text_until_tag(source, start)
    return (start, close) if source.text[start:close].strip() else None


def _closing_tag(source: Source, name: str, after: int) -> int | None:
    """Where the first end tag of `name` after `after` begins (positions found once per name)."""
    key = f"end-tag:{name}"
    positions = source.cache.get(key)
    if positions is None:
        pattern = re.compile(r"(?:<|&lt;)/(?:[\w.-]+:)?" + re.escape(name) + r"(?![\w.-])")
        positions = source.cache[key] = [m.start() for m in pattern.finditer(source.lowered)]
    i = bisect.bisect_left(positions, after)
    return positions[i] if i < len(positions) else None


def _text_until_tag(source: Source, start: int) -> tuple[int, int] | None:
    """Element text from `start` to the next tag."""
    end = _TEXT_END.search(source.lowered, start)
    stop = end.start() if end is not None else len(source.text)
    return (start, stop) if source.text[start:stop].strip() else None
