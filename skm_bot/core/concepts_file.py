"""
concepts.toml read and checked, and compiled into the concept model (core/concepts.py).

`parse_concepts` validates the file like the catalogue: an unknown id, a word not in folded
form or a weight out of range fails at load, not in a reply. Only building the catalogue
imports this module; a cached catalogue holds the compiled model alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from skm_bot.core.concepts import ConceptModel, SubjectTag, Symptom, SymptomTag, Weight
from skm_bot.core.file_schema import STRICT, need_id, need_items, need_range, read_file
from skm_bot.core.lexicon import check_words, compact
from skm_bot.errors import CatalogueError

T = TypeVar("T")
# How much less a subject's weak word says than its plain words.
WEAK_WORD = 0.8
# A condition "not X" is also written contracted: "isn't valid", "wasn't found".
_NOT = "not "
_CONTRACTED = ("isn't ", "aren't ", "wasn't ", "weren't ")


def _need_words(words: tuple[str, ...], what: str = "words") -> None:
    need_items(words, what)
    check_words(words)


def _need_weight(weight: Weight) -> None:
    need_range(weight, "weight", above=0, at_most=1.5)


def _need_failures(failures: Mapping[str, Weight]) -> None:
    need_items(failures, "failures")


@dataclass(frozen=True)
class SubjectSpec:
    """Something people name: its plain words, and weak words that name it less surely."""

    __pydantic_config__ = STRICT

    id: str
    words: tuple[str, ...]
    weak: tuple[str, ...] = ()
    # A word like "authentication" that belongs to the subject said just before it: "MAC
    # authentication" is the MAC's. `becomes` renames the joined subject: "証明書認証"
    # (certificate authentication) is the client certificate's.
    joins_previous: bool = False
    becomes: Mapping[str, str] = field(default_factory=dict)
    # Dropped when it joins nothing ("status" alone names no subject).
    only_joined: bool = False
    # The subjects this one is a part of: said in the same clause as one of them, a condition
    # is about this one ("version 2 of the key is disabled" is the version's state).
    refines: tuple[str, ...] = ()
    # The subjects a bare mention stands for: "authentication fails" in a paste that names the
    # MAC address is the MAC authentication (the nearest one named wins).
    refers: tuple[str, ...] = ()
    # Subjects whose weak words, right after this one, are part of it ("URL의 버전").
    absorbs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        need_id(self.id)
        _need_words(self.words)
        check_words(self.weak)


@dataclass(frozen=True)
class ConditionSpec:
    """Something people say happened; `sub_cause` names the certificate sub-cause it implies."""

    __pydantic_config__ = STRICT

    id: str
    weight: Weight
    words: tuple[str, ...]
    sub_cause: str | None = None
    # Pairs only with a subject said right after it ("no key with that id", "no MAC header").
    adjacent: bool = False

    def __post_init__(self) -> None:
        need_id(self.id)
        _need_weight(self.weight)
        _need_words(self.words)


@dataclass(frozen=True)
class ConceptSpec:
    """A subject and any of these conditions, close together, point to these failures."""

    __pydantic_config__ = STRICT

    subject: str
    conditions: tuple[str, ...]
    failures: Mapping[str, Weight]

    def __post_init__(self) -> None:
        need_items(self.conditions, "conditions")
        _need_failures(self.failures)


@dataclass(frozen=True)
class SymptomGroup:
    """One of a symptom's word groups: any of its words, subjects or conditions satisfies it."""

    __pydantic_config__ = STRICT

    words: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_words(self.words)


@dataclass(frozen=True)
class SymptomSpec:
    """What people notice around a failure: all groups in one sentence (or the next)."""

    __pydantic_config__ = STRICT

    id: str
    failures: Mapping[str, Weight]
    when: tuple[SymptomGroup, ...]

    def __post_init__(self) -> None:
        need_id(self.id)
        _need_failures(self.failures)
        need_items(self.when, "when", at_least=2)


@dataclass(frozen=True)
class _ConceptsFile:
    __pydantic_config__ = STRICT

    subject: tuple[SubjectSpec, ...]
    condition: tuple[ConditionSpec, ...]
    concept: tuple[ConceptSpec, ...]
    not_subjects: tuple[str, ...] = ()
    symptom: tuple[SymptomSpec, ...] = ()

    def __post_init__(self) -> None:
        need_items(self.subject, "subject")
        need_items(self.condition, "condition")
        need_items(self.concept, "concept")
        check_words(self.not_subjects)


def _word_table(pairs: list[tuple[str, T]], what: str) -> dict[str, T]:
    """Words to tags; one word, one tag (a word listed twice with two tags is a defect)."""
    table: dict[str, T] = {}
    seen: dict[str, T] = {}
    for word, tag in pairs:
        key = compact(word.rstrip("*"))
        if key in seen and seen[key] != tag:
            raise CatalogueError(f"{what}: word {word!r} is listed with two meanings")
        seen[key] = tag
        table[word] = tag
    return table


def _subject_words(parsed: _ConceptsFile) -> dict[str, SubjectTag]:
    pairs: list[tuple[str, SubjectTag]] = [(w, None) for w in parsed.not_subjects]
    for spec in parsed.subject:
        pairs += [(w, (spec.id, 1.0)) for w in spec.words]
        pairs += [(w, (spec.id, WEAK_WORD)) for w in spec.weak]
    return _word_table(pairs, "subjects")


