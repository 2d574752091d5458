"""The SKM route table: method, path after `/keymanager/{v}/appkey/{appkey}`, versions, handler."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from skm_bot.emulator.calls import Call

Handler = Callable[[Call], Any]

ALL_VERSIONS = frozenset({"v1.0", "v1.2", "v1.3"})
V12_UP = frozenset({"v1.2", "v1.3"})
V13 = frozenset({"v1.3"})
KNOWN_VERSIONS = frozenset({"v1.0", "v1.1", "v1.2", "v1.3"})


@dataclass(frozen=True)
class Route:
    """One endpoint; `versions` is the doc's version column (other versions: URL NOT FOUND)."""

    method: str
    pattern: str
    versions: frozenset[str]
    handler: Handler
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # `{name}` matches one segment; `{name:a|b}` only the listed alternatives.
        source = re.sub(
            r"\{(\w+)(?::([^}]+))?\}",
            lambda m: f"(?P<{m[1]}>{m[2] or '[^/]+'})",
            self.pattern,
        )
        object.__setattr__(self, "regex", re.compile(f"^{source}$"))


def find_route(
    routes: Sequence[Route], method: str, version: str, path: str
) -> tuple[Route, Mapping[str, str]] | None:
    """The route serving `method path` on `version`, with its path parameters."""
    for route in routes:
        if route.method != method or version not in route.versions:
            continue
        matched = route.regex.match(path)
        if matched:
            return route, matched.groupdict()
    return None
