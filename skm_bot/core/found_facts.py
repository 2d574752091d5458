"""
Facts the checks found: the ones that fill in what a paste did not say, and which check found each.

A check reports what it learnt on its way (`CheckResult.found`); the diagnosis keeps the
paste's facts as they were pasted, and a renderer shows these beside them. A fact the paste
already states is not replaced: the paste is what failed, and a check that read another value
says so in its own result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from skm_bot.core.check_result import CheckResult
from skm_bot.core.facts import Facts

# The facts a check may find. The names of `Facts` fields mean the same as there.
KEY_VERSION = "key_version"
KEYSTORE = "keystore"
FOUND_NAMES = (KEY_VERSION, KEYSTORE)


@dataclass(frozen=True)
class FoundFact:
    """One fact a check found that the paste did not hold."""

    name: str
    value: str | int
    check_id: str


def found_facts(facts: Facts, checks: Iterable[CheckResult]) -> tuple[FoundFact, ...]:
    """The facts `checks` found that `facts` lack, each once (the first check's), in name order."""
    pasted = facts.to_json()
    first: dict[str, FoundFact] = {}
    for check in checks:
        for name, value in check.found:
            if pasted.get(name) is None and name not in first:
                first[name] = FoundFact(name, value, check.id)
    order = {name: n for n, name in enumerate(FOUND_NAMES)}
    return tuple(sorted(first.values(), key=lambda f: order.get(f.name, len(order))))
