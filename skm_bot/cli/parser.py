"""
The command line's shape: every subcommand, its options and its handler.

Only the subcommand named on the command line is configured and run, and each handler imports
its implementation when it runs: `skm-bot diagnose` loads nothing of the Slack app, the web
server or the store. Every subcommand's help ends with examples and shows the defaults.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from skm_bot import __version__
from skm_bot.core.language import LANGUAGES

Handler = Callable[[argparse.Namespace], int]
DEFAULT_SERVE_PORT = 3000
COMPLETION_SHELLS = ("bash", "zsh", "tcsh")
COLOR_CHOICES = ("auto", "always", "never")


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """
    Help that shows each option's default and keeps the examples' lines as written.

    A default of None or False (a flag) says nothing, and a help text that names its default
    already is left alone. A description of one paragraph is wrapped; a text of several lines
    (the examples) is kept as it is.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" not in text:
            return super()._fill_text(text, width, indent)
        return "".join(indent + line for line in text.splitlines(keepends=True))

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None or action.default is False or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


@dataclass(frozen=True)
class Subcommand:
    """One `skm-bot NAME`: its help line, how to add its options, what runs it, examples."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    handler: Handler
    examples: str = ""


def examples(*lines: str) -> str:
    """An epilog of example command lines."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


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
        help='read JSON Lines {"text": ...} on stdin, write one JSON object per line '
        "(a large file on stdin is shared among one process per core)",
    )
    p.add_argument("--offline", action="store_true", help="run no network check")
    p.add_argument("--lang", choices=LANGUAGES, help="reply in this language")
    p.add_argument("--profile", help="the profile whose SKM project the live checks use")
    p.add_argument("--profiles", type=Path, help="profiles TOML file (default: $SKM_BOT_PROFILES)")
    p.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the report: auto colours a terminal unless NO_COLOR is set",
    )
    p.add_argument(
        "--choose",
        metavar="ERROR_ID",
        help="the failure it is, when the report asked which of its candidates: that "
        "failure's full diagnosis and checks",
    )


def _run_diagnose(args: argparse.Namespace) -> int:
    from skm_bot.cli.diagnose import run_diagnose
    from skm_bot.cli.job import DiagnoseOptions

    options = DiagnoseOptions(
        text=args.text,
        json=args.json,
        jsonl=args.jsonl,
        offline=args.offline,
        language=args.lang,
        profile=args.profile,
        profiles=args.profiles,
        color=args.color,
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
        formatter_class=HelpFormatter,
        epilog=CERT_EXAMPLES,
    )
    command.configure_parser(inspect)


def _run_cert(args: argparse.Namespace) -> int:
    from skm_bot.certs.command import InspectOptions, run

    return run(InspectOptions.from_args(args))


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
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes sharing the port; more than 1 needs PostgreSQL",
    )


def _run_serve(args: argparse.Namespace) -> int:
    from skm_bot.server.serve import ServeOptions, run
    from skm_bot.settings import load_settings

    options = ServeOptions(socket=args.socket, host=args.host, port=args.port, workers=args.workers)
    return run(options, load_settings())


def _configure_watch(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Look ahead once over the profiles: certificates near expiry, keys scheduled for "
        "deletion but still used, IPv4/MAC/certificate changes, SKM reachability. Exit 0 when "
        "nothing is due, 1 when a finding is, 2 on a usage error."
    )
    p.add_argument("--once", action="store_true", help="run one pass and exit (required)")
    p.add_argument("--profile", help="watch only this profile (default: every profile)")
    p.add_argument("--profiles", type=Path, help="profiles TOML file (default: $SKM_BOT_PROFILES)")
    p.add_argument("--json", action="store_true", help="print one JSON object per profile per line")
    p.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of summaries and fixes"
    )


def _run_watch(args: argparse.Namespace) -> int:
    from skm_bot.cli.watch import WatchOptions, run_watch

    options = WatchOptions(
        once=args.once,
        profile=args.profile,
        profiles=args.profiles,
        json=args.json,
        language=args.lang,
    )
    return run_watch(options)


def _configure_report(p: argparse.ArgumentParser) -> None:
    from skm_bot.cli.spans import parse_since

    p.description = (
        "The digest of a span up to now, from the store (SKM_BOT_DATABASE_URL): failures by "
        "kind and day, how many were resolved and how fast, the helpful rate, the alert groups "
        "opened and closed."
    )
    p.add_argument(
        "--since",
        type=parse_since,
        default="7d",
        metavar="SPAN",
        help="how far back: hours, days or weeks (24h, 7d, 2w)",
    )
    p.add_argument("--channel", help="one Slack channel's (default: every channel's together)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--png", type=Path, metavar="FILE", help="write the chart to FILE (PNG)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the report")


def _run_report(args: argparse.Namespace) -> int:
    from skm_bot.cli.report import ReportOptions, run_report

    options = ReportOptions(
        since=args.since,
        png=args.png,
        json=args.json,
        channel=args.channel,
        language=args.lang,
    )
    return run_report(options)


def _configure_db(p: argparse.ArgumentParser) -> None:
    p.description = "Manage the store (SKM_BOT_DATABASE_URL: a SQLite file by default)."
    sub = p.add_subparsers(dest="db_command", required=True)
    for name, help_text in (
        ("upgrade", "apply every migration not yet applied (safe to run on each start)"),
        ("current", "print the database's revision and the newest one shipped"),
    ):
        command = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            formatter_class=HelpFormatter,
            epilog=DB_EXAMPLES,
        )
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


