"""Where skm-bot keeps its files on this machine, when the settings name no other place."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_data_path

APP_NAME = "skm-bot"
DATABASE_FILE = "skm-bot.sqlite3"


def default_database_path() -> Path:
    """
    The store's SQLite file in the platform's data directory, whatever the working directory.

    On Linux that is `$XDG_DATA_HOME/skm-bot/skm-bot.sqlite3` (`~/.local/share/…` when unset);
    macOS and Windows get their own data directories. `serve`, the webhooks and every CLI
    command use this one file unless SKM_BOT_DATABASE_URL names another store.
    """
    return user_data_path(APP_NAME, appauthor=False) / DATABASE_FILE


def default_database_url() -> str:
    """The SQLite URL of `default_database_path()`."""
    return f"sqlite+aiosqlite:///{default_database_path()}"


def default_cache_dir() -> Path:
    """Where caches live: `$XDG_CACHE_HOME/skm-bot` on Linux (`~/.cache/…` when unset)."""
    return user_cache_path(APP_NAME, appauthor=False)
