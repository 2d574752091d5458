"""
Matching: which known failures a (redacted) paste shows, ranked, each with its tier and evidence.

Three kinds of evidence, strongest first:

* **direct**: SKM's own message, or a TLS or crypto library's error (the catalogue's
  signatures), read over the whole paste;
* **concept**: a subject and a condition said together in the poster's words (concepts.toml);
* **symptom**: what people notice around a failure ("after rotating the key").

People's words are read at the ends of a long paste (`people_spans`): the middle of a
megabyte is log lines, which the signatures read in full. Concept and symptom evidence counts
for less when nothing in the paste names SKM (`about_skm`): "the key is invalid" alone may be
about anything, so it is offered as a question, never claimed. So is a TLS or crypto library's
error in a paste that neither names SKM nor shows an SKM call (an appkey): every system's
clients print those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skm_bot.core.catalogue import Catalogue, CompiledSignature, KnownError, SignatureKind
from skm_bot.core.concept_matching import (
    Finding,
    Reading,
    Span,
    Tier,
    find_concepts,
    find_symptoms,
    read_words,
)
from skm_bot.core.literals import LiteralIndex
from skm_bot.core.normal_form import Folded, fold

# How much one signature of each kind says on its own.
_BASE_CONFIDENCE: dict[SignatureKind, float] = {"message": 0.9, "library": 0.8, "phrase": 0.65}
_TIER_OF_KIND: dict[SignatureKind, Tier] = {
    "message": "direct",
    "library": "direct",
    "phrase": "concept",
}
_PER_EXTRA_SIGNATURE = 0.04
_CEILING = 0.98
# Reserved for SKM's own envelope naming the failure: nothing is surer than that.
_ENVELOPE_CONFIDENCE = 0.99
# People's words in a paste that never names SKM: below the 0.5 a claim needs, always.
NOT_ABOUT_SKM = 0.62
# A library's error where nothing says SKM: offered below the 0.5 a claim needs, yet above
# people's words in such a paste (at most CONCEPT_CEILING x NOT_ABOUT_SKM, 0.48).
NOT_SKM_LIBRARY = 0.49
_EVIDENCE_WIDTH = 120
_MAX_EVIDENCE = 3
# How much of each end of a long paste is read for people's words.
PEOPLE_WINDOW = 16 * 1024
_TIER_ORDER: dict[Tier, int] = {"direct": 0, "concept": 1, "symptom": 2, "chosen": 3}


@dataclass(frozen=True)
class Match:
    """One known failure recognised in a paste."""

    error_id: str
    confidence: float
    evidence: tuple[str, ...]
    position: int
    # The catalogue entry behind it: renderers read its title, cause and message from here.
    entry: KnownError = field(compare=False, repr=False)
    # direct (SKM's message, a library error), concept (the poster's words) or symptom.
    tier: Tier = "direct"
    # A narrower cause the evidence names (an expired certificate), one of the entry's.
    sub_cause: str | None = None

    @property
    def checks(self) -> tuple[str, ...]:
        """The checks this failure, and its sub-cause, call for."""
        return self.entry.checks_for(self.sub_cause)


def people_spans(length: int) -> tuple[Span, ...]:
    """Where people's words are read: all of a short paste, the two ends of a long one."""
    if length <= 2 * PEOPLE_WINDOW:
        return ((0, length),)
    return ((0, PEOPLE_WINDOW), (length - PEOPLE_WINDOW, length))


