"""
Phrases: what the checks and the certificate inspector say, as keys and values, worded late.

A `Phrase` is a key into the phrasebook and the values for its placeholders; `Phrase.text`
words it in a language. The templates are data, one TOML table per key with its `ja`, `ko` and
`en` text (`check_phrases.toml`, `cert_phrases.toml`), in `str.format` syntax: `{seconds:g}`.
A value may itself be a Phrase, worded in the same language. Values are what the bot observed
(IDs, hosts, numbers, SKM's own messages), never words of ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from string import Formatter
from typing import Any

from skm_bot.core.language import LANGUAGES, Language
from skm_bot.errors import CatalogueError

PHRASE_FILES = ("phrases.toml", "check_phrases.toml", "cert_phrases.toml", "screen_phrases.toml")
# The key of a value shown as it is, in every language: SKM's message, an OS or OpenSSL error.
VERBATIM = "verbatim"

Phrasebook = Mapping[str, Mapping[Language, str]]


@dataclass(frozen=True)
class Phrase:
    """A phrasebook key and its placeholder values; data until worded."""

    key: str
    values: tuple[tuple[str, Value], ...] = ()

    def text(self, language: Language) -> str:
        """The phrase in `language`; KeyError for a key the phrasebook lacks."""
        template = load_phrasebook()[self.key][language]
        worded = {
            name: value.text(language) if isinstance(value, Phrase) else value
            for name, value in self.values
        }
        return template.format(**worded)

    def keys_used(self) -> set[str]:
        """This phrase's key and those of the phrases among its values."""
        found = {self.key}
        for _, value in self.values:
            if isinstance(value, Phrase):
                found |= value.keys_used()
        return found


# A placeholder's value: something observed (an ID, a host, a count), or a phrase to word too.
Value = str | int | float | Phrase


def phrase(key: str, /, **values: Value) -> Phrase:
    """The phrase `key` with its placeholder values."""
    return Phrase(key, tuple(values.items()))


def verbatim(text: str) -> Phrase:
    """Text shown as it is in every language (SKM's message, an operating-system error)."""
    return phrase(VERBATIM, text=text)


def listing(items: Sequence[Phrase], *, separator: str = "list.comma") -> Phrase:
    """
    Items one after another, joined as the language joins them ("a, b" or "a、b").

    `separator` is the key of a phrase joining `{first}` and `{rest}`.
    """
    if not items:
        raise ValueError("a listing needs at least one item")
    head, *rest = items
    if not rest:
        return head
    return phrase(separator, first=head, rest=listing(rest, separator=separator))


def placeholders(template: str) -> set[tuple[str, str, str]]:
    """
    Each placeholder's name, format spec and conversion; ValueError for a malformed template.
    """
    return {
        (name, spec or "", conversion or "")
        for _, name, spec, conversion in Formatter().parse(template)
        if name is not None
    }


def flatten(raw: Mapping[str, Any], prefix: str = "") -> dict[str, Mapping[str, Any]]:
    """
    Nested TOML tables as dotted keys: a table holding a language key is one phrase.

    `[key.offline]` with `en = "…"` under it is the phrase `key.offline`.
    """
    found: dict[str, Mapping[str, Any]] = {}
    for name, value in raw.items():
        key = f"{prefix}{name}"
        if not isinstance(value, Mapping):
            found[key] = {"": value}  # A bare value where a table belongs: a problem to report.
        elif set(value) & set(LANGUAGES):
            found[key] = value
        else:
            found.update(flatten(value, f"{key}."))
    return found


def phrase_problems(entries: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """
    Every defect of a phrasebook: a language missing, empty or unknown, a malformed template,
    or placeholders that differ between languages.
    """
    problems: list[str] = []
    for key, texts in entries.items():
        missing = [lang for lang in LANGUAGES if not isinstance(texts.get(lang), str)]
        extra = sorted(set(texts) - set(LANGUAGES))
        problems += [f"{key}: no {lang} text" for lang in missing]
        problems += [f"{key}: {name!r} is not a language" for name in extra]
        problems += [
            f"{key}: the {lang} text is empty" for lang in LANGUAGES if texts.get(lang) == ""
        ]
        if missing:
            continue
        try:
            wanted = {lang: placeholders(texts[lang]) for lang in LANGUAGES}
        except ValueError as exc:
            problems.append(f"{key}: a template does not parse: {exc}")
            continue
        for lang in LANGUAGES:
            if wanted[lang] != wanted["en"]:
                problems.append(
                    f"{key}: {lang} has placeholders {_names(wanted[lang])},"
                    f" en has {_names(wanted['en'])}"
                )
    return problems


def _names(found: set[tuple[str, str, str]]) -> str:
    shown = [
        name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
        for name, spec, conv in found
    ]
    return "{" + ", ".join(sorted(shown)) + "}"


def parse_phrasebook(text: str, *, source: str) -> dict[str, Mapping[str, Any]]:
    """One phrase file's phrases by key; CatalogueError naming every defect."""
    # Loaded here: a process given its phrasebook (use_phrasebook) never parses TOML.
    import tomllib

    try:
        entries = flatten(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from exc
    problems = phrase_problems(entries)
    if problems:
        raise CatalogueError(f"{source}: " + "; ".join(problems))
    return entries


# This process's phrasebook, once read or given (a list, so that it is set in one place).
_BOOK: list[Phrasebook] = []


def load_phrasebook() -> Phrasebook:
    """
    The phrase files shipped with skm-bot, merged: read once per process, unless
    `use_phrasebook` gave them already.
    """
    if not _BOOK:
        _BOOK.append(read_phrasebook())
    return _BOOK[0]


def use_phrasebook(book: Phrasebook) -> None:
    """
    Word phrases with `book` from now on: the shipped files as read before, by this build
    (the command line keeps them with its cached catalogue; parsing the TOML costs more).
    """
    _BOOK[:] = [book]


def read_phrasebook() -> Phrasebook:
    """The phrase files shipped with skm-bot, parsed, checked and merged."""
    merged: dict[str, Mapping[Language, str]] = {}
    package = resources.files("skm_bot.core")
    for name in PHRASE_FILES:
        entries = parse_phrasebook(package.joinpath(name).read_text(encoding="utf-8"), source=name)
        twice = sorted(set(entries) & set(merged))
        if twice:
            raise CatalogueError(
                f"{name}: key(s) defined in another phrase file: {', '.join(twice)}"
            )
        merged.update(
            {key: {lang: texts[lang] for lang in LANGUAGES} for key, texts in entries.items()}
        )
    return merged
