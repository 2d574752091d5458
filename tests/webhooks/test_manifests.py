"""
The example Alertmanager receiver: the webhook path, auth and resolved notifications.

The Kubernetes manifests and compose.yaml are tested in tests/deploy.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "manifests"


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
