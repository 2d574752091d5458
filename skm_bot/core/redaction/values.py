"""
Where a secret's value ends, read as a parser of the surrounding format would read it.

A quoted value runs to its closing quote (JSON escapes and JSON inside a JSON string included);
a `{` or `[` value to its closing bracket; a YAML block scalar or nested block to its last
more-indented line; a URL parameter to `&`; a shell word to whitespace. Any other value runs to
the end of its line and stops earlier only where the text plainly goes on with something else:
the quote that closes an enclosing string, the next `name=` of a logfmt line, the next member of
a JSON object, an XML closing tag. When in doubt the value is longer: a false positive costs a
little context, a false negative leaks a secret.
"""

from __future__ import annotations

import re
from typing import Final

from skm_bot.core.redaction.engine import PLACEHOLDER_PATTERN, Source


class Context:
    """
    What surrounds a value, which decides where it ends. Plain strings, not an Enum: they key
    tables looked up once per secret, and an Enum member hashes in Python.
    """

    GENERIC: Final = "generic"
    # A header whose whole value is the secret (Cookie, Authorization): to the end of the line.
    LINE: Final = "line"
    # A value that is one word by nature (a token, a signature, an access key secret).
    WORD: Final = "word"
    URL: Final = "url"
    SHELL: Final = "shell"


# A quote closes an enclosing string when punctuation, a space or the end follows it.
_CLOSER = r"""\\*["'`”」』](?=[\s,;:)}\]>&|\\]|\Z)"""
# Whitespace, or a closing quote (`_CLOSER`). Led by one character class, so the regex engine
# skips to the next candidate in C instead of trying a match at every character.
_QUOTE_CHARS = "\"'`”」』"
_AFTER_CLOSER = r"(?=[\s,;:)}\]>&|\\]|\Z)"
_WORD_END = re.compile(
    rf"[\s\\{_QUOTE_CHARS}]"
    rf"(?:(?<=\s)|(?<=\\)\\*+[{_QUOTE_CHARS}]{_AFTER_CLOSER}|(?<=[{_QUOTE_CHARS}]){_AFTER_CLOSER})"
)
_ENDS = {
    Context.GENERIC: re.compile(
        r"[\r\n]"
        r"|(?<!\\)\\[rn]"  # a line break written as a JSON escape
        rf"|{_CLOSER}"
        r"|[ \t]++(?=[\w.-]++=(?!=))"  # the next name=value of a logfmt line
        # The next member of a JSON object: a comma, then a quoted name and its colon (escaped
        # alike inside a JSON string). A comma before a quote alone is part of the value.
        r"""|,[ \t]*+(?=(\\*)(["'])(?:(?!\2)[^\n\\]){0,256}+\1\2[ \t]*:)"""
        r"|</|&lt;/"
    ),
    Context.LINE: re.compile(r"""[\r\n]|(?<!\\)\\[rn]|\\?["'`”」』](?=[ \t]|\Z)"""),
    Context.URL: re.compile(r"""[&#\s"'`<>|\\]|%26"""),
    Context.WORD: _WORD_END,
    Context.SHELL: _WORD_END,
}
# Contexts in which an empty value may continue on the lines below (YAML).
_MULTILINE = frozenset({Context.GENERIC, Context.LINE, Context.WORD})
_ONLY_PLACEHOLDERS = re.compile(rf"(?:{PLACEHOLDER_PATTERN.pattern}\s*)+")
# The closing quotes that can end an enclosing string, each with its opening quote.
_OPENER_OF = {'"': '"', "'": "'", "`": "`", "”": "“", "」": "「", "』": "『"}
_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "「": "」", "『": "』"}
# Quotes inside which a backslash escapes the next character.
_ESCAPING = frozenset("\"'")
# The first characters of a block header ("|", ">", "&gt;") or of an escaped line break.
_BLOCK_FIRST = frozenset("|>&\\")
# An empty value or a block header, then a line break written as a JSON escape.
_ESCAPED_BLOCK = re.compile(r"(?:(?:[|>]|&gt;)[0-9+-]{0,2}[ \t]*)?\\+[rn]")
_BLOCK_HEADER = re.compile(r"(?:[|>]|&gt;)[0-9+-]{0,2}[ \t]*(?:#[^\n]*)?(?=\r?\n)")
# A line that is clearly not a value on its own: a field, a list item, markup, or empty.
_NOT_A_VALUE = re.compile(r"""[ \t]*(?:[-*][ \t]|[\w."'-]+[ \t]*[:=：]|[{}\[\]<#]|-{3,}|\r?$)""")
_STRUCTURE_TOKEN = re.compile(r'"(?:[^"\\\n]++|\\.)*+"|[\[\]{}]')


