"""
`skm-bot completion SHELL`: a completion script generated from the parser by shtab.

The script is static: pressing Tab runs the shell's own code, never Python. Options that take
a file complete file names.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _subparsers(child)
    return found


def complete_paths(parser: argparse.ArgumentParser) -> None:
    """Mark every argument that takes a path, in every subcommand, to complete file names."""
    import shtab

    for each in _subparsers(parser):
        for action in each._actions:
            if action.type is Path:
                action.complete = shtab.FILE  # type: ignore[attr-defined]


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of `parser` for `shell` (bash, zsh or tcsh)."""
    import shtab

    complete_paths(parser)
    script: str = shtab.complete(parser, shell=shell)
    return script
