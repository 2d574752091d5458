"""The `skm-bot diagnose` contract: input from TEXT or stdin, --json, --jsonl, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from skm_bot.cli import main

PASTE = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'


def _stdin(text: str) -> io.TextIOWrapper:
    """A piped stdin (not a terminal) holding `text` as UTF-8 bytes."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", _stdin(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_diagnose_json_prints_one_object(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", PASTE])

    assert code == 0
    assert json.loads(out)["matches"][0]["error"] == "invalid_appkey"


def test_diagnose_reads_stdin_when_text_is_a_dash(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", "-"], stdin=PASTE)

    assert (code, json.loads(out)["matches"][0]["error"]) == (0, "invalid_appkey")


def test_diagnose_reads_stdin_when_text_is_omitted(monkeypatch, capsys):
    _, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json"], stdin="鍵バージョンが無効です")

    assert json.loads(out)["language"] == "ja"


def test_diagnose_without_a_match_still_exits_zero(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", "hello there"])

    assert code == 0
    assert json.loads(out)["matches"] == []
    assert json.loads(out)["escalation"]["to"] == "support@toast.com"


def test_diagnose_prints_a_readable_report(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, ["diagnose", PASTE])

    assert code == 0
    assert "The appkey is not valid" in out
    assert "support@toast.com" in out


def test_diagnose_lang_overrides_the_paste_language(monkeypatch, capsys):
    _, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", "--lang", "ko", PASTE])

    assert json.loads(out)["language"] == "ko"


def test_diagnose_runs_offline_checks_and_skips_live_ones(monkeypatch, capsys):
    paste = 'Invalid User Data {"ciphertext": "AAAA AQ=="}'

    _, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", paste])

    statuses = {c["id"]: c["status"] for c in json.loads(out)["checks"]}
    assert statuses["skm.user_data"] == "fail"
    assert statuses["skm.key_version"] == "skip"


ASK = "after the key rotation last night, our SKM decrypt calls began to fail"


def test_diagnose_json_asks_with_candidates_their_tiers_and_a_hint(monkeypatch, capsys):
    _, out, _ = _run(monkeypatch, capsys, ["diagnose", "--json", ASK])

    document = json.loads(out)
    assert document["stance"] == "ask"
    assert [m["tier"] for m in document["matches"]] == ["symptom", "symptom"]
    assert "--choose" in document["hint"]


def test_diagnose_choose_gives_the_picked_failures_diagnosis(monkeypatch, capsys):
    argv = ["diagnose", "--json", "--choose", "invalid_key_version_status", ASK]

    code, out, _ = _run(monkeypatch, capsys, argv)

    document = json.loads(out)
    assert (code, document["stance"], document["chosen"]) == (0, "chosen", argv[3])
    assert [c["id"] for c in document["checks"]] == ["skm.key_version"]


def test_diagnose_choose_of_an_unknown_failure_is_a_usage_error(monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, ["diagnose", "--choose", "nope", ASK])

    assert code == 2
    assert "invalid_key_version" in err


def test_diagnose_jsonl_writes_one_object_per_line_in_order(monkeypatch, capsys):
    lines = "\n".join(
        json.dumps({"text": t, "other": 1}) for t in ("Invalid Appkey", "nothing", "URL NOT FOUND")
    )

    code, out, _ = _run(monkeypatch, capsys, ["diagnose", "--jsonl"], stdin=lines)

    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [[m["error"] for m in r["matches"]] for r in records] == [
        ["invalid_appkey"],
        [],
        ["url_not_found"],
    ]


def test_diagnose_jsonl_reports_a_bad_line_in_place_and_goes_on(monkeypatch, capsys):
    stdin = '{"text": "Invalid Appkey"}\nnot json\n{"nope": 1}\n{"text": "Invalid Key Id"}\n'

    code, out, err = _run(monkeypatch, capsys, ["diagnose", "--jsonl"], stdin=stdin)

    records = [json.loads(line) for line in out.splitlines()]
    assert code == 2
    assert [r.get("line") for r in records] == [None, 2, 3, None]
    assert records[3]["matches"][0]["error"] == "invalid_key_id"
    assert "2 line(s)" in err


def test_diagnose_refuses_an_oversize_paste_with_exit_two(monkeypatch, capsys):
    code, _, err = _run(monkeypatch, capsys, ["diagnose", "-"], stdin="x" * (1024 * 1024 + 1))

    assert code == 2
    assert "limit is 1,048,576 bytes" in err


def test_diagnose_with_nothing_on_a_terminal_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", _Tty(""))

    assert main(["diagnose"]) == 2
    assert "nothing to diagnose" in capsys.readouterr().err


def test_diagnose_profile_without_a_profiles_file_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.delenv("SKM_BOT_PROFILES", raising=False)

    code, _, err = _run(monkeypatch, capsys, ["diagnose", "--profile", "prod", PASTE])

    assert code == 2
    assert "profiles file" in err


def test_diagnose_unknown_profile_names_the_known_ones(monkeypatch, capsys, tmp_path):
    profiles = tmp_path / "profiles.toml"
    profiles.write_text('[profiles.staging]\nappkey = "a"\napi_version = "v1.0"\n')

    code, _, err = _run(
        monkeypatch, capsys, ["diagnose", "--profiles", str(profiles), "--profile", "prod", PASTE]
    )

    assert code == 2
    assert "known: staging" in err


def test_bad_setting_is_a_usage_error_naming_it(monkeypatch, capsys):
    monkeypatch.setenv("SKM_BOT_CHECK_TIMEOUT", "soon")

    code, _, err = _run(monkeypatch, capsys, ["diagnose", PASTE])

    assert code == 2
    assert "SKM_BOT_CHECK_TIMEOUT" in err


def test_unknown_option_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        main(["diagnose", "--frobnicate"])

    assert exit_info.value.code == 2


@pytest.mark.slow
def test_console_script_runs_as_installed():
    """The installed `skm-bot` entry point, in a real process."""
    result = subprocess.run(
        [sys.executable, "-m", "skm_bot.cli", "diagnose", "--json", "URL NOT FOUND"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0
    assert json.loads(result.stdout)["matches"][0]["error"] == "url_not_found"
