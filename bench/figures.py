"""
One way for every benchmark to report a figure: its value beside its target, met or not met.

Each bench prints its figures as it always has and also calls `record(...)`. When
`SKM_BENCH_RESULTS` names a file (`make bench` sets it), each figure is appended there as one
JSON line; `bench/summary.py` turns the lines into the markdown table in bench/RESULTS.md.

    from figures import Figure, record
    record(Figure("diagnose", "1 KB pastes per second", 10_480, ">=", 10_000, "pastes/s"))
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from typing import Literal

Comparison = Literal["<", "<=", ">", ">="]


@dataclass(frozen=True)
class Figure:
    bench: str
    name: str
    value: float
    compare: Comparison
    target: float
    unit: str = ""
    # How the figure was taken: "median of 9 paired rounds (min 1.10, max 1.31)".
    detail: str = ""

    @property
    def met(self) -> bool:
        return {
            "<": self.value < self.target,
            "<=": self.value <= self.target,
            ">": self.value > self.target,
            ">=": self.value >= self.target,
        }[self.compare]

    def value_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        detail = f" ({self.detail})" if self.detail else ""
        return f"{_number(self.value)}{unit}{detail}"

    def target_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.compare} {_number(self.target)}{unit}"

    def line(self) -> str:
        verdict = "met" if self.met else "NOT MET"
        return f"  {self.name}: {self.value_text()}  target {self.target_text()}: {verdict}"


def record(*figures: Figure) -> bool:
    """Print each figure beside its target, keep it for the summary; True when all are met."""
    path = os.environ.get("SKM_BENCH_RESULTS")
    for figure in figures:
        print(figure.line(), flush=True)
        if path:
            with open(path, "a", encoding="utf-8") as out:
                out.write(json.dumps(asdict(figure) | {"met": figure.met}) + "\n")
    return all(figure.met for figure in figures)


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"
