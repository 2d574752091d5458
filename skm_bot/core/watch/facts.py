"""What one watch run read about a profile: plain values, handed in by the use case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from skm_bot.core.check_result import CheckResult

AuthKind = Literal["ipv4", "mac", "certificate"]
AUTH_KINDS: tuple[AuthKind, ...] = ("ipv4", "mac", "certificate")


@dataclass(frozen=True)
class CertificateFile:
    """
    The profile's client certificate file: its client certificate's dates and fingerprint, or
    `problem` saying why none could be read.
    """

    name: str
    fingerprint: str | None = None
    subject: str | None = None
    not_before: datetime | None = None
    not_after: datetime | None = None
    problem: str | None = None


@dataclass(frozen=True)
class KeyFact:
    """One key as SKM lists it: when it will be deleted (if scheduled) and when it was last used."""

    key_id: str
    name: str | None = None
    deletion: datetime | None = None
    last_access: datetime | None = None


@dataclass(frozen=True)
class AuthEntry:
    """
    One IPv4 / MAC / certificate entry of a keystore. `value` is the address, or the
    certificate's name; `expires` is a certificate's expiration date.
    """

    kind: AuthKind
    value: str
    deletion: datetime | None = None
    last_access: datetime | None = None
    created: datetime | None = None
    changed: datetime | None = None
    expires: datetime | None = None

    @property
    def identity(self) -> str:
        """What makes two entries the same entry: MACs compare case- and separator-blind."""
        value = self.value.strip()
        if self.kind == "mac":
            return value.lower().replace("-", ":")
        return value


@dataclass(frozen=True)
class KeystoreFacts:
    """
    One keystore: its keys and its auth lists. A list that could not be read is absent (None,
    or missing from `auth`), which is not the same as empty.
    """

    keystore_id: int
    name: str | None = None
    keys: tuple[KeyFact, ...] | None = None
    auth: Mapping[AuthKind, tuple[AuthEntry, ...]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """How people recognise it: "name (#id)"."""
        return f"{self.name} (#{self.keystore_id})" if self.name else f"#{self.keystore_id}"


@dataclass(frozen=True)
class WatchFacts:
    """
    Everything one run read about one profile.

    `certificate_file` is None when the profile names no certificate; `keystores` is None when
    which keystores to read could not be learned; `checks` are the reachability checks' results;
    `gaps` say, in words, what could not be read.
    """

    profile: str
    endpoint: str = ""
    certificate_file: CertificateFile | None = None
    keystores: tuple[KeystoreFacts, ...] | None = ()
    checks: tuple[CheckResult, ...] = ()
    gaps: tuple[str, ...] = ()
