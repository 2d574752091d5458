"""
One vocabulary, read in one pass: every word of the concept model and of other_systems.toml.

A word carries every meaning it has: its own (a subject, a condition, a symptom's word,
another system's name, a word that says SKM, a word only SKM's calls carry) and, for each other kind, the meaning of the
longest word of that kind inside it ("new certificate", a symptom's word, also names the
certificate; "認証に失敗", a condition, also names authentication). Longest-first reading
then never hides a meaning, and a paste is scanned once however many kinds of word there
are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from skm_bot.core.concepts import ConceptModel, SubjectTag, SymptomTag
from skm_bot.core.lexicon import Lexicon, compact
from skm_bot.core.other_systems import OtherSystems


@dataclass(frozen=True)
class Meaning:
    """What a word says: any of a subject, a condition, symptom groups, a system, SKM."""

    subject: SubjectTag = None
    condition: str | None = None
    symptoms: SymptomTag = field(default_factory=frozenset)
    system: int | None = None
    skm: bool = False
    # A word only SKM's calls carry, such as the appkey (other_systems.toml, [skm] calls).
    skm_call: bool = False


# The kinds of word, each with the field of Meaning it fills.
_KINDS = ("subject", "condition", "symptoms", "system", "skm", "skm_call")


def _tables(model: ConceptModel, others: OtherSystems) -> dict[str, Mapping[str, Any]]:
    return {
        "subject": model.subject_words,
        "condition": model.condition_words,
        "symptoms": model.symptom_words,
        "system": others.system_words,
        "skm": dict.fromkeys(others.skm_words, True),
        "skm_call": dict.fromkeys(others.call_words, True),
    }


def _inside(word: str, lexicon: Lexicon[Any]) -> Any:
    """The tag of the longest word of `lexicon` inside `word` (the first of equals), or None."""
    body = word.rstrip("*")
    hits = lexicon.find(body)
    if not hits:
        return None
    return max(hits, key=lambda h: (h.end - h.start, -h.start)).tag


def _inner_words(table: Mapping[str, Any], bodies: str) -> dict[str, Any]:
    """
    The words of `table` that may occur inside another word: a word found in a text is, with
    its separators removed, a piece of that text with its separators removed, so only a word
    whose compact form is in another word's (`bodies`: every distinct compact form, one a
    line) can be that word's meaning. A lexicon of these alone compiles in a fraction of the
    time the whole table takes.
    """
    inner = {}
    for word, tag in table.items():
        if bodies.count(compact(word.rstrip("*"))) > 1:
            inner[word] = tag
    return inner


def build_vocabulary(model: ConceptModel, others: OtherSystems) -> Lexicon[Meaning]:
    """Every word of both files, each with all its meanings (see the module docstring)."""
    tables = _tables(model, others)
    bodies = "\n".join({compact(word.rstrip("*")) for table in tables.values() for word in table})
    by_kind = {kind: Lexicon(_inner_words(table, bodies)) for kind, table in tables.items()}
    own = {
        kind: {compact(w.rstrip("*")): tag for w, tag in t.items()} for kind, t in tables.items()
    }
    words: dict[str, Meaning] = {}
    for table in tables.values():
        for word in table:
            key = compact(word.rstrip("*"))
            meaning = Meaning()
            for other in _KINDS:
                value = own[other][key] if key in own[other] else _inside(word, by_kind[other])
                if value is not None:
                    meaning = replace(meaning, **{other: value})
            words[word] = meaning
    return Lexicon(words)
