"""
Runs of what the redaction rules look for, each stepped over in the regex engine in one go.

* Secret words that label nothing, one after another ("auth auth auth…", "token token…"): the
  labelled-name search fails at each in the engine and hands the loop nothing.
* BEGIN lines of private keys cut short, one after another: one span, not one a line.

Either way a paste dense with them costs the engine, not a Python step each. What a run ends
with, or holds, must still be redacted as before.
"""

from __future__ import annotations

import pytest

from skm_bot.core.redaction import redact
from skm_bot.core.redaction.engine import Source
from skm_bot.core.redaction.fields import _name_searches
from skm_bot.core.redaction.material import find_pem_keys
from skm_bot.core.redaction.names import name_literals

CANARY = "CANARY7f3a9b"


@pytest.mark.parametrize(
    "text",
    [
        *(f"{word} " * 2_000 for word in ["auth", "token", "password", "x-auth-token"]),
        *(f"{word} " * 2_000 for word in ["비번", "パスワード"]),
        *(f"{between}auth " * 2_000 for between in ["mac _- ", "a pa to se ", "autx passage "]),
        "passwordtoken_secret-" * 500,
        "IPv4 Auth Failure, password was incorrect, secret rotated",
    ],
    ids=lambda text: text[:24],
)
def test_secret_names_that_label_nothing_are_no_hit_of_the_search(text):
    labelled, _ = _name_searches(name_literals())

    assert list(labelled.finditer(text.lower())) == []


@pytest.mark.parametrize(
    ("text", "word", "end"),
    [
        ("passwordpassword: x", 8, 16),
        ("db_password_auth: x", 12, 16),
        ("x-auth-token=x", 7, 12),
        ("password_authority=x", 0, 18),
        ("secret key: x", 0, 6),
        ("*password*: x", 1, 9),
    ],
)
def test_the_hit_of_a_labelled_name_is_its_last_secret_word(text, word, end):
    labelled, _ = _name_searches(name_literals())

    (hit,) = labelled.finditer(text)

    assert (hit.start("word"), hit.end()) == (word, end)


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
        ("mac _- auth _- failur " * 500) + "password: {v}",
        ("auth apple pwx secretary " * 50) + "secret={v}",
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


def pem_spans(text: str) -> list[tuple[int, int]]:
    source = Source.of(text)
    return [(s.start, s.end) for s in find_pem_keys(source, ("begin",))]


def test_begin_lines_cut_short_one_after_another_are_one_span():
    text = "-----BEGIN PRIVATE KEY-----\n" * 1_000

    (span,) = pem_spans(text)
    # To the last line's end (Python 3.11.2's engine takes the final line break along).
    start, end = span
    assert (start, end >= len(text) - 1) == (0, True)


@pytest.mark.parametrize(
    "text",
    [
        "-----BEGIN PRIVATE KEY-----\n-----BEGIN RSA PRIVATE KEY-----\nMIIEv{v}QIBADANBg\n",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----BEGIN PRIVATE KEY-----\nAAAA{v}BBBB\n",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n"
        "-----BEGIN EC PRIVATE KEY-----\nMHcC{v}AQEE\n",
    ],
    ids=["two begins", "body between", "after a whole key"],
)
def test_every_key_of_a_run_of_begin_lines_is_redacted(text):
    assert CANARY not in redact(text.format(v=CANARY)).text