def _snippet(text: str, start: int, end: int) -> str:
    """The line around a hit, cut to a readable width centred on it."""
    line_start = text.rfind("\n", max(0, start - _EVIDENCE_WIDTH), start) + 1
    line_end = text.find("\n", end, end + _EVIDENCE_WIDTH)
    line_end = line_end if line_end != -1 else min(len(text), end + _EVIDENCE_WIDTH)
    if line_end - line_start <= _EVIDENCE_WIDTH:
        return text[line_start:line_end].strip()
    pad = max(0, (_EVIDENCE_WIDTH - (end - start)) // 2)
    left, right = max(line_start, start - pad), min(line_end, end + pad)
    return (
        ("…" if left > line_start else "")
        + text[left:right].strip()
        + ("…" if right < line_end else "")
    )


def _quoted(
    folded: str, found: list[tuple[CompiledSignature, Finding]], spans: tuple[Span, ...]
) -> tuple[Span, ...]:
    """Where, in the spans people's words are read in, the matched signatures occur."""
    quoted = [
        span
        for sig, finding in found
        for start, end in spans
        for span in _occurrences(folded, sig, finding, start, end)
    ]
    merged: list[Span] = []
    for start, end in sorted(quoted):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _occurrences(
    folded: str, sig: CompiledSignature, first: Finding, start: int, end: int
) -> list[Span]:
    """
    Where `sig` matches between `start` and `end`. Over the whole paste (a short one's only
    span) its first match is the one already found, so the search resumes after it rather
    than reading the text up to it again. A span that ends early is searched afresh: cut
    there, the text may hold a match the whole paste does not.
    """
    if start == 0 and end == len(folded) and first.end > first.start:
        rest = sig.regex.finditer(folded, first.end, end)
        return [(first.start, first.end), *(m.span() for m in rest)]
    return [m.span() for m in sig.regex.finditer(folded, start, end)]


def _signature_findings(
    folded: str, catalogue: Catalogue
) -> list[tuple[CompiledSignature, Finding]]:
    """
    Every signature that matches. Each runs only when one of its gate literals is in the text;
    the literals are looked for once per paste, whichever rules share them.
    """
    present = LiteralIndex(folded, catalogue.literal_table).found
    waiting = catalogue.waiting
    ready = sorted({i for literal in present if literal in waiting for i in waiting[literal]})
    found = []
    for i in ready:
        sig = catalogue.signatures[i]
        # Every other literal run it needs must be there too (one set test, no Python loop).
        if sig.also and not present.issuperset(sig.also):
            continue
        m = sig.regex.search(folded)
        if m is not None:
            finding = Finding(
                sig.error_id,
                _TIER_OF_KIND[sig.kind],
                _BASE_CONFIDENCE[sig.kind],
                m.start(),
                m.end(),
                sig.sub_cause,
                signature=True,
                library=sig.kind == "library",
            )
            found.append((sig, finding))
    return found


@dataclass(frozen=True)
class Evidence:
    """
    Everything read from one paste: the signatures matched, people's words, SKM named, and
    whether a library error in it is SKM's (SKM named, or an SKM call shown).
    """

    signatures: list[tuple[CompiledSignature, Finding]]
    reading: Reading
    about_skm: bool

    @property
    def skm_call(self) -> bool:
        """A library error in this paste is SKM's: SKM is named, or an SKM call is shown."""
        return self.about_skm or self.reading.shows_skm_call


def gather(form: Folded, catalogue: Catalogue, *, result_message: str | None = None) -> Evidence:
    """
    Read a folded paste: the signatures over all of it, the vocabulary once over the spans
    people write in, and whether it names SKM (an envelope's `result_message` does).
    """
    folded = form.folded
    signatures = _signature_findings(folded, catalogue)
    spans = people_spans(len(folded))
    quoted = _quoted(folded, signatures, spans) if signatures else ()
    cased = form.text if len(form.text) == len(folded) else None
    reading = read_words(folded, catalogue.vocabulary, catalogue.concepts, spans, quoted, cased)
    about_skm = result_message is not None or reading.names_skm
    if not about_skm and len(spans) > 1:
        # The middle of a long paste too: one pass, stopping at the first word that says SKM.
        about_skm = catalogue.others.names_skm(folded, spans[0][1], spans[1][0])
    return Evidence(signatures, reading, about_skm)


def match(
    text: str,
    catalogue: Catalogue,
    *,
    result_message: str | None = None,
    folded: Folded | None = None,
) -> list[Match]:
    """
    The known failures in `text`, best first; an empty list when none is recognised.

    `result_message` is SKM's own `resultMessage` when the paste carried an envelope: the entry
    it names ranks first with the highest confidence. `folded` is `fold(text)` when the caller
    has it.
    """
    form = folded or fold(text)
    evidence = gather(form, catalogue, result_message=result_message)
    return rank(evidence, catalogue, form, result_message=result_message)


def rank(
    evidence: Evidence, catalogue: Catalogue, form: Folded, *, result_message: str | None = None
) -> list[Match]:
    """The failures the evidence points to, best first, each with its tier and evidence."""
    people = find_concepts(evidence.reading, catalogue.concepts)
    people += find_symptoms(evidence.reading, catalogue.concepts)
    by_error: dict[str, list[Finding]] = {}
    for _, finding in evidence.signatures:
        by_error.setdefault(finding.error_id, []).append(finding)
    for finding in people:
        by_error.setdefault(finding.error_id, []).append(finding)
    named = fold(result_message).folded.strip() if result_message else None
    matches = [
        _score(
            catalogue.get(error_id),
            found,
            form.display,
            signature_hits=sum(1 for sig, _ in evidence.signatures if sig.error_id == error_id),
            envelope=named,
            evidence=evidence,
        )
        for error_id, found in by_error.items()
    ]
    return sorted(matches, key=lambda m: (-m.confidence, _TIER_ORDER[m.tier], m.position))


def _strength(finding: Finding, evidence: Evidence) -> float:
    """
    A finding's strength. People's words count for less in a paste that never names SKM, and
    a library's error stays below a claim in a paste that shows no SKM call.
    """
    if finding.library:
        return finding.strength if evidence.skm_call else NOT_SKM_LIBRARY
    if finding.signature or evidence.about_skm:
        return finding.strength
    return finding.strength * NOT_ABOUT_SKM


def _score(
    entry: KnownError,
    found: list[Finding],
    source: str,
    *,
    signature_hits: int,
    envelope: str | None,
    evidence: Evidence,
) -> Match:
    strongest = max(found, key=lambda f: (_strength(f, evidence), -_TIER_ORDER[f.tier]))
    confidence = _strength(strongest, evidence)
    if signature_hits > 1:
        # More library errors where nothing says SKM are no more SKM's: still below a claim.
        unclaimed = strongest.library and not evidence.skm_call
        ceiling = NOT_SKM_LIBRARY if unclaimed else _CEILING
        confidence = min(ceiling, confidence + _PER_EXTRA_SIGNATURE * (signature_hits - 1))
    if envelope is not None and envelope == entry.message.lower():
        confidence = _ENVELOPE_CONFIDENCE
    ordered = sorted(found, key=lambda f: (_TIER_ORDER[f.tier], f.start))
    quoted: dict[str, None] = {}
    for f in ordered:
        quoted.setdefault(_snippet(source, f.start, f.end))
        if len(quoted) == _MAX_EVIDENCE:
            break
    return Match(
        error_id=entry.id,
        confidence=round(confidence, 2),
        evidence=tuple(quoted),
        position=min(f.start for f in found),
        entry=entry,
        tier=strongest.tier,
        sub_cause=_sub_cause(found),
    )


def _sub_cause(found: list[Finding]) -> str | None:
    """
    The first sub-cause named: signatures in catalogue order (most specific first) come before
    people's words in `found`.
    """
    return next((f.sub_cause for f in found if f.sub_cause is not None), None)
