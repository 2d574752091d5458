"""Matching: which known failures a (redacted) paste shows, ranked, with their evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from skm_bot.core.catalogue import Catalogue, KnownError, SignatureKind

# How much one signature of each kind says on its own.
_BASE_CONFIDENCE: dict[SignatureKind, float] = {"message": 0.9, "library": 0.8, "phrase": 0.65}
_PER_EXTRA_SIGNATURE = 0.04
_CEILING = 0.98
# Reserved for SKM's own envelope naming the failure: nothing is surer than that.
_ENVELOPE_CONFIDENCE = 0.99
_EVIDENCE_WIDTH = 120
_MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Match:
    """One known failure recognised in a paste."""

    error_id: str
    confidence: float
    evidence: tuple[str, ...]
    position: int
    # The catalogue entry behind it: renderers read its title, cause and message from here.
    entry: KnownError = field(compare=False, repr=False)


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


def match(text: str, catalogue: Catalogue, *, result_message: str | None = None) -> list[Match]:
    """
    The known failures in `text`, best first; an empty list when none is recognised.

    `result_message` is SKM's own `resultMessage` when the paste carried an envelope: the entry
    it names ranks first with the highest confidence.
    """
    lowered = text.lower()
    # Lower-casing can change the length of a few characters; evidence then comes from the
    # lower-cased text so offsets still line up.
    source = text if len(lowered) == len(text) else lowered
    hits: dict[str, list[tuple[SignatureKind, int, int]]] = {}
    for sig in catalogue.signatures:
        m = sig.regex.search(lowered)
        if m is not None:
            hits.setdefault(sig.error_id, []).append((sig.kind, m.start(), m.end()))
    named = result_message.strip().lower() if result_message else None
    matches = [
        _score(catalogue.get(error_id), found, source, envelope=named)
        for error_id, found in hits.items()
    ]
    return sorted(matches, key=lambda m: (-m.confidence, m.position))


def _score(
    entry: KnownError,
    found: list[tuple[SignatureKind, int, int]],
    source: str,
    *,
    envelope: str | None,
) -> Match:
    best = max(_BASE_CONFIDENCE[kind] for kind, _, _ in found)
    confidence = min(_CEILING, best + _PER_EXTRA_SIGNATURE * (len(found) - 1))
    if envelope is not None and envelope == entry.message.lower():
        confidence = _ENVELOPE_CONFIDENCE
    ordered = sorted(found, key=lambda hit: hit[1])
    evidence = tuple(dict.fromkeys(_snippet(source, s, e) for _, s, e in ordered))
    return Match(
        error_id=entry.id,
        confidence=round(confidence, 2),
        evidence=evidence[:_MAX_EVIDENCE],
        position=ordered[0][1],
        entry=entry,
    )
