"""`skm-bot diagnose --jsonl`: each line read on its own; a bad one reported in place."""

from __future__ import annotations

import io
import json

import pytest

from skm_bot.cli.jsonl import MAX_LINE_BYTES, numbered_lines


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def line(text: str) -> bytes:
    return json.dumps({"text": text}).encode() + b"\n"


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (b'{"text": "Invalid \\ud800 Appkey"}\n', "lone surrogate (\\ud800)"),
        (b"not json\n", "not JSON"),
        (b'{"nope": 1}\n', 'string "text"'),
        (b'{"text": "  "}\n', '"text" is empty'),
        (b"\x89PNG\r\x00\x00\x00\rIHDR\xff\xfe\n", "save it as UTF-8"),
        (b"{" + b"x" * (MAX_LINE_BYTES + 10) + b"}\n", "the line is over"),
    ],
    ids=["lone surrogate", "not json", "no text", "empty text", "binary", "too long"],
)
def test_a_bad_line_is_reported_in_place_and_the_batch_goes_on(cli, bad, error):
    stdin = line("Invalid Appkey") + bad + line("URL NOT FOUND")

    ran = cli("diagnose", "--jsonl", stdin=stdin)

    first, middle, last = records(ran.out)
    assert ran.code == 2
    assert first["matches"][0]["error"] == "invalid_appkey"
    assert middle["line"] == 2
    assert error in middle["error"]
    assert last["matches"][0]["error"] == "url_not_found"


def test_a_line_in_shift_jis_is_read_as_shift_jis(cli):
    stdin = line("Invalid Appkey") + '{"text": "鍵バージョンが無効です"}\n'.encode("cp932")

    ran = cli("diagnose", "--jsonl", stdin=stdin)

    assert ran.code == 0
    assert [r["language"] for r in records(ran.out)] == ["en", "ja"]


def test_json_lines_with_no_record_are_a_usage_error(cli):
    ran = cli("diagnose", "--jsonl", stdin=b"\n \n")

    assert (ran.code, ran.stdout) == (2, b"")
    assert "nothing to diagnose" in ran.err


def test_a_line_over_the_limit_is_skipped_without_being_kept():
    stream = io.BytesIO(b"a" * 50 + b"\nshort\n" + b"b" * 30)

    assert list(numbered_lines(stream, limit=20)) == [(1, None), (2, b"short\n"), (3, None)]


def test_a_line_at_the_limit_is_kept():
    stream = io.BytesIO(b"a" * 20 + b"\n" + b"b" * 20)

    assert list(numbered_lines(stream, limit=20)) == [(1, b"a" * 20 + b"\n"), (2, b"b" * 20)]
