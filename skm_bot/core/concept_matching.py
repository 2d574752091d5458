"""
Reading people's own words: subjects and conditions said together, and symptoms.

Each condition found ("is disabled", "が無効", "인증 실패") is paired with the subject nearest to
it that it can be said of, in the same sentence (before or after it: Japanese and Korean put
the condition last, English either side), at most `MAX_GAP` characters away. A subject in the
condition's own clause comes before one across a comma, a part of the key (its version)
before the key said in the same clause, and the head of "the endpoint for creating keys"
before what qualifies it. A bare "authentication" stands for the method the paste names
(concepts.toml, `refers`). Failing all that, every subject at the end of the sentence before
that it can be said of counts, for less. The pair points to the failures its concept lists. A
symptom fires when each of its word groups occurs in one sentence or the next. Only the spans
handed in are read: a long paste is read at its ends, where people write; its middle is log
lines, which the catalogue's signatures read in full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from skm_bot.core.concepts import ConceptModel, Symptom
from skm_bot.core.lexicon import Hit, Lexicon, make_hit
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
MAX_GAP = 80
_PER_CHARACTER = 0.004
# "MAC 認証", "IPv4 address authentication": a joining word this close belongs to the subject.
_JOIN_GAP = 3
# A condition paired with a subject of the sentence before counts this much; that sentence is
# read this far back from its end.
_PREVIOUS_SENTENCE = 0.85
_PREVIOUS_REACH = 2 * MAX_GAP
# The subjects a condition may be said of: at most this many on each side of it.
_PER_SIDE = 3
# Only a condition this early in its sentence may be said of the sentence before.
_EARLY_IN_SENTENCE = 40
# A bare subject ("authentication") read as the one it refers to counts this much.
_REFERRED = 0.9
# A sentence ends at 。！？!? or a line break, or at a full stop before a space or the end.
# Written to start with one character class, so the regex engine skips ahead to the next
# candidate in C instead of trying a match at every position.
# How many of the vocabulary's words are read at each end of a span: a plain log's 16 KB holds
# about 230 (its lines' "status" and "error").
MAX_WORDS_AT_AN_END = 256
_SENTENCE_BREAK = re.compile(r"[。！？!?\n.](?:(?<!\.)|(?=\s|$))")
# "X for creating Y", "version 2 of the key": a subject linked to the one before it by one of
# these words only qualifies it.
_QUALIFIES = re.compile(r"\s+(?:of|for|to|with|from|under|behind)\b")
_QUALIFIER_GAP = 24
# A condition word followed by one of these is a log field's name ("status=200", "state="),
# not something said to have happened.
_FIELD_NAME_ENDS = ("=", '":')
# A log line's level in capitals, after a time, a bracket, a line start or `level=`.
_LEVELS = frozenset({"ERROR", "FATAL", "SEVERE", "CRITICAL"})
_BEFORE_LEVEL = re.compile(r"(?:[\dZ\]\)]\s{1,3}|\n|[=\"\[])$")
# Where a clause ends inside a sentence: "the key is fine, version 2 is disabled".
_CLAUSE_BREAK = re.compile(r"[,;、]|\b(?:but|while|whereas|although|though)\b|けど|のに|는데|지만")


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
    # From a catalogue signature: its strength is fixed, whatever else the paste says...
    signature: bool = False
    # ...unless it is a library's error, which any system prints: SKM's only in a paste that
    # names SKM or shows an SKM call.
    library: bool = False


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


# A subject a condition may be said of: its index among the subjects, and how far it is.
_Candidate = tuple[int, int]
# A subject a condition is said of: the subject, how far, and how much the pairing counts.
_Pairing = tuple[SubjectHit, int, float]


class _Pairer:
    """
    Which subjects each condition of one reading is said of: the nearest it can be said of in
    its sentence, the one in its own clause first, a part of the key before the key; failing
    that, any it can be said of at the end of the sentence before ("The appkey? It is
    refused."), for less. Built once per reading: the subjects' starts and sentences are
    looked up once.
    """

    def __init__(self, words: Reading, model: ConceptModel) -> None:
        self.words = words
        self.model = model
        self.subjects = words.subjects
        self.starts = [s.start for s in self.subjects]
        self.where = [words.sentences.index(start) for start in self.starts]

    def said_of(self, condition: ConditionHit) -> list[_Pairing]:
        """The subjects `condition` is said of (ties kept), each with its gap and factor."""
        sentence = self.words.sentences.index(condition.start)
        if condition.tag in self.model.adjacent:
            return self._adjacent(condition, sentence)
        pairs_with = self.model.pairing.get(condition.tag, frozenset())
        where = self.where
        same = [
            c for c in self._near(condition, pairs_with) if c[1] == 0 or where[c[0]] == sentence
        ]
        if not same:
            return self._previous_sentence(condition, sentence, pairs_with)
        touching = [c for c in same if c[1] == 0]
        if touching:
            # A subject the condition is part of ("認証に失敗", "키 버전 상태") is what it is of.
            return [(self.subjects[i], 0, 1.0) for i, _ in touching]
        if len(same) > 1:
            same = self._heads(self._most_specific(self._same_clause(condition, same)))
        best = min(gap for _, gap in same)
        return [(self.subjects[i], gap, 1.0) for i, gap in same if gap == best]

    def _heads(self, found: list[_Candidate]) -> list[_Candidate]:
        """
        Without a subject that only qualifies another said just before it: in "the endpoint
        for creating keys doesn't exist" the endpoint is what does not exist, not the keys.
        """
        text, subjects = self.words.text, self.subjects
        ordered = sorted(found)
        qualifiers = {
            later
            for (before, _), (later, _) in pairwise(ordered)
            if subjects[later].start - subjects[before].end <= _QUALIFIER_GAP
            and _QUALIFIES.match(text, subjects[before].end, subjects[later].start)
        }
        heads = [c for c in found if c[0] not in qualifiers]
        return heads or found

    def _near(self, condition: ConditionHit, pairs_with: frozenset[str]) -> list[_Candidate]:
        """
        The subjects within `MAX_GAP` of a condition that it can be said of: the nearest
        `_PER_SIDE` on each side (a paste of one phrase repeated stays linear).
        """
        subjects, start, end = self.subjects, condition.start, condition.end
        at = bisect.bisect_left(self.starts, start)
        near: list[_Candidate] = []
        # Hits never overlap, so ends grow with starts: each side stops at the first too far.
        i = at - 1
        while i >= 0 and (gap := start - subjects[i].end) <= MAX_GAP:
            if subjects[i].tag[0] in pairs_with:
                near.append((i, gap if gap > 0 else 0))
                if len(near) == _PER_SIDE:
                    break
            i -= 1
        before, i, count = len(near), at, len(subjects)
        while i < count and (gap := subjects[i].start - end) <= MAX_GAP:
            if subjects[i].tag[0] in pairs_with:
                near.append((i, gap if gap > 0 else 0))
                if len(near) - before == _PER_SIDE:
                    break
            i += 1
        return near

    def _adjacent(self, condition: ConditionHit, sentence: int) -> list[_Pairing]:
        """The subject said right after a condition ("no key with that id"), if there is one."""
        at = bisect.bisect_left(self.starts, condition.end)
        if at == len(self.subjects) or self.where[at] != sentence:
            return []
        gap = self.starts[at] - condition.end
        return [(self.subjects[at], gap, 1.0)] if gap <= _JOIN_GAP else []

    def _same_clause(self, condition: ConditionHit, found: list[_Candidate]) -> list[_Candidate]:
        """Those said in the condition's own clause, when there are some (else all of them)."""
        text, subjects = self.words.text, self.subjects
        inside = [
            (i, gap)
            for i, gap in found
            if gap == 0
            or _CLAUSE_BREAK.search(
                text,
                min(subjects[i].end, condition.end),
                max(subjects[i].start, condition.start),
            )
            is None
        ]
        return inside or found

    def _most_specific(self, found: list[_Candidate]) -> list[_Candidate]:
        """Without the subjects another one refines: the key yields to its version said with it."""
        refines, subjects = self.model.refines, self.subjects
        refined = {r for i, _ in found for r in refines.get(subjects[i].tag[0], ())}
        specific = [c for c in found if subjects[c[0]].tag[0] not in refined]
        return specific or found

    def _previous_sentence(
        self, condition: ConditionHit, sentence: int, pairs_with: frozenset[str]
    ) -> list[_Pairing]:
        """
        The subjects at the end of the sentence before that a condition early in its own
        sentence can be said of ("Which key ID does it want? We get invalid."): any of them,
        the key yielding to its parts; the gap is how far into its sentence the condition is.
        """
        if sentence == 0:
            return []
        boundary = self.words.sentences.breaks[sentence - 1]
        gap = condition.start - boundary
        if gap > _EARLY_IN_SENTENCE:
            return []
        subjects, where = self.subjects, self.where
        found = []
        i = bisect.bisect_left(self.starts, condition.start) - 1
        while i >= 0 and where[i] >= sentence - 1 and subjects[i].end >= boundary - _PREVIOUS_REACH:
            if where[i] == sentence - 1 and subjects[i].tag[0] in pairs_with:
                found.append((i, gap))
            i -= 1
        if len(found) > 1:
            found = self._most_specific(found)
        return [(subjects[i], gap, _PREVIOUS_SENTENCE) for i, gap in found]


@dataclass
class Reading:
    """
    What one pass of the vocabulary found in the read spans: subjects, conditions, symptom
    words, other systems' names, whether SKM is named (or an SKM call shown), and where
    sentences break.
    """

    text: str
    subjects: list[SubjectHit]
    conditions: list[ConditionHit]
    symptoms: list[Hit[frozenset[tuple[int, int]]]]
    systems: list[Hit[int]]
    names_skm: bool
    sentences: _Sentences
    # A word that only SKM's calls carry (the appkey): a library error beside it is SKM's.
    shows_skm_call: bool = False


def read_words(
    folded: str,
    vocabulary: Lexicon[Meaning],
    model: ConceptModel,
    spans: tuple[Span, ...],
    quoted: tuple[Span, ...] = (),
    cased: str | None = None,
) -> Reading:
    """
    Every word of the vocabulary in `spans`. Subjects, conditions, symptom words and other
    systems' names inside `quoted` (the spans of SKM messages and library errors) are left
    out: those are evidence of their own, not the poster's words ("Invalid Key Version
    Status" is not also a key version said invalid). A word that names SKM counts anywhere.
    A log field's name ("status=200") is no condition, nor, where `cased` (the paste with
    its case, the same offsets as `folded`) is given, a log line's level ("ERROR [main]").
    """
    level = _LogLevels(cased) if cased is not None else None
    reading = Reading(folded, [], [], [], [], False, _Sentences.of(folded, spans))
    subjects, conditions, symptoms = reading.subjects, reading.conditions, reading.symptoms
    systems = reading.systems
    names_skm = shows_skm_call = False
    # The quoted span a hit may overlap: hits and quoted spans (sorted, never overlapping) both
    # go left to right, so it is the first one not yet passed.
    q, quotes = 0, len(quoted)
    for span_start, span_end in spans:
        for hit in _ends_of(vocabulary.find(folded, span_start, span_end)):
            start, end, meaning = hit
            names_skm = names_skm or meaning.skm
            shows_skm_call = shows_skm_call or meaning.skm_call
            # Only what lies outside a quoted message is the poster's own words ("path
            # building failed" names no building).
            while q < quotes and quoted[q][1] <= start:
                q += 1
            if q < quotes and quoted[q][0] < end:
                continue
            if meaning.system is not None:
                systems.append(make_hit(Hit, (start, end, meaning.system)))
            if meaning.subject is not None:
                subjects.append(make_hit(Hit, (start, end, meaning.subject)))
            if (
                meaning.condition is not None
                and not folded.startswith(_FIELD_NAME_ENDS, end)
                and (level is None or not level.at(hit))
            ):
                conditions.append(make_hit(Hit, (start, end, meaning.condition)))
            if meaning.symptoms:
                symptoms.append(make_hit(Hit, (start, end, meaning.symptoms)))
    reading.names_skm, reading.shows_skm_call = names_skm, shows_skm_call
    reading.subjects = _join(subjects, model)
    return reading


def _ends_of(hits: list[Hit[Meaning]]) -> list[Hit[Meaning]]:
    """
    The first and the last MAX_WORDS_AT_AN_END words of a span. What people write stands at
    the ends of what they paste; a span dense with the vocabulary's words in its middle (a
    word list, a dictionary file) adds no more evidence, only work for every stage after.
    """
    if len(hits) <= 2 * MAX_WORDS_AT_AN_END:
        return hits
    return hits[:MAX_WORDS_AT_AN_END] + hits[-MAX_WORDS_AT_AN_END:]


class _LogLevels:
    """
    Where a log line's level stands ("2026-01-12 09:00:01 ERROR [main]", "level=ERROR"): the
    line's kind, not the poster saying something failed. Read in the paste as pasted, where a
    level is in capitals.
    """

    def __init__(self, cased: str) -> None:
        self._cased = cased

    def at(self, hit: Hit[Any]) -> bool:
        cased, start = self._cased, hit.start
        if cased[start : hit.end] not in _LEVELS:
            return False
        before = cased[max(0, start - 4) : start]
        return not before or _BEFORE_LEVEL.search(before) is not None


def _join(subjects: list[SubjectHit], model: ConceptModel) -> list[SubjectHit]:
    """
    A joining word right after another subject becomes part of it ("MAC" + "認証"), which may
    make it another subject ("証明書" + "認証" is certificate authentication: the client's;
    "キー" + "状態" the key's status). One that joins nothing is dropped if it only joins. A
    weak word right after a subject that absorbs its kind is part of that subject ("URLに
    バージョン" is the URL's version, not the key's).
    """
    joining, absorbs = model.joining, model.absorbs
    joined: list[SubjectHit] = []
    for hit in subjects:
        previous = joined[-1] if joined else None
        close = previous is not None and hit.start - previous.end <= _JOIN_GAP
        if previous is not None and close:
            kind, before = hit.tag[0], previous.tag[0]
            if kind in joining and (before not in joining or before in joining[kind]):
                subject = joining[kind].get(before, before)
                joined[-1] = Hit(previous.start, hit.end, (subject, previous.tag[1]))
                continue
            if hit.tag[1] < 1.0 and kind in absorbs.get(before, ()):
                joined[-1] = Hit(previous.start, hit.end, previous.tag)
                continue
        if hit.tag[0] not in model.only_joined:
            joined.append(hit)
    return joined


def find_concepts(words: Reading, model: ConceptModel) -> list[Finding]:
    """The failures that subjects and conditions said together point to."""
    if not words.subjects or not words.conditions:
        return []
    pairer = _Pairer(words, model)
    referents = _Referents(words.subjects, model.refers)
    findings: list[Finding] = []
    for condition in words.conditions:
        condition_id = condition.tag
        weight = model.condition_weight[condition_id]
        sub_cause = model.condition_sub_cause[condition_id]
        for subject, gap, factor in pairer.said_of(condition):
            subject_id, word_weight = subject.tag
            if subject_id in model.refers:
                subject_id, factor = referents.of(subject, subject_id, factor)
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


class _Referents:
    """The subjects a bare one may stand for, found by position (see concepts.refers)."""

    def __init__(self, subjects: list[SubjectHit], refers: Mapping[str, frozenset[str]]) -> None:
        self._subjects = subjects
        self._refers = refers
        # Per referring subject, the subjects it may stand for, in order: found once.
        self._named: dict[str, list[SubjectHit]] = {}

    def of(self, subject: SubjectHit, subject_id: str, factor: float) -> tuple[str, float]:
        """The nearest subject named that this one refers to, or itself when none is named."""
        if subject_id not in self._named:
            allowed = self._refers[subject_id]
            self._named[subject_id] = [s for s in self._subjects if s.tag[0] in allowed]
        named = self._named[subject_id]
        if not named:
            return subject_id, factor
        at = bisect.bisect_left(named, subject.start, key=_START)
        nearby = named[max(0, at - 1) : at + 1]
        nearest = min(nearby, key=lambda s: _gap(s, subject))
        return nearest.tag[0], factor * _REFERRED


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
        # Every sentence with tokens has an extent, and the other way round: both set here.
        tokens = self.tokens.get(k)
        if tokens is None:
            self.tokens[k] = {token}
            self.extent[k] = (hit.start, hit.end)
            return
        tokens.add(token)
        start, end = self.extent[k]
        if hit.start < start or hit.end > end:
            self.extent[k] = (min(start, hit.start), max(end, hit.end))

    def span(self, window: tuple[int, int]) -> tuple[int, int]:
        parts = [self.extent[k] for k in window if k in self.extent]
        return min(s for s, _ in parts), max(e for _, e in parts)

    def satisfies(self, symptom: Symptom, window: tuple[int, int]) -> bool:
        held = self.tokens.get(window[0], set()) | self.tokens.get(window[1], set())
        # map, not a generator: this runs for every symptom in every window.
        return not any(map(held.isdisjoint, symptom.needs))


# A symptom word's tag (its symptoms and word groups) as the tokens it adds: the vocabulary
# has a few hundred such tags, each spelt once instead of once per word found.
_WORD_TOKENS: dict[frozenset[tuple[int, int]], tuple[tuple[int, tuple[str, ...]], ...]] = {}


def _word_tokens(tag: frozenset[tuple[int, int]]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    tokens = _WORD_TOKENS.get(tag)
    if tokens is None:
        tokens = _WORD_TOKENS[tag] = tuple((i, ("w", str(i), str(g))) for i, g in tag)
    return tokens


def _by_sentence(words: Reading) -> _BySentence:
    table = _BySentence({}, {}, {})
    index = words.sentences.index
    for hit in words.symptoms:
        k = index(hit.start)
        for i, token in _word_tokens(hit.tag):
            table.add(k, hit, token)
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
