"""
`skm-bot diagnose --jsonl`: one diagnosis per JSON Lines record, a bad line reported in place.

Each line is read as bytes, bounded, decoded and parsed on its own: a line that is not JSON,
not UTF-8 or any encoding skm-bot reads, too long, or whose text is not valid Unicode becomes
`{"line": N, "error": "..."}` where its diagnosis would be, and the batch goes on.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from skm_bot.cli.bare_secret import bare_secret_error
from skm_bot.cli.decoding import decode_paste
from skm_bot.cli.job import Job, diagnose_and_check, live_target, ran_offline
from skm_bot.cli.output import json_line
from skm_bot.cli.paste_input import binary
from skm_bot.cli.status import EXIT_OK, EXIT_USAGE
from skm_bot.core.paste import MAX_PASTE_BYTES, only_secrets, take_paste
from skm_bot.core.redaction import Redacted
from skm_bot.errors import InputError
from skm_bot.render.json_contract import diagnosis_json

if TYPE_CHECKING:
    from skm_bot.core.profile import Profile
    from skm_bot.skm.connect import LiveTarget

# A record may spell each character of a 1 MiB paste as a six-byte \u escape.
MAX_LINE_BYTES = 6 * MAX_PASTE_BYTES + 64
_SKIP_CHUNK = 64 * 1024
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def numbered_lines(
    stream: IO[bytes], limit: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, bytes | None]]:
    """
    Each line of `stream` with its number; None for a line over `limit` bytes, whose rest is
    read past in chunks and never kept.
    """
    for number in itertools.count(1):
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def record_paste(line: bytes | None) -> Redacted:
    """The paste in one record (None: a line too long); InputError saying what is wrong."""
    if line is None:
        raise InputError(f"the line is over {MAX_LINE_BYTES:,} bytes")
    try:
        record = json.loads(decode_paste(line))
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError('each line must be a JSON object with a string "text"')
    text: str = record["text"]
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:
        code = f"\\u{ord(surrogate.group()):04x}"
        raise InputError(f'"text" holds a lone surrogate ({code}), which is not Unicode text')
    if not text.strip():
        raise InputError('"text" is empty')
    return take_paste(text)


async def record_out(
    job: Job, number: int, line: bytes | None, target: LiveTarget | None
) -> tuple[dict[str, Any], bool]:
    """One record's JSON document, and True when the record could not be diagnosed."""
    try:
        paste = record_paste(line)
        if only_secrets(paste):
            raise bare_secret_error(paste, job.options.language)
        diagnosis = await diagnose_and_check(job, paste, datetime.now(UTC), target)
    except InputError as exc:
        return {"line": number, "error": exc.message}, True
    offline = ran_offline(job)
    return diagnosis_json(
        diagnosis, support_email=job.settings.support_email, offline=offline
    ), False


def records_on_stdin() -> Iterator[tuple[int, bytes | None]]:
    """Each record's line on stdin with its number (blank lines skipped)."""
    if sys.stdin is None:
        raise InputError('nothing to diagnose: pipe JSON lines {"text": ...} on stdin')
    for number, line in numbered_lines(binary(sys.stdin)):
        if line is None or line.strip():
            yield number, line


def batch_status(records: int, failed: int) -> int:
    """The exit status once every record is written; no record at all is a usage error."""
    if not records:
        raise InputError('nothing to diagnose: no JSON lines {"text": ...} on stdin')
    if failed:
        print(f"skm-bot: {failed} line(s) could not be diagnosed", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


async def diagnose_jsonl(job: Job, profile: Profile | None) -> int:
    """One diagnosis per JSON Lines record on stdin, each written as it is done."""
    failed = records = 0
    stdout = job.out.stream
    lines = records_on_stdin()
    async with live_target(profile) as target:
        for number, line in lines:
            records += 1
            out, bad = await record_out(job, number, line, target)
            failed += bad
            print(json_line(out, stdout), file=stdout, flush=True)
    return batch_status(records, failed)
