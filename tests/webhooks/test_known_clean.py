"""`KnownClean`: a field value redaction left unchanged skips it the next time, and only such a value."""

from __future__ import annotations

import pytest

from skm_bot.core.redaction import redact, redact_field
from skm_bot.webhooks.ingest import KnownClean

SLACK_TOKEN = "token xoxb-1234-5678-CANARYknownclean"


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("SkmDecryptFailing", None),
        ("prod", "profile"),
        (SLACK_TOKEN, None),
        (SLACK_TOKEN, "summary"),
        ("hunter2", "password"),
    ],
)
def test_answers_as_redaction_does_the_first_time_and_every_time(value, name):
    """Whatever was seen before, the answer is redaction's own."""
    known = KnownClean()
    expected = redact(value).text if name is None else redact_field(name, value).text

    answers = [known.clean(value, name) for _ in range(3)]

    assert answers == [expected] * 3


def test_a_value_with_a_secret_is_never_kept():
    """Only clean values are remembered: no secret stays in memory."""
    known = KnownClean()

    known.clean(SLACK_TOKEN)
    known.clean("hunter2", "password")

    assert known.kept == frozenset()


def test_a_value_clean_under_one_name_is_still_redacted_under_a_secret_name():
    """The label's name is part of what was found clean: `password=prod` goes whole."""
    known = KnownClean()
    known.clean("prod", "profile")

    assert known.clean("prod", "password") == redact_field("password", "prod").text
    assert known.clean("prod", "password") != "prod"


def test_it_starts_over_when_full():
    """The set is bounded: past `limit`, it is emptied before the next value goes in."""
    known = KnownClean(limit=2)

    for value in ("a1", "b2", "c3"):
        known.clean(value)

    assert known.kept == {(None, "c3")}


def test_long_values_are_not_kept():
    """Only short values are remembered (a long one rarely repeats, and costs memory)."""
    known = KnownClean(longest=8)

    known.clean("short")
    known.clean("a value longer than eight")

    assert known.kept == {(None, "short")}
