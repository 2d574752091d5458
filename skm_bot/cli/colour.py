"""
Colour for the terminal report, with rich, imported only when colour is on.

`--color auto` (the default) colours a terminal unless NO_COLOR is set (https://no-color.org)
or TERM is `dumb`; `always` colours a pipe too, and `never` never. The report stays plain text
built by render/terminal.py; colour is laid over it by pattern, so JSON and pipes are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from skm_bot.core.check_result import Status
from skm_bot.render.terminal import STATUS_MARK

COLOR_CHOICES = ("auto", "always", "never")
_STATUS_STYLES = {
    Status.PASS: "green",
    Status.FAIL: "bold red",
    Status.WARN: "yellow",
    Status.SKIP: "dim",
    Status.ERROR: "magenta",
}
# (pattern, style), applied in order over the plain report.
HIGHLIGHTS: tuple[tuple[str, str], ...] = (
    (r"(?m)^\S[^\n]*[:：]$", "bold"),
    (r"(?m)^■ [^\n]*$", "bold"),
    (r"(?m)^⚠ [^\n]*$", "bold yellow"),
    (r"(?m)^── [^\n]* ──$", "cyan"),
    *(
        ("(?m)^  " + re.escape(mark), _STATUS_STYLES[status])
        for status, mark in STATUS_MARK.items()
    ),
)


def wants_colour(choice: str, stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether to colour what goes to `stream`, given `--color` and the environment."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class Screen:
    """Where text goes, and whether it is coloured there."""

    stream: IO[str]
    colour: bool = False

    def show(self, text: str) -> None:
        """Write `text` and a newline, coloured when colour is on."""
        if not self.colour:
            print(text, file=self.stream)
            return
        from rich.console import Console
        from rich.text import Text

        styled = Text(text)
        for pattern, style in HIGHLIGHTS:
            styled.highlight_regex(pattern, style)
        # force_terminal and a colour system: the decision is made above, not again by rich
        # (which would drop colour for TERM=dumb or when it cannot see a terminal).
        console = Console(
            file=self.stream,
            force_terminal=True,
            color_system="standard",
            no_color=False,
            highlight=False,
            soft_wrap=True,
        )
        console.print(styled)
