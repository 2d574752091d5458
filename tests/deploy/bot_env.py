"""The bot's side of a deployment's environment: the names it reads, the values it accepts."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

import pytest
from pydantic import AliasChoices

from skm_bot.settings import Settings

# Profile fields that name a file the bot reads (the profile's *_file secrets and certificates).
PROFILE_FILE_FIELDS = ("certificate_path", "ca_bundle")
PROFILE_SECRET_FIELDS = ("secret_access_key", "certificate_password")


def setting_names() -> frozenset[str]:
    """Every environment variable `Settings` reads."""
    names: set[str] = set()
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {c for c in alias.choices if isinstance(c, str) and c.isupper()}
        else:
            names.add(f"SKM_BOT_{field_name.upper()}")
    return frozenset(names)


def unknown_names(env: Mapping[str, str]) -> list[str]:
    """SKM_BOT_* and SLACK_* variables the bot would not read: a misspelt name is ignored."""
    ours = (n for n in env if n.startswith(("SKM_BOT_", "SLACK_")))
    return sorted(n for n in ours if n not in setting_names())


def settings_under(env: Mapping[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """`Settings()` as the bot builds it, in a process whose environment is `env`."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


def named_paths(profiles_text: str) -> list[str]:
    """Every file path a profiles file names: certificates, CA bundles and *_file secrets."""
    paths = []
    for raw in tomllib.loads(profiles_text).get("profiles", {}).values():
        paths += [raw[f] for f in PROFILE_FILE_FIELDS if f in raw]
        paths += [raw[f"{f}_file"] for f in PROFILE_SECRET_FIELDS if f"{f}_file" in raw]
    return paths


def named_variables(profiles_text: str) -> list[str]:
    """Every environment variable a profiles file names for its secrets (*_env)."""
    names = []
    for raw in tomllib.loads(profiles_text).get("profiles", {}).values():
        names += [raw[f"{f}_env"] for f in PROFILE_SECRET_FIELDS if f"{f}_env" in raw]
    return names


def rebase(env: Mapping[str, str], files: Mapping[str, bytes], root: Path) -> dict[str, str]:
    """`env` with every value that is the path of one of `files` moved under `root`."""
    return {k: str(root / v.lstrip("/")) if v in files else v for k, v in env.items()}


def write_files(files: Mapping[str, bytes], root: Path) -> None:
    """Lay `files` (absolute paths) out under `root`, as the container would see them."""
    for path, content in files.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
