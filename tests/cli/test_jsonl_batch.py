"""`skm-bot diagnose --jsonl` over a file: the records shared among processes, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from skm_bot.cli.jsonl_batch import (
    CHUNK_BYTES,
    CHUNK_RECORDS,
    MAX_WORKERS,
    MIN_BATCH_BYTES,
    batch_workers,
    chunks,
)

FAILURES = ["Invalid Appkey", "URL NOT FOUND", "鍵バージョンが無効です", "MAC 인증 실패"]
# The documents' parts that differ from one run to the next.
VOLATILE = ("diagnosis_id", "escalation")


def records_file(path: Path, count: int) -> bytes:
    """`count` records of about 1 KB, every 37th one broken in a different way."""
    filler = "2026-11-25T10:00:00.000Z INFO [main] request handled in 12 ms status=200\n" * 13
    broken = [b"not json\n", b'{"nope": 1}\n', b'{"text": "  "}\n', b"\n"]
    lines = []
    for number in range(count):
        if number % 37 == 36:
            lines.append(broken[number // 37 % len(broken)])
        else:
            text = filler + f"line {number}: {FAILURES[number % len(FAILURES)]}"
            lines.append(json.dumps({"text": text}).encode() + b"\n")
    data = b"".join(lines)
    path.write_bytes(data)
    return data


def stable(out: bytes) -> list[dict]:
    documents = [json.loads(line) for line in out.splitlines()]
    for document in documents:
        for key in VOLATILE:
            document.pop(key, None)
        for check in document.get("checks", []):
            check.pop("duration_ms", None)
    return documents


def run_jsonl(stdin, tmp_path: Path, data: bytes | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, SKM_BOT_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run(
        [sys.executable, "-m", "skm_bot.cli", "diagnose", "--jsonl"],
        stdin=stdin,
        input=data,
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_a_file_gives_the_documents_a_pipe_gives_in_the_same_order(tmp_path):
    path = tmp_path / "records.jsonl"
    data = records_file(path, 400)
    assert len(data) > MIN_BATCH_BYTES

    with path.open("rb") as stdin:
        from_file = run_jsonl(stdin, tmp_path)
    from_pipe = run_jsonl(None, tmp_path, data)

    assert (from_file.returncode, from_pipe.returncode) == (2, 2)
    assert stable(from_file.stdout) == stable(from_pipe.stdout)
    blank = [n for n in range(400) if n % 37 == 36 and n // 37 % 4 == 3]
    assert len(stable(from_file.stdout)) == 400 - len(blank)


@pytest.mark.slow
def test_a_file_reports_each_bad_line_by_its_number(tmp_path):
    path = tmp_path / "records.jsonl"
    records_file(path, 400)

    with path.open("rb") as stdin:
        ran = run_jsonl(stdin, tmp_path)

    errors = [d["line"] for d in stable(ran.stdout) if "error" in d]
    assert errors == [n + 1 for n in range(400) if n % 37 == 36 and n // 37 % 4 != 3]
    assert f"{len(errors)} line(s) could not be diagnosed" in ran.stderr.decode()


def test_a_large_file_is_read_by_a_process_per_core(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * MIN_BATCH_BYTES)

    with path.open("rb") as stdin:
        workers = batch_workers(stdin)

    assert workers == min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def test_a_small_file_is_read_in_this_process(tmp_path):
    path = tmp_path / "small.jsonl"
    path.write_bytes(b"x" * (MIN_BATCH_BYTES - 1))

    with path.open("rb") as stdin:
        assert batch_workers(stdin) == 1


def test_a_pipe_is_read_in_this_process():
    read, write = os.pipe()
    try:
        with os.fdopen(read, "rb") as stdin:
            assert batch_workers(stdin) == 1
    finally:
        os.close(write)


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        ([10] * (CHUNK_RECORDS + 1), [CHUNK_RECORDS, 1]),
        ([CHUNK_BYTES // 2] * 5, [2, 2, 1]),
        ([CHUNK_BYTES * 2, 10, 10], [1, 2]),
        ([], []),
    ],
    ids=["by records", "by bytes", "one record over the bytes", "none"],
)
def test_records_are_chunked_by_count_and_by_bytes(sizes, expected):
    records = [(n, b"x" * size) for n, size in enumerate(sizes, 1)]

    got = list(chunks(records))

    assert [len(chunk) for chunk in got] == expected
    assert [record for chunk in got for record in chunk] == records


def test_a_line_too_long_counts_no_bytes_in_its_chunk():
    records = [(1, None), (2, b"x")]

    assert list(chunks(records)) == [records]
