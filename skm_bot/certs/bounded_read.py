"""Read a certificate, CA bundle, CRL or secret file: a regular file only, and only up to a cap."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from skm_bot.certs.limits import size_text
from skm_bot.core.phrases import Phrase, phrase, verbatim

_CHUNK = 64 * 1024
# O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever. O_NOCTTY: a terminal
# named by mistake must not become this process's controlling terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC
_KINDS = (
    (stat.S_ISDIR, phrase("cert.file.directory"), errno.EISDIR),
    (stat.S_ISFIFO, phrase("cert.file.fifo"), errno.EINVAL),
    (stat.S_ISCHR, phrase("cert.file.character_device"), errno.ENODEV),
    (stat.S_ISBLK, phrase("cert.file.block_device"), errno.ENODEV),
    (stat.S_ISSOCK, phrase("cert.file.socket"), errno.EINVAL),
)
# The operating system's reasons for the errors a certificate path commonly meets, in words of
# every language; any other keeps the system's own text.
_OS_REASONS = {
    errno.ENOENT: phrase("cert.file.no_such_file"),
    errno.EACCES: phrase("cert.file.permission_denied"),
    errno.EPERM: phrase("cert.file.not_permitted"),
    errno.ENOTDIR: phrase("cert.file.not_a_directory"),
    errno.ELOOP: phrase("cert.file.link_loop"),
    errno.EISDIR: phrase("cert.file.is_a_directory"),
}


class UnreadableFile(OSError):
    """
    The file is not a regular file, or is larger than its cap.

    An OSError, so code that already reports a missing or unreadable file reports this too:
    `strerror` says why in English, `reason` in words of any language, `filename` names the path.
    """

    def __init__(self, code: int, reason: Phrase, path: Path) -> None:
        super().__init__(code, reason.text("en"), str(path))
        self.reason = reason


def unreadable_reason(exc: OSError) -> Phrase:
    """Why a file could not be read, in words: ours, a known system error's, or the system's."""
    if isinstance(exc, UnreadableFile):
        return exc.reason
    known = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return known or verbatim(exc.strerror or str(exc))


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
            reason = phrase("cert.file.special", described=_described(path), kind=kind)
            raise UnreadableFile(code, reason, path)
    if not stat.S_ISREG(mode):
        reason = phrase("cert.file.irregular", described=_described(path))
        raise UnreadableFile(errno.EINVAL, reason, path)


def _described(path: Path) -> Phrase:
    """'it', or 'it (a link to TARGET)' so that a symlink to /dev/zero is seen for what it is."""
    if path.is_symlink():
        return phrase("cert.file.link", target=os.path.realpath(path))
    return phrase("cert.file.it")


def _too_large(path: Path, limit: int) -> UnreadableFile:
    return UnreadableFile(errno.EFBIG, phrase("cert.file.too_large", size=size_text(limit)), path)


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
