"""
Secret words that label nothing, one after another ("auth auth auth…", "token token…").

The labelled-name search steps over such a run in the regex engine and hands the loop one hit,
the run's last name: a paste dense with secret words costs the engine, not a Python step per
word. What a run ends with, or holds between its names, must still be redacted as before.
"""

from __future__ import annotations

import pytest

from skm_bot.core.redaction import redact
from skm_bot.core.redaction.fields import _name_searches
from skm_bot.core.redaction.names import name_literals

CANARY = "CANARY7f3a9b"


@pytest.mark.parametrize(
    "word", ["auth", "token", "password", "x-auth-token", "비번", "パスワード"]
)
def test_a_run_of_unlabelled_secret_words_is_one_hit(word):
    labelled, _ = _name_searches(name_literals())

    hits = list(labelled.finditer(f"{word} " * 2_000))

    assert len(hits) == 1


def test_secret_words_further_apart_than_the_gap_are_hits_of_their_own():
    labelled, _ = _name_searches(name_literals())

    assert len(list(labelled.finditer(("token " + "x" * 70 + " ") * 10))) == 10


@pytest.mark.parametrize(
    "text",
    [
        "auth auth auth password: {v}",
        "token token token db_password={v}",
        "auth, auth auth secret : {v}",
        "token token x-auth-token token api_key={v}",
        "auth foo auth bar auth client_secret={v}",
        "auth auth auth mysql -u root --password {v}",
        "token token <password>{v}</password>",
        "auth auth auth Authorization: Bearer {v}",
        "비번 비번 비번 비밀번호: {v}",
        "パスワード パスワード パスワード=「{v}」",
        "auth " + "filler " * 12 + "passwd={v}",
        ("token " * 500) + "password: {v}",
    ],
    ids=lambda text: text[:40],
)
def test_a_labelled_name_after_a_run_is_redacted(text):
    redacted = redact(text.format(v=CANARY))

    assert CANARY not in redacted.text


@pytest.mark.parametrize(
    "text",
    ["auth auth auth is fine", "token token token", "the auth token was refused"],
)
def test_a_run_that_labels_nothing_is_left_as_it_is(text):
    assert redact(text).text == text
