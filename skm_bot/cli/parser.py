"""
The command line's shape: every subcommand, its options and its handler.

Only the subcommand named on the command line is configured and run, and each handler imports
its implementation when it runs: `skm-bot diagnose` loads nothing of the Slack app, the web
server or the store.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skm_bot import __version__
from skm_bot.core.language import LANGUAGES

Handler = Callable[[argparse.Namespace], int]
DEFAULT_SERVE_PORT = 3000


@dataclass(frozen=True)
class Subcommand:
    """One `skm-bot NAME`: its help line, how to add its options, and what runs it."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    handler: Handler


def _configure_diagnose(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Diagnose a pasted SKM failure. Exit 0 when a diagnosis was made (even with no match), "
        "2 on a usage error or unusable input."
    )
    p.add_argument("text", nargs="?", default="-", help="the paste; '-' or omitted reads stdin")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON Lines {"text": ...} on stdin, write one JSON object per line',
    )
    p.add_argument("--offline", action="store_true", help="run no network check")
    p.add_argument("--lang", choices=LANGUAGES, help="reply in this language")
    p.add_argument("--profile", help="the profile whose SKM project the live checks use")
    p.add_argument("--profiles", type=Path, help="profiles TOML file (default: $SKM_BOT_PROFILES)")
    p.add_argument(
        "--choose",
        metavar="ERROR_ID",
        help="the failure it is, when the report asked which of its candidates: that "
        "failure's full diagnosis and checks",
    )


def _run_diagnose(args: argparse.Namespace) -> int:
    from skm_bot.cli.diagnose import DiagnoseOptions, run_diagnose

    options = DiagnoseOptions(
        text=args.text,
        json=args.json,
        jsonl=args.jsonl,
        offline=args.offline,
        language=args.lang,
        profile=args.profile,
        profiles=args.profiles,
        choose=args.choose,
    )
    return run_diagnose(options)


def _configure_cert(p: argparse.ArgumentParser) -> None:
    from skm_bot.certs import command

    sub = p.add_subparsers(dest="cert_command", required=True)
    inspect = sub.add_parser(
        "inspect",
        help="inspect a client certificate file offline",
        description="Inspect a PKCS#12, PEM or DER client certificate file offline.",
    )
    command.configure_parser(inspect)


def _run_cert(args: argparse.Namespace) -> int:
    from skm_bot.certs import command

    return command.run(args)


def _configure_serve(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Run the Slack app with its alert webhooks, store and outbox. Tokens come from "
        "SLACK_BOT_TOKEN, SLACK_APP_TOKEN (Socket Mode) and SLACK_SIGNING_SECRET (HTTP mode)."
    )
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--socket", action="store_true", help="Socket Mode: no public URL needed")
    mode.add_argument("--http", action="store_true", help="Events API on POST /slack/events")
    p.add_argument(
        "--host", default="127.0.0.1", help="address for HTTP (events, webhooks and probes)"
    )
    p.add_argument("--port", type=int, default=DEFAULT_SERVE_PORT, help="port for HTTP")


def _run_serve(args: argparse.Namespace) -> int:
    from skm_bot.server.serve import ServeOptions, run
    from skm_bot.settings import load_settings

    options = ServeOptions(socket=args.socket, host=args.host, port=args.port)
    return run(options, load_settings())


def _configure_db(p: argparse.ArgumentParser) -> None:
    p.description = "Manage the store (SKM_BOT_DATABASE_URL: a SQLite file by default)."
    sub = p.add_subparsers(dest="db_command", required=True)
    for name, help_text in (
        ("upgrade", "apply every migration not yet applied (safe to run on each start)"),
        ("current", "print the database's revision and the newest one shipped"),
    ):
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--url", help="database URL (default: $SKM_BOT_DATABASE_URL)")


def _run_db(args: argparse.Namespace) -> int:
    from skm_bot.settings import load_settings
    from skm_bot.store.command import run

    url = str(args.url) if args.url else load_settings().database_url
    return run(args.db_command, url)


def _configure_emulator(p: argparse.ArgumentParser) -> None:
    from skm_bot.emulator import command

    command.configure_parser(p)


def _run_emulator(args: argparse.Namespace) -> int:
    from skm_bot.emulator.command import EmulatorOptions, run

    return run(EmulatorOptions.from_args(args))


def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Start the embedded SKM emulator and diagnose a set of realistic failures end to end, "
        "live checks included. Needs no account and no network."
    )
    p.add_argument(
        "--emails",
        choices=("first", "all", "none"),
        default="first",
        help="which replies show their full support email (default: the first)",
    )


def _run_demo(args: argparse.Namespace) -> int:
    from skm_bot.demo import run

    return run(show_email=args.emails)


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "diagnose",
        "diagnose a pasted SKM error, log line, stack trace or request",
        _configure_diagnose,
        _run_diagnose,
    ),
    Subcommand("cert", "client-certificate tools", _configure_cert, _run_cert),
    Subcommand("serve", "run the Slack app (Socket Mode or HTTP)", _configure_serve, _run_serve),
    Subcommand("db", "manage the store: db upgrade, db current", _configure_db, _run_db),
    Subcommand("emulator", "run the local SKM emulator", _configure_emulator, _run_emulator),
    Subcommand(
        "demo", "try the whole bot against the embedded emulator", _configure_demo, _run_demo
    ),
)


def chosen_subcommand(argv: Sequence[str]) -> str | None:
    """The subcommand named in `argv` (the first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """
    The command line. With `argv`, only the subcommand it names gets its options (the others
    are listed by name and help line); without, every subcommand is configured.
    """
    parser = argparse.ArgumentParser(
        prog="skm-bot",
        description="Recognise NHN Cloud Secure Key Manager failures, check them for real, "
        "explain them and draft the support email.",
    )
    parser.add_argument("--version", action="version", version=f"skm-bot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = None if argv is None else chosen_subcommand(argv)
    for command in SUBCOMMANDS:
        p = sub.add_parser(command.name, help=command.help)
        if argv is None or command.name == chosen:
            command.configure(p)
        p.set_defaults(handler=command.handler)
    return parser
