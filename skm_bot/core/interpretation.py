"""
Interpreting a paste: its ranked matches, whether it is SKM's at all, and how sure to sound.

The stance decides what the reply does:

* `stated`: direct evidence (SKM's message, a library error in an SKM call): the failure is
  stated;
* `probable`: the poster's own words point to one failure clearly: "probably";
* `ask`: two or three failures fit about equally, or only weak evidence exists (a library
  error where nothing says SKM is one): the reply lists them with why and asks which it is;
* `chosen`: a person picked one of those: its full diagnosis;
* `unknown`: nothing recognised;
* `not_skm`: another key manager, another service or everyday chat: said plainly, no SKM
  check, no email to NHN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from skm_bot.core.catalogue import Catalogue
from skm_bot.core.lexicon import Hit
from skm_bot.core.matching import Match, gather, people_spans, rank
from skm_bot.core.normal_form import Folded
from skm_bot.core.other_systems import OtherSystem

Stance = Literal["stated", "probable", "ask", "chosen", "unknown", "not_skm"]
# A match is claimed (stated or offered as probable) only from this confidence up.
CLAIM = 0.5
# Failures this close to the best one fit about equally: ask which.
ASK_MARGIN = 0.08
MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Interpretation:
    """The matches, the stance, whether the paste names SKM, and what else it is about."""

    matches: tuple[Match, ...]
    stance: Stance
    about_skm: bool
    other_system: OtherSystem | None = None


def interpret(
    form: Folded,
    catalogue: Catalogue,
    *,
    result_message: str | None = None,
    chosen: str | None = None,
) -> Interpretation:
    """
    Understand a folded paste. `result_message` is SKM's envelope message when there is one;
    `chosen` the failure a person picked among the candidates.
    """
    evidence = gather(form, catalogue, result_message=result_message)
    matches = rank(evidence, catalogue, form, result_message=result_message)
    about_skm = evidence.about_skm
    other = (
        None
        if about_skm or chosen
        else _other_system(form.folded, catalogue, matches, evidence.reading.systems)
    )
    if other is not None:
        return Interpretation((), "not_skm", about_skm, other)
    if chosen is not None:
        return Interpretation(_chosen_first(matches, chosen, catalogue), "chosen", about_skm)
    stance = stance_of(matches)
    if stance == "stated":
        # Next to SKM's message or a library error, a weak guess from the words around it (a
        # log line's "ERROR ... keyId=") is noise, not another failure found.
        matches = [m for m in matches if m.tier == "direct" or m.confidence >= CLAIM]
    return Interpretation(tuple(matches), stance, about_skm)


def _other_system(
    folded: str, catalogue: Catalogue, matches: list[Match], names: list[Hit[int]]
) -> OtherSystem | None:
    """The other system the paste is about, when it names one (or another TLS peer)."""
    spans = people_spans(len(folded))
    direct = [m for m in matches if m.tier == "direct"]
    other = catalogue.others.recognise(folded, names)
    if other is not None:
        # Everyday words next to SKM's own error message do not outweigh it.
        stated = any(m.confidence >= CLAIM for m in direct)
        return None if other.kind == "everyday" and stated else other
    if direct and direct[0].error_id in catalogue.others.host_failures:
        return catalogue.others.other_host(folded, spans)
    return None


def _chosen_first(matches: list[Match], chosen: str, catalogue: Catalogue) -> tuple[Match, ...]:
    """The chosen failure first (with its evidence, if the paste had some), then the rest."""
    picked = next((m for m in matches if m.error_id == chosen), None)
    if picked is None:
        entry = catalogue.get(chosen)
        picked = Match(chosen, 0.0, (), 0, entry, tier="chosen")
    return (picked, *(m for m in matches if m.error_id != chosen))


def stance_of(matches: list[Match] | tuple[Match, ...]) -> Stance:
    """How sure the reply sounds about `matches` (ranked best first)."""
    if not matches:
        return "unknown"
    top = matches[0]
    if top.confidence < CLAIM:
        return "ask"
    if top.tier == "direct":
        return "stated"
    return "ask" if _rivals(matches) else "probable"


def _rivals(matches: list[Match] | tuple[Match, ...]) -> list[Match]:
    top = matches[0]
    return [m for m in matches[1:] if top.confidence - m.confidence <= ASK_MARGIN]


def candidates_of(matches: tuple[Match, ...], stance: Stance) -> tuple[Match, ...]:
    """The failures the reply asks about: the close rivals, or the best few weak ones."""
    if stance != "ask":
        return ()
    if matches[0].confidence < CLAIM:
        return matches[:MAX_CANDIDATES]
    return (matches[0], *_rivals(matches))[:MAX_CANDIDATES]


def reported_of(matches: tuple[Match, ...], stance: Stance) -> tuple[Match, ...]:
    """The failures whose checks and steps the reply gives: the claimed ones, or the chosen."""
    if stance == "chosen":
        return matches[:1]
    if stance in ("stated", "probable"):
        return tuple(m for m in matches if m.confidence >= CLAIM)
    return ()
