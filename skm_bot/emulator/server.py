"""Serve the emulator on a loopback port in a background thread (HTTP, TLS, or mutual TLS)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, TracebackType

import uvicorn

from skm_bot.emulator.app import make_app
from skm_bot.emulator.ca import EmulatorCA
from skm_bot.emulator.state import EmulatorState
from skm_bot.emulator.tls_server import TlsScopeH11Protocol, tls_protocol_factory

# OpenSSL's X509_V_FLAG_NO_CHECK_TIME: lets an expired client certificate through the handshake
# so the app, not the TLS layer, refuses it (Certificate Auth Failure).
_NO_CHECK_TIME = 0x200000
_START_TIMEOUT_S = 10.0


class _PromptServer(uvicorn.Server):
    """
    uvicorn that stops as soon as it is asked, from any thread.

    uvicorn's own main loop looks at `should_exit` every 0.1 s; a demo or a test that starts
    and stops many emulators would spend most of its time waiting for that tick.
    """

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        await self.on_tick(0)  # the default headers, once
        if not self.should_exit:
            await self._stop.wait()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """A signal (when run in the main thread) stops it at once too."""
        super().handle_exit(sig, frame)
        self.stop()

    def stop(self) -> None:
        """Ask the server to exit now (safe from any thread)."""
        self.should_exit = True
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)


@dataclass(frozen=True)
class TlsFiles:
    """The files a TLS emulator serves from: the CA clients trust and the server's cert+key."""

    directory: Path
    ca_cert_path: Path
    server_pem_path: Path


def write_tls_files(ca: EmulatorCA, directory: Path, host: str) -> TlsFiles:
    """Write ca.pem (and the CA key) plus server.pem (leaf + key, 0600) into `directory`."""
    ca_path = ca.save(directory)
    hosts = tuple(dict.fromkeys((host, "localhost", "127.0.0.1")))
    server = ca.issue_server_certificate(hosts)
    server_path = directory / "server.pem"
    server_path.touch(mode=0o600)
    server_path.write_text(server.cert_pem + server.key_pem)
    return TlsFiles(directory, ca_path, server_path)


def server_ssl_context(
    files: TlsFiles, *, request_client_cert: bool = True, check_client_cert_time: bool = True
) -> ssl.SSLContext:
    """The server context: client certificates are requested (optional) and verified against the CA.

    A certificate from another CA, or without the clientAuth EKU, fails in the handshake with a
    real TLS alert; no certificate at all reaches the app, which answers Certificate Auth Failure.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(files.server_pem_path)
    if request_client_cert:
        context.verify_mode = ssl.CERT_OPTIONAL
        context.load_verify_locations(cafile=files.ca_cert_path)
        if not check_client_cert_time:
            context.verify_flags |= _NO_CHECK_TIME
    return context


class EmulatorServer:
    """A running (or ready to run) emulator; use as `with` / `async with`, or `start()`/`stop()`.

    Attributes after start: `base_url` (e.g. http://127.0.0.1:54321), `port`, `state`, and for TLS
    `ca_cert_path` (trust it: `ssl.create_default_context(cafile=...)`).
    """

    def __init__(
        self,
        state: EmulatorState,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        mtls: bool = True,
        tls_dir: Path | None = None,
        check_client_cert_time: bool = True,
    ) -> None:
        self.state = state
        self.host = host
        self.port = port
        self.tls = tls
        self._mtls = mtls
        self._tls_dir = tls_dir
        self._check_time = check_client_cert_time
        self._own_dir: Path | None = None
        self.ca_cert_path: Path | None = None
        self._server: _PromptServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The scheme, host and port clients connect to."""
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}"

    def config(self) -> uvicorn.Config:
        """The uvicorn configuration (writes the TLS files first when serving TLS)."""
        context: ssl.SSLContext | None = None
        if self.tls:
            directory = self._tls_dir
            if directory is None:
                directory = self._own_dir = Path(tempfile.mkdtemp(prefix="skm-emulator-"))
            files = write_tls_files(self.state.ca, directory, self.host)
            self.ca_cert_path = files.ca_cert_path
            context = server_ssl_context(
                files, request_client_cert=self._mtls, check_client_cert_time=self._check_time
            )
        # TLS is terminated by our protocol factory, not by uvicorn's `ssl`, so refused client
        # certificates get a real alert (see tls_server.AlertingSSLProtocol).
        protocol = tls_protocol_factory(context) if context else TlsScopeH11Protocol
        return uvicorn.Config(
            make_app(self.state),
            http=protocol,  # type: ignore[arg-type]  # uvicorn calls it as a factory
            ws="none",
            loop="asyncio",
            lifespan="off",
            log_config=None,
            log_level="warning",
            access_log=False,
            date_header=False,  # the app sends Date itself, with the state's clock offset
            server_header=False,
            proxy_headers=False,  # the client IP must be the socket's, as SKM sees it
            timeout_graceful_shutdown=2,
        )

    def start(self) -> EmulatorServer:
        """Bind the port and serve in a daemon thread; returns once connections are accepted."""
        # IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections: without it every
        # request on a kept-alive connection waits ~40 ms for Nagle and delayed ACKs.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._server = _PromptServer(self.config())
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [listener]},
            name="skm-emulator",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                listener.close()
                raise RuntimeError("the emulator server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Ask the server to exit, wait for its thread, and remove TLS files it created."""
        if self._server is not None and self._thread is not None:
            self._server.stop()
            self._thread.join(timeout=10)
        if self._own_dir is not None:
            shutil.rmtree(self._own_dir, ignore_errors=True)
            self._own_dir = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> EmulatorServer:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)


def serve_emulator(
    state: EmulatorState,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    tls: bool = False,
    mtls: bool = True,
    tls_dir: Path | None = None,
    check_client_cert_time: bool = True,
) -> EmulatorServer:
    """An emulator server for `state`, started by `with` / `async with` (or `.start()`).

    Args:
        state: the emulated project.
        host: loopback address to bind.
        port: 0 picks a free port (read it back from `.port` / `.base_url`).
        tls: serve HTTPS with a certificate from the state's CA; `.ca_cert_path` is then set.
        mtls: with TLS, request (but not require) a client certificate, verified against the CA.
        tls_dir: where to write ca.pem / server.pem (default: a temporary directory, removed
            on stop).
        check_client_cert_time: False lets expired or not-yet-valid client certificates through the
            handshake so the app answers Certificate Auth Failure instead of a TLS alert.

    Example: `with serve_emulator(state, tls=True) as running: running.base_url`.
    """
    return EmulatorServer(
        state,
        host=host,
        port=port,
        tls=tls,
        mtls=mtls,
        tls_dir=tls_dir,
        check_client_cert_time=check_client_cert_time,
    )
