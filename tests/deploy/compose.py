"""compose.yaml read as Docker Compose would, for the parts the tests compare."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

import yaml

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error} and ${NAME?error}; $$ is a literal $.
_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


class MissingVariable(LookupError):
    """A required variable (`${NAME:?message}`) is unset: Compose stops with the message."""


def interpolate(value: str, environ: Mapping[str, str]) -> str:
    """A value with its variables replaced, as Compose does from the shell and .env."""

    def one(match: re.Match[str]) -> str:
        if match[0] == "$$":
            return "$"
        name, operator, default = match[1], match[2], match[3] or ""
        if operator == ":-" and not environ.get(name):
            return default
        if operator == "-" and name not in environ:
            return default
        if (operator == ":?" and not environ.get(name)) or (
            operator == "?" and name not in environ
        ):
            raise MissingVariable(f"{name}: {default}")
        return environ.get(name, "")

    return _VARIABLE.sub(one, value)


def load(path: Path) -> dict:
    """The Compose file as YAML (merge keys `<<:` applied)."""
    return yaml.safe_load(path.read_text())


def environment(service: dict, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A service's environment, interpolated with `environ` (default: nothing set)."""
    raw = service.get("environment", {})
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {k: interpolate(str(v), environ or {}) for k, v in raw.items()}


def bind_mounts(service: dict, project: Path) -> dict[str, Path]:
    """Bind mounts (short syntax): path in the container -> file on the host."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, target, *_ = volume.split(":")
        if source.startswith("."):
            mounts[target] = (project / source).resolve()
    return mounts


def option(command: list[str], name: str) -> str:
    """The value after `name` in an exec-form command."""
    return command[command.index(name) + 1]


def container_ports(service: dict) -> list[int]:
    """The container side of each published port ("host_ip:host:container")."""
    return [int(p.rsplit(":", 1)[1]) for p in service.get("ports", [])]


def in_container(path: str, service: dict, project: Path) -> Path | None:
    """The host file a path inside the service's container comes from, if bind-mounted."""
    return bind_mounts(service, project).get(str(PurePosixPath(path)))
