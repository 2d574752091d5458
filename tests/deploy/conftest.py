"""The example overlay, rendered once per session by the machine's kustomize (skips without one)."""

from __future__ import annotations

import pytest

from tests.deploy.layout import EXAMPLE_OVERLAY
from tests.deploy.tools import Kustomize, find_kustomize


@pytest.fixture(scope="session")
def kustomize() -> Kustomize:
    found = find_kustomize()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="session")
def rendered(kustomize: Kustomize) -> list[dict]:
    """Every object `kubectl apply -k manifests/kubernetes/overlays/example` would apply."""
    return kustomize.render(EXAMPLE_OVERLAY)
