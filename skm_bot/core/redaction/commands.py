"""
Secrets that command lines and URLs carry without a secret name next to them.

`curl -u id:secret` (and `--user`, `-U`, `--proxy-user`, attached or after `=`), `curl --cert
file.p12:password`, the short password flags of database and shell tools (`mysql -psecret`,
`mongo -p secret`, `redis-cli -a secret`, `sshpass -p secret`), and the password in a URL's
user information (`scheme://user:password@host`, the user possibly empty, the password possibly
holding `@` or `/`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from skm_bot.core.redaction.engine import PLACEHOLDER_PATTERN, Source, Span
from skm_bot.core.redaction.values import Context, value_span

# What may stand between a flag and its argument. Flags are found with `str.find`, not by a
# regex led by "-", which would stop at every dash of every date in a log.
_FLAG_ARGUMENT = re.compile(r"(?:[ \t]*=[ \t]*|[ \t]+)?")
# Found in the lower-cased text: curl's -u and -U are the same flag for this purpose. The rule
# runs only where "-u" is; then the dash leads, and the flag must start a word (checked in the
# regex, so "mix-up" repeated costs no Python per dash).
_WORD_START = r"""(?:(?<=[ \t\r\n"'`(=;|&]-)|(?<=^-))"""
# A flag whose argument is one short plain word without a colon (`-u ---`, `-u alice`)
# carries no password: left out by the regex, so a log full of such flags costs no Python per
# flag. Only a short word is read ahead, so flags chained in one long word stay linear.
_PLAIN_ARGUMENT = r"""(?:[ \t]*=[ \t]*|[ \t]+)?+[^\s:'"`\\\[]{0,256}+(?:\s|\Z)"""
_CURL_USER = re.compile(rf"-{_WORD_START}(?:-(?:proxy-)?user|u)(?!{_PLAIN_ARGUMENT})")
# Found in the original text: -E is curl's client certificate, -e something else entirely.
_CURL_CERT_FLAGS = ("--cert", "-E")
_WORD_BOUNDARY = frozenset(" \t\r\n\"'`(=;|&")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:\\")
# Tools whose short flag takes the password, and that flag (case matters: mysql's -P is a port).
TOOL_PASSWORD_FLAGS = {
    "mysql": "-p",
    "mariadb": "-p",
    "mongo": "-p",
    "sshpass": "-p",
    "redis-cli": "-a",
}
# Led by the flag itself, the blank before it checked behind: a pattern led by `[ \t]` is tried
# at every space of the line.
_TOOL_FLAGS = {
    flag: re.compile(rf"{flag}(?<=[ \t]{flag})(?:[ \t]*=[ \t]*|[ \t]*)") for flag in ("-p", "-a")
}
# After "://": the user (maybe empty), then ":" and the password, which may hold "@" and "/".
# (A user holds no "[" or "]", RFC 3986: so a placeholder's colon is never taken for its end.)
_URL_USER = re.compile(r"""[^\s/?#@:"'<>\\\[\]]{0,256}+:""")
# Where a URL ends: the password runs to the last "@" before it.
_URL_END = re.compile(r"""[\s"'<>\\]""")
_LONGEST_USERINFO = 1024
# Finds the first flag (start, end) at or after a position, or None.
FlagFinder = Callable[[int], tuple[int, int] | None]
# How many characters the flags' arguments may read, all together: this many per character of
# the paste, plus an allowance (see `_flag_passwords`).
_READ_PER_CHARACTER = 1
_READ_ALLOWANCE = 64 * 1024


def _flag_stands_alone(lowered: str, start: int) -> bool:
    return start == 0 or lowered[start - 1] in _WORD_BOUNDARY


def _password_after_colon(
    source: Source, start: int, budget: int, *, skip_drive: bool = False
) -> tuple[tuple[int, int] | None, int]:
    """
    In the shell word at `start`, the part after its first colon (curl's id:password); and
    `budget` less the characters read.
    """
    if PLACEHOLDER_PATTERN.match(source.text, start):
        return None, budget  # redacted already, user and all
    word = value_span(source, start, context=Context.SHELL, label=start)
    if word is None:
        return None, budget
    budget -= word[1] - start
    first = word[0] + 2 if skip_drive and _WINDOWS_DRIVE.match(source.text, word[0]) else word[0]
    # A placeholder's own colon ("[REDACTED:password]") separates nothing.
    masked = PLACEHOLDER_PATTERN.sub(lambda m: "x" * len(m.group()), source.text[first : word[1]])
    colon = masked.find(":")
    return ((first + colon + 1, word[1]) if colon != -1 else None), budget


def _curl_user_flag(lowered: str) -> FlagFinder:
    """The first -u / --user / --proxy-user flag that starts a word at or after a position."""

    def first(pos: int) -> tuple[int, int] | None:
        m = _CURL_USER.search(lowered, pos)
        return m.span() if m is not None else None

    return first


def _first_of(text: str, flags: tuple[str, ...]) -> FlagFinder:
    """The first occurrence of any of `flags` at or after a position."""

    def first(pos: int) -> tuple[int, int] | None:
        found = [(at, at + len(flag)) for flag in flags if (at := text.find(flag, pos)) != -1]
        return min(found) if found else None

    return first


def _argument_end(text: str, flag_end: int) -> int:
    """Where a flag's argument begins: after an `=` or the spaces that follow the flag."""
    m = _FLAG_ARGUMENT.match(text, flag_end)
    return m.end() if m is not None else flag_end


def find_curl_user(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The password half of curl's -u / --user / -U / --proxy-user id:password."""
    return _flag_passwords(source, _curl_user_flag(source.lowered), source.lowered)


def find_curl_cert(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The password after curl's --cert / -E file:password."""
    flags = _first_of(source.text, _CURL_CERT_FLAGS)
    return _flag_passwords(source, flags, source.text, skip_drive=True)


def _flag_passwords(
    source: Source, first_flag: FlagFinder, read: str, *, skip_drive: bool = False
) -> Iterator[Span]:
    """
    The part after the colon of each flag's argument (`id:password`, `file.p12:password`).

    A flag glued to a word ("mix-up") is no flag: dropped before anything else is read. (What
    follows a flag, spaces or "=", can hold no other flag.) Each argument is read as a shell
    word, to its end, so flags chained inside one long word (`=-u=-u=-u…`) would read the rest
    of the word once each: quadratic. The words read are therefore budgeted at the paste's
    length (real flags' arguments never overlap, so they read less); past that, each flag's
    argument is taken as a password to the end of its line, which holds every word that starts
    in it (fail closed), and the next flag is looked for after that line.
    """
    budget = _READ_PER_CHARACTER * len(source.text) + _READ_ALLOWANCE
    pos = 0
    while (flag := first_flag(pos)) is not None:
        start, pos = flag
        if not _flag_stands_alone(source.lowered, start):
            continue
        after = _argument_end(read, pos)
        if budget <= 0:
            line_end = source.line_end(after)
            if line_end > after:
                yield Span(after, line_end, "password")
            pos = max(pos, line_end)
            continue
        found, budget = _password_after_colon(source, after, budget, skip_drive=skip_drive)
        if found is not None:
            yield Span(found[0], found[1], "password")


def find_tool_passwords(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The argument of a password flag on a line that runs one of TOOL_PASSWORD_FLAGS's tools."""
    # Each line's flag scans start at the first tool on it; a line that runs several tools
    # with the same flag ("mysql … | mongo …") is scanned once for that flag.
    lines: dict[tuple[int, str], int] = {}
    for tool in present:
        pos = 0
        while (hit := source.lowered.find(tool, pos)) != -1:
            end = source.line_end(hit)
            key = (end, TOOL_PASSWORD_FLAGS[tool])
            lines[key] = min(hit, lines.get(key, hit))
            pos = end + 1
    for (end, flag), start in sorted(lines.items(), key=lambda item: item[1]):
        # From the blank before the tool's first flag: the lookbehind reads it.
        for m in _TOOL_FLAGS[flag].finditer(source.text, start, end):
            found = value_span(source, m.end(), context=Context.SHELL, label=m.start() - 1)
            if found is not None and not source.text.startswith("-", found[0]):
                yield Span(found[0], found[1], "password")


def find_url_credentials(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The password in `scheme://user:password@host`."""
    text = source.text
    ats = source.cache.get("at-signs")
    if ats is None:
        ats = source.cache["at-signs"] = [m.start() for m in re.finditer("@", text)]
    pos = 0
    while (scheme := text.find("://", pos)) != -1:
        pos = scheme + 3
        user = _URL_USER.match(text, pos)
        if user is None:
            continue
        # The last "@" in reach, then, if the URL ends before it, the last one before that end.
        at = _last_before(ats, min(len(text), user.end() + _LONGEST_USERINFO))
        if at is not None and at >= user.end():
            end = _URL_END.search(text, user.end(), at)
            at = _last_before(ats, end.start()) if end is not None else at
        if at is not None and at >= user.end():
            yield Span(user.end(), at, "url_credentials")
            pos = at


def _last_before(positions: list[int], limit: int) -> int | None:
    """The last of the sorted `positions` before `limit`."""
    i = bisect.bisect_left(positions, limit)
    return positions[i - 1] if i else None
