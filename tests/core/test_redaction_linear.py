"""
Pastes that once took quadratic time to redact, now linear, and still redacted.

* Command-line flags chained inside one long word (`=-u=-u=-u…`): each flag's argument is read
  as a shell word to its end, so each flag read the rest of the paste again.
* Secret words run together into one long name (`passwordpassword…`): the search for a labelled
  name failed at each secret word of the name and read the rest of it again.

Either way 16 KB took seconds and 256 KB many minutes.
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


# Secret words run together, as labelled names, flags' names and tags' names would hold them.
NAME_RUNS = ["passwordp", "tokentoken", "password_", "api-key-", "-password", "<secret", "pw.pw"]


@pytest.mark.parametrize("seed", NAME_RUNS + CHAINS)
def test_a_paste_of_one_long_word_is_redacted_in_linear_time(seed: str) -> None:
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


@pytest.mark.parametrize("run", ["password", "secret_token", "api-key"])
def test_a_value_labelled_after_a_long_run_of_secret_words_is_redacted(run: str) -> None:
    text = chained(run) + f"={CANARY}\nthe next line"

    redacted = within(10, lambda: redact(text))

    assert CANARY not in redacted.text
    assert redacted.text.endswith("]\nthe next line")


def test_a_real_command_line_keeps_what_follows_the_password() -> None:
    text = "\n".join(f"curl -u AKID{i}:{CANARY} https://oauth.example/token" for i in range(2000))

    redacted = redact(text)

    assert CANARY not in redacted.text
    assert redacted.text.count("https://oauth.example/token") == 2000
