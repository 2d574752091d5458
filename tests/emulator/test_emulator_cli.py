"""The `skm-bot emulator` subcommand: options, and the start-up output of a real process."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from skm_bot.emulator.command import READY_LINE, configure_parser

from .conftest import APPKEY, path

pytestmark = pytest.mark.slow  # a real process or a real TLS server


def test_parser_defaults_bind_loopback_on_a_free_port():
    parser = argparse.ArgumentParser()
    configure_parser(parser)

    args = parser.parse_args([])

    assert (args.host, args.port, args.seed, args.tls) == ("127.0.0.1", 0, None, False)


# Starts the emulator the way `nohup`, a supervisor or a shell's background job may: with
# SIGINT and SIGTERM ignored, which a new process inherits until it sets handlers of its own.
_IGNORING = (
    "import os, signal, sys\n"
    "for signum in (signal.SIGINT, signal.SIGTERM):\n"
    "    signal.signal(signum, signal.SIG_IGN)\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'skm_bot.emulator', *sys.argv[1:]])\n"
)


def _start(
    *options: str, ignoring: bool = False, first_line_only: bool = False
) -> tuple[subprocess.Popen[str], list[str]]:
    """Start the emulator process and read its start-up lines (up to the last line it prints)."""
    launcher = ["-c", _IGNORING] if ignoring else ["-m", "skm_bot.emulator"]
    process = subprocess.Popen(
        [sys.executable, *launcher, "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while True:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip())
        if line.rstrip() == READY_LINE or first_line_only:
            break
    return process, lines


def _stop(process: subprocess.Popen[str], signum: int = signal.SIGINT) -> int:
    process.send_signal(signum)
    try:
        return process.wait(timeout=10)
    finally:
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def plain_process():
    process, lines = _start()
    yield lines
    _stop(process)


def test_startup_prints_a_base_url_that_answers(plain_process):
    first = plain_process[0]
    base_url = first.removeprefix("SKM emulator listening on ")
    with httpx.Client(base_url=base_url) as client:
        response = client.get(path("v1.0", "/confirm"))

    assert first.startswith("SKM emulator listening on http://127.0.0.1:")
    assert response.json()["header"]["isSuccessful"] is True


def test_startup_prints_appkey_and_seeded_keys(plain_process):
    output = "\n".join(plain_process)

    assert f"appkey: {APPKEY}" in output
    assert "a0000000000000000000000000000001 demo-aes SYMMETRIC_KEY ACTIVE" in output
    assert "e0000000000000000000000000000005 demo-api-token SECRET ACTIVE" in output


def test_tls_startup_prints_the_ca_and_client_certificate_files(tmp_path):
    process, lines = _start("--tls", "--tls-dir", str(tmp_path))
    try:
        output = "\n".join(lines)
    finally:
        status = _stop(process)

    assert lines[0].startswith("SKM emulator listening on https://127.0.0.1:")
    assert f"CA certificate: {tmp_path / 'ca.pem'}" in output
    assert Path(tmp_path / "demo-client.p12").exists()
    assert status == 0


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_a_signal_once_it_says_where_it_listens_stops_it_even_if_started_ignoring_it(
    tmp_path, tls, signum
):
    """Ctrl-C as soon as the first line is out stops the emulator, whatever it inherited."""
    tls_options = ("--tls", "--tls-dir", str(tmp_path)) if tls else ()
    process, lines = _start(*tls_options, ignoring=True, first_line_only=True)

    status = _stop(process, signum)

    assert lines[0].startswith("SKM emulator listening on http")
    assert status == 0


def test_bad_seed_exits_with_status_2(tmp_path):
    seed = tmp_path / "bad.toml"
    seed.write_text("appkeys = []\n")
    completed = subprocess.run(
        [sys.executable, "-m", "skm_bot.emulator", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert completed.returncode == 2
    assert "cannot load the seed" in completed.stderr
