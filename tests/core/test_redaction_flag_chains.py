"""
Command-line flags chained inside one long word (`=-u=-u=-u…`): read in linear time, and a
password after them still redacted.

Each flag's argument is read as a shell word to its end; chained in one word, each flag once
read the rest of the paste again, so 16 KB took seconds and 256 KB many minutes.
"""

from __future__ import annotations

import pytest

from skm_bot.core.redaction import redact
from tests.deadlines import within

CANARY = "CANARY7f3a9b"
SIZE = 256 * 1024
CHAINS = ["=-u", "(-u", ";-u", "=-u:", "=-u:'", '"-u:', "=--user=", "=--cert=", "=--cert:", "'-E:"]


def chained(seed: str, size: int = SIZE) -> str:
    return (seed * (size // len(seed) + 1))[:size]


@pytest.mark.parametrize("seed", CHAINS)
def test_a_paste_of_chained_flags_is_redacted_in_linear_time(seed: str) -> None:
    redacted = within(10, lambda: redact(chained(seed)))

    assert redacted.text


@pytest.mark.parametrize("seed", CHAINS)
def test_a_password_on_the_line_after_chained_flags_is_redacted(seed: str) -> None:
    text = chained(seed) + f"\ncurl -u AKID:{CANARY} https://oauth.example/token\n"

    redacted = within(10, lambda: redact(text))

    assert CANARY not in redacted.text


@pytest.mark.parametrize("seed", CHAINS)
def test_a_password_after_chained_flags_on_their_line_is_redacted(seed: str) -> None:
    text = chained(seed) + f" curl -u AKID:{CANARY} https://oauth.example/token\n"

    redacted = within(10, lambda: redact(text))

    assert CANARY not in redacted.text


def test_a_real_command_line_keeps_what_follows_the_password() -> None:
    text = "\n".join(f"curl -u AKID{i}:{CANARY} https://oauth.example/token" for i in range(2000))

    redacted = redact(text)

    assert CANARY not in redacted.text
    assert redacted.text.count("https://oauth.example/token") == 2000
