"""
The CPU time a server has used so far: its own and its descendants' (a process pool's workers
do a server's heavy work), read from Linux's /proc.

A bench takes it before and after a run to print the server's CPU per request: the figure that
tells whether the server or the load generator set the pace.
"""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process `pid` and every live descendant of it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in _family(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # it ended between the listing and the reading
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _family(pid: int) -> list[int]:
    """`pid` and its descendants, from each thread's list of children."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pending += [int(child) for child in children.read_text().split()]
            except FileNotFoundError:
                continue
    return found
