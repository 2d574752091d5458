"""
A channel's week in numbers: the failures people brought to the bot by kind and by day, how many
were resolved and how fast, how helpful the replies were, and the alert groups opened and
closed. Pure: the store reads the facts, this counts them.

A failure is what one person asked about in one thread: re-running the checks, or picking one
of the candidates, makes another diagnosis of the same failure, not another failure. So
diagnoses in the same thread with the same kind count once, dated by the first of them; a
diagnosis outside any thread (a DM) is a failure of its own.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from skm_bot.core.records import Verdict


@dataclass(frozen=True)
class DiagnosisFact:
    """A diagnosis someone asked for: when, where, and the failure it named (None: none)."""

    diagnosis_id: str
    created_at: datetime
    channel: str | None
    thread_ts: str | None
    error_id: str | None


@dataclass(frozen=True)
class VerdictFact:
    """One person's Resolved / Not helpful on a diagnosis, and when they said it."""

    diagnosis_id: str
    verdict: Verdict
    at: datetime


@dataclass(frozen=True)
class GroupFact:
    """An alert group (a watch finding's thread is one too): when it opened and closed."""

    opened_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class DigestFacts:
    """What the store holds about a week: the diagnoses, the verdicts on them, the groups."""

    diagnoses: tuple[DiagnosisFact, ...] = ()
    verdicts: tuple[VerdictFact, ...] = ()
    groups: tuple[GroupFact, ...] = ()


@dataclass(frozen=True)
class KindLine:
    """One kind of failure: how many, how many resolved, and how many on each day."""

    error_id: str | None
    failures: int
    resolved: int
    per_day: tuple[int, ...]


@dataclass(frozen=True)
class Digest:
    """
    A week (or any span) of one channel (None: every channel) as the digest shows it.

    `kinds` are most frequent first; `days` are the UTC dates the span touches, and each kind's
    `per_day` counts its failures on them. Times to resolve run from a failure's first
    diagnosis to the first Resolved on it.
    """

    channel: str | None
    start: datetime
    end: datetime
    days: tuple[date, ...]
    kinds: tuple[KindLine, ...]
    to_resolve: tuple[timedelta, ...]
    helpful: int
    not_helpful: int
    alerts_opened: int
    alerts_closed: int

    @property
    def failures(self) -> int:
        """Every failure of the span."""
        return sum(k.failures for k in self.kinds)

    @property
    def resolved(self) -> int:
        """The failures someone marked Resolved."""
        return sum(k.resolved for k in self.kinds)

    @property
    def median_to_resolve(self) -> timedelta | None:
        """The middle time from diagnosis to Resolved; None when nothing was resolved."""
        return median(self.to_resolve)

    @property
    def slowest_to_resolve(self) -> timedelta | None:
        """The longest time from diagnosis to Resolved; None when nothing was resolved."""
        return max(self.to_resolve, default=None)

    @property
    def helpful_rate(self) -> float | None:
        """Resolved among the verdicts given (0..1); None when nobody gave one."""
        given = self.helpful + self.not_helpful
        return self.helpful / given if given else None

    @property
    def quiet(self) -> bool:
        """Nothing happened: no failure, no verdict, no alert group opened or closed."""
        return not (
            self.kinds
            or self.helpful
            or self.not_helpful
            or self.alerts_opened
            or self.alerts_closed
        )


@dataclass(frozen=True)
class _Failure:
    error_id: str | None
    first: datetime
    ids: frozenset[str]


def summarize(
    facts: DigestFacts, *, start: datetime, end: datetime, channel: str | None = None
) -> Digest:
    """The digest of `facts` over [start, end): facts outside the span are left out."""
    inside = [d for d in facts.diagnoses if start <= d.created_at < end]
    failures = _failures(inside)
    resolved_at = _first_resolved(facts.verdicts, end)
    days = span_days(start, end)
    to_resolve: list[timedelta] = []
    resolved_by_kind: Counter[str | None] = Counter()
    for failure in failures:
        times = [resolved_at[i] for i in failure.ids if i in resolved_at]
        if times:
            resolved_by_kind[failure.error_id] += 1
            to_resolve.append(max(timedelta(0), min(times) - failure.first))
    asked = _ids(inside)
    verdicts = Counter(v.verdict for v in facts.verdicts if v.at < end and v.diagnosis_id in asked)
    return Digest(
        channel=channel,
        start=start,
        end=end,
        days=days,
        kinds=_kind_lines(failures, resolved_by_kind, days),
        to_resolve=tuple(sorted(to_resolve)),
        helpful=verdicts["resolved"],
        not_helpful=verdicts["not_helpful"],
        alerts_opened=sum(1 for g in facts.groups if start <= g.opened_at < end),
        alerts_closed=sum(1 for g in facts.groups if g.closed_at and start <= g.closed_at < end),
    )


def span_days(start: datetime, end: datetime) -> tuple[date, ...]:
    """The UTC dates [start, end) touches, in order."""
    first = start.astimezone(UTC).date()
    last = (end - timedelta(microseconds=1)).astimezone(UTC).date()
    return tuple(first + timedelta(days=n) for n in range(max(0, (last - first).days + 1)))


def week_of(moment: datetime) -> tuple[datetime, datetime]:
    """
    The seven whole UTC days before `moment`'s day: what a digest posted at `moment` covers
    (posted Monday 09:00, it covers Monday to Sunday of the week before).
    """
    end = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return end - timedelta(days=7), end


def median(values: Sequence[timedelta]) -> timedelta | None:
    """The median of `values`, None when there are none."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _ids(diagnoses: Iterable[DiagnosisFact]) -> frozenset[str]:
    return frozenset(d.diagnosis_id for d in diagnoses)


def _failures(diagnoses: Sequence[DiagnosisFact]) -> list[_Failure]:
    """Diagnoses grouped into failures: one per thread and kind, dated by the first."""
    grouped: dict[tuple[str | None, ...], list[DiagnosisFact]] = defaultdict(list)
    for d in diagnoses:
        key = (d.channel, d.thread_ts, d.error_id) if d.thread_ts else (d.diagnosis_id,)
        grouped[key].append(d)
    return [
        _Failure(group[0].error_id, min(d.created_at for d in group), _ids(group))
        for group in grouped.values()
    ]


def _first_resolved(verdicts: Iterable[VerdictFact], end: datetime) -> dict[str, datetime]:
    """Each diagnosis's first Resolved given before `end`."""
    first: dict[str, datetime] = {}
    for v in verdicts:
        if v.verdict == "resolved" and v.at < end:
            known = first.get(v.diagnosis_id)
            first[v.diagnosis_id] = v.at if known is None else min(known, v.at)
    return first


def _kind_lines(
    failures: Sequence[_Failure], resolved: Counter[str | None], days: tuple[date, ...]
) -> tuple[KindLine, ...]:
    index = {day: n for n, day in enumerate(days)}
    per_day: dict[str | None, list[int]] = defaultdict(lambda: [0] * len(days))
    for failure in failures:
        day = index.get(failure.first.astimezone(UTC).date())
        if day is not None:
            per_day[failure.error_id][day] += 1
    counts = Counter(f.error_id for f in failures)
    # Most first; the same count by id, the unrecognised last.
    order = sorted(counts, key=lambda k: (-counts[k], k is None, k or ""))
    return tuple(KindLine(k, counts[k], resolved[k], tuple(per_day[k])) for k in order)
