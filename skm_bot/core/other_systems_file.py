"""
other_systems.toml read and checked, and compiled (core/other_systems.py); only building the
catalogue imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from skm_bot.core.file_schema import STRICT, need_items, read_file
from skm_bot.core.lexicon import Lexicon, check_words
from skm_bot.core.localized import Localized
from skm_bot.core.other_systems import OtherSystems, SystemSpec
from skm_bot.errors import CatalogueError


@dataclass(frozen=True)
class SkmSpec:
    """
    The words that say a paste is about SKM, the words only SKM's calls carry (`calls`: they
    place a library error in an SKM call) and the parts of SKM's own host names.
    """

    __pydantic_config__ = STRICT

    words: tuple[str, ...]
    hosts: tuple[str, ...]
    calls: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        need_items(self.words, "words")
        need_items(self.hosts, "hosts")
        check_words(self.words)
        check_words(self.calls)


@dataclass(frozen=True)
class HostSpec:
    """
    The failures a TLS client reports (`failures`): one of them next to a named host that is
    not SKM's is that host's. `name` says so in the reply (`{host}` in it).
    """

    __pydantic_config__ = STRICT

    failures: tuple[str, ...]
    name: Localized

    def __post_init__(self) -> None:
        need_items(self.failures, "failures")


@dataclass(frozen=True)
class _OthersFile:
    __pydantic_config__ = STRICT

    skm: SkmSpec
    other_host: HostSpec
    system: tuple[SystemSpec, ...]

    def __post_init__(self) -> None:
        need_items(self.system, "system")


def parse_other_systems(text: str, *, source: str = "other_systems") -> OtherSystems:
    """Parse and validate other_systems TOML; any defect raises CatalogueError naming it."""
    parsed = read_file(_OthersFile, text, source)
    ids = [spec.id for spec in parsed.system]
    if len(set(ids)) != len(ids):
        raise CatalogueError(f"{source}: a system id is listed twice")
    words: dict[str, int] = {}
    for index, spec in enumerate(parsed.system):
        for word in spec.words:
            words.setdefault(word, index)
    return OtherSystems(
        skm=Lexicon(dict.fromkeys(parsed.skm.words, True)),
        skm_words=parsed.skm.words,
        call_words=parsed.skm.calls,
        skm_hosts=parsed.skm.hosts,
        host_failures=parsed.other_host.failures,
        host_name=parsed.other_host.name,
        system_words=words,
        specs=parsed.system,
    )
