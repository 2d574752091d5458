"""Where the deploy files are, named once for every deploy test."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "manifests" / "kubernetes"
BASE = KUBERNETES / "base"
EXAMPLE_OVERLAY = KUBERNETES / "overlays" / "example"
POSTGRES_COMPONENT = KUBERNETES / "components" / "postgres"
COMPOSE = ROOT / "compose.yaml"
COMPOSE_FILES = ROOT / "manifests" / "compose"
DOCKERFILE = ROOT / "Dockerfile"
DATA = Path(__file__).parent / "data"
# The Kubernetes version the manifests are validated for: the oldest minor still widely run.
KUBERNETES_VERSION = "1.30"
