"""The benchmarks' figures: met or not by their comparison, printed plainly, one table cell each."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

# The benchmarks are scripts in bench/, importing each other by name as they run there.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from figures import Comparison, Figure
from summary import table


@pytest.mark.parametrize(
    ("value", "compare", "target", "met"),
    [
        (1.25, "<=", 1.25, True),
        (1.26, "<=", 1.25, False),
        (99.9, "<", 100, True),
        (100, "<", 100, False),
        (5000, ">=", 5000, True),
        (4999, ">=", 5000, False),
        (0, "<=", 0, True),
        (1, "<=", 0, False),
    ],
)
def test_a_figure_is_met_by_its_comparison(
    value: float, compare: Comparison, target: float, met: bool
):
    assert Figure("b", "f", value, compare, target).met is met


@pytest.mark.parametrize(
    ("value", "printed"),
    [(0, "0"), (5.0, "5"), (2.5, "2.50"), (42.25, "42.2"), (1234.0, "1,234"), (1234.5, "1,234")],
)
def test_a_value_prints_without_needless_decimals(value: float, printed: str):
    assert Figure("b", "f", value, "<", 1).value_text() == printed


def test_a_pipe_in_a_figure_stays_inside_its_cell():
    figure = Figure("b", "a | b", 1.0, "<=", 2.0, detail="min 0.5 | max 1.5")

    row = table([figure]).splitlines()[-1]

    assert len(re.findall(r"(?<!\\)\|", row)) == 7
