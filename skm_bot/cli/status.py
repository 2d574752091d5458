"""The exit statuses of `skm-bot`, defined once (the README's "Exit status" table)."""

from __future__ import annotations

EXIT_OK = 0
# A usage error or unusable input; --jsonl: at the end, when any line could not be read.
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# A process killed by SIGPIPE reports 128 + 13 to its shell; ending quietly, we say the same.
EXIT_BROKEN_PIPE = 141
