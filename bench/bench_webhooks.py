"""
Benchmark of webhook ingestion: the server's throughput and CPU per request, paired per round.

The server is the real one (`python -m skm_bot.server.standalone --bare`, uvicorn) on loopback,
with a Slack stand-in for its outbox. The load comes from several client processes speaking
HTTP/1.1 over raw keep-alive sockets with every request built before the clock starts, so the
client costs a few tens of microseconds a request and the figures measure the server (an httpx
client spends ~4 ms of its own CPU a request and caps the bare endpoint far below what it does).

Three figures, each beside its target:

1. stored / bare, one process (SQLite): each round posts R requests to `POST /bare` (200, no
   work) and R generic alerts (distinct groups: each is stored, diagnosed and queued for Slack)
   to the same server; the ratio of the two rates is taken per round, and the median of the
   rounds is the figure (min and max beside it).
2. 2 workers / 1 worker on PostgreSQL (`--workers 2` against `--workers 1`, both up, alternating
   within each round). The machine's cores are shared by the server, PostgreSQL, the load
   generator and the Slack stand-in, so this says what this machine gives, not what two free
   cores would.
3. lost after kill -9: a 2-worker server on PostgreSQL takes a burst; one worker is SIGKILLed a
   third of the way in, the rest goes on (its supervisor starts a new one). Every alert answered
   2xx must be in the alerts table and posted to Slack exactly once.

Server CPU is the user+system time of the server's whole process tree (supervisor, workers,
their work pools), read from /proc before and after each burst; it excludes the database.

    python bench/bench_webhooks.py [--rounds 5] [--requests 4000] [--stored 800] [--quick]

PostgreSQL: `SKM_BOT_BENCH_PG` (default postgresql://postgres@127.0.0.1:5432/postgres), loopback
only; scratch databases are created and dropped. Without it, figures 2 and 3 are not taken.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from figures import Figure, record

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fakes.slack_standin import SlackStandIn

BENCH = "webhooks"
TOKEN = "bench-webhook-token"
PG_ADMIN = os.environ.get("SKM_BOT_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
ERROR = '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
# As many channels as the outbox claims at once (one call in flight per channel): the queue
# drains between bursts in seconds, not minutes.
CHANNELS = [f"C_BENCH{n}" for n in range(20)]
TICKS = os.sysconf("SC_CLK_TCK")
STORED_TARGET = 0.35
SCALE_TARGET = 1.6


# --- the load generator -------------------------------------------------------------------------


def _alert(run: str, n: int) -> bytes:
    body = {
        "group_key": f"{run}-{n}",
        "title": "SkmDecryptFailing",
        "text": f"{ERROR}\nrequest_id: req-{run}-{n:06d}",
        "labels": {"profile": "prod", "slack_channel": CHANNELS[n % len(CHANNELS)]},
    }
    return json.dumps(body).encode()


def _request(path: str, body: bytes) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class _Connection(asyncio.Protocol):
    """One keep-alive connection: send a request, read its response, send the next."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.answer: asyncio.Future[int] | None = None
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buffer[:end]).lower()
        at = head.find(b"content-length:")
        length = int(head[at + 15 : head.find(b"\r\n", at) if b"\r\n" in head[at:] else None])
        if len(self.buffer) < end + 4 + length:
            return
        status = int(self.buffer[9:12])
        del self.buffer[: end + 4 + length]
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(status)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionError("closed"))


async def _client(port: int, requests: list[tuple[int, bytes]], connections: int) -> list[int]:
    """Send `requests` over `connections` sockets; the numbers of those answered 2xx."""
    loop = asyncio.get_running_loop()
    queue = iter(requests)
    accepted: list[int] = []

    async def connect() -> _Connection:
        _, protocol = await loop.create_connection(_Connection, "127.0.0.1", port)
        return protocol

    async def worker() -> None:
        connection = await connect()
        for number, data in queue:
            connection.answer = loop.create_future()
            assert connection.transport is not None
            connection.transport.write(data)
            try:
                status = await connection.answer
            except ConnectionError:
                # The worker holding this connection died: the request is not accepted, and the
                # next one goes over a new connection (to a live worker).
                connection = await _reconnect(connect)
                continue
            if 200 <= status < 300:
                accepted.append(number)
        if connection.transport is not None:
            connection.transport.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    return accepted


