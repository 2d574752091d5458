"""The alert server as a real subprocess (uvicorn on a loopback port), for kill and restart tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A loopback port free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`python -m skm_bot.server.standalone` with the given settings in its environment."""

    def __init__(
        self, env: dict[str, str], log: Path, *, bare: bool = False, workers: int = 1
    ) -> None:
        self.env = env
        self.log = log
        self.bare = bare
        self.workers = workers
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        """Start and wait until /readyz answers 200."""
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("SKM_BOT_", "SLACK_"))}
        command = [
            sys.executable,
            "-m",
            "skm_bot.server.standalone",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, *(["--bare"] if self.bare else [])],
                cwd=ROOT,
                env={**clean, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise TimeoutError("server did not become ready")

    def worker_pids(self) -> list[int]:
        """With `workers` > 1: the worker processes under the supervisor."""
        assert self.process is not None
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.process.pid and b"spawn_main" in command:
                found.append(int(entry.name))
        return found

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, as a crash."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM and wait (SIGKILL after 10 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
