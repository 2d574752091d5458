"""The `skm-bot emulator` subcommand: serve a seeded emulator and say how to reach it."""

from __future__ import annotations

import argparse
import contextlib
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import uvicorn

from skm_bot.emulator.ca import EmulatorCA
from skm_bot.emulator.seed import demo_seed_path, state_from_seed_file
from skm_bot.emulator.server import EmulatorServer

Printer = Callable[[str], None]
READY_LINE = "Ready. Press Ctrl-C to stop."


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's options to `parser`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    parser.add_argument(
        "--seed", type=Path, default=None, help="TOML seed file (default: the packaged demo seed)"
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with the emulator CA and request client certificates",
    )
    parser.add_argument("--mtls", action="store_true", help="same as --tls (kept for clarity)")
    parser.add_argument(
        "--tls-dir",
        type=Path,
        default=None,
        help="where to write ca.pem, server.pem and the seeded client .p12 files "
        "(an existing CA there is reused; default: a new temporary directory)",
    )


def _print(line: str) -> None:
    print(line, flush=True)


def describe(server: EmulatorServer, say: Printer, cert_dir: Path | None) -> None:
    """Print the base URL, credentials, seeded keys and the CA/certificate files."""
    state = server.state
    say(f"SKM emulator listening on {server.base_url}")
    for appkey in state.appkeys:
        say(f"  appkey: {appkey}")
        say(f"  API base (v1.2): {server.base_url}/keymanager/v1.2/appkey/{appkey}")
    for key_id, secret in state.access_keys.items():
        say(f"  user access key: id={key_id} secret={secret}")
    say(f"  token endpoint: {server.base_url}/oauth2/token/create")
    say(f"  admin: {server.base_url}/_emulator/state")
    for store in state.keystores.values():
        say(f"  keystore {store.keystore_id} {store.name}")
        for key in state.keys_in(store.keystore_id):
            say(f"    key {key.key_id} {key.name} {key.key_type.value} {key.state.value}")
        for entry in store.certificates:
            if cert_dir is not None:
                path = cert_dir / f"{entry.name}.p12"
                path.write_bytes(entry.pkcs12)
                say(f"    client certificate {entry.name}: {path} (password {entry.password})")
    if server.ca_cert_path is not None:
        say(f"  CA certificate: {server.ca_cert_path}")
    say(READY_LINE)


@dataclass(frozen=True)
class EmulatorOptions:
    """What `skm-bot emulator` was asked to serve, and where."""

    host: str = "127.0.0.1"
    port: int = 0
    seed: Path | None = None
    tls: bool = False
    tls_dir: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> EmulatorOptions:
        """The options `configure_parser` parsed."""
        return cls(
            host=str(args.host),
            port=int(args.port),
            seed=args.seed,
            tls=bool(args.tls or args.mtls),
            tls_dir=args.tls_dir,
        )


def run(options: EmulatorOptions) -> int:
    """Serve until interrupted (Ctrl-C / SIGTERM); returns the exit status."""
    tls = options.tls
    tls_dir = options.tls_dir
    ca = None
    if tls:
        tls_dir = tls_dir or Path(tempfile.mkdtemp(prefix="skm-emulator-"))
        ca = EmulatorCA.load(tls_dir) if (tls_dir / "ca-key.pem").exists() else None
    try:
        state = state_from_seed_file(options.seed or demo_seed_path(), ca=ca)
    except (OSError, ValueError) as error:
        print(f"skm-bot emulator: cannot load the seed: {error}", file=sys.stderr)
        return 2
    server = EmulatorServer(state, host=options.host, port=options.port, tls=tls, tls_dir=tls_dir)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((options.host, options.port))
    listener.listen()  # connections queue from now on, so the printed URL works at once
    server.port = listener.getsockname()[1]
    uvicorn_server = uvicorn.Server(server.config())
    with _stopped_by_signals(uvicorn_server):
        describe(server, _print, tls_dir if tls else None)
        uvicorn_server.run(sockets=[listener])
    return 0


@contextlib.contextmanager
def _stopped_by_signals(server: uvicorn.Server) -> Iterator[None]:
    """
    Ctrl-C or SIGTERM, at any moment after the ready line, stops the server cleanly; a second
    Ctrl-C stops it at once.

    Left to Python and uvicorn, a signal that came between the ready line and uvicorn installing
    its own handlers met asyncio.run's handler instead, which cancels the starting task: on
    Python 3.11.2 the process then sometimes never exited. This handler is the only one from
    before the ready line on (asyncio.run leaves a handler that is not Python's default alone;
    uvicorn puts it back when it stops, and passes it the signals it caught).
    """

    def stop(signum: int, frame: FrameType | None) -> None:
        if server.should_exit and signum == signal.SIGINT:
            server.force_exit = True
        server.should_exit = True

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: list[str] | None = None) -> int:
    """`python -m skm_bot.emulator`: the subcommand without the rest of the bot."""
    parser = argparse.ArgumentParser(prog="skm-bot emulator", description=__doc__)
    configure_parser(parser)
    return run(EmulatorOptions.from_args(parser.parse_args(argv)))
