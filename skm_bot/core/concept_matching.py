"""
Reading people's own words: subjects and conditions said together, and symptoms.

Each condition found ("is disabled", "が無効", "인증 실패") is paired with the subject nearest to
it in the same sentence (before or after it: Japanese and Korean put the condition last,
English either side), at most `MAX_GAP` characters away. The pair points to the failures its
concept lists. A symptom fires when each of its word groups occurs in one sentence or the
next. Only the spans handed in are read: a long paste is read at its ends, where people
write; its middle is log lines, which the catalogue's signatures read in full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from skm_bot.core.concepts import ConceptModel, Symptom
from skm_bot.core.lexicon import Hit, Lexicon
from skm_bot.core.vocabulary import Meaning

# direct: SKM's message or a library error; concept: a subject and condition in the poster's
# words; symptom: what people notice; chosen: a person picked it, the paste did not say.
Tier = Literal["direct", "concept", "symptom", "chosen"]
Span = tuple[int, int]

# How much a subject and condition said together, or a symptom, says on its own (before the
# failure's, the condition's and the subject word's weights). Both stay below a library error.
CONCEPT_BASE = 0.72
SYMPTOM_BASE = 0.56
CONCEPT_CEILING = 0.78
# Subject and condition at most this many characters apart; each character costs a little.
MAX_GAP = 40
_PER_CHARACTER = 0.004
# "MAC 認証", "IPv4 address authentication": a joining word this close belongs to the subject.
_JOIN_GAP = 3
# A condition paired with a subject of the sentence before counts this much.
_PREVIOUS_SENTENCE = 0.85
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


class Finding(NamedTuple):
    """
    One piece of evidence for a failure: where it is, how strong, and which kind (a tuple:
    a paste can make dozens).
    """

    error_id: str
    tier: Tier
    strength: float
    start: int
    end: int
    sub_cause: str | None = None
    # From a catalogue signature: its strength is fixed, whatever else the paste says.
    signature: bool = False


@dataclass(frozen=True)
class _Sentences:
    """Where each sentence of the read spans starts, to tell whether two hits share one."""

    breaks: tuple[int, ...]

    @classmethod
    def of(cls, folded: str, spans: tuple[Span, ...]) -> _Sentences:
        breaks = [
            m.start() for start, end in spans for m in _SENTENCE_BREAK.finditer(folded, start, end)
        ]
        return cls(tuple(breaks))

    def index(self, position: int) -> int:
        return bisect.bisect_right(self.breaks, position)


SubjectHit = Hit[tuple[str, float]]
ConditionHit = Hit[str]


_START = itemgetter(0)


def _gap(a: Hit[Any], b: Hit[Any]) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def _nearest(
    subjects: list[SubjectHit], where: list[int], condition: ConditionHit, sentence: int
) -> list[tuple[SubjectHit, int, float]]:
    """
    The subjects nearest to a condition (ties kept), with their gap and how much the pairing
    counts: fully in the condition's sentence; less from the sentence before ("The appkey?
    It is refused."), and only when the condition's own sentence names no subject. `where`
    holds each subject's sentence; subjects are sorted by start.
    """
    at = bisect.bisect_left(subjects, condition.start, key=_START)
    near = []
    for i in range(max(0, at - 2), min(len(subjects), at + 2)):
        gap = _gap(subjects[i], condition)
        if gap <= MAX_GAP:
            near.append((i, gap))
    same = [(i, gap) for i, gap in near if gap == 0 or where[i] == sentence]
    factor = 1.0
    if not same:
        same = [
            (i, gap)
            for i, gap in near
            if subjects[i].end <= condition.start and where[i] == sentence - 1
        ]
        factor = _PREVIOUS_SENTENCE
    if not same:
        return []
    best = min(gap for _, gap in same)
    return [(subjects[i], gap, factor) for i, gap in same if gap == best]


@dataclass
class Reading:
    """
    What one pass of the vocabulary found in the read spans: subjects, conditions, symptom
    words, other systems' names, whether SKM is named, and where sentences break.
    """

    subjects: list[SubjectHit]
    conditions: list[ConditionHit]
    symptoms: list[Hit[frozenset[tuple[int, int]]]]
    systems: list[Hit[int]]
    names_skm: bool
    sentences: _Sentences


def read_words(
    folded: str,
    vocabulary: Lexicon[Meaning],
    model: ConceptModel,
    spans: tuple[Span, ...],
    quoted: tuple[Span, ...] = (),
) -> Reading:
    """
    Every word of the vocabulary in `spans`. Subjects, conditions and symptom words inside
    `quoted` (the spans of SKM messages and library errors) are left out: those are evidence
    of their own, not the poster's words ("Invalid Key Version Status" is not also a key
    version said invalid).
    """
    outside = _outside(quoted) if quoted else None
    reading = Reading([], [], [], [], False, _Sentences.of(folded, spans))
    subjects, conditions, symptoms = reading.subjects, reading.conditions, reading.symptoms
    for start, end in spans:
        for hit in vocabulary.find(folded, start, end):
            meaning = hit.tag
            if meaning.system is not None:
                reading.systems.append(Hit(hit.start, hit.end, meaning.system))
            reading.names_skm = reading.names_skm or meaning.skm
            # Only what lies outside a quoted message is the poster's own words.
            if outside is not None and not outside(hit):
                continue
            if meaning.subject is not None:
                subjects.append(Hit(hit.start, hit.end, meaning.subject))
            if meaning.condition is not None:
                conditions.append(Hit(hit.start, hit.end, meaning.condition))
            if meaning.symptoms:
                symptoms.append(Hit(hit.start, hit.end, meaning.symptoms))
    reading.subjects = _join(subjects, model.joining, model.only_joined)
    return reading


def _outside(quoted: tuple[Span, ...]) -> Callable[[Hit[Any]], bool]:
    """Whether a hit lies outside every quoted span (sorted by start, never overlapping)."""
    starts = [start for start, _ in quoted]
    count = len(quoted)

    def outside(hit: Hit[Any]) -> bool:
        # Only the span starting before the hit and the one after it can overlap it.
        at = bisect.bisect_right(starts, hit.start)
        if at and quoted[at - 1][1] > hit.start:
            return False
        return at == count or quoted[at][0] >= hit.end

    return outside


def _join(
    subjects: list[SubjectHit],
    joining: Mapping[str, Mapping[str, str]],
    only_joined: frozenset[str],
) -> list[SubjectHit]:
    """
    A joining word right after another subject becomes part of it ("MAC" + "認証"), which may
    make it another subject ("証明書" + "認証" is certificate authentication: the client's;
    "キー" + "状態" the key's status). One that joins nothing is dropped if it only joins.
    """
    joined: list[SubjectHit] = []
    for hit in subjects:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and hit.tag[0] in joining
            and hit.start - previous.end <= _JOIN_GAP
            and (previous.tag[0] not in joining or previous.tag[0] in joining[hit.tag[0]])
        ):
            subject = joining[hit.tag[0]].get(previous.tag[0], previous.tag[0])
            joined[-1] = Hit(previous.start, hit.end, (subject, previous.tag[1]))
            continue
        if hit.tag[0] not in only_joined:
            joined.append(hit)
    return joined


def find_concepts(words: Reading, model: ConceptModel) -> list[Finding]:
    """The failures that subjects and conditions said together point to."""
    subjects, sentences = words.subjects, words.sentences
    where = [sentences.index(s.start) for s in subjects]
    findings: list[Finding] = []
    for condition in words.conditions:
        condition_id = condition.tag
        weight = model.condition_weight[condition_id]
        sub_cause = model.condition_sub_cause[condition_id]
        sentence = sentences.index(condition.start)
        for subject, gap, factor in _nearest(subjects, where, condition, sentence):
            subject_id, word_weight = subject.tag
            for error_id, failure_weight in model.pairs.get((subject_id, condition_id), ()):
                strength = CONCEPT_BASE * failure_weight * weight * word_weight * factor
                strength *= 1 - _PER_CHARACTER * gap
                findings.append(
                    Finding(
                        error_id,
                        "concept",
                        min(CONCEPT_CEILING, strength),
                        min(subject.start, condition.start),
                        max(subject.end, condition.end),
                        sub_cause,
                    )
                )
    return findings


@dataclass
class _BySentence:
    """
    What each sentence holds, as the tokens symptoms need (see concepts.Symptom), which
    symptoms have a word in it, and each sentence's extent for the evidence.
    """

    tokens: dict[int, set[tuple[str, ...]]]
    by_symptom: dict[int, set[int]]
    extent: dict[int, tuple[int, int]]

    def add(self, k: int, hit: Hit[Any], token: tuple[str, ...]) -> None:
        self.tokens.setdefault(k, set()).add(token)
        start, end = self.extent.get(k, (hit.start, hit.end))
        self.extent[k] = (min(start, hit.start), max(end, hit.end))

    def span(self, window: tuple[int, int]) -> tuple[int, int]:
        parts = [self.extent[k] for k in window if k in self.extent]
        return min(s for s, _ in parts), max(e for _, e in parts)

    def satisfies(self, symptom: Symptom, window: tuple[int, int]) -> bool:
        held = self.tokens.get(window[0], set()) | self.tokens.get(window[1], set())
        return all(not held.isdisjoint(need) for need in symptom.needs)


def _by_sentence(words: Reading) -> _BySentence:
    table = _BySentence({}, {}, {})
    index = words.sentences.index
    for hit in words.symptoms:
        k = index(hit.start)
        for i, g in hit.tag:
            table.add(k, hit, ("w", str(i), str(g)))
            table.by_symptom.setdefault(i, set()).add(k)
    # Subjects and conditions matter only in a symptom word's sentence or next to it.
    near = {k + d for k in table.tokens for d in (-1, 0, 1)}
    for subject in words.subjects:
        if (k := index(subject.start)) in near:
            table.add(k, subject, ("s", subject.tag[0]))
    for condition in words.conditions:
        if (k := index(condition.start)) in near:
            table.add(k, condition, ("c", condition.tag))
    return table


def find_symptoms(words: Reading, model: ConceptModel) -> list[Finding]:
    """The failures whose symptoms occur: every word group in one sentence or the next."""
    if not words.symptoms:
        return []
    table = _by_sentence(words)
    findings: list[Finding] = []
    for i, sentences in table.by_symptom.items():
        symptom = model.symptoms[i]
        for k in sorted(sentences):
            window = next(
                (w for w in ((k, k + 1), (k - 1, k)) if table.satisfies(symptom, w)), None
            )
            if window is not None:
                span = table.span(window)
                findings.extend(
                    Finding(error_id, "symptom", SYMPTOM_BASE * weight, *span)
                    for error_id, weight in symptom.failures
                )
                break
    return findings
