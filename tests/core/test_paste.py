"""A paste at the door: bounded before anything reads it, then redacted."""

from __future__ import annotations

import pytest

from skm_bot.core.paste import MAX_PASTE_BYTES, only_secrets, take_paste
from skm_bot.errors import InputError


def test_take_paste_refuses_a_paste_over_one_mebibyte():
    with pytest.raises(InputError, match="limit is 1,048,576 bytes"):
        take_paste("x" * (MAX_PASTE_BYTES + 1))


def test_take_paste_accepts_a_paste_of_exactly_one_mebibyte():
    text = ("Invalid Key Id " * MAX_PASTE_BYTES)[:MAX_PASTE_BYTES]

    assert take_paste(text).text == text


def test_take_paste_counts_bytes_not_characters():
    """A Korean character is three bytes in UTF-8."""
    with pytest.raises(InputError):
        take_paste("가" * (MAX_PASTE_BYTES // 3 + 1))


def test_take_paste_redacts():
    paste = take_paste("password=CANARY-hunter2")

    assert "CANARY-hunter2" not in paste.text
    assert paste.kinds == ("password",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xoxb-1234567890-abcdefghij", True),
        ("  `xoxb-1234567890-abcdefghij`  ", True),
        ("Bearer Kq0bearer0token42", True),  # the scheme says nothing of its own
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJza20ifQ.c2ln", True),
        ("password=CANARY-hunter2", False),  # the name is left, and it says something
        ("Invalid Appkey xoxb-1234567890-abcdefghij", False),
        ("Invalid Appkey", False),
    ],
)
def test_only_secrets_tells_a_bare_secret_from_a_paste_holding_one(text, expected):
    assert only_secrets(take_paste(text)) is expected