def _symptoms(parsed: _ConceptsFile) -> tuple[dict[str, SymptomTag], tuple[Symptom, ...]]:
    groups: dict[str, set[tuple[int, int]]] = {}
    compiled = []
    for index, spec in enumerate(parsed.symptom):
        for group_index, group in enumerate(spec.when):
            if not (group.words or group.subjects or group.conditions):
                raise CatalogueError(f"symptom {spec.id}: an empty word group")
            for word in group.words:
                groups.setdefault(compact(word.rstrip("*")), set()).add((index, group_index))
        needs = tuple(
            frozenset(
                {("w", str(index), str(group_index))}
                | {("s", subject) for subject in group.subjects}
                | {("c", condition) for condition in group.conditions}
            )
            for group_index, group in enumerate(spec.when)
        )
        compiled.append(Symptom(spec.id, tuple(spec.failures.items()), needs))
    # A word may serve several symptoms: its tag is every (symptom, group) it belongs to.
    words = {
        word: frozenset(groups[compact(word.rstrip("*"))])
        for spec in parsed.symptom
        for group in spec.when
        for word in group.words
    }
    return words, tuple(compiled)


def _check_references(parsed: _ConceptsFile) -> None:
    subjects = {s.id for s in parsed.subject}
    conditions = {c.id for c in parsed.condition}
    for concept in parsed.concept:
        if concept.subject not in subjects:
            raise CatalogueError(f"concept names an unknown subject: {concept.subject}")
        unknown = sorted(set(concept.conditions) - conditions)
        if unknown:
            raise CatalogueError(f"concept names unknown condition(s): {', '.join(unknown)}")
    for spec in parsed.subject:
        bad_names = sorted((set(spec.becomes) | set(spec.becomes.values())) - subjects)
        if bad_names:
            raise CatalogueError(f"subject {spec.id} becomes unknown id(s): {', '.join(bad_names)}")
        linked = sorted({*spec.refines, *spec.refers, *spec.absorbs} - subjects)
        if linked:
            raise CatalogueError(f"subject {spec.id} names unknown subject(s): {', '.join(linked)}")
    for symptom in parsed.symptom:
        for group in symptom.when:
            bad = sorted((set(group.subjects) - subjects) | (set(group.conditions) - conditions))
            if bad:
                raise CatalogueError(f"symptom {symptom.id} names unknown id(s): {', '.join(bad)}")
    for weights in [*(c.failures for c in parsed.concept), *(s.failures for s in parsed.symptom)]:
        if any(not 0 < w <= 1.0 for w in weights.values()):
            raise CatalogueError("a failure weight is outside (0, 1]")


def parse_concepts(text: str, *, source: str = "concepts") -> ConceptModel:
    """Parse and validate concepts TOML; any defect raises CatalogueError naming it."""
    parsed = read_file(_ConceptsFile, text, source)
    _check_references(parsed)
    pairs: dict[tuple[str, str], tuple[tuple[str, Weight], ...]] = {}
    for concept in parsed.concept:
        for condition in concept.conditions:
            known = dict(pairs.get((concept.subject, condition), ()))
            known.update(concept.failures)
            pairs[(concept.subject, condition)] = tuple(known.items())
    symptom_words, symptoms = _symptoms(parsed)
    return ConceptModel(
        subject_words=_subject_words(parsed),
        joining={spec.id: spec.becomes for spec in parsed.subject if spec.joins_previous},
        only_joined=frozenset(spec.id for spec in parsed.subject if spec.only_joined),
        condition_words=_word_table(
            [(w, c.id) for c in parsed.condition for w in _with_contractions(c.words)],
            "conditions",
        ),
        condition_weight={c.id: c.weight for c in parsed.condition},
        condition_sub_cause={c.id: c.sub_cause for c in parsed.condition},
        pairs=pairs,
        symptom_words=symptom_words,
        symptoms=symptoms,
        pairing=_pairing(parsed, pairs),
        refines=_links(parsed, "refines"),
        refers=_links(parsed, "refers"),
        absorbs=_links(parsed, "absorbs"),
        adjacent=frozenset(c.id for c in parsed.condition if c.adjacent),
    )


def _with_contractions(words: tuple[str, ...]) -> list[str]:
    """The words, and for each "not X" its contracted forms ("isn't X", "wasn't X"...)."""
    found = list(words)
    for word in words:
        if word.startswith(_NOT):
            found += [short + word[len(_NOT) :] for short in _CONTRACTED]
    return list(dict.fromkeys(found))


def _links(parsed: _ConceptsFile, name: str) -> dict[str, frozenset[str]]:
    """Each subject's `refines`, `refers` or `absorbs` list, for the subjects that have one."""
    return {
        spec.id: frozenset(getattr(spec, name)) for spec in parsed.subject if getattr(spec, name)
    }


def _pairing(
    parsed: _ConceptsFile, pairs: Mapping[tuple[str, str], object]
) -> dict[str, frozenset[str]]:
    """Each condition with the subjects it pairs with: directly, or through a subject referred to."""
    refers = _links(parsed, "refers")
    pairing: dict[str, set[str]] = {}
    for subject, condition in pairs:
        pairing.setdefault(condition, set()).add(subject)
    for subject, referents in refers.items():
        for subjects in pairing.values():
            if referents & subjects:
                subjects.add(subject)
    return {condition: frozenset(subjects) for condition, subjects in pairing.items()}
