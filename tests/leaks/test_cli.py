"""The command line, in-process and in a real process: no canary on stdout or stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from skm_bot.cli import main

from .corpus import leaked, shapes

# A sweep (every shape of the leak corpus through the command line): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

SHAPES = shapes()
BARE_SECRETS = [
    "xoxb-123456789012-1234567890123-Kq0bare0token",
    "  `xoxp-123456789012-123456789012-Kq0bare0token`  ",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJza20ifQ.Kq0bare0token",
    "Bearer Kq0bare0token1234",
]


def _stdin(text: str) -> io.TextIOWrapper:
    """A piped stdin (not a terminal) holding `text` as UTF-8 bytes."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


def _run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", _stdin(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_text_report_never_shows_the_canary(monkeypatch, capsys, shape):
    _, out, err = _run(monkeypatch, capsys, ["diagnose", "--offline", "-"], stdin=shape.text)

    assert shape.canary not in out + err


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_json_report_never_shows_the_canary(monkeypatch, capsys, shape):
    _, out, err = _run(monkeypatch, capsys, ["diagnose", "--json", "--offline"], stdin=shape.text)

    assert shape.canary not in out + err


def test_a_paste_given_as_an_argument_is_redacted_too(monkeypatch, capsys):
    as_arguments = [s for s in SHAPES if not s.text.startswith("-")]
    outputs = [_run(monkeypatch, capsys, ["diagnose", s.text])[1:] for s in as_arguments]

    assert leaked("".join(out + err for out, err in outputs)) == []


def test_jsonl_reports_never_show_a_canary(monkeypatch, capsys):
    stdin = "".join(json.dumps({"text": s.text}) + "\n" for s in SHAPES)

    _, out, err = _run(monkeypatch, capsys, ["diagnose", "--jsonl", "--offline"], stdin=stdin)

    assert len(out.splitlines()) == len(SHAPES)
    assert leaked(out + err) == []


@pytest.mark.slow
def test_a_real_process_never_shows_a_canary():
    """`python -m skm_bot diagnose --jsonl` over the whole corpus, as a user runs it."""
    stdin = "".join(json.dumps({"text": s.text}) + "\n" for s in SHAPES)

    result = subprocess.run(
        [sys.executable, "-m", "skm_bot", "diagnose", "--jsonl", "--offline"],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert len(result.stdout.splitlines()) == len(SHAPES)
    assert leaked(result.stdout + result.stderr) == []


@pytest.mark.parametrize("paste", BARE_SECRETS)
def test_a_bare_secret_gets_the_warning_and_exit_two(monkeypatch, capsys, paste):
    code, out, err = _run(monkeypatch, capsys, ["diagnose", "-"], stdin=paste)

    assert (code, out) == (2, "")
    assert "rotate" in err
    assert "Kq0bare0token" not in err


@pytest.mark.parametrize("paste", BARE_SECRETS)
def test_a_bare_secret_with_json_gets_a_small_object(monkeypatch, capsys, paste):
    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", "-"], stdin=paste)

    document = json.loads(out)
    assert code == 2
    assert document["only_secrets"] is True
    assert set(document) == {"only_secrets", "redactions", "warning"}
    assert "Kq0bare0token" not in out


def test_a_bare_secret_is_not_taken_for_a_request_id(monkeypatch, capsys):
    """Before redaction an xoxb- token looked like an ID; the store must not be asked for it."""
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", "postgresql+asyncpg://bot@127.0.0.1:1/nowhere")

    code, out, err = _run(monkeypatch, capsys, ["diagnose", BARE_SECRETS[0]])

    assert (code, out) == (2, "")
    assert "only a secret" in err


def test_a_bare_secret_line_of_jsonl_is_reported_in_place(monkeypatch, capsys):
    stdin = json.dumps({"text": BARE_SECRETS[0]}) + "\n" + json.dumps({"text": "Invalid Appkey"})

    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--jsonl"], stdin=stdin)

    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 2
    assert first["line"] == 1
    assert "only a secret" in first["error"]
    assert second["matches"][0]["error"] == "invalid_appkey"
    assert "Kq0bare0token" not in out
