"""Colour on a terminal, with NO_COLOR and --color respected, and the words unchanged."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from skm_bot.cli.colour import Screen, wants_colour

PASTE = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "terminal", "environ", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),
        ("auto", True, {"TERM": "dumb"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {}, False),
    ],
)
def test_wants_colour(choice, terminal, environ, expected):
    stream = Terminal() if terminal else io.StringIO()

    assert wants_colour(choice, stream, environ) is expected


def test_colour_changes_no_word():
    plain, coloured = io.StringIO(), io.StringIO()
    report = "■ Title  [Invalid Appkey]\n\nChecks:\n  ✘ fail   skm.appkey  no [such] key\n"

    Screen(plain).show(report)
    Screen(coloured, colour=True).show(report)

    assert ANSI.search(coloured.getvalue())
    assert ANSI.sub("", coloured.getvalue()) == plain.getvalue()


def test_color_always_colours_a_pipe(cli):
    ran = cli("diagnose", "--color", "always", PASTE)

    assert ANSI.search(ran.out)


def test_color_never_and_a_pipe_stay_plain(cli):
    assert not ANSI.search(cli("diagnose", "--color", "never", PASTE).out)
    assert not ANSI.search(cli("diagnose", PASTE).out)


@pytest.mark.slow
def test_rich_is_not_imported_when_colour_is_off():
    code = (
        "import sys\nfrom skm_bot.cli import main\n"
        f"main(['diagnose', '--color', 'never', {PASTE!r}])\n"
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert run.stderr.strip() == "False"
