"""
The summary table of one `make bench` run: every figure the benches recorded, beside its
target, as markdown, headed with the date and the machine it ran on.

    python bench/summary.py bench/.results.jsonl > bench/RESULTS.md
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from figures import Figure


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f", {gib:.0f} GiB"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cores} cores ({cpu}){memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def table(figures: list[Figure]) -> str:
    rows = [
        "| Bench | Figure | Value | Target | | How it was measured |",
        "|---|---|---|---|---|---|",
    ]
    rows += [
        "| "
        + " | ".join(
            _cell(text)
            for text in (
                f.bench,
                f.name,
                replace(f, detail="").value_text(),
                f.target_text(),
                "met" if f.met else "**not met**",
                f.detail,
            )
        )
        + " |"
        for f in figures
    ]
    return "\n".join(rows)


def _cell(text: str) -> str:
    """Text as one markdown table cell: a `|` in it would end the cell."""
    return text.replace("|", "\\|")


def load() -> str:
    """How busy the machine was: a shared machine's figures read differently from a quiet one's."""
    if not hasattr(os, "getloadavg"):
        return ""
    one, five, fifteen = os.getloadavg()
    return (
        f"Load average as it finished: {one:.1f}, {five:.1f}, {fifteen:.1f} (1, 5, 15 min; the "
        "benches' own processes included).\n"
    )


def main() -> int:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/.results.jsonl")
    figures = []
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        data.pop("met", None)
        figures.append(Figure(**data))
    met = sum(f.met for f in figures)
    print("# Benchmark results\n")
    print(f"Run by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.  ")
    print(f"Machine: {machine()}.  ")
    print(load())
    print(f"{met} of {len(figures)} figures meet their targets.\n")
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
