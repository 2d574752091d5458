"""
`serve --workers N`: N server processes sharing one listening socket, watched by a supervisor.

The supervisor binds the port, then starts each worker as a fresh interpreter (spawn: nothing of
the supervisor's state is inherited but what the worker is handed) with the socket; the kernel
spreads the connections among them. Each worker is a whole server: its own event loop, store
engine, batch writer and outbox worker. They share the work through the database, as replicas
do: group rows are locked in one order, and the outbox is claimed with `FOR UPDATE SKIP LOCKED`
under a lease, so no Slack call is made twice and none is lost when a worker dies.

A worker killed by a signal (OOM, kill -9) is replaced; the requests it held fail and are
retried by their senders (Alertmanager does), and its leased outbox rows go to another worker
when their lease runs out. A worker that exits on its own (a refused token, a bad setting) stops
them all, with its exit status. SIGTERM or SIGINT to the supervisor stops every worker the way
one server stops (in-flight requests finish, the outbox worker ends its calls).

Only PostgreSQL: SQLite has one writer at a time, so more processes add only waiting.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import socket
import threading
import time
from collections.abc import Callable
from types import FrameType

import structlog
from sqlalchemy.engine import make_url

from skm_bot.errors import ConfigError

log = structlog.get_logger("skm_bot.serve")

MAX_WORKERS = 32
# A worker that keeps dying as it starts is restarted at most this often.
RESTART_PAUSE = 1.0
# How long stopping workers get before they are killed.
STOP_GRACE = 30.0

Worker = Callable[[socket.socket], None]


def check_workers(count: int, database_url: str) -> None:
    """Refuse a worker count the store cannot take: more than one needs PostgreSQL."""
    if not 1 <= count <= MAX_WORKERS:
        raise ConfigError(f"--workers must be between 1 and {MAX_WORKERS}, not {count}")
    if count > 1 and make_url(database_url).get_backend_name() != "postgresql":
        raise ConfigError(
            "--workers above 1 needs PostgreSQL (SKM_BOT_DATABASE_URL=postgresql://…): "
            "SQLite takes one writer at a time, so more processes would only wait for it"
        )


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every worker accepts on (bound here, once, before they start)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run_worker(target: Worker, sock: socket.socket) -> None:
    # The supervisor's SIGINT reaches the whole process group; the supervisor decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    target(sock)


class Supervisor:
    """Starts `count` workers on `sock`, replaces the ones killed, stops them all on a signal."""

    def __init__(self, count: int, sock: socket.socket, target: Worker) -> None:
        self.count = count
        self.sock = sock
        self.target = target
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[multiprocessing.process.BaseProcess] = []
        self.stopping = False

    def _start(self) -> multiprocessing.process.BaseProcess:
        process = self.context.Process(
            target=_run_worker, args=(self.target, self.sock), name="skm-bot-worker"
        )
        process.start()
        log.info("worker_started", pid=process.pid)
        return process

    def _stop(self, signum: int, _frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> int:
        """Until stopped or a worker exits on its own; that worker's exit status (0 when stopped)."""
        # Signals reach only the main thread; run elsewhere (tests), `stopping` stops it.
        in_main = threading.current_thread() is threading.main_thread()
        signals = (signal.SIGTERM, signal.SIGINT) if in_main else ()
        previous = {sig: signal.signal(sig, self._stop) for sig in signals}
        status = 0
        try:
            self.workers = [self._start() for _ in range(self.count)]
            while not self.stopping:
                sentinels = [w.sentinel for w in self.workers]
                multiprocessing.connection.wait(sentinels, timeout=0.5)
                status = self._replace_dead()
                if status:
                    break
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return status

    def _replace_dead(self) -> int:
        for index, worker in enumerate(self.workers):
            code = worker.exitcode
            if code is None or self.stopping:
                continue
            if code >= 0:
                # It stopped on its own: a setting or a token it refused. Restarting would
                # only fail again.
                log.error("worker_exited", pid=worker.pid, status=code)
                return code or 1
            log.warning("worker_died", pid=worker.pid, signal=-code, effect="replaced")
            time.sleep(RESTART_PAUSE)
            self.workers[index] = self._start()
        return 0

    def _stop_all(self) -> None:
        for worker in self.workers:
            if worker.exitcode is None and worker.pid is not None:
                worker.terminate()  # SIGTERM: uvicorn finishes what it holds, then exits
        deadline = time.monotonic() + STOP_GRACE
        for worker in self.workers:
            worker.join(max(0.0, deadline - time.monotonic()))
            if worker.exitcode is None:
                worker.kill()
                worker.join()


def supervise(count: int, host: str, port: int, target: Worker) -> int:
    """Bind `host:port` and run `count` workers of `target` over it until stopped."""
    sock = listen(host, port)
    try:
        return Supervisor(count, sock, target).run()
    finally:
        sock.close()
