"""
How the core's data files (known_errors.toml, concepts.toml, other_systems.toml) are checked.

Their records are plain frozen dataclasses: what a diagnosis reads, and what the command
line's cached catalogue holds, loads with no validation library at all (pydantic's import
and its first model cost more than a whole offline diagnosis). Each record checks its own
rules in `__post_init__`; pydantic checks the file's shape against the dataclasses (types,
required and unknown keys) and is imported only when a file is read.
"""

from __future__ import annotations

import re
from collections.abc import Sized
from typing import Any, Final, TypeVar

from skm_bot.errors import CatalogueError

T = TypeVar("T")

# Given to each record class as `__pydantic_config__`: an unknown key is a typo, not ignored.
STRICT: Final = {"extra": "forbid"}

_ID = re.compile(r"[a-z][a-z0-9_]*")


def need_id(value: str, what: str = "id") -> None:
    """An id: a lower-case letter, then lower-case letters, digits and underscores."""
    if not _ID.fullmatch(value):
        raise ValueError(f"{what} {value!r} must be lower case letters, digits and _")


def need_items(items: Sized, what: str, at_least: int = 1) -> None:
    """A list (or table) with at least `at_least` items."""
    if len(items) < at_least:
        raise ValueError(f"{what} should have at least {at_least} item(s)")


def need_range(value: float, what: str, *, above: float, at_most: float) -> None:
    """A number in (above, at_most]."""
    if not above < value:
        raise ValueError(f"{what} should be greater than {above}")
    if not value <= at_most:
        raise ValueError(f"{what} should be less than or equal to {at_most}")


def read_file(kind: type[T], text: str, source: str, *, count: bool = False) -> T:
    """
    The TOML `text` as a `kind`; CatalogueError naming `source`, the first defect's place and
    what is wrong with it (and, with `count`, how many defects there are).
    """
    import tomllib

    from pydantic import TypeAdapter, ValidationError

    try:
        raw: Any = tomllib.loads(text)
        return TypeAdapter(kind).validate_python(raw)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        total = f" ({exc.error_count()} problem(s) in all)" if count else ""
        raise CatalogueError(f"{source}: {where}: {first['msg']}{total}") from exc