def _configure_completion(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Print the shell completion script for skm-bot. Load it from your shell's start-up "
        "file, or save it where your shell looks for completions."
    )
    p.add_argument("shell", choices=COMPLETION_SHELLS, help="the shell to complete for")


def _run_completion(args: argparse.Namespace) -> int:
    from skm_bot.cli.completion import completion_script

    sys.stdout.write(completion_script(build_parser(), args.shell))
    return 0


DIAGNOSE_EXAMPLES = examples(
    "skm-bot diagnose 'Invalid Appkey'",
    "pbpaste | skm-bot diagnose                 # stdin when TEXT is omitted or '-'",
    "skm-bot diagnose --json < error.txt        # one JSON object",
    "jq -c '{text: .message}' app.log.json | skm-bot diagnose --jsonl",
    "skm-bot diagnose --profile prod < error.txt   # live checks against your SKM project",
    "skm-bot diagnose req-7f3a9b2c              # an ID: the stored diagnosis, re-run",
) + (
    "\n\nexit status: 0 a diagnosis was made (even with no match) or an ID was looked up;"
    "\n  2 a usage error or unusable input (--jsonl: at the end, when any line failed)."
)
CERT_EXAMPLES = examples(
    "skm-bot cert inspect client.p12 --password-env P12_PASSWORD",
    "skm-bot cert inspect client.pem --json --ca-bundle skm-ca.pem",
)
WATCH_EXAMPLES = examples(
    "skm-bot watch --once                        # every profile of $SKM_BOT_PROFILES",
    "skm-bot watch --once --profile prod --lang ja",
    "skm-bot watch --once --json | jq -c '.findings[] | {severity, subject, due}'",
) + (
    "\n\nexit status: 0 nothing is due; 1 a finding is (a warning or worse);"
    "\n  2 a usage error (no --once, no profiles, an unknown profile)."
)
REPORT_EXAMPLES = examples(
    "skm-bot report                               # the last 7 days, every channel",
    "skm-bot report --since 30d --channel C0123456789 --png month.png",
    "skm-bot report --json | jq '.kinds[] | {error, failures, resolved}'",
)
DB_EXAMPLES = examples(
    "skm-bot db upgrade",
    "SKM_BOT_DATABASE_URL=postgresql+asyncpg://bot@db/skm skm-bot db current",
)
COMPLETION_EXAMPLES = examples(
    "skm-bot completion bash > ~/.local/share/bash-completion/completions/skm-bot",
    "skm-bot completion zsh > ~/.zfunc/_skm-bot    # with fpath+=(~/.zfunc) in ~/.zshrc",
    "skm-bot completion tcsh > ~/.skm-bot.tcsh     # and: source ~/.skm-bot.tcsh in ~/.tcshrc",
)

SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "diagnose",
        "diagnose a pasted SKM error, log line, stack trace or request",
        _configure_diagnose,
        _run_diagnose,
        DIAGNOSE_EXAMPLES,
    ),
    Subcommand("cert", "client-certificate tools", _configure_cert, _run_cert, CERT_EXAMPLES),
    Subcommand(
        "serve",
        "run the Slack app (Socket Mode or HTTP)",
        _configure_serve,
        _run_serve,
        examples(
            "skm-bot serve --socket",
            "skm-bot serve --http --host 0.0.0.0 --port 3000   # behind your TLS proxy",
            "skm-bot serve --http --workers 2   # two processes; SKM_BOT_DATABASE_URL=postgresql://…",
        ),
    ),
    Subcommand(
        "watch",
        "look ahead for what is about to break, once",
        _configure_watch,
        _run_watch,
        WATCH_EXAMPLES,
    ),
    Subcommand(
        "report",
        "the digest of the last days from the store: failures, resolutions, a chart",
        _configure_report,
        _run_report,
        REPORT_EXAMPLES,
    ),
    Subcommand(
        "db", "manage the store: db upgrade, db current", _configure_db, _run_db, DB_EXAMPLES
    ),
    Subcommand(
        "emulator",
        "run the local SKM emulator",
        _configure_emulator,
        _run_emulator,
        examples(
            "skm-bot emulator --port 8080                    # http://127.0.0.1:8080",
            "skm-bot emulator --tls --seed my-project.toml   # HTTPS, your own project",
        ),
    ),
    Subcommand(
        "demo",
        "try the whole bot against the embedded emulator",
        _configure_demo,
        _run_demo,
        examples("skm-bot demo", "skm-bot demo --emails all"),
    ),
    Subcommand(
        "completion",
        "print a shell completion script (bash, zsh, tcsh)",
        _configure_completion,
        _run_completion,
        COMPLETION_EXAMPLES,
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
        formatter_class=HelpFormatter,
        epilog=examples(
            "skm-bot diagnose 'Invalid Appkey'",
            "skm-bot diagnose --help       # each command's options and examples",
        ),
    )
    parser.add_argument("-V", "--version", action="version", version=f"skm-bot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    chosen = None if argv is None else chosen_subcommand(argv)
    for command in SUBCOMMANDS:
        p = sub.add_parser(
            command.name,
            help=command.help,
            formatter_class=HelpFormatter,
            epilog=command.examples or None,
        )
        if argv is None or command.name == chosen:
            command.configure(p)
        p.set_defaults(handler=command.handler)
    return parser
