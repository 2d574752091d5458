"""
`skm-bot diagnose --jsonl` over a file on stdin, offline: the records shared among processes.

A file is a batch, read as fast as it can be: chunks of records go to one worker process per
core and their documents come back in the file's order. A pipe may be a stream (`tail -f`), so
it is read one record at a time instead (`jsonl.diagnose_jsonl`), each written as it is done.
The workers are forked after the job is built: they start with its catalogue and settings, and
nothing of them is pickled. At most two chunks per worker are in flight, so however long the
file, memory stays bounded.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import json
import multiprocessing
import os
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any

from skm_bot.cli.job import Job
from skm_bot.cli.jsonl import batch_status, record_out, records_on_stdin
from skm_bot.cli.output import speaks_unicode

# Below this a file is diagnosed in this process: starting workers would cost more than it saves.
MIN_BATCH_BYTES = 256 * 1024
MAX_WORKERS = 8
# A chunk closes at this many records or bytes, whichever comes first.
CHUNK_RECORDS = 200
CHUNK_BYTES = 1024 * 1024

Chunk = list[tuple[int, bytes | None]]

# The job the workers diagnose with: set before they fork, so they inherit it.
_job: Job | None = None
_ensure_ascii = False


def batch_workers(stdin: IO[Any] | None) -> int:
    """How many processes should read `stdin`: 1 unless it is a large enough file."""
    try:
        status = os.fstat(stdin.fileno()) if stdin is not None else None
    except (OSError, ValueError, AttributeError):
        return 1
    if status is None or not stat.S_ISREG(status.st_mode) or status.st_size < MIN_BATCH_BYTES:
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def chunks(records: Iterable[tuple[int, bytes | None]]) -> Iterator[Chunk]:
    """The records in chunks of at most CHUNK_RECORDS records or about CHUNK_BYTES bytes."""
    chunk: Chunk = []
    size = 0
    for number, line in records:
        chunk.append((number, line))
        size += len(line) if line is not None else 0
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def diagnose_jsonl_in_parallel(job: Job, workers: int) -> int:
    """Every record on stdin diagnosed by `workers` processes, written in order; the status."""
    global _job, _ensure_ascii
    _job, _ensure_ascii = job, not speaks_unicode(job.out.stream)
    stdout = job.out.stream
    records = failed = 0
    lines = records_on_stdin()
    # The first record is diagnosed here: what it loads (the checks, the renderers) the
    # workers then inherit instead of each loading it again.
    for first in itertools.islice(lines, 1):
        records += 1
        failed += _write_now(diagnose_chunk([first]), stdout)
    # The catalogue and everything loaded so far stay out of the workers' garbage collections:
    # a collection writes to every object it visits, and each write to a page shared with
    # this process makes the worker copy that page.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future[tuple[str, int]]] = deque()
        for chunk in chunks(lines):
            records += len(chunk)
            pending.append(pool.submit(diagnose_chunk, chunk))
            if len(pending) >= 2 * workers:
                failed += _write(pending.popleft(), stdout)
        while pending:
            failed += _write(pending.popleft(), stdout)
    return batch_status(records, failed)


def _write(done: Future[tuple[str, int]], stdout: IO[str]) -> int:
    return _write_now(done.result(), stdout)


def _write_now(documents: tuple[str, int], stdout: IO[str]) -> int:
    text, failed = documents
    stdout.write(text)
    stdout.flush()
    return failed


def diagnose_chunk(chunk: Chunk) -> tuple[str, int]:
    """In a worker: the chunk's documents, one line each, and how many records failed."""
    if _job is None:
        raise RuntimeError("diagnose_chunk runs in a worker forked after the job was set")
    return asyncio.run(_chunk_out(_job, chunk))


async def _chunk_out(job: Job, chunk: Chunk) -> tuple[str, int]:
    lines: list[str] = []
    failed = 0
    for number, line in chunk:
        out, bad = await record_out(job, number, line, None)
        failed += bad
        lines.append(json.dumps(out, ensure_ascii=_ensure_ascii) + "\n")
    return "".join(lines), failed
