"""
Each subcommand imports only what it uses: checked in a fresh interpreter's sys.modules.

How fast that makes start-up is measured by bench/bench_cli.py, not here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Never needed to parse the command line, nor by an offline diagnosis.
SERVER_SIDE = (
    "sqlalchemy",
    "alembic",
    "slack_bolt",
    "slack_sdk",
    "aiohttp",
    "uvicorn",
    "starlette",
)
# Not needed offline either: the SKM client, certificates, and the optional extras.
OFFLINE_EXTRA = ("httpx", "cryptography", "rich", "charset_normalizer", "shtab", "matplotlib")
# Only building the catalogue (once, then cached) and the server's settings validate with these;
# the phrasebook is cached with the catalogue, so no data file is parsed either.
VALIDATION = ("pydantic", "pydantic_core", "pydantic_settings", "tomllib")


def modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    script = f"import io, json, sys\n{code}\nsys.__stdout__.write(json.dumps(sorted(sys.modules)))"
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env=os.environ | (env or {}),
    )
    return set(json.loads(run.stdout))


def loaded(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in packages}


def diagnose(*argv: str) -> str:
    return (
        "from skm_bot.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        f"main(['diagnose', *{list(argv)!r}])\n"
    )


@pytest.mark.slow
def test_importing_the_command_loads_no_server_side_nor_extras():
    modules = modules_after("import skm_bot.cli")

    assert loaded(modules, SERVER_SIDE + OFFLINE_EXTRA) == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ("--offline", "Invalid Appkey"),
        ("--offline", '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'),
        ("--json", "Certificate Auth Failure: PKIX path building failed"),
        ("--offline", 'Invalid User Data {"ciphertext": "AAAA AQ=="}'),
    ],
    ids=["appkey", "key version", "certificate", "user data"],
)
def test_an_offline_diagnosis_loads_no_server_side_nor_network(argv):
    modules = modules_after(diagnose(*argv))

    assert loaded(modules, SERVER_SIDE + OFFLINE_EXTRA) == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ("--offline", "Invalid Appkey"),
        ("--offline", "--json", "PKIX path building failed"),
        ("--offline", "the keystore rejects our IP"),
        ("--offline", '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}'),
    ],
    ids=["message", "library error", "own words", "key version checked offline"],
)
def test_an_offline_diagnosis_from_the_cached_catalogue_loads_no_validation_library(
    argv, tmp_path: Path
):
    env = {"SKM_BOT_CACHE_DIR": str(tmp_path)}
    modules_after(diagnose(*argv), env)  # the first run builds the catalogue and caches it

    assert loaded(modules_after(diagnose(*argv), env), VALIDATION) == set()


@pytest.mark.slow
def test_building_the_catalogue_is_what_loads_the_validation_library(tmp_path: Path):
    """The test above would pass if nothing ever loaded pydantic: here the build does."""
    modules = modules_after(diagnose("--offline", "Invalid Appkey"), {"SKM_BOT_CACHE_DIR": ""})

    assert "pydantic" in loaded(modules, VALIDATION)


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ("diagnose", "--help"),
        ("db", "--help"),
        ("serve", "--help"),
        ("demo", "--help"),
        ("completion", "--help"),
        ("report", "--help"),
    ],
)
def test_help_loads_no_server_side(argv):
    code = (
        "from skm_bot.cli import main\nsys.stdout = io.StringIO()\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
    )

    assert loaded(modules_after(code), SERVER_SIDE) == set()


@pytest.mark.slow
def test_a_report_without_its_chart_loads_no_matplotlib(tmp_path):
    """The chart's library loads for --png only."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'absent.sqlite3'}"
    code = (
        f"import os\nos.environ['SKM_BOT_DATABASE_URL'] = {url!r}\n"
        "from skm_bot.cli import main\nsys.stdout = io.StringIO()\n"
        "main(['report', '--json'])\n"
    )

    assert loaded(modules_after(code), ("matplotlib",)) == set()
