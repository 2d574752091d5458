"""Output that any terminal takes: ASCII stand-ins, `?` for the rest, a quiet closed pipe."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from skm_bot.cli.output import ASCII_FALLBACK, json_line, tolerate_encoding
from skm_bot.cli.status import EXIT_BROKEN_PIPE

PASTE = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
MAC_PASTE = "MAC Auth Failure X-TOAST-CLIENT-MAC: aa:bb:cc:dd:ee:ff"


def test_a_cp1252_console_gets_ascii_marks(cli):
    ran = cli("diagnose", "--offline", PASTE, encoding="cp1252")

    assert ran.code == 0
    assert ran.out.startswith("# The appkey is not valid")
    assert "  - skip " in ran.out
    assert "-- Support email --" in ran.out


def test_japanese_on_a_cp1252_console_is_replaced_not_a_crash(cli):
    ran = cli("diagnose", "--lang", "ja", PASTE, encoding="cp1252")

    assert ran.code == 0
    assert "?" in ran.out


def test_json_on_an_ascii_console_escapes_and_stays_whole(cli):
    ran = cli("diagnose", "--json", "鍵バージョンが無効です", encoding="ascii")

    assert json.loads(ran.out)["language"] == "ja"


def test_json_on_a_utf8_console_keeps_the_characters(cli):
    ran = cli("diagnose", "--json", "鍵バージョンが無効です")

    assert "鍵" in ran.out


@pytest.mark.parametrize(("mark", "ascii"), sorted(ASCII_FALLBACK.items()))
def test_each_mark_has_an_ascii_stand_in(mark, ascii):
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    tolerate_encoding(stream)

    stream.write(mark)
    stream.flush()

    assert stream.buffer.getvalue() == ascii.encode()


def test_json_line_escapes_only_for_a_stream_that_needs_it():
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    cp932 = io.TextIOWrapper(io.BytesIO(), encoding="cp932")

    assert (json_line("鍵", utf8), json_line("鍵", cp932)) == ('"鍵"', '"\\u9375"')


def _command(*argv: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "skm_bot.cli", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )


@pytest.mark.slow
@pytest.mark.parametrize(("encoding", "title"), [("cp1252", "#"), ("ascii", "#"), ("cp932", "■")])
def test_a_console_that_cannot_encode_gets_no_traceback(encoding, title):
    """Korean on a Western or Japanese console: each mark it lacks stands in as ASCII."""
    process = _command("diagnose", "--lang", "ko", MAC_PASTE, PYTHONIOENCODING=encoding)
    out, err = process.communicate(timeout=60)

    assert (process.returncode, err) == (0, b"")
    assert out.decode(encoding).startswith(f"{title} MAC ")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("argv", "stdin", "statuses"),
    [
        (("diagnose", "--offline", PASTE), b"", (EXIT_BROKEN_PIPE,)),
        (
            ("diagnose", "--jsonl"),
            (json.dumps({"text": PASTE}) + "\n").encode() * 3000,
            (EXIT_BROKEN_PIPE,),
        ),
        # Python 3.11.3+'s argparse drops a failed write of its help itself and exits 0; an
        # older one raises, which the command turns into 141. Quiet either way.
        (("--help",), b"", (0, EXIT_BROKEN_PIPE)),
    ],
    ids=["report", "jsonl", "help"],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(argv, stdin, statuses):
    """`skm-bot ... | head -c 0`: no traceback, no "Exception ignored"; 141 as for SIGPIPE."""
    process = _command(*argv)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(stdin, timeout=120)

    assert err == b""
    assert process.returncode in statuses
