"""read_regular_file: regular files only (links followed), and never more than the cap."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from skm_bot.certs.bounded_read import UnreadableFile, read_regular_file
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES
from tests.deadlines import within


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "client.p12"
    os.mkfifo(path)
    return path


def zero_link(tmp_path: Path) -> Path:
    path = tmp_path / "client.p12"
    path.symlink_to("/dev/zero")
    return path


def directory(tmp_path: Path) -> Path:
    path = tmp_path / "client.p12"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (zero_link, "(a link to /dev/zero) is a character device, not a regular file"),
        (fifo, "is a FIFO (named pipe), not a regular file"),
        (directory, "is a directory, not a regular file"),
    ],
)
def test_special_files_are_refused_by_kind(tmp_path, make, kind):
    path = make(tmp_path)

    with pytest.raises(UnreadableFile) as caught:
        within(5, lambda: read_regular_file(path, limit=1024))

    assert (kind in caught.value.strerror, caught.value.filename) == (True, str(path))


def test_refusal_is_an_oserror_for_existing_handlers(tmp_path):
    with pytest.raises(OSError, match="character device") as caught:
        read_regular_file(zero_link(tmp_path), limit=1024)

    assert caught.value.errno == errno.ENODEV


def test_link_to_a_regular_file_is_followed(tmp_path):
    target = tmp_path / "real.pem"
    target.write_bytes(b"certificate")
    link = tmp_path / "link.pem"
    link.symlink_to(target)

    assert read_regular_file(link, limit=1024).data == b"certificate"


def test_contents_carry_the_mode_of_the_file(tmp_path):
    path = tmp_path / "client.pem"
    path.write_bytes(b"x")
    path.chmod(0o640)

    assert read_regular_file(path, limit=1024).mode & 0o777 == 0o640


def test_contents_repr_leaves_the_bytes_out(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_bytes(b"hunter2")

    assert "hunter2" not in repr(read_regular_file(path, limit=1024))


@pytest.mark.parametrize("size", [0, 1, 100])
def test_file_at_or_under_the_limit_is_read_whole(tmp_path, size):
    path = tmp_path / "f"
    path.write_bytes(b"a" * size)

    assert len(read_regular_file(path, limit=100).data) == size


def test_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"a" * 101)

    with pytest.raises(UnreadableFile, match="larger than 100 bytes") as caught:
        read_regular_file(path, limit=100)

    assert caught.value.errno == errno.EFBIG


def test_file_over_the_default_cap_is_refused_without_reading_it(tmp_path):
    """A sparse file: its size says too large, and no byte of it needs to be read."""
    path = tmp_path / "huge.pem"
    with path.open("wb") as handle:
        handle.truncate(MAX_CERTIFICATE_FILE_BYTES + 1)

    with pytest.raises(UnreadableFile, match="larger than 4 MiB"):
        read_regular_file(path, limit=MAX_CERTIFICATE_FILE_BYTES)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_read_stops_at_the_limit_when_the_size_claims_nothing():
    """Files in /proc say they hold 0 bytes; the read itself must stop past the limit."""
    assert os.stat("/proc/self/status").st_size == 0

    with pytest.raises(UnreadableFile, match="larger than 16 bytes"):
        read_regular_file(Path("/proc/self/status"), limit=16)


def test_missing_file_raises_the_plain_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "absent.pem", limit=1024)
