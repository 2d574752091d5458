"""The catalogue of known SKM failures: its model, and a loader that refuses a malformed file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

from skm_bot.core.check_ids import ALL_CHECK_IDS
from skm_bot.core.concepts import NO_CONCEPTS, ConceptModel
from skm_bot.core.file_schema import STRICT, need_id, need_items, read_file
from skm_bot.core.gates import gate_of, required_literals
from skm_bot.core.language import Language
from skm_bot.core.lexicon import Lexicon
from skm_bot.core.literals import EMPTY_TABLE, LiteralTable
from skm_bot.core.localized import Localized, LocalizedSteps
from skm_bot.core.other_systems import NO_OTHER_SYSTEMS, OtherSystems
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


@dataclass(frozen=True)
class Signature:
    """
    A regular expression, over folded text (NFKC, lower case), that recognises a failure.

    `literals`: strings of which at least one occurs in every text the pattern matches; the
    pattern is not run on a text holding none (the rule's cheap gate). When not given, the
    catalogue picks one word of the pattern's leading literal, shared with other rules where
    it can (core.gates). `sub_cause` names one of the entry's sub-causes.
    """

    __pydantic_config__ = STRICT

    kind: SignatureKind
    pattern: str
    literals: tuple[str, ...] = ()
    sub_cause: str | None = None

    def __post_init__(self) -> None:
        if any(ch.isupper() for ch in _ESCAPE.sub("", self.pattern)):
            raise ValueError(
                f"pattern {self.pattern!r} has an upper-case letter; text is lower-cased"
            )
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise ValueError(f"pattern {self.pattern!r} does not compile: {exc}") from exc
        if not self.literals and not gate_of(self.pattern):
            raise ValueError(
                f"pattern {self.pattern!r} has no leading literal: give its `literals`"
            )
        if any(lit != lit.lower() or not lit for lit in self.literals):
            raise ValueError(f"literals {self.literals!r} must be non-empty and lower case")


def _need_known_checks(checks: tuple[str, ...]) -> None:
    need_items(checks, "checks")
    unknown = sorted(set(checks) - ALL_CHECK_IDS)
    if unknown:
        raise ValueError(f"unknown check id(s): {', '.join(unknown)}")


@dataclass(frozen=True)
class SubCause:
    """A narrower cause inside a failure (an expired certificate): its own steps and checks."""

    __pydantic_config__ = STRICT

    title: Localized
    checks: tuple[str, ...]
    steps: LocalizedSteps

    def __post_init__(self) -> None:
        _need_known_checks(self.checks)


@dataclass(frozen=True)
class Example:
    """A paste that must be recognised as its own entry first."""

    __pydantic_config__ = STRICT

    text: str

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("an example's text is empty")


@dataclass(frozen=True)
class KnownError:
    """One known SKM failure."""

    __pydantic_config__ = STRICT

    id: str
    message: str
    checks: tuple[str, ...]
    title: Localized
    cause: Localized
    steps: dict[str, LocalizedSteps]
    signatures: tuple[Signature, ...]
    examples: tuple[Example, ...]
    sub_causes: dict[str, SubCause] = field(default_factory=dict)

    def __post_init__(self) -> None:
        need_id(self.id)
        _need_known_checks(self.checks)
        need_items(self.signatures, "signatures")
        need_items(self.examples, "examples")
        if "default" not in self.steps:
            raise ValueError("steps need a `default` entry")
        unknown = sorted(set(self.steps) - STEP_OPERATIONS)
        if unknown:
            raise ValueError(f"steps for unknown operation(s): {', '.join(unknown)}")
        named = {sig.sub_cause for sig in self.signatures} - {None}
        unknown = sorted(str(name) for name in named - set(self.sub_causes))
        if unknown:
            raise ValueError(f"signature(s) name unknown sub-cause(s): {', '.join(unknown)}")

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


@dataclass(frozen=True)
class _CatalogueFile:
    __pydantic_config__ = STRICT

    error: tuple[KnownError, ...]

    def __post_init__(self) -> None:
        need_items(self.error, "error")


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
    parsed = read_file(_CatalogueFile, text, source, count=True)
    ids = [entry.id for entry in parsed.error]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise CatalogueError(f"{source}: duplicate id(s): {', '.join(duplicates)}")
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
    # The files' readers load only here: a cached catalogue is read without them.
    from skm_bot.core.concepts_file import parse_concepts
    from skm_bot.core.other_systems_file import parse_other_systems

    return parse_catalogue(
        _read("known_errors.toml"),
        source="known_errors.toml",
        concepts=parse_concepts(_read("concepts.toml"), source="concepts.toml"),
        others=parse_other_systems(_read("other_systems.toml"), source="other_systems.toml"),
    )
