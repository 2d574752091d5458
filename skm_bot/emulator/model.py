"""The emulator's in-memory records: keystores, auth entries, keys and key versions."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from cryptography.hazmat.primitives.asymmetric import rsa

from skm_bot.emulator import crypto

PENDING_DELETION_DAYS = 7


class KeyType(Enum):
    """SKM's key types, as the list filter `type=` spells them."""

    SECRET = "SECRET"
    SYMMETRIC_KEY = "SYMMETRIC_KEY"
    ASYMMETRIC_KEY = "ASYMMETRIC_KEY"


class KeyState(Enum):
    """A key's life cycle. DELETED keys are gone: every lookup answers Invalid Key Id."""

    ACTIVE = "ACTIVE"
    PENDING_DELETION = "PENDING_DELETION"
    DELETED = "DELETED"


class VersionState(Enum):
    """A key version's own state; only ACTIVE versions may be used."""

    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"
    PENDING_DELETION = "PENDING_DELETION"
    DELETED = "DELETED"


class EntryState(Enum):
    """An auth entry's state; a PENDING_DELETION entry no longer authorises."""

    ACTIVE = "ACTIVE"
    PENDING_DELETION = "PENDING_DELETION"


class AuthKind(Enum):
    """The three keystore authentication methods, by their API path segment."""

    IPV4 = "ipv4s"
    MAC = "macs"
    CERTIFICATE = "certificates"


@dataclass
class Stamp:
    """Who created and last changed a record, and when."""

    creation_user: str
    creation_datetime: datetime
    last_change_user: str
    last_change_datetime: datetime

    def touch(self, user: str, when: datetime) -> None:
        """Record a change."""
        self.last_change_user = user
        self.last_change_datetime = when


@dataclass
class AuthEntry:
    """An IPv4 (address or CIDR) or MAC entry of a keystore."""

    value: str
    description: str
    stamp: Stamp
    state: EntryState = EntryState.ACTIVE
    deletion_datetime: datetime | None = None
    last_access_datetime: datetime | None = None


@dataclass
class CertificateEntry:
    """A client certificate registered to a keystore (issued by the emulator CA)."""

    name: str
    password: str
    description: str
    certificate_pem: str
    fingerprint_sha256: str
    expiration: datetime
    pkcs12: bytes
    stamp: Stamp
    state: EntryState = EntryState.ACTIVE
    deletion_datetime: datetime | None = None
    last_access_datetime: datetime | None = None


@dataclass
class KeyVersion:
    """One version of a key: symmetric material, an RSA key, or a secret value."""

    number: int
    state: VersionState
    material: bytes = b""
    rsa_key: rsa.RSAPrivateKey | None = None

    def private_key(self) -> rsa.RSAPrivateKey:
        """The RSA key, generated on first use so seeding many keys stays fast."""
        if self.rsa_key is None:
            self.rsa_key = crypto.new_rsa_key()
        return self.rsa_key


@dataclass
class Key:
    """A key with its versions; the key ID never changes across rotations."""

    key_id: str
    keystore_id: int
    name: str
    description: str
    key_type: KeyType
    versions: list[KeyVersion]
    stamp: Stamp
    auto_rotation_period: int = 0
    state: KeyState = KeyState.ACTIVE
    deletion_datetime: datetime | None = None
    last_access_datetime: datetime | None = None

    @property
    def current(self) -> KeyVersion:
        """The newest version that has not been deleted."""
        live = [v for v in self.versions if v.state is not VersionState.DELETED]
        return live[-1] if live else self.versions[-1]

    def version(self, number: int) -> KeyVersion | None:
        """The version with this number, None when it never existed or was deleted."""
        for candidate in self.versions:
            if candidate.number == number and candidate.state is not VersionState.DELETED:
                return candidate
        return None


@dataclass
class Keystore:
    """A keystore: the unit of client authentication."""

    keystore_id: int
    name: str
    description: str
    stamp: Stamp
    ipv4_auth: bool = False
    mac_auth: bool = False
    certificate_auth: bool = False
    auth_mode: str = "AND"
    enabled: bool = True
    ipv4s: list[AuthEntry] = field(default_factory=list)
    macs: list[AuthEntry] = field(default_factory=list)
    certificates: list[CertificateEntry] = field(default_factory=list)


_MAC_PATTERN = re.compile(r"^[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}$")


def normalise_mac(text: str) -> str | None:
    """Lower-case colon form of a MAC address (accepting `-`, `:` or no separator), else None.

    The real service's normalisation is unpublished: accepting any case and either separator is
    the emulator's choice, so a MAC registered as `AA-BB-CC-DD-EE-FF` matches `aa:bb:cc:dd:ee:ff`.
    """
    candidate = text.strip().lower()
    if not _MAC_PATTERN.match(candidate):
        return None
    digits = candidate.replace(":", "").replace("-", "")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def parse_ipv4_rule(text: str) -> ipaddress.IPv4Network | None:
    """An IPv4 address or CIDR range as a network, None when it is neither."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None
    return network if isinstance(network, ipaddress.IPv4Network) else None