def value_span(source: Source, start: int, *, context: str, label: int) -> tuple[int, int] | None:
    """
    The span of the value that begins at `start`, or None when there is none.

    `label` is where the value's name is: lines indented deeper than its line, below an empty
    value or a block header, belong to the value (YAML).
    """
    text = source.text
    first = text[start] if start < len(text) else ""
    if first == "[" and PLACEHOLDER_PATTERN.match(text, start):
        return _after_placeholders(source, start, context)
    if first in ("", "\r", "\n"):
        return _below(source, start, indent_of(source, label)) if context in _MULTILINE else None
    if context in _MULTILINE and first in _BLOCK_FIRST and _ESCAPED_BLOCK.match(text, start):
        # YAML inside a JSON string ("secrets:\n  prod: …"): no lines to read indentation
        # from, so the value runs to the end of the enclosing string.
        return start, string_end(source, start)
    slashes = 0
    while start + slashes < len(text) and text[start + slashes] == "\\":
        slashes += 1
    opener = text[start + slashes] if start + slashes < len(text) else ""
    if opener in _QUOTES and (slashes == 0 or opener in _ESCAPING):
        return quoted_span(source, start)
    scan_from = start
    if context in _MULTILINE:
        if first in _BLOCK_FIRST and _BLOCK_HEADER.match(text, start):
            return _block(source, source.line_end(start), indent_of(source, label))
        if text[start] in "{[":
            closed = _structure_end(source, start)
            if closed >= len(text) or text[closed].isspace() or text[closed] in ",;)}]":
                return start, closed
            # Characters glued to the closing bracket ("{}secret") are the same value: fail closed.
            scan_from = closed
    return start, _unquoted_end(source, scan_from, _ENDS[context], label)


def _unquoted_end(source: Source, pos: int, ends: re.Pattern[str], label: int) -> int:
    """
    Where an unquoted value ends. A quote ends it only when a string opened before the value's
    name encloses it (`msg="password=x" next`); otherwise the quote is part of the value
    (`password=0`)secret`), so the value goes on: fail closed.
    """
    text = source.text
    while (end := ends.search(text, pos)) is not None:
        quote = text[end.end() - 1]
        if quote not in _OPENER_OF or _encloses(text, label, quote):
            return end.start()
        pos = end.end()
    return len(text)


def _encloses(text: str, label: int, quote: str) -> bool:
    """Whether a `quote` string opened on the name's line, before the name, is still open."""
    before = text[text.rfind("\n", 0, label) + 1 : label]
    opener = _OPENER_OF[quote]
    if opener == quote:
        return before.count(quote) % 2 == 1
    return before.count(opener) > before.count(quote)


def indent_of(source: Source, pos: int) -> int:
    """The indentation of the line holding `pos` (read from its start, never the whole line)."""
    start = i = source.line_start(pos)
    while i < pos and source.text[i] in " \t":
        i += 1
    return i - start


def string_end(source: Source, start: int) -> int:
    """The closing quote of the JSON string holding `start` (one not escaped), or line's end."""
    text, line_end = source.text, source.line_end(start)
    pos = text.find('"', start, line_end)
    while pos != -1 and _backslashes_before(text, pos, start) % 2:
        pos = text.find('"', pos + 1, line_end)
    return line_end if pos == -1 else pos


def _after_placeholders(source: Source, start: int, context: str) -> tuple[int, int] | None:
    """
    A value already redacted: nothing, unless a word is glued to the placeholders
    (`password=[REDACTED:password]hunter2`), which is read on as the same value. Punctuation
    after a placeholder is where the value ended the first time.
    """
    text = source.text
    while (mark := PLACEHOLDER_PATTERN.match(text, start)) is not None:
        start = mark.end()
    if start >= len(text) or not (text[start].isalnum() or text[start] == "_"):
        return None
    end = _ENDS[context].search(text, start)
    return start, end.start() if end is not None else len(text)


