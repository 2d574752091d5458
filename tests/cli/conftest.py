"""Run `skm-bot` in-process with stdin, stdout and stderr as bytes in chosen encodings."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from skm_bot.cli import main


@dataclass(frozen=True)
class Ran:
    """What one run of the command left: its status, and stdout and stderr as bytes."""

    code: int
    stdout: bytes
    stderr: bytes
    encoding: str

    @property
    def out(self) -> str:
        return self.stdout.decode(self.encoding)

    @property
    def err(self) -> str:
        return self.stderr.decode(self.encoding)


class Pipe(io.TextIOWrapper):
    """A text stream over bytes that is not a terminal, as a pipe or a redirected file is."""

    def __init__(self, data: bytes = b"", encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(data), encoding=encoding, newline="")

    def written(self) -> bytes:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue()


Cli = Callable[..., Ran]


@pytest.fixture(name="cli")
def _cli(monkeypatch: pytest.MonkeyPatch) -> Cli:
    """`cli(*argv, stdin=b"...", encoding="cp1252")`: main() over byte streams."""

    def run(*argv: str, stdin: bytes = b"", encoding: str = "utf-8") -> Ran:
        out, err = Pipe(encoding=encoding), Pipe(encoding=encoding)
        monkeypatch.setattr(sys, "stdin", Pipe(stdin))
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        code = main(list(argv))
        return Ran(code, out.written(), err.written(), encoding)

    return run
