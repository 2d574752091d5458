"""How far back a command looks: `7d`, `24h`, `2w`, read from the command line."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta

_SPAN = re.compile(r"^\s*(\d{1,4})\s*([hdw])\s*$")
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_since(text: str) -> timedelta:
    """A span like `7d`, `24h` or `2w`; an argparse error saying what is wanted otherwise."""
    found = _SPAN.match(text.lower())
    if found is None or int(found.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a span such as 7d, 24h or 2w")
    return int(found.group(1)) * _UNITS[found.group(2)]
