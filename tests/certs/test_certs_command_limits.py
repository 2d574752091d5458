"""`skm-bot cert inspect` on hostile inputs: special files, oversize files, absurd numbers."""

from __future__ import annotations

import argparse
import os

import pytest

from skm_bot.certs.command import MAX_EXPIRING_DAYS, InspectOptions, configure_parser, run
from skm_bot.certs.limits import MAX_CERTIFICATE_FILE_BYTES, Limits
from tests.deadlines import within


def parser() -> argparse.ArgumentParser:
    built = argparse.ArgumentParser(prog="skm-bot cert inspect")
    configure_parser(built)
    return built


def parse(*argv: str) -> argparse.Namespace:
    return InspectOptions.from_args(parser().parse_args(argv))


@pytest.fixture
def good_pem(pki, tmp_path):
    issued = pki.leaf()
    path = tmp_path / "client.pem"
    path.write_bytes(issued.cert_pem() + issued.key_pem())
    path.chmod(0o600)
    return path


@pytest.fixture
def zero(tmp_path):
    """A symlink to /dev/zero: endless bytes behind an innocent name."""
    path = tmp_path / "innocent.pem"
    path.symlink_to("/dev/zero")
    return path


def refused(capsys, *argv: str, limits: Limits | None = None) -> tuple[int, str]:
    extra = {"limits": limits} if limits else {}
    code = within(10, lambda: run(parse(*argv), **extra))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    ("option", "what"),
    [
        (None, "certificate file"),
        ("--password-file", "password file"),
        ("--ca-bundle", "CA bundle"),
        ("--crl", "CRL"),
    ],
)
def test_link_to_dev_zero_is_a_usage_error_naming_it(good_pem, zero, capsys, option, what):
    argv = [str(zero)] if option is None else [str(good_pem), option, str(zero)]

    code, err = refused(capsys, *argv)

    assert code == 2
    assert f"cannot read {what} '{zero}'" in err
    assert "(a link to /dev/zero) is a character device" in err


def test_fifo_is_a_usage_error_and_never_waits_for_a_writer(tmp_path, capsys):
    path = tmp_path / "client.p12"
    os.mkfifo(path)

    code, err = refused(capsys, str(path))

    assert (code, "is a FIFO (named pipe), not a regular file" in err) == (2, True)


def test_directory_is_a_usage_error_naming_it(tmp_path, capsys):
    code, err = refused(capsys, str(tmp_path))

    assert (code, f"'{tmp_path}': it is a directory, not a regular file" in err) == (2, True)


def test_file_over_the_cap_is_a_usage_error(good_pem, capsys):
    code, err = refused(capsys, str(good_pem), limits=Limits(certificate_file_bytes=100))

    assert (code, "larger than 100 bytes" in err) == (2, True)


def test_file_over_the_default_cap_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "bundle.pem"
    with path.open("wb") as handle:
        handle.truncate(MAX_CERTIFICATE_FILE_BYTES + 1)

    code, err = refused(capsys, str(path))

    assert (code, "larger than 4 MiB" in err) == (2, True)


def test_password_file_over_its_cap_is_a_usage_error(good_pem, tmp_path, capsys):
    secret = tmp_path / "pass.txt"
    secret.write_bytes(b"x" * 33)

    code, err = refused(
        capsys, str(good_pem), "--password-file", str(secret), limits=Limits(secret_file_bytes=32)
    )

    assert (code, "cannot read password file" in err, "larger than 32 bytes" in err) == (
        2,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99999999999", "out of range"),
        (str(MAX_EXPIRING_DAYS + 1), "out of range"),
        ("-1", "out of range"),
        ("9" * 5000, "not a whole number"),
        ("1e3", "not a whole number"),
        ("thirty", "not a whole number"),
    ],
)
def test_absurd_expiring_days_is_a_usage_error(good_pem, capsys, value, message):
    with pytest.raises(SystemExit) as caught:
        parse(str(good_pem), "--expiring-days", value)

    err = capsys.readouterr().err
    assert (caught.value.code, message in err, "Traceback" in err) == (2, True, False)


@pytest.mark.parametrize("value", ["0", str(MAX_EXPIRING_DAYS)])
def test_expiring_days_at_the_bounds_is_accepted(good_pem, capsys, value):
    assert run(parse(str(good_pem), "--expiring-days", value)) in (0, 1)


def test_help_points_at_the_inline_next_action_not_a_repository_file():
    text = parser().format_help()

    assert ("docs/" in text, "next_action" in text) == (False, True)
