"""
`skm-bot diagnose` reads its settings without pydantic: it must read them as `Settings` does.

Each row is an environment; both readers must give the same values, or both refuse it naming
the same variable.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from skm_bot.cli.diagnose_settings import DiagnoseSettings, load_diagnose_settings
from skm_bot.errors import ConfigError
from skm_bot.settings import Settings, load_settings

FIELDS = ("profiles", "support_email", "check_timeout", "check_deadline", "database_url")

ENVIRONMENTS = [
    {},
    {"SKM_BOT_CHECK_TIMEOUT": "2.5", "SKM_BOT_CHECK_DEADLINE": "300"},
    {"SKM_BOT_CHECK_TIMEOUT": "60"},
    {"SKM_BOT_CHECK_TIMEOUT": "1e1"},
    {"SKM_BOT_CHECK_TIMEOUT": "7"},
    {"skm_bot_check_timeout": "3"},
    {"SKM_BOT_CHECK_TIMEOUT": "0"},
    {"SKM_BOT_CHECK_TIMEOUT": "-1"},
    {"SKM_BOT_CHECK_TIMEOUT": "60.5"},
    {"SKM_BOT_CHECK_TIMEOUT": "inf"},
    {"SKM_BOT_CHECK_TIMEOUT": "nan"},
    {"SKM_BOT_CHECK_TIMEOUT": "five"},
    {"SKM_BOT_CHECK_TIMEOUT": "1_0"},
    {"SKM_BOT_CHECK_TIMEOUT": " 5 "},
    {"SKM_BOT_CHECK_TIMEOUT": "0x10"},
    {"SKM_BOT_CHECK_TIMEOUT": ""},
    {"SKM_BOT_CHECK_DEADLINE": "301"},
    {"SKM_BOT_SUPPORT_EMAIL": "team@example.com"},
    {"SKM_BOT_SUPPORT_EMAIL": "not an address"},
    {"SKM_BOT_SUPPORT_EMAIL": "team@example.com\n"},
    {"SKM_BOT_SUPPORT_EMAIL": ""},
    {"SKM_BOT_PROFILES": "/etc/skm-bot/profiles.toml"},
    {"SKM_BOT_DATABASE_URL": "postgresql+asyncpg://bot@127.0.0.1/skm"},
    {"SKM_BOT_DATABASE_URL": ""},
    {"SKM_BOT_CACHE_DIR": "/var/cache/skm-bot"},
    {"SKM_BOT_CACHE_DIR": ""},
]


def read(reader, environ):
    """The settings as a tuple of the shared fields, or the variable a refusal names."""
    try:
        settings = reader(environ)
    except ConfigError as exc:
        return ("refused", str(exc).split(":")[0])
    return tuple(getattr(settings, name) for name in (*FIELDS, "cache_dir"))


def full_settings(monkeypatch):
    def reader(environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return load_settings()

    return reader


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    for name in (*FIELDS, "cache_dir"):
        monkeypatch.delenv(f"SKM_BOT_{name.upper()}", raising=False)


@pytest.mark.parametrize("environ", ENVIRONMENTS, ids=lambda env: repr(env)[:60])
def test_diagnose_reads_each_variable_as_the_full_settings_do(environ, monkeypatch):
    assert read(load_diagnose_settings, environ) == read(full_settings(monkeypatch), environ)


def test_a_wrong_server_setting_does_not_stop_a_diagnosis():
    settings = load_diagnose_settings({"SKM_BOT_WORKERS": "many"})

    assert settings == DiagnoseSettings(
        database_url=Settings().database_url, cache_dir=Settings().cache_dir
    )


def test_an_empty_cache_dir_turns_the_cache_off():
    assert load_diagnose_settings({"SKM_BOT_CACHE_DIR": ""}).cache_dir is None


def test_a_refusal_names_the_variable_and_the_limit():
    with pytest.raises(ConfigError, match=r"^SKM_BOT_CHECK_TIMEOUT: .*at most 60"):
        load_diagnose_settings({"SKM_BOT_CHECK_TIMEOUT": "61"})


def test_a_profiles_path_is_a_path():
    assert load_diagnose_settings({"SKM_BOT_PROFILES": "p.toml"}).profiles == Path("p.toml")
