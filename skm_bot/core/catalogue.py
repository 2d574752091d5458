"""The catalogue of known SKM failures: its model, and a loader that refuses a malformed file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from skm_bot.core.check_ids import ALL_CHECK_IDS
from skm_bot.core.language import Language
from skm_bot.errors import CatalogueError

SignatureKind = Literal["message", "library", "phrase"]

# Operations whose steps the seed guide tells apart; any other key under `steps` is a typo.
STEP_OPERATIONS = frozenset({"default", "symmetric.decrypt", "asymmetric.verify"})

# Every pattern runs over lower-cased text, so an upper-case letter could never match.
_ESCAPE = re.compile(r"\\.")


class Localized(BaseModel):
    """One text in every language the bot speaks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ja: str = Field(min_length=1)
    ko: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        """The text in `language`."""
        return str(getattr(self, language))


class LocalizedSteps(BaseModel):
    """Numbered steps in every language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ja: tuple[str, ...] = Field(min_length=1)
    ko: tuple[str, ...] = Field(min_length=1)
    en: tuple[str, ...] = Field(min_length=1)

    def get(self, language: Language) -> tuple[str, ...]:
        """The steps in `language`."""
        steps: tuple[str, ...] = getattr(self, language)
        return steps


class Signature(BaseModel):
    """A regular expression, over lower-cased text, that recognises a failure."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SignatureKind
    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles_lower_case(cls, pattern: str) -> str:
        if any(ch.isupper() for ch in _ESCAPE.sub("", pattern)):
            raise ValueError(f"pattern {pattern!r} has an upper-case letter; text is lower-cased")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
        return pattern


class Example(BaseModel):
    """A paste that must be recognised as its own entry first."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1)


class KnownError(BaseModel):
    """One known SKM failure."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    message: str
    checks: tuple[str, ...]
    title: Localized
    cause: Localized
    steps: dict[str, LocalizedSteps]
    signatures: tuple[Signature, ...] = Field(min_length=1)
    examples: tuple[Example, ...] = Field(min_length=1)

    @field_validator("checks")
    @classmethod
    def _known_checks(cls, checks: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(checks) - ALL_CHECK_IDS)
        if unknown:
            raise ValueError(f"unknown check id(s): {', '.join(unknown)}")
        return checks

    @field_validator("steps")
    @classmethod
    def _known_operations(cls, steps: dict[str, LocalizedSteps]) -> dict[str, LocalizedSteps]:
        if "default" not in steps:
            raise ValueError("steps need a `default` entry")
        unknown = sorted(set(steps) - STEP_OPERATIONS)
        if unknown:
            raise ValueError(f"steps for unknown operation(s): {', '.join(unknown)}")
        return steps

    def steps_for(self, operation: str | None, language: Language) -> tuple[str, ...]:
        """The steps for `operation` when the guide has specific ones, else the default steps."""
        chosen = self.steps.get(operation or "default", self.steps["default"])
        return chosen.get(language)


class _CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    error: tuple[KnownError, ...] = Field(min_length=1)


@dataclass(frozen=True)
class CompiledSignature:
    """A signature ready to run, with the entry it belongs to."""

    error_id: str
    kind: SignatureKind
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Catalogue:
    """The validated catalogue, with its signatures compiled once."""

    entries: tuple[KnownError, ...]
    signatures: tuple[CompiledSignature, ...]

    def find(self, error_id: str) -> KnownError | None:
        """The entry with `error_id`, or None."""
        return next((entry for entry in self.entries if entry.id == error_id), None)

    def get(self, error_id: str) -> KnownError:
        """The entry with `error_id`; KeyError if there is none."""
        for entry in self.entries:
            if entry.id == error_id:
                return entry
        raise KeyError(error_id)


def parse_catalogue(text: str, *, source: str = "catalogue") -> Catalogue:
    """Parse and validate catalogue TOML; any defect raises CatalogueError naming it."""
    try:
        raw = tomllib.loads(text)
        parsed = _CatalogueFile.model_validate(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise CatalogueError(f"{source}: {_describe(exc)}") from exc
    ids = [entry.id for entry in parsed.error]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"{source}: duplicate id(s): {', '.join(duplicates)}")
    compiled = tuple(
        CompiledSignature(entry.id, sig.kind, re.compile(sig.pattern))
        for entry in parsed.error
        for sig in entry.signatures
    )
    return Catalogue(entries=parsed.error, signatures=compiled)


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with skm-bot (parsed once per process)."""
    text = resources.files("skm_bot.core").joinpath("known_errors.toml").read_text(encoding="utf-8")
    return parse_catalogue(text, source="known_errors.toml")


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']} ({exc.error_count()} problem(s) in all)"
