"""`serve --workers N`: the worker count a store can take, and the supervisor over real processes."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from functools import partial
from pathlib import Path

import pytest

from skm_bot.errors import ConfigError
from skm_bot.server.workers import MAX_WORKERS, Supervisor, check_workers, listen

PG = "postgresql+asyncpg://bot@db.example/skm"
SQLITE = "sqlite+aiosqlite:////var/lib/skm-bot/bot.sqlite3"


@pytest.mark.parametrize(
    ("count", "url"),
    [(1, SQLITE), (1, PG), (2, PG), (MAX_WORKERS, PG), (1, "sqlite:///bot.sqlite3")],
)
def test_worker_counts_the_store_can_take(count, url):
    """One worker on any store, several on PostgreSQL."""
    check_workers(count, url)


@pytest.mark.parametrize(
    ("count", "url", "says"),
    [
        (2, SQLITE, "needs PostgreSQL"),
        (2, "sqlite:///bot.sqlite3", "needs PostgreSQL"),
        (0, PG, "between 1 and"),
        (MAX_WORKERS + 1, PG, "between 1 and"),
    ],
)
def test_worker_counts_refused_say_why(count, url, says):
    """SQLite takes one writer at a time: more than one worker is refused, saying so."""
    with pytest.raises(ConfigError, match=says):
        check_workers(count, url)


# Targets run in spawned processes: module-level, picklable, given the listening socket.


def _serve_forever(marker: str, sock: socket.socket) -> None:
    Path(marker, str(os.getpid())).touch()
    while True:
        connection, _ = sock.accept()
        connection.sendall(str(os.getpid()).encode())
        connection.close()


def _refuse_to_start(sock: socket.socket) -> None:
    raise SystemExit(3)


def _pids(marker: Path, count: int, timeout: float = 30) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = {int(p.name) for p in marker.iterdir()}
        if len(found) >= count:
            return found
        time.sleep(0.05)
    raise TimeoutError(f"{count} workers did not start")


@pytest.fixture
def supervised(tmp_path):
    """A supervisor of 2 workers on a loopback port, run in a thread; stopped afterwards."""
    sock = listen("127.0.0.1", 0)
    supervisor = Supervisor(2, sock, partial(_serve_forever, str(tmp_path)))
    status: list[int] = []
    thread = threading.Thread(target=lambda: status.append(supervisor.run()))
    try:
        thread.start()
        yield supervisor, sock.getsockname()[1], tmp_path, status
    finally:
        supervisor.stopping = True  # what SIGTERM sets; signals reach only the main thread
        thread.join(60)
        sock.close()


def _ask(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        return int(connection.recv(32))


@pytest.mark.slow  # real processes
def test_every_worker_answers_on_the_one_port(supervised):
    """The workers accept on the socket the supervisor bound."""
    _supervisor, port, marker, _ = supervised
    pids = _pids(marker, 2)

    answered = {_ask(port) for _ in range(40)}

    assert answered <= pids
    assert answered


@pytest.mark.slow  # real processes
def test_a_killed_worker_is_replaced(supervised):
    """kill -9 of a worker: the supervisor starts another, and the port keeps answering."""
    supervisor, port, marker, _ = supervised
    first = _pids(marker, 2)
    victim = min(first)

    os.kill(victim, signal.SIGKILL)
    after = _pids(marker, 3)

    assert victim not in {w.pid for w in supervisor.workers}
    assert len(after - first) == 1
    assert _ask(port) != victim


@pytest.mark.slow  # real processes
def test_a_worker_that_exits_on_its_own_stops_them_all_with_its_status():
    """A worker exiting by itself (a refused setting) would fail again: everything stops."""
    sock = listen("127.0.0.1", 0)
    try:
        status = Supervisor(2, sock, _refuse_to_start).run()
    finally:
        sock.close()

    assert status == 3
