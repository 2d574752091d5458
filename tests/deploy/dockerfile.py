"""A Dockerfile read as its instructions: enough to compare it with the manifests, not to build."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Instruction:
    """One instruction: its keyword (upper case) and its arguments as written."""

    keyword: str
    arguments: str

    def exec_form(self) -> list[str]:
        """The JSON array of CMD or ENTRYPOINT (their shell form is not used here)."""
        return list(json.loads(self.arguments))


def instructions(path: Path) -> list[Instruction]:
    """Every instruction, continuation lines joined, comments and blank lines dropped."""
    text = re.sub(r"\\\n", " ", path.read_text())
    lines = (line.strip() for line in text.splitlines())
    found = []
    for line in lines:
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            found.append(Instruction(keyword.upper(), arguments.strip()))
    return found


def last(path: Path, keyword: str) -> Instruction:
    """The instruction that takes effect: the last one with this keyword."""
    return [i for i in instructions(path) if i.keyword == keyword][-1]


def copied_sources(path: Path) -> list[str]:
    """The build-context paths every COPY reads (flags such as --chown left out)."""
    sources = []
    for copy in (i for i in instructions(path) if i.keyword == "COPY"):
        words = [w for w in copy.arguments.split() if not w.startswith("--")]
        sources += words[:-1]
    return sources


def ignored(dockerignore: Path) -> list[str]:
    """The .dockerignore patterns (no negations are used in ours)."""
    lines = (line.strip() for line in dockerignore.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("#")]
