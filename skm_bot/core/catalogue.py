"""The catalogue of known SKM failures: its model, and a loader that refuses a malformed file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from skm_bot.core.check_ids import ALL_CHECK_IDS
from skm_bot.core.concepts import NO_CONCEPTS, ConceptModel, parse_concepts
from skm_bot.core.gates import gate_of, required_literals
from skm_bot.core.language import Language
from skm_bot.core.lexicon import Lexicon
from skm_bot.core.literals import EMPTY_TABLE, LiteralTable
from skm_bot.core.localized import Localized, LocalizedSteps
from skm_bot.core.other_systems import NO_OTHER_SYSTEMS, OtherSystems, parse_other_systems
from skm_bot.core.vocabulary import Meaning, build_vocabulary
from skm_bot.errors import CatalogueError

__all__ = [
    "Catalogue",
    "CompiledSignature",
    "KnownError",
    "Localized",
    "LocalizedSteps",
    "Signature",
    "SubCause",
    "load_catalogue",
    "parse_catalogue",
]

SignatureKind = Literal["message", "library", "phrase"]

# Operations whose steps the seed guide tells apart; any other key under `steps` is a typo.
STEP_OPERATIONS = frozenset({"default", "symmetric.decrypt", "asymmetric.verify"})

# Every pattern runs over lower-cased text, so an upper-case letter could never match.
_ESCAPE = re.compile(r"\\.")


class Signature(BaseModel):
    """
    A regular expression, over folded text (NFKC, lower case), that recognises a failure.

    `literals`: strings of which at least one occurs in every text the pattern matches; the
    pattern is not run on a text holding none (the rule's cheap gate). When not given, the
    catalogue picks one word of the pattern's leading literal, shared with other rules where
    it can (core.gates). `sub_cause` names one of the entry's sub-causes.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: SignatureKind
    pattern: str
    literals: tuple[str, ...] = ()
    sub_cause: str | None = None

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

    @model_validator(mode="after")
    def _has_a_gate(self) -> Signature:
        if not self.literals and not gate_of(self.pattern):
            raise ValueError(
                f"pattern {self.pattern!r} has no leading literal: give its `literals`"
            )
        if any(lit != lit.lower() or not lit for lit in self.literals):
            raise ValueError(f"literals {self.literals!r} must be non-empty and lower case")
        return self


class SubCause(BaseModel):
    """A narrower cause inside a failure (an expired certificate): its own steps and checks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Localized
    checks: tuple[str, ...] = Field(min_length=1)
    steps: LocalizedSteps

    @field_validator("checks")
    @classmethod
    def _known_checks(cls, checks: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(checks) - ALL_CHECK_IDS)
        if unknown:
            raise ValueError(f"unknown check id(s): {', '.join(unknown)}")
        return checks


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
    sub_causes: dict[str, SubCause] = Field(default_factory=dict)

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

    @model_validator(mode="after")
    def _known_sub_causes(self) -> KnownError:
        named = {sig.sub_cause for sig in self.signatures} - {None}
        unknown = sorted(str(name) for name in named - set(self.sub_causes))
        if unknown:
            raise ValueError(f"signature(s) name unknown sub-cause(s): {', '.join(unknown)}")
        return self

    def steps_for(
        self, operation: str | None, language: Language, sub_cause: str | None = None
    ) -> tuple[str, ...]:
        """
        The sub-cause's steps when it has them; else the operation's steps when the guide has
        specific ones; else the default steps.
        """
        if sub_cause in self.sub_causes:
            return self.sub_causes[sub_cause].steps.get(language)
        chosen = self.steps.get(operation or "default", self.steps["default"])
        return chosen.get(language)

    def checks_for(self, sub_cause: str | None = None) -> tuple[str, ...]:
        """The checks the failure calls for: the sub-cause's when it has them."""
        if sub_cause in self.sub_causes:
            return self.sub_causes[sub_cause].checks
        return self.checks


class _CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    error: tuple[KnownError, ...] = Field(min_length=1)


@dataclass(frozen=True)
class CompiledSignature:
    """A signature ready to run, with the entry it belongs to and its gate literals."""

    error_id: str
    kind: SignatureKind
    regex: re.Pattern[str]
    literals: tuple[str, ...] = ()
    sub_cause: str | None = None
    # Literal runs every match holds besides (the parts of "cert…auth…fail"): all must occur.
    also: tuple[str, ...] = ()

    def gate(self, folded: str) -> bool:
        """
        True when the text holds one of the literals and every one of `also`: only then can
        the pattern match.
        """
        return any(literal in folded for literal in self.literals) and all(
            literal in folded for literal in self.also
        )


@dataclass(frozen=True)
class Catalogue:
    """
    The validated catalogue, with its signatures compiled once, the concept model that reads
    people's own words (concepts.toml) and what is not SKM (other_systems.toml).
    """

    entries: tuple[KnownError, ...]
    signatures: tuple[CompiledSignature, ...]
    concepts: ConceptModel = NO_CONCEPTS
    others: OtherSystems = NO_OTHER_SYSTEMS
    # Every word of both, each with all its meanings: people's words are read in one pass.
    vocabulary: Lexicon[Meaning] = field(default_factory=lambda: Lexicon({}))
    # For each gate literal, the signatures (by position) that wait for it.
    waiting: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # Every signature's gate literals and the other runs it needs, found in a paste in one pass.
    literal_table: LiteralTable = EMPTY_TABLE

    def find(self, error_id: str) -> KnownError | None:
        """The entry with `error_id`, or None."""
        return next((entry for entry in self.entries if entry.id == error_id), None)

    def get(self, error_id: str) -> KnownError:
        """The entry with `error_id`; KeyError if there is none."""
        for entry in self.entries:
            if entry.id == error_id:
                return entry
        raise KeyError(error_id)


def parse_catalogue(
    text: str,
    *,
    source: str = "catalogue",
    concepts: ConceptModel | None = None,
    others: OtherSystems | None = None,
) -> Catalogue:
    """
    Parse and validate catalogue TOML; any defect raises CatalogueError naming it.

    `concepts` and `others` (parsed by their own loaders) must name only this catalogue's
    failures and sub-causes.
    """
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
    # ASCII word boundaries: `\b` must fire between `Id` and `エラー`, and in Unicode mode CJK
    # letters are word characters.
    signatures = [sig for entry in parsed.error for sig in entry.signatures]
    owners = [entry.id for entry in parsed.error for _ in entry.signatures]
    # ASCII word boundaries: `\b` must fire between `Id` and `エラー`, and in Unicode mode CJK
    # letters are word characters.
    compiled = tuple(_compiled(owner, sig) for owner, sig in zip(owners, signatures, strict=True))
    model = concepts or NO_CONCEPTS
    _check_concept_references(model, parsed.error, source)
    unknown_host_failures = sorted(set((others or NO_OTHER_SYSTEMS).host_failures) - set(ids))
    if unknown_host_failures:
        raise CatalogueError(
            f"{source}: other_host names unknown failure(s): {unknown_host_failures}"
        )
    other_systems = others or NO_OTHER_SYSTEMS
    return Catalogue(
        entries=parsed.error,
        signatures=compiled,
        concepts=model,
        others=other_systems,
        vocabulary=build_vocabulary(model, other_systems),
        waiting=_waiting(compiled),
        literal_table=LiteralTable(lit for sig in compiled for lit in (*sig.literals, *sig.also)),
    )


def _compiled(owner: str, sig: Signature) -> CompiledSignature:
    """A signature compiled, waiting for its gate and every other literal run it holds."""
    literals = sig.literals or (gate_of(sig.pattern),)
    also = tuple(run for run in required_literals(sig.pattern) if run not in literals)
    return CompiledSignature(
        owner, sig.kind, re.compile(sig.pattern, re.ASCII), literals, sig.sub_cause, also
    )


def _waiting(signatures: tuple[CompiledSignature, ...]) -> dict[str, tuple[int, ...]]:
    waiting: dict[str, list[int]] = {}
    for index, sig in enumerate(signatures):
        for literal in sig.literals:
            waiting.setdefault(literal, []).append(index)
    return {literal: tuple(indexes) for literal, indexes in waiting.items()}


def _check_concept_references(
    model: ConceptModel, entries: tuple[KnownError, ...], source: str
) -> None:
    ids = {entry.id for entry in entries}
    unknown = sorted(model.failure_ids - ids)
    if unknown:
        raise CatalogueError(f"{source}: concepts name unknown failure(s): {', '.join(unknown)}")
    sub_causes = {name for entry in entries for name in entry.sub_causes}
    missing = sorted(model.sub_causes - sub_causes)
    if missing:
        raise CatalogueError(
            f"{source}: conditions name unknown sub-cause(s): {', '.join(missing)}"
        )


def _read(name: str) -> str:
    return resources.files("skm_bot.core").joinpath(name).read_text(encoding="utf-8")


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with skm-bot, with its concept model (parsed once per process)."""
    return parse_catalogue(
        _read("known_errors.toml"),
        source="known_errors.toml",
        concepts=parse_concepts(_read("concepts.toml"), source="concepts.toml"),
        others=parse_other_systems(_read("other_systems.toml"), source="other_systems.toml"),
    )


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']} ({exc.error_count()} problem(s) in all)"
