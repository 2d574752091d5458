"""
A request body read within bounds: a size cap, checked on Content-Length before reading and on
the bytes counted while streaming, and a deadline for the whole body.

A request that declares or sends too much is refused before it costs memory, and one that
trickles its body in is refused before it holds a connection for long.
"""

from __future__ import annotations

import asyncio

from starlette.requests import ClientDisconnect, Request


class TooLarge(Exception):
    """The body went over the size limit (or declared it would)."""


class TooSlow(Exception):
    """The body did not arrive before the deadline."""


class Disconnected(Exception):
    """The client went away before sending its whole body: nobody is left to answer."""


def declared_too_large(content_length: str | None, limit: int) -> bool:
    """True when a Content-Length header already says the body is over `limit` bytes."""
    if content_length is None:
        return False
    value = content_length.strip()
    if not (value.isascii() and value.isdigit()):
        return False  # not a length: the server or the streaming count decides
    # Count digits first: int() of a 5,000-digit string is itself refused by Python.
    digits = value.lstrip("0") or "0"
    return len(digits) > len(str(limit)) or int(digits) > limit


async def read_body(request: Request, limit: int, timeout: float) -> bytes:
    """
    The body, refusing with TooLarge past `limit` bytes and TooSlow after `timeout` seconds;
    Disconnected when the client closes the connection first.
    """
    if declared_too_large(request.headers.get("content-length"), limit):
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                chunks.append(chunk)
    except TimeoutError:
        raise TooSlow from None
    except ClientDisconnect:
        raise Disconnected from None
    return b"".join(chunks)
