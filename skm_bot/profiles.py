"""
Profiles from their TOML file; each profile's secrets are read only when that profile is used.

    book = load_profiles(path, environ=os.environ)   # the file's shape checked, no secret read
    book["prod"]                                      # prod's secrets read now, or UnusableProfile
    usable, unusable = book.resolve()                 # every profile: those that work, and why not

A secret that cannot be read (an unset variable, an unreadable secret file) makes only its own
profile unusable. A mistake in the file itself (not TOML, an unknown field, a secret written in
it) stops the whole file: it is the same mistake for every profile.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr, ValidationError

from skm_bot.certs.bounded_read import read_regular_file
from skm_bot.certs.limits import MAX_SECRET_FILE_BYTES
from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError

# Fields that hold a secret: the TOML names where to read it, never the value itself.
_SECRET_FIELDS = ("secret_access_key", "certificate_password")


class UnusableProfile(ConfigError):
    """A profile whose secret cannot be read; the message names the profile and where, never a value."""

    def __init__(self, profile: str, reason: str) -> None:
        super().__init__(f"profile {profile!r}: {reason}")
        self.profile = profile
        self.reason = reason


@dataclass(frozen=True)
class SecretSource:
    """Where one secret field of a profile is read from: an environment variable or a file."""

    field: str
    env: str | None = None
    file: Path | None = None

    def read(self, profile: str, environ: Mapping[str, str]) -> SecretStr:
        """The secret; UnusableProfile saying which variable or file failed, and how."""
        if self.env is not None:
            if self.env not in environ:
                raise UnusableProfile(profile, f"environment variable {self.env!r} is not set")
            return SecretStr(environ[self.env])
        assert self.file is not None
        return SecretStr(_secret_file(profile, self.field, self.file))


@dataclass(frozen=True)
class Unusable:
    """A profile that cannot be used: as written in the file (no secrets), and why not."""

    profile: Profile
    reason: str


@dataclass(frozen=True)
class _Declared:
    """One profile as written: every field checked, its secrets only named."""

    profile: Profile
    secrets: tuple[SecretSource, ...]


class ProfileBook(Mapping[str, Profile]):
    """
    The profiles of one file, by name; a profile's secrets are read the first time it is asked
    for. Asking for a profile whose secret cannot be read raises UnusableProfile naming it.
    """

    def __init__(
        self, declared: Mapping[str, _Declared], *, environ: Mapping[str, str], source: str
    ) -> None:
        self._declared = dict(declared)
        self._environ = environ
        self.source = source
        self._resolved: dict[str, Profile | UnusableProfile] = {}

    def __getitem__(self, name: str) -> Profile:
        found = self._resolve(name)
        if isinstance(found, UnusableProfile):
            raise found
        return found

    def __contains__(self, name: object) -> bool:
        return name in self._declared

    def __iter__(self) -> Iterator[str]:
        return iter(self._declared)

    def __len__(self) -> int:
        return len(self._declared)

    def choose(self, name: str) -> Profile:
        """The profile `name` with its secrets; ConfigError listing the known names if none."""
        if name not in self._declared:
            known = ", ".join(sorted(self._declared)) or "none"
            raise ConfigError(f"no profile {name!r} in {self.source} (known: {known})")
        return self[name]

    def as_written(self) -> dict[str, Profile]:
        """Every profile without its secrets: enough to route by channel, never to call SKM."""
        return {name: declared.profile for name, declared in self._declared.items()}

    def resolve(self) -> tuple[dict[str, Profile], dict[str, Unusable]]:
        """Every profile's secrets read: the usable profiles, and each other one with why not."""
        usable: dict[str, Profile] = {}
        unusable: dict[str, Unusable] = {}
        for name, declared in self._declared.items():
            found = self._resolve(name)
            if isinstance(found, UnusableProfile):
                unusable[name] = Unusable(declared.profile, found.reason)
            else:
                usable[name] = found
        return usable, unusable

    def _resolve(self, name: str) -> Profile | UnusableProfile:
        if name not in self._resolved:
            self._resolved[name] = self._with_secrets(self._declared[name])
        return self._resolved[name]

    def _with_secrets(self, declared: _Declared) -> Profile | UnusableProfile:
        name = declared.profile.name
        try:
            secrets = {s.field: s.read(name, self._environ) for s in declared.secrets}
        except UnusableProfile as exc:
            return exc
        return declared.profile.model_copy(update=secrets)


def _secret_source(name: str, field: str, raw: dict[str, object]) -> SecretSource | None:
    """Where `field` is read from, taken out of `raw`; ConfigError if the value is written in it."""
    if field in raw:
        raise ConfigError(
            f"profile {name!r}: {field} must not be written in the profiles file; "
            f"use {field}_env (an environment variable) or {field}_file (a secret file)"
        )
    env_var = raw.pop(f"{field}_env", None)
    path = raw.pop(f"{field}_file", None)
    if env_var is not None:
        if not isinstance(env_var, str) or not env_var:
            raise ConfigError(f"profile {name!r}: {field}_env must name an environment variable")
        return SecretSource(field, env=env_var)
    if path is not None:
        return SecretSource(field, file=Path(str(path)))
    return None


def _secret_file(name: str, field: str, path: Path) -> str:
    """A secret file's text without its final newline: a regular file within the secrets cap."""
    try:
        data = read_regular_file(path, limit=MAX_SECRET_FILE_BYTES).data
    except OSError as exc:
        raise UnusableProfile(name, f"cannot read {field}_file {path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnusableProfile(name, f"{field}_file {path} is not UTF-8 text") from None
    # Newlines as text mode reads them, so a file saved with CRLF loses its \r too.
    return text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")


def _declare(name: str, raw: dict[str, object], source: str) -> _Declared:
    """One profile table checked as written; its secrets are named, not read."""
    fields = dict(raw)
    sources = [_secret_source(name, f, fields) for f in _SECRET_FIELDS]
    try:
        profile = Profile.model_validate({"name": name, **fields})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{source}: profiles.{name}.{where}: {first['msg']}") from None
    return _Declared(profile, tuple(s for s in sources if s is not None))


def parse_profiles(
    text: str, *, environ: Mapping[str, str], source: str = "profiles"
) -> ProfileBook:
    """The profiles in TOML text; secrets are read from `environ` or files when a profile is used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{source}: [profiles] must be a table of profiles")
    declared: dict[str, _Declared] = {}
    for name, raw in tables.items():
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: profiles.{name} must be a table")
        declared[name] = _declare(name, raw, source)
    return ProfileBook(declared, environ=environ, source=source)


def load_profiles(path: Path, *, environ: Mapping[str, str]) -> ProfileBook:
    """The profiles of a TOML file; ConfigError naming the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read profiles file {path}: {exc.strerror}") from None
    return parse_profiles(text, environ=environ, source=str(path))
