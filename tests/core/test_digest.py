"""The digest's counting, pure: failures by kind and day, resolution times, helpfulness, groups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from skm_bot.core.digest import (
    DiagnosisFact,
    DigestFacts,
    GroupFact,
    VerdictFact,
    median,
    span_days,
    summarize,
    week_of,
)

START = datetime(2026, 11, 16, tzinfo=UTC)  # a Monday
END = START + timedelta(days=7)


def asked(
    n: int,
    hours: float,
    error: str | None = "invalid_appkey",
    *,
    thread: str | None = None,
    channel: str = "C1",
) -> DiagnosisFact:
    return DiagnosisFact(f"d{n}", START + timedelta(hours=hours), channel, thread, error)


def said(n: int, verdict: str, hours: float) -> VerdictFact:
    return VerdictFact(f"d{n}", verdict, START + timedelta(hours=hours))  # type: ignore[arg-type]


def digest_of(*diagnoses: DiagnosisFact, verdicts=(), groups=()):
    facts = DigestFacts(tuple(diagnoses), tuple(verdicts), tuple(groups))
    return summarize(facts, start=START, end=END, channel="C1")


def test_failures_are_counted_by_kind_most_first():
    digest = digest_of(
        asked(1, 1),
        asked(2, 2, "invalid_key_version"),
        asked(3, 3, "invalid_key_version"),
        asked(4, 4, None),
    )

    assert [(k.error_id, k.failures) for k in digest.kinds] == [
        ("invalid_key_version", 2),
        ("invalid_appkey", 1),
        (None, 1),
    ]
    assert digest.failures == 4


def test_a_re_run_in_the_same_thread_is_the_same_failure():
    digest = digest_of(asked(1, 1, thread="1.1"), asked(2, 5, thread="1.1"))

    assert digest.failures == 1


def test_diagnoses_outside_a_thread_are_failures_of_their_own():
    digest = digest_of(asked(1, 1), asked(2, 5))

    assert digest.failures == 2


def test_diagnoses_outside_the_span_are_left_out():
    digest = digest_of(asked(1, -1), asked(2, 24 * 7), asked(3, 24 * 7 - 0.01))

    assert digest.failures == 1


def test_failures_are_counted_on_the_day_of_their_first_diagnosis():
    digest = digest_of(asked(1, 1, thread="t"), asked(2, 30, thread="t"), asked(3, 50))

    [line] = digest.kinds
    assert line.per_day == (1, 0, 1, 0, 0, 0, 0)
    assert digest.days[0] == date(2026, 11, 16)


def test_time_to_resolve_runs_from_the_first_diagnosis_to_the_first_resolved():
    digest = digest_of(
        asked(1, 0, thread="t"),
        asked(2, 1, thread="t"),  # the re-run, resolved from there
        asked(3, 10),
        verdicts=[said(2, "resolved", 3), said(2, "resolved", 9), said(3, "resolved", 11)],
    )

    assert digest.resolved == 2
    assert digest.to_resolve == (timedelta(hours=1), timedelta(hours=3))
    assert digest.median_to_resolve == timedelta(hours=2)
    assert digest.slowest_to_resolve == timedelta(hours=3)


def test_nothing_resolved_has_no_times():
    digest = digest_of(asked(1, 0), verdicts=[said(1, "not_helpful", 2)])

    assert (digest.resolved, digest.median_to_resolve, digest.slowest_to_resolve) == (0, None, None)


def test_helpful_rate_is_resolved_among_the_verdicts():
    digest = digest_of(
        asked(1, 0),
        asked(2, 1),
        verdicts=[said(1, "resolved", 2), said(2, "not_helpful", 3), said(2, "resolved", 4)],
    )

    assert (digest.helpful, digest.not_helpful) == (2, 1)
    assert digest.helpful_rate == pytest.approx(2 / 3)


def test_verdicts_after_the_span_do_not_count():
    digest = digest_of(asked(1, 0), verdicts=[said(1, "resolved", 24 * 7)])

    assert (digest.helpful, digest.resolved, digest.helpful_rate) == (0, 0, None)


def test_alert_groups_opened_and_closed_in_the_span():
    groups = [
        GroupFact(START + timedelta(hours=1), START + timedelta(hours=2)),
        GroupFact(START - timedelta(days=1), START + timedelta(hours=3)),
        GroupFact(START + timedelta(hours=4), None),
        GroupFact(START - timedelta(days=1), END + timedelta(hours=1)),
    ]

    digest = digest_of(groups=groups)

    assert (digest.alerts_opened, digest.alerts_closed) == (2, 2)


def test_a_week_with_nothing_is_quiet():
    assert digest_of().quiet
    assert not digest_of(groups=[GroupFact(START + timedelta(hours=1), None)]).quiet


@pytest.mark.parametrize(
    ("moment", "start"),
    [
        (datetime(2026, 11, 23, 9, 0, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC)),
        (datetime(2026, 11, 23, 0, 0, tzinfo=UTC), datetime(2026, 11, 16, tzinfo=UTC)),
        (datetime(2026, 11, 27, 17, 30, tzinfo=UTC), datetime(2026, 11, 20, tzinfo=UTC)),
    ],
)
def test_a_digest_covers_the_seven_whole_days_before_its_day(moment, start):
    assert week_of(moment) == (start, start + timedelta(days=7))


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (START, END, 7),
        (START + timedelta(hours=9), END + timedelta(hours=9), 8),
        (START, START + timedelta(hours=1), 1),
    ],
)
def test_span_days_are_the_utc_dates_touched(start, end, count):
    assert len(span_days(start, end)) == count


@pytest.mark.parametrize(
    ("values", "middle"),
    [([], None), ([3], 3), ([1, 5], 3), ([9, 1, 5], 5)],
)
def test_median(values, middle):
    hours = [timedelta(hours=v) for v in values]

    assert median(hours) == (None if middle is None else timedelta(hours=middle))
