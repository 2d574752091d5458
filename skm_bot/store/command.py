"""`skm-bot db upgrade|current`: apply the store's migrations, or say where the database is."""

from __future__ import annotations

import argparse
import asyncio
import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from skm_bot.settings import Settings
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import current_revision, head_revision, upgrade

EXIT_OK = 0
EXIT_FAILED = 1


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """`db upgrade [--url URL]` and `db current [--url URL]`."""
    parser.description = "Manage the store (SKM_BOT_DATABASE_URL: a SQLite file by default)."
    sub = parser.add_subparsers(dest="db_command", required=True)
    for name, help_text in (
        ("upgrade", "apply every migration not yet applied (safe to run on each start)"),
        ("current", "print the database's revision and the newest one shipped"),
    ):
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--url", help="database URL (default: $SKM_BOT_DATABASE_URL)")


async def _run(command: str, url: str) -> str:
    engine = make_engine(url)
    try:
        if command == "upgrade":
            await upgrade(engine)
        return f"at revision {await current_revision(engine)} (newest: {head_revision()})"
    finally:
        await engine.dispose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the chosen `db` command; the exit code."""
    url = str(args.url) if args.url else settings.database_url
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        message = asyncio.run(_run(args.db_command, url))
    except (SQLAlchemyError, OSError) as exc:
        print(f"skm-bot: database {shown}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"database {shown}: {message}")
    return EXIT_OK