async def _reconnect(connect: object) -> _Connection:
    for _ in range(200):
        try:
            return await connect()  # type: ignore[operator, no-any-return]
        except OSError:
            await asyncio.sleep(0.02)
    raise ConnectionError("the server stopped accepting connections")


def _client_process(
    port: int, path: str, run: str, numbers: list[int], connections: int, ready, go, out
) -> None:  # type: ignore[no-untyped-def]
    requests = [(n, _request(path, _alert(run, n) if path != "/bare" else b"{}")) for n in numbers]
    ready.release()
    go.wait()
    out.put(asyncio.run(_client(port, requests, connections)))


@dataclass(frozen=True)
class Burst:
    rate: float  # requests answered per second of wall time
    cpu_ms: float  # server CPU per request sent, milliseconds
    accepted: list[int]
    # When the burst started and the server's CPU then: an alert burst is timed on to the
    # moment its Slack messages are all posted (see `_burst`).
    started: float = 0.0
    cpu_before: float = 0.0


class Load:
    """Client processes that send one burst at a time to a port."""

    def __init__(self, clients: int, connections: int) -> None:
        self.clients = clients
        self.connections = connections
        self.context = multiprocessing.get_context("fork")

    def fire(
        self, port: int, path: str, run: str, count: int, server: int, *, during=None
    ) -> Burst:  # type: ignore[no-untyped-def]
        ready = self.context.Semaphore(0)
        go = self.context.Event()
        out = self.context.Queue()
        shares = [list(range(i, count, self.clients)) for i in range(self.clients)]
        processes = [
            self.context.Process(
                target=_client_process,
                args=(port, path, run, share, self.connections, ready, go, out),
            )
            for share in shares
        ]
        for process in processes:
            process.start()
        for _ in processes:
            ready.acquire()
        cpu = tree_cpu(server)
        started = time.perf_counter()
        go.set()
        if during is not None:
            during()
        accepted = [n for _ in processes for n in out.get()]
        elapsed = time.perf_counter() - started
        used = tree_cpu(server) - cpu
        for process in processes:
            process.join()
        return Burst(len(accepted) / elapsed, used / count * 1000, accepted, started, cpu)


