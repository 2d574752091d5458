"""
The concept model: how people name SKM failures in their own words, as data (concepts.toml).

A failure is described by what people name (a *subject*: the appkey, a key version, the client
certificate...) and what they say happened to it (a *condition*: invalid, not found, disabled,
refused, expired...). A *concept* says which failures a subject and a condition, said close
together, point to. A *symptom* is what people notice around a failure ("after rotating the
key", "from a new container"): every one of its word groups in one sentence points to its
failures, less surely than a subject and condition do.

Subjects also say how they relate to each other: a subject may *refine* another (a key version
is a part of the key: said in one clause, the condition is about the version), *refer* to
others (a bare "authentication" is the authentication by the method the paste names), or
*absorb* another's weak words said right after it ("URLにバージョン": the URL's version).

This module is the compiled model a diagnosis reads; `concepts_file.py` reads and checks
concepts.toml into it (only when the catalogue is built).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from skm_bot.core.lexicon import literal_of

Weight = float

# A subject hit's tag: (subject id, how surely the word names it); None for a not-subject.
SubjectTag = tuple[str, Weight] | None
# A symptom word's tag: every (symptom index, group index) the word belongs to.
SymptomTag = frozenset[tuple[int, int]]


@dataclass(frozen=True)
class Symptom:
    """
    A compiled symptom: its id, its failures, and what satisfies each of its groups, as
    tokens: ("w", symptom, group) for one of the group's words, ("s", id) for a subject,
    ("c", id) for a condition.
    """

    id: str
    failures: tuple[tuple[str, Weight], ...]
    needs: tuple[frozenset[tuple[str, ...]], ...]


@dataclass(frozen=True)
class ConceptModel:
    """
    The concept model compiled: its words (each with its tag; the catalogue merges them with
    other_systems.toml's into one vocabulary, scanned once) and the tables that pair hits.
    """

    subject_words: Mapping[str, SubjectTag]
    # Joining subjects, each with what the subject before it becomes once joined.
    joining: Mapping[str, Mapping[str, str]]
    # Joining subjects that are dropped when they join nothing.
    only_joined: frozenset[str]
    condition_words: Mapping[str, str]
    condition_weight: Mapping[str, Weight]
    condition_sub_cause: Mapping[str, str | None]
    pairs: Mapping[tuple[str, str], tuple[tuple[str, Weight], ...]]
    symptom_words: Mapping[str, SymptomTag]
    symptoms: tuple[Symptom, ...]
    # Each condition with the subjects it pairs with (a concept, or a subject referred to).
    pairing: Mapping[str, frozenset[str]] = field(default_factory=dict)
    refines: Mapping[str, frozenset[str]] = field(default_factory=dict)
    refers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    absorbs: Mapping[str, frozenset[str]] = field(default_factory=dict)
    adjacent: frozenset[str] = frozenset()

    @property
    def failure_ids(self) -> frozenset[str]:
        """Every failure id the model can point to (checked against the catalogue at load)."""
        ids = {error for failures in self.pairs.values() for error, _ in failures}
        ids.update(error for s in self.symptoms for error, _ in s.failures)
        return frozenset(ids)

    @property
    def sub_causes(self) -> frozenset[str]:
        """Every sub-cause a condition implies (checked against the catalogue at load)."""
        return frozenset(s for s in self.condition_sub_cause.values() if s is not None)


NO_CONCEPTS = ConceptModel(
    subject_words={},
    joining={},
    only_joined=frozenset(),
    condition_words={},
    condition_weight={},
    condition_sub_cause={},
    pairs={},
    symptom_words={},
    symptoms=(),
)


def required_literals(model: ConceptModel) -> tuple[str, ...]:
    """Every literal a concept or symptom needs: the gate a multi-literal prefilter can use."""
    words = {*model.subject_words, *model.condition_words, *model.symptom_words}
    return tuple(sorted({literal_of(w) for w in words}))
