"""The leak corpus (tests/data/leaks/*.toml): every shape, each with its own canary."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEAKS = Path(__file__).parents[1] / "data" / "leaks"
MARK = "{canary}"


@dataclass(frozen=True)
class Shape:
    """One shape a secret has been seen in, with its canary put in."""

    id: str
    kind: str
    context: str
    text: str
    canary: str


@dataclass(frozen=True)
class Keep:
    """A paste whose facts must come through redaction untouched."""

    id: str
    text: str
    keep: tuple[str, ...]


def canary_for(shape_id: str) -> str:
    """A canary of letters and digits, its own for each shape, that no rule can look for."""
    return "Kq" + hashlib.sha256(shape_id.encode()).hexdigest()[:10] + "Zv"


@cache
def shapes() -> tuple[Shape, ...]:
    """Every shape of every file, in file order."""
    found: list[Shape] = []
    for path in sorted(LEAKS.glob("*.toml")):
        for entry in tomllib.loads(path.read_text("utf-8")).get("leak", []):
            canary = canary_for(entry["id"])
            text = entry["text"].replace(MARK, canary)
            found.append(Shape(entry["id"], entry["kind"], entry["context"], text, canary))
    return tuple(found)


@cache
def keeps() -> tuple[Keep, ...]:
    """Every paste whose facts must survive redaction."""
    data = tomllib.loads((LEAKS / "keep.toml").read_text("utf-8"))
    return tuple(Keep(e["id"], e["text"], tuple(e["keep"])) for e in data["keep"])


def canaries() -> tuple[str, ...]:
    """Every shape's canary."""
    return tuple(shape.canary for shape in shapes())


def leaked(output: str) -> list[str]:
    """The ids of the shapes whose canary is in `output`."""
    return [shape.id for shape in shapes() if shape.canary in output]
