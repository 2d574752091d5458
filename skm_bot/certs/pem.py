"""Split PEM text into its blocks in one linear pass, stopping where the caller's limit says."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

_BEGIN, _DASHES = b"-----BEGIN ", b"-----"
_LABEL = re.compile(rb"[A-Z0-9 ]+")


def pem_blocks(data: bytes) -> Iterator[tuple[str, bytes]]:
    """
    Each PEM block's label and text, in file order, in one linear pass.

    Raises ValueError at the first BEGIN line that has no valid label, no matching END line,
    or another BEGIN line before its END. (A lazy regex with a back-reference would rescan the
    rest of the file from every unterminated BEGIN: quadratic.)
    """
    start = data.find(_BEGIN)
    while start != -1:
        label_end = data.find(_DASHES, start + len(_BEGIN))
        label = data[start + len(_BEGIN) : label_end] if label_end != -1 else b""
        if not _LABEL.fullmatch(label):
            raise ValueError("a PEM BEGIN line without a label")
        end_line = b"-----END " + label + _DASHES
        end = data.find(end_line, label_end)
        following = data.find(_BEGIN, label_end)
        if end == -1 or -1 < following < end:
            raise ValueError("a PEM block has no END line")
        stop = end + len(end_line)
        yield label.decode(), data[start:stop]
        start = data.find(_BEGIN, stop)


def pem_prefix(
    data: bytes, counted: Collection[str], limit: int
) -> tuple[list[tuple[str, bytes]], bool]:
    """
    The blocks up to the `limit`-th one labelled in `counted`, and whether more such follow.

    The scan stops at the first one past the limit: what follows is neither split nor read.
    """
    blocks: list[tuple[str, bytes]] = []
    found = 0
    for label, block in pem_blocks(data):
        if label in counted:
            found += 1
            if found > limit:
                return blocks, True
        blocks.append((label, block))
    return blocks, False