def quoted_span(source: Source, start: int) -> tuple[int, int] | None:
    """
    The inside of the quoted string at `start`, to its closing quote or, unterminated, the end
    of its line. An opening quote after k backslashes (a JSON string inside a JSON string)
    closes at the same depth of escaping.
    """
    inside, end = _quoted(source.text, start, source.line_end(start))
    return None if _ONLY_PLACEHOLDERS.fullmatch(source.text, inside, end) else (inside, end)


def _quoted(text: str, start: int, line_end: int) -> tuple[int, int]:
    """
    The inside of the quoted string at `start` (see `quoted_span`). A `"` closes after as many
    backslashes as opened it, counted the way each level of JSON escaping doubles them; a `'`
    closes only unescaped (a backslash before it is read as escaping it, whatever the depth);
    a quote written twice is one quote inside the string.
    """
    k = 0
    while text[start + k] == "\\":
        k += 1
    opening = text[start + k]
    closing = _QUOTES[opening]
    escaped_closing = "\\" * k + closing
    inside = start + k + 1
    pos = text.find(closing, inside, line_end)
    while pos != -1:
        if opening not in _ESCAPING:
            return inside, pos
        slashes = _backslashes_before(text, pos, inside)
        closes = slashes == k if opening == "'" else slashes % (2 * (k + 1)) == k
        if closes and text.startswith(escaped_closing, pos + 1):
            pos = text.find(closing, pos + 1 + len(escaped_closing), line_end)
            continue
        if closes:
            return inside, pos - k
        pos = text.find(closing, pos + 1, line_end)
    return inside, line_end


def _backslashes_before(text: str, pos: int, floor: int) -> int:
    count = 0
    while pos - count - 1 >= floor and text[pos - count - 1] == "\\":
        count += 1
    return count


def _indented_block(source: Source, header_end: int, indent: int) -> int | None:
    """The end of the lines after `header_end` indented deeper than `indent` (blanks included)."""
    text = source.text
    pos, last = header_end + 1, None
    while pos < len(text):
        line_end = source.line_end(pos)
        line = text[pos:line_end]
        content = line.lstrip(" \t")
        if content.strip():
            if len(line) - len(content) <= indent:
                break
            last = line_end
        pos = line_end + 1
    return last


def _block(source: Source, header_end: int, indent: int) -> tuple[int, int] | None:
    """The deeper block after the line ending at `header_end`, from its first character."""
    end = _indented_block(source, header_end, indent)
    if end is None:
        return None
    start = header_end + 1
    while source.text[start] in " \t\r\n":
        start += 1
    return start, end


def _below(source: Source, start: int, indent: int) -> tuple[int, int] | None:
    """An empty value at the end of its line: the deeper block below it, or a bare next line."""
    if start >= len(source.text):
        return None
    line_end = source.line_end(start)
    block = _block(source, line_end, indent)
    if block is not None:
        return block
    nxt = line_end + 1
    if nxt >= len(source.text):
        return None
    next_end = source.line_end(nxt)
    line = source.text[nxt:next_end].strip()
    if not line or _NOT_A_VALUE.match(source.text, nxt) or any(c.isspace() for c in line):
        return None
    return nxt, next_end


def _structure_end(source: Source, start: int) -> int:
    """Where the bracketed structure opened at `start` closes; unclosed, its line or the text."""
    closes = source.cache.get("closes")
    if closes is None:
        closes = source.cache["closes"] = _matching_brackets(source.text)
    if start in closes:
        return closes[start]
    line_end = source.line_end(start)
    opened_a_block = not source.text[start + 1 : line_end].strip()
    return len(source.text) if opened_a_block else line_end


def _matching_brackets(text: str) -> dict[int, int]:
    """For each opening bracket outside a one-line string, the end of its closing bracket."""
    closes: dict[int, int] = {}
    stack: list[int] = []
    for m in _STRUCTURE_TOKEN.finditer(text):
        token = m.group()
        if token in ("{", "["):
            stack.append(m.start())
        elif token in ("}", "]") and stack:
            closes[stack.pop()] = m.end()
    return closes
