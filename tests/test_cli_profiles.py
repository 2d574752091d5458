"""`skm-bot diagnose --profile`: only the chosen profile's secrets matter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from skm_bot.cli import main
from skm_bot.cli.job import DiagnoseOptions, choose_profile
from skm_bot.settings import Settings

PASTE = '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false}}'
CANARY = "CANARY-prod-secret-7d2"
# prod reaches nothing (port 9 refuses at once): its checks fail fast, the run still completes.
PROFILES = """
[profiles.prod]
endpoint = "http://127.0.0.1:9"
appkey = "prod-appkey"
access_key_id = "AKID"
secret_access_key_env = "PROD_SECRET"

[profiles.emu]
appkey = "emu-appkey"
secret_access_key_env = "EMU_SECRET"
"""


@pytest.fixture(name="profiles")
def _profiles(tmp_path: Path, monkeypatch) -> Path:
    """Two profiles; prod's secret is set, emu's is not."""
    path = tmp_path / "profiles.toml"
    path.write_text(PROFILES)
    monkeypatch.setenv("PROD_SECRET", CANARY)
    monkeypatch.delenv("EMU_SECRET", raising=False)
    return path


def test_choose_profile_ignores_another_profiles_missing_secret(profiles: Path):
    options = DiagnoseOptions(text=PASTE, profile="prod", profiles=profiles)

    chosen = choose_profile(options, Settings())

    assert chosen is not None
    assert chosen.name == "prod"


def test_diagnose_with_a_usable_profile_runs_beside_an_unusable_one(profiles: Path, capsys):
    code = main(["diagnose", "--json", "--profiles", str(profiles), "--profile", "prod", PASTE])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["matches"][0]["error"] == "invalid_appkey"
    assert CANARY not in out + err


def test_diagnose_with_the_unusable_profile_names_it_and_its_variable(profiles: Path, capsys):
    code = main(["diagnose", "--profiles", str(profiles), "--profile", "emu", PASTE])

    assert code == 2
    assert capsys.readouterr().err == (
        "skm-bot: profile 'emu': environment variable 'EMU_SECRET' is not set\n"
    )
