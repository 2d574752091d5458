"""
The `skm-bot` command: the edge where settings, the clock, files and the network are read.

Each subcommand's implementation is imported only when that subcommand runs: `diagnose` never
loads the Slack app, the web server or the store's SQL layer, so it starts at once.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from skm_bot.cli.parser import build_parser
from skm_bot.errors import ConfigError, InputError

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `skm-bot` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
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
