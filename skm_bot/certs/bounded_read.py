"""Read a certificate, CA bundle, CRL or secret file: a regular file only, and only up to a cap."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from skm_bot.certs.limits import size_text

_CHUNK = 64 * 1024
# O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. O_NOCTTY: a terminal
# named by mistake must not become this process's controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC
_KINDS = (
    (stat.S_ISDIR, "a directory", errno.EISDIR),
    (stat.S_ISFIFO, "a FIFO (named pipe)", errno.EINVAL),
    (stat.S_ISCHR, "a character device", errno.ENODEV),
    (stat.S_ISBLK, "a block device", errno.ENODEV),
    (stat.S_ISSOCK, "a socket", errno.EINVAL),
)


class UnreadableFile(OSError):
    """
    The file is not a regular file, or is larger than its cap.

    An OSError, so code that already reports a missing or unreadable file reports this too:
    `strerror` says why in words, `filename` names the path.
    """


@dataclass(frozen=True)
class FileContents:
    """A file's bytes (left out of the repr: they may be a key or a password) and its st_mode."""

    data: bytes = field(repr=False)
    mode: int


def read_regular_file(path: Path, *, limit: int) -> FileContents:
    """
    The bytes of `path`, if it is a regular file (a symlink is followed) of at most `limit` bytes.

    Raises UnreadableFile for a directory, FIFO, device or socket, or a file over the limit, and
    the plain OSError for a missing or forbidden one. The type is checked before opening (a
    device is never opened) and again on the open descriptor; the read stops one byte past the
    limit, whatever the file's size claims (files in /proc claim 0).
    """
    _refuse_special(path, os.stat(path).st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        _refuse_special(path, info.st_mode)
        if info.st_size > limit:
            raise _too_large(path, limit)
        data = _read_at_most(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(path, limit)
    return FileContents(data, info.st_mode)


def _refuse_special(path: Path, mode: int) -> None:
    for test, kind, code in _KINDS:
        if test(mode):
            raise UnreadableFile(
                code, f"{_described(path)} is {kind}, not a regular file", str(path)
            )
    if not stat.S_ISREG(mode):
        raise UnreadableFile(errno.EINVAL, f"{_described(path)} is not a regular file", str(path))


def _described(path: Path) -> str:
    """'it', or 'it (a link to TARGET)' so that a symlink to /dev/zero is seen for what it is."""
    if path.is_symlink():
        return f"it (a link to {os.path.realpath(path)})"
    return "it"


def _too_large(path: Path, limit: int) -> UnreadableFile:
    return UnreadableFile(errno.EFBIG, f"it is larger than {size_text(limit)}", str(path))


def _read_at_most(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(_CHUNK, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
