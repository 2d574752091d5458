"""Profiles from their TOML file, secrets filled from the environment or secret files."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import SecretStr, ValidationError

from skm_bot.certs.bounded_read import read_regular_file
from skm_bot.certs.limits import MAX_SECRET_FILE_BYTES
from skm_bot.core.profile import Profile
from skm_bot.errors import ConfigError

# Fields that hold a secret: the TOML names where to read it, never the value itself.
_SECRET_FIELDS = ("secret_access_key", "certificate_password")


def _read_secret(
    name: str, field: str, raw: dict[str, object], environ: Mapping[str, str]
) -> SecretStr | None:
    if field in raw:
        raise ConfigError(
            f"profile {name!r}: {field} must not be written in the profiles file; "
            f"use {field}_env (an environment variable) or {field}_file (a secret file)"
        )
    env_var = raw.pop(f"{field}_env", None)
    path = raw.pop(f"{field}_file", None)
    if env_var is not None:
        if not isinstance(env_var, str) or env_var not in environ:
            raise ConfigError(f"profile {name!r}: environment variable {env_var!r} is not set")
        return SecretStr(environ[env_var])
    if path is not None:
        return SecretStr(_secret_file(name, field, Path(str(path))))
    return None


def _secret_file(name: str, field: str, path: Path) -> str:
    """A secret file's text without its final newline: a regular file within the secrets cap."""
    try:
        data = read_regular_file(path, limit=MAX_SECRET_FILE_BYTES).data
    except OSError as exc:
        raise ConfigError(
            f"profile {name!r}: cannot read {field}_file {path}: {exc.strerror}"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"profile {name!r}: {field}_file {path} is not UTF-8 text") from None
    # Newlines as text mode reads them, so a file saved with CRLF loses its \r too.
    return text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n")


def parse_profiles(
    text: str, *, environ: Mapping[str, str], source: str = "profiles"
) -> dict[str, Profile]:
    """Profiles from TOML text, secrets filled from `environ` or secret files."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    tables = data.get("profiles", {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{source}: [profiles] must be a table of profiles")
    profiles: dict[str, Profile] = {}
    for name, raw in tables.items():
        if not isinstance(raw, dict):
            raise ConfigError(f"{source}: profiles.{name} must be a table")
        fields = dict(raw)
        secrets = {f: _read_secret(name, f, fields, environ) for f in _SECRET_FIELDS}
        try:
            profiles[name] = Profile.model_validate({"name": name, **fields, **secrets})
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"{source}: profiles.{name}.{where}: {first['msg']}") from None
    return profiles


def load_profiles(path: Path, *, environ: Mapping[str, str]) -> dict[str, Profile]:
    """Profiles from a TOML file; ConfigError naming the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read profiles file {path}: {exc.strerror}") from None
    return parse_profiles(text, environ=environ, source=str(path))
