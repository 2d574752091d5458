"""The deploy manifests, validated offline against Kubernetes' own schemas (kubernetes-validate)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "manifests"
KUBE = ROOT / "kubernetes"
VERSION = "1.30"
RESOURCES = sorted(p for p in KUBE.glob("*.yaml") if p.name != "kustomization.yaml")


def _docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _kind(kind: str) -> dict:
    return next(d for p in RESOURCES for d in _docs(p) if d["kind"] == kind)


@pytest.mark.parametrize("path", RESOURCES, ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes(path: Path):
    for doc in _docs(path):
        kubernetes_validate.validate(doc, VERSION, strict=True)


def test_validation_catches_a_misspelt_field():
    """The strict schemas are what make the test above worth having."""
    broken = {**_kind("Deployment"), "spec": {**_kind("Deployment")["spec"], "replica": 2}}

    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSION, strict=True)


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((KUBE / "kustomization.yaml").read_text())

    assert sorted(kustomization["resources"]) == sorted(p.name for p in RESOURCES)


def test_deployment_probes_health_and_readiness_and_limits_resources():
    container = _kind("Deployment")["spec"]["template"]["spec"]["containers"][0]

    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert set(container["resources"]["limits"]) == {"cpu", "memory"}


def test_pdb_and_service_select_the_deployment_pods():
    pods = _kind("Deployment")["spec"]["template"]["metadata"]["labels"]

    for kind in ("Service", "PodDisruptionBudget", "NetworkPolicy"):
        selector = _kind(kind)["spec"].get("selector") or _kind(kind)["spec"]["podSelector"]
        labels = selector.get("matchLabels", selector)
        assert labels.items() <= pods.items(), kind


def test_secret_example_holds_only_obviously_fake_values():
    values = _kind("Secret")["stringData"].values()

    assert all("EXAMPLE" in value for value in values)


def test_alertmanager_example_sends_resolved_with_auth():
    config = yaml.safe_load((ROOT / "alertmanager" / "alertmanager.yml").read_text())
    [receiver] = [r for r in config["receivers"] if r["name"] == "skm-bot"]
    [webhook] = receiver["webhook_configs"]

    assert webhook["send_resolved"] is True
    assert webhook["url"].endswith("/webhooks/alertmanager")
    assert "authorization" in webhook["http_config"]


@pytest.mark.skipif(
    shutil.which("amtool") is None, reason="amtool (prometheus-alertmanager) not installed"
)
def test_alertmanager_example_passes_amtool_check_config():
    result = subprocess.run(
        ["amtool", "check-config", str(ROOT / "alertmanager" / "alertmanager.yml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )

    assert result.returncode == 0, result.stdout + result.stderr