# --- the server ---------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def tree_cpu(pid: int) -> float:
    """Seconds of user+system CPU used by `pid` and its descendants (reaped ones included)."""
    total = 0.0
    for process in descendants(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime: fields 14-17, here 11-14 after "pid (comm)".
        total += sum(int(value) for value in fields[11:15]) / TICKS
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`python -m skm_bot.server.standalone --bare --workers N` on a loopback port."""

    def __init__(self, url: str, slack: SlackStandIn, log: Path, workers: int = 1) -> None:
        self.port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SKM_BOT_", "SLACK_"))}
        env |= {
            "SKM_BOT_DATABASE_URL": url,
            "SKM_BOT_WEBHOOK_TOKEN": TOKEN,
            "SKM_BOT_ALERT_CHANNEL": CHANNELS[0],
            "SKM_BOT_SLACK_API_URL": slack.base_url,
            "SLACK_BOT_TOKEN": slack.state.bot_token,
            "SKM_BOT_OUTBOX_PACE_SECONDS": "0",
            "SKM_BOT_OUTBOX_LEASE_SECONDS": "3",
        }
        command = [
            sys.executable,
            "-m",
            "skm_bot.server.standalone",
            "--bare",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        with log.open("ab") as out:
            self.process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.log = log
        self.base = f"http://127.0.0.1:{self.port}"

    async def ready(self) -> None:
        async with httpx.AsyncClient(base_url=self.base) as client:
            for _ in range(600):
                if self.process.poll() is not None:
                    break
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    async def drained(self, timeout: float = 120, poll: float = 0.1) -> None:
        """Wait until the outbox has nothing left to send (asked every `poll` seconds)."""
        async with httpx.AsyncClient(base_url=self.base) as client:
            async with asyncio.timeout(timeout):
                while True:
                    try:
                        text = (await client.get("/metrics")).text
                    except httpx.TransportError:
                        text = ""
                    if "skm_bot_outbox_depth 0.0" in text:
                        return
                    await asyncio.sleep(poll)

    def workers(self) -> list[int]:
        """The worker processes under the supervisor (multiprocessing spawn children)."""
        found = []
        for pid in descendants(self.process.pid)[1:]:
            try:
                parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if parent == self.process.pid and b"spawn_main" in command:
                found.append(pid)
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the figures --------------------------------------------------------------------------------


def _load_note() -> str:
    """The machine's load average: other work on a shared machine moves every figure."""
    return f"; load average {os.getloadavg()[0]:.1f} at the end"


def _spread(ratios: list[float]) -> str:
    return f"median of {len(ratios)} paired rounds, min {min(ratios):.2f}, max {max(ratios):.2f}"


async def _burst(load: Load, server: Server, path: str, run: str, count: int) -> Burst:
    """
    One burst, timed and its server CPU counted until the last answer or, for alerts, until
    the last Slack message they queued is posted: the work an alert costs includes its post,
    and a server that answers fast while its outbox falls behind is not keeping up.
    """
    await server.drained()
    burst = await asyncio.to_thread(load.fire, server.port, path, run, count, server.process.pid)
    if path == "/bare":
        return burst
    await server.drained(poll=0.02)
    elapsed = time.perf_counter() - burst.started
    used = tree_cpu(server.process.pid) - burst.cpu_before
    return Burst(len(burst.accepted) / elapsed, used / count * 1000, burst.accepted)


async def stored_over_bare(args: argparse.Namespace, load: Load, workdir: Path) -> bool:
    async with SlackStandIn() as slack:
        for channel in CHANNELS:
            slack.state.add_channel(channel)
        url = f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}"
        server = Server(url, slack, workdir / "sqlite.log")
        try:
            await server.ready()
            await _burst(load, server, "/bare", "warm", args.requests // 2)
            await _burst(load, server, "/webhooks/generic", "warm", args.requests // 4)
            ratios, bare, stored = [], [], []
            for n in range(args.rounds):
                b = await _burst(load, server, "/bare", f"r{n}", args.requests)
                s = await _burst(load, server, "/webhooks/generic", f"r{n}", args.stored)
                ratios.append(s.rate / b.rate)
                bare.append(b)
                stored.append(s)
                print(
                    f"  round {n + 1}: bare {b.rate:6.0f} req/s ({b.cpu_ms:.2f} ms server CPU each)"
                    f" | stored {s.rate:5.0f} alerts/s ({s.cpu_ms:.2f} ms each) | "
                    f"ratio {s.rate / b.rate:.2f}",
                    flush=True,
                )
            await server.drained()
        finally:
            await asyncio.to_thread(server.stop)
    bare_cpu = statistics.median(b.cpu_ms for b in bare)
    stored_cpu = statistics.median(s.cpu_ms for s in stored)
    detail = (
        f"{_spread(ratios)}; bare {statistics.median(b.rate for b in bare):,.0f} req/s at "
        f"{bare_cpu:.2f} ms server CPU each, stored "
        f"{statistics.median(s.rate for s in stored):,.0f} alerts/s at {stored_cpu:.2f} ms; "
        f"{load.clients} client processes x {load.connections} connections{_load_note()}"
    )
    return record(
        Figure(
            BENCH,
            "stored / bare endpoint, one process (SQLite)",
            statistics.median(ratios),
            ">=",
            STORED_TARGET,
            "x",
            detail,
        )
    )


async def _stored_and_posted(url: str, run: str) -> tuple[set[str], set[str]]:
    """The group keys of this run with an alert stored, and those whose thread is in Slack."""
    connection = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        rows = await connection.fetch(
            "SELECT g.group_key, g.thread_ts FROM alerts a JOIN alert_groups g "
            "ON g.id = a.group_id WHERE g.group_key LIKE $1",
            f"{run}-%",
        )
    finally:
        await connection.close()
    stored = {row["group_key"] for row in rows}
    return stored, {row["group_key"] for row in rows if row["thread_ts"]}


async def two_over_one(
    args: argparse.Namespace, load: Load, workdir: Path, url: str
) -> tuple[bool, float]:
    """The figure, met or not, and the 2-worker rate (alerts/s) it saw."""
    async with SlackStandIn() as slack:
        for channel in CHANNELS:
            slack.state.add_channel(channel)
        one = Server(url, slack, workdir / "pg1.log", workers=1)
        two = Server(url, slack, workdir / "pg2.log", workers=2)
        try:
            await one.ready()
            await two.ready()
            for server, name in ((one, "w1"), (two, "w2")):
                await _burst(load, server, "/webhooks/generic", f"warm{name}", args.stored // 2)
            ratios, ones, twos, bares, stored_ratios = [], [], [], [], []
            for n in range(args.rounds):
                # Alternate which goes first, so drift over the run does not favour either.
                order = [(one, "a"), (two, "b")] if n % 2 == 0 else [(two, "b"), (one, "a")]
                result = {}
                for server, name in order:
                    result[name] = await _burst(
                        load, server, "/webhooks/generic", f"pg{n}{name}", args.stored
                    )
                # The one-process ratio on PostgreSQL too, paired with the 1-worker burst.
                bare = await _burst(load, one, "/bare", f"pg{n}", args.requests)
                a, b = result["a"], result["b"]
                ratios.append(b.rate / a.rate)
                stored_ratios.append(a.rate / bare.rate)
                ones.append(a)
                twos.append(b)
                bares.append(bare)
                print(
                    f"  round {n + 1}: 1 worker {a.rate:5.0f} alerts/s ({a.cpu_ms:.2f} ms each) | "
                    f"2 workers {b.rate:5.0f} alerts/s ({b.cpu_ms:.2f} ms each) | "
                    f"ratio {b.rate / a.rate:.2f} | bare {bare.rate:5.0f} req/s "
                    f"({bare.cpu_ms:.2f} ms each)",
                    flush=True,
                )
            await one.drained()
            await two.drained()
        finally:
            await asyncio.to_thread(one.stop)
            await asyncio.to_thread(two.stop)
    detail = (
        f"{_spread(ratios)}; 1 worker {statistics.median(a.rate for a in ones):,.0f} alerts/s, "
        f"2 workers {statistics.median(b.rate for b in twos):,.0f} alerts/s, server CPU "
        f"{statistics.median(a.cpu_ms for a in ones):.2f} and "
        f"{statistics.median(b.cpu_ms for b in twos):.2f} ms an alert (without PostgreSQL's); "
        f"{os.cpu_count()} cores shared by the workers, PostgreSQL, the load generator and the "
        f"Slack stand-in{_load_note()}"
    )
    stored_detail = (
        f"{_spread(stored_ratios)}; bare {statistics.median(b.rate for b in bares):,.0f} req/s "
        f"at {statistics.median(b.cpu_ms for b in bares):.2f} ms server CPU each, stored "
        f"{statistics.median(a.rate for a in ones):,.0f} alerts/s at "
        f"{statistics.median(a.cpu_ms for a in ones):.2f} ms (without PostgreSQL's){_load_note()}"
    )
    met = record(
        Figure(
            BENCH,
            "stored / bare endpoint, one process (PostgreSQL)",
            statistics.median(stored_ratios),
            ">=",
            STORED_TARGET,
            "x",
            stored_detail,
        ),
        Figure(
            BENCH,
            "2 workers / 1 worker (PostgreSQL)",
            statistics.median(ratios),
            ">=",
            SCALE_TARGET,
            "x",
            detail,
        ),
    )
    return met, statistics.median(b.rate for b in twos)


async def kill_one_worker(
    args: argparse.Namespace, load: Load, workdir: Path, url: str, rate: float
) -> bool:
    run = f"kill{uuid.uuid4().hex[:6]}"
    async with SlackStandIn() as slack:
        for channel in CHANNELS:
            slack.state.add_channel(channel)
        server = Server(url, slack, workdir / "kill.log", workers=2)
        try:
            await server.ready()
            victims = server.workers()
            loop = asyncio.get_running_loop()

            def kill_later() -> None:
                # A third of the way into the burst, going by the rate 2 workers had above.
                time.sleep(args.stored / rate / 3)
                os.kill(victims[0], signal.SIGKILL)

            burst = await asyncio.to_thread(
                load.fire,
                server.port,
                "/webhooks/generic",
                run,
                args.stored,
                server.process.pid,
                during=lambda: loop.run_in_executor(None, kill_later),
            )
            await server.ready()
            await server.drained()
        finally:
            await asyncio.to_thread(server.stop)
        posts = Counter(
            (m.metadata or {}).get("event_payload", {}).get("outbox_id")
            for m in slack.state.bot_posts()
        )
    stored, posted = await _stored_and_posted(url, run)
    accepted = {f"{run}-{n}" for n in burst.accepted}
    lost = len(accepted - stored) + len(accepted - posted)
    twice = sum(1 for count in posts.values() if count > 1)
    detail = (
        f"{len(accepted)} of {args.stored} answered 2xx, SIGKILL of 1 of 2 workers mid-burst; "
        f"{len(stored & accepted)} of them stored, {len(posted & accepted)} in Slack, "
        f"{twice} messages posted twice"
    )
    return record(
        Figure(
            BENCH,
            "alerts lost after kill -9 of a worker (PostgreSQL)",
            lost + twice,
            "<=",
            0,
            "",
            detail,
        )
    )


async def _pg_url() -> str | None:
    try:
        admin = await asyncpg.connect(PG_ADMIN, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"postgresql skipped: {exc}")
        return None
    name = f"skm_bot_bench_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://") + "/" + name


async def _drop(url: str) -> None:
    admin = await asyncpg.connect(PG_ADMIN)
    await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    await admin.close()


async def main(args: argparse.Namespace) -> int:
    load = Load(args.clients, args.connections)
    met = True
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        print(
            f"stored alerts against the bare endpoint, one process, SQLite ({args.rounds} rounds)"
        )
        met &= await stored_over_bare(args, load, workdir)
        pg = await _pg_url()
        if pg is None:
            return 0 if met else 1
        try:
            print(f"2 workers against 1 worker, PostgreSQL ({args.rounds} rounds)")
            scaled, rate = await two_over_one(args, load, workdir, pg)
            print("kill -9 of a worker mid-burst, PostgreSQL")
            met &= scaled & await kill_one_worker(args, load, workdir, pg, rate)
        finally:
            await _drop(pg)
    return 0 if met else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=4000, help="bare requests per round")
    parser.add_argument("--stored", type=int, default=800, help="alerts per round")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--connections", type=int, default=16, help="connections per client")
    parser.add_argument("--quick", action="store_true", help="3 rounds, fewer requests")
    parsed = parser.parse_args()
    if parsed.quick:
        parsed.rounds, parsed.requests, parsed.stored = 3, 1500, 300
    sys.exit(asyncio.run(main(parsed)))
