"""`skm-bot diagnose` reads any bytes: bounded, decoded, refused plainly when unusable."""

from __future__ import annotations

import io
import json
import os

import pytest

from skm_bot.cli.paste_input import read_bounded
from skm_bot.core.paste import MAX_PASTE_BYTES

ENVELOPE = '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'
JA = f"復号すると鍵バージョンが無効になります {ENVELOPE}"
KO = f"복호화할 때 키 버전이 유효하지 않다고 합니다 {ENVELOPE}"


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (JA, "cp932", "ja"),
        (JA, "euc_jp", "ja"),
        (KO, "cp949", "ko"),
        (JA, "utf-16", "ja"),
        (KO, "utf-16-le", "ko"),
        (JA, "utf-32", "ja"),
        (JA, "utf-8-sig", "ja"),
    ],
)
def test_a_paste_in_a_windows_encoding_is_diagnosed(cli, text, encoding, language):
    ran = cli("diagnose", "--json", stdin=text.encode(encoding))

    document = json.loads(ran.out)
    assert (ran.code, document["language"]) == (0, language)
    assert document["matches"][0]["error"] == "invalid_key_version"


def test_an_argument_in_shift_jis_is_read_as_shift_jis(cli):
    """Python hands non-UTF-8 arguments over as escaped bytes; they are read as typed."""
    argument = os.fsdecode(JA.encode("cp932"))

    ran = cli("diagnose", "--json", argument)

    assert json.loads(ran.out)["language"] == "ja"


def test_bytes_that_are_no_text_exit_two_with_a_message(cli):
    ran = cli("diagnose", stdin=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xfe")

    assert ran.code == 2
    assert "save it as UTF-8" in ran.err
    assert ran.stdout == b""


@pytest.mark.parametrize("stdin", [b"", b" \n\t\r\n"], ids=["empty", "whitespace"])
def test_an_empty_paste_is_a_usage_error_without_a_diagnosis(cli, stdin):
    ran = cli("diagnose", stdin=stdin)

    assert (ran.code, ran.stdout) == (2, b"")
    assert "the paste is empty" in ran.err


def test_an_empty_argument_is_a_usage_error(cli):
    ran = cli("diagnose", "--json", "")

    assert (ran.code, ran.stdout) == (2, b"")


def test_a_paste_at_the_limit_counts_its_own_bytes_not_utf8(cli):
    """1 MiB of Shift_JIS is within the limit, though its UTF-8 is half as large again."""
    line = ("鍵バージョンが無効です。" * 40 + "\n").encode("cp932")
    lines = line * (MAX_PASTE_BYTES // len(line))
    data = lines + b"x" * (MAX_PASTE_BYTES - len(lines))

    ran = cli("diagnose", "--json", stdin=data)

    assert ran.code == 0, ran.err
    assert len(data.decode("cp932").encode("utf-8")) > MAX_PASTE_BYTES


def test_a_paste_over_the_limit_is_refused_as_over_it(cli):
    ran = cli("diagnose", stdin=b"x" * (MAX_PASTE_BYTES + 1))

    assert ran.code == 2
    assert "over 1,048,576 bytes; the limit is 1,048,576 bytes" in ran.err


def test_an_argument_over_the_limit_is_refused_with_its_size(cli):
    ran = cli("diagnose", "x" * (MAX_PASTE_BYTES + 5))

    assert ran.code == 2
    assert "the paste is 1,048,581 bytes" in ran.err


class Counting(io.BytesIO):
    """A stdin that counts the bytes read from it."""

    taken = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.taken += len(data)
        return data


def test_stdin_is_read_no_further_than_the_limit_and_a_byte():
    stream = Counting(b"x" * (5 * MAX_PASTE_BYTES))

    data = read_bounded(stream)

    assert stream.taken == len(data) == MAX_PASTE_BYTES + 1


def test_an_unknown_id_gets_one_plain_answer_and_a_hint(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")

    ran = cli("diagnose", "req-7f3a9b2c")

    assert ran.code == 0
    assert ran.out.splitlines() == [
        "No diagnosis mentions req-7f3a9b2c: IDs are kept from the pastes and alerts "
        "skm-bot has seen.",
        "Hint: paste the failing request and its response to diagnose it.",
    ]


def test_an_unknown_id_as_json_is_the_lookup_alone(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'none.db'}")

    ran = cli("diagnose", "--json", "req-7f3a9b2c")

    assert json.loads(ran.out) == {"lookup": {"request_id": "req-7f3a9b2c", "found": False}}
