"""Each kind of finding in words, in ja/ko/en: texts.toml, validated when loaded."""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import get_args

from pydantic import BaseModel, ConfigDict, ValidationError

from skm_bot.core.catalogue import Localized
from skm_bot.core.language import Language
from skm_bot.core.watch.dates import Window
from skm_bot.core.watch.facts import AUTH_KINDS
from skm_bot.core.watch.model import Finding, Kind, Severity
from skm_bot.core.watch.threads import Change
from skm_bot.errors import CatalogueError

# The parameters shown through a label table, and the codes each table must word.
LABELLED: dict[str, tuple[str, ...]] = {
    "window": get_args(Window),
    "what": AUTH_KINDS,
    "use": ("recent", "none"),
}
GAPS = ("keystores", "keys", *AUTH_KINDS, "timeout")
_TABLES: dict[str, tuple[str, ...]] = {
    **LABELLED,
    "severity": tuple(str(s) for s in Severity),
    "state": ("resolved", "lapsed"),
    "ui": ("fix", "due", "profile", "nothing", "gap", "found"),
}


class KindTexts(BaseModel):
    """The words for one kind: what parameters it is given, its title, summary and fix."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    params: tuple[str, ...]
    title: Localized
    summary: Localized
    fix: Localized


class _TextsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kinds: dict[str, KindTexts]
    labels: dict[str, dict[str, Localized]]
    gaps: dict[str, Localized]
    notes: dict[str, Localized]


@dataclass(frozen=True)
class WatchTexts:
    """The validated texts, with a method for each thing a screen shows."""

    kinds: Mapping[Kind, KindTexts]
    labels: Mapping[str, Mapping[str, Localized]]
    gaps: Mapping[str, Localized]
    notes: Mapping[str, Localized]

    def title(self, kind: Kind, language: Language) -> str:
        """The short title of a kind."""
        return self.kinds[kind].title.get(language)

    def summary(self, finding: Finding, language: Language) -> str:
        """What the finding is, filled in."""
        return self._fill(self.kinds[finding.kind].summary.get(language), finding, language)

    def fix(self, finding: Finding, language: Language) -> str:
        """What to do about it, filled in."""
        return self._fill(self.kinds[finding.kind].fix.get(language), finding, language)

    def label(self, table: str, code: str, language: Language) -> str:
        """A code (a severity, a state, …) in words."""
        return self.labels[table][code].get(language)

    def gap(self, read: str, language: Language, **values: str) -> str:
        """What a run could not read (`read`: keystores, keys, ipv4, mac, certificate, timeout)."""
        return self.gaps[read].get(language).format_map(_Blank(values))

    def note(self, change: Change, language: Language, **values: str) -> str:
        """A thread note about a change, filled with `values` (summary, severity, before)."""
        return self.notes[change].get(language).format_map(_Blank(values))

    def _fill(self, template: str, finding: Finding, language: Language) -> str:
        values: dict[str, str] = {"subject": finding.subject, **finding.params}
        for name in LABELLED:
            code = values.get(name)
            if code is not None and code in self.labels[name]:
                values[name] = self.labels[name][code].get(language).format_map(_Blank(values))
        return template.format_map(_Blank(values))


class _Blank(dict[str, str]):
    """Formatting values where a missing one shows as "-" rather than failing a reply."""

    def __missing__(self, key: str) -> str:
        return "-"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _check(parsed: _TextsFile) -> None:
    kinds = set(parsed.kinds)
    expected = {str(k) for k in Kind}
    if kinds != expected:
        missing, unknown = sorted(expected - kinds), sorted(kinds - expected)
        raise ValueError(f"kinds missing: {missing}, unknown: {unknown}")
    for name, texts in parsed.kinds.items():
        allowed = {"subject", *texts.params}
        for part in ("title", "summary", "fix"):
            localized: Localized = getattr(texts, part)
            for language in ("ja", "ko", "en"):
                extra = _fields(localized.get(language)) - allowed
                if extra:
                    raise ValueError(f"{name}.{part}.{language} names {sorted(extra)}")
    for table, codes in _TABLES.items():
        have = set(parsed.labels.get(table, {}))
        if have != set(codes):
            raise ValueError(f"labels.{table} must word exactly {sorted(codes)}")
    if set(parsed.gaps) != set(GAPS):
        raise ValueError(f"gaps must word exactly {sorted(GAPS)}")
    changes = set(get_args(Change))
    if set(parsed.notes) != changes:
        raise ValueError(f"notes must word exactly {sorted(changes)}")


def parse_texts(text: str, *, source: str = "texts") -> WatchTexts:
    """Parse and validate the texts; CatalogueError naming the first defect."""
    try:
        parsed = _TextsFile.model_validate(tomllib.loads(text))
        _check(parsed)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CatalogueError(f"{source}: {where}: {first['msg']}") from exc
    except ValueError as exc:
        raise CatalogueError(f"{source}: {exc}") from exc
    return WatchTexts(
        kinds={Kind(name): texts for name, texts in parsed.kinds.items()},
        labels=parsed.labels,
        gaps=parsed.gaps,
        notes=parsed.notes,
    )


@cache
def load_texts() -> WatchTexts:
    """The texts shipped with skm-bot (parsed once per process)."""
    raw = resources.files("skm_bot.core.watch").joinpath("texts.toml").read_text(encoding="utf-8")
    return parse_texts(raw, source="watch/texts.toml")
