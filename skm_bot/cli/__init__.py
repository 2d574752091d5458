"""
The `skm-bot` command: the edge where settings, the clock, files and the network are read.

Each subcommand's implementation is imported only when that subcommand runs: `diagnose` never
loads the Slack app, the web server or the store's SQL layer, so it starts at once. Output
never ends in a traceback for the terminal's sake: what the terminal cannot encode is written
as ASCII or `?`, and a reader that goes away (`| head`) ends the command quietly.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from skm_bot.cli.output import silence_stdout, tolerate_encoding
from skm_bot.cli.parser import build_parser
from skm_bot.cli.status import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_USAGE
from skm_bot.errors import ConfigError, InputError


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `skm-bot` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        tolerate_encoding(stream)
    try:
        try:
            code = run(arguments)
        finally:
            # Also after argparse's --help, which exits from inside parse_args: a flush left to
            # the interpreter's exit would print "Exception ignored" when the reader is gone.
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout(sys.stdout)
        return EXIT_BROKEN_PIPE
    return code


def run(arguments: list[str]) -> int:
    """Parse `arguments` and run the subcommand; usage errors and Ctrl-C become exit codes."""
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    try:
        code: int = args.handler(args)
    except (InputError, ConfigError) as exc:
        print(f"skm-bot: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return code
