"""
What is not SKM: other key managers, other services and everyday chat (other_systems.toml).

A paste that names Secure Key Manager (its name, its host, its headers, its response
envelope) is about SKM whatever else it mentions. One that does not, but names AWS KMS,
HashiCorp Vault, a browser or a door badge, is about that instead: the reply says so plainly,
runs no SKM check and drafts no email to NHN. A certificate error from a named host that is
not SKM's is another service's too. A TLS library's error is every system's: it is SKM's only
in a paste that names SKM or shows an SKM call (`calls`: an appkey), else it is only asked
about.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from skm_bot.core.file_schema import STRICT, need_id, need_items
from skm_bot.core.lexicon import Hit, Lexicon, check_words
from skm_bot.core.localized import Localized

SystemKind = Literal["key_manager", "service", "everyday"]
# A host named in a URL, a `host=` field or "server at": what a TLS client was talking to.
_HOST = re.compile(
    r"(?:https?://|host(?:name)?\s*[=:]\s*['\"]?|server at \"?|node -?\d+ \(|-connect\s+"
    r"|connect(?:ing|ion)? to\s+['\"]?)"
    r"([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)"
)
_HAS_LETTER_TLD = re.compile(r"\.[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class SystemSpec:
    """Another system: what kind it is, its name in the reply, the words that name it."""

    __pydantic_config__ = STRICT

    id: str
    kind: SystemKind
    name: Localized
    words: tuple[str, ...]

    def __post_init__(self) -> None:
        need_id(self.id)
        need_items(self.words, "words")
        check_words(self.words)


@dataclass(frozen=True)
class OtherSystem:
    """What a paste is about when it is not SKM: a system id, its kind, its name."""

    id: str
    kind: SystemKind
    name: Localized
    evidence: str


@dataclass(frozen=True)
class OtherSystems:
    """
    The compiled file: SKM's words and hosts, and every other system's words (each with the
    index of its system; the catalogue merges them into its one vocabulary).
    """

    skm: Lexicon[bool]
    skm_words: tuple[str, ...]
    call_words: tuple[str, ...]
    skm_hosts: tuple[str, ...]
    host_failures: tuple[str, ...]
    host_name: Localized
    system_words: Mapping[str, int]
    specs: tuple[SystemSpec, ...]

    def names_skm(self, folded: str, start: int = 0, end: int | None = None) -> bool:
        """
        True when the text names SKM: one pass, stopping at the first word, and only when one
        of the words' literals is there (each found like `str.find`, where the words' regex
        would try every word start of a megabyte of log lines).
        """
        stop = len(folded) if end is None else end
        if not any(folded.find(literal, start, stop) != -1 for literal in self._gates):
            return False
        return self.skm.first(folded, start, stop) is not None

    @functools.cached_property
    def _gates(self) -> tuple[str, ...]:
        """The SKM words' literals, without any that holds another (finding "nhn" is enough)."""
        literals = set(self.skm.literals)
        return tuple(
            sorted(lit for lit in literals if not any(o != lit and o in lit for o in literals))
        )

    def recognise(self, folded: str, hits: list[Hit[int]]) -> OtherSystem | None:
        """
        The other system named by `hits` (words found, tagged with their system's index), or
        None; the first listed in the file wins (key managers, services, then everyday chat).
        """
        if not hits:
            return None
        first = min(hits, key=lambda hit: (hit.tag, hit.start))
        spec = self.specs[first.tag]
        return OtherSystem(spec.id, spec.kind, spec.name, folded[first.start : first.end])

    def other_host(self, folded: str, spans: tuple[tuple[int, int], ...]) -> OtherSystem | None:
        """A named host in `spans` that is not SKM's (a TLS client's peer), or None."""
        for start, end in spans:
            for m in _HOST.finditer(folded, start, end):
                host = m.group(1).rstrip(".")
                if _HAS_LETTER_TLD.search(host) and not any(h in host for h in self.skm_hosts):
                    name = Localized(
                        **{
                            lang: self.host_name.get(lang).replace("{host}", host)
                            for lang in ("ja", "ko", "en")
                        }
                    )
                    return OtherSystem("other_host", "service", name, host)
        return None


NO_OTHER_SYSTEMS = OtherSystems(
    skm=Lexicon({}),
    skm_words=(),
    call_words=(),
    skm_hosts=(),
    host_failures=(),
    host_name=Localized(ja="{host}", ko="{host}", en="{host}"),
    system_words={},
    specs=(),
)
