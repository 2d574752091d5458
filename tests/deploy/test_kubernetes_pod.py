"""
The example overlay's pods, as the kubelet would start them: every reference resolves, every
file the configuration names is mounted, and the bot starts with what the pod gives it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from skm_bot.profiles import load_profiles
from skm_bot.slack.access import load_access
from tests.deploy.bot_env import (
    named_paths,
    named_variables,
    rebase,
    settings_under,
    unknown_names,
    write_files,
)
from tests.deploy.pods import (
    Container,
    Unresolved,
    containers,
    environment,
    files,
    find,
    is_mounted,
    unexpanded,
)
from tests.fakes.slack_standin import SlackState
from tests.fakes.slack_standin.thread import standin_in_thread
from tests.webhooks.process import free_port


def _bot_containers(rendered: list[dict]) -> list[Container]:
    return [c for c in containers(rendered) if c.workload["metadata"]["name"] == "skm-bot"]


def _server(rendered: list[dict]) -> Container:
    return next(c for c in _bot_containers(rendered) if c.spec["name"] == "skm-bot")


def test_every_env_reference_of_every_container_resolves(rendered):
    """ConfigMaps, Secrets and their keys that envFrom and valueFrom name all exist."""
    problems = []
    for container in containers(rendered):
        try:
            environment(rendered, container)
        except Unresolved as exc:
            problems.append(f"{container.name}: {exc}")

    assert problems == []


def test_environment_lookup_refuses_a_missing_secret_key(rendered):
    """The check above can fail: a key the Secret lacks is reported."""
    container = _server(rendered)
    broken = {**container.spec, "env": [*container.spec["env"]]}
    broken["env"].append(
        {
            "name": "X",
            "valueFrom": {"secretKeyRef": {"name": "skm-bot-secrets", "key": "NOT_THERE"}},
        }
    )

    with pytest.raises(Unresolved):
        environment(rendered, Container(container.workload, broken, container.pod))


def test_every_volume_of_every_container_resolves(rendered):
    """Secret and ConfigMap volumes name objects the overlay renders, or are optional."""
    problems = []
    for container in containers(rendered):
        try:
            files(rendered, container)
        except Unresolved as exc:
            problems.append(f"{container.name}: {exc}")

    assert problems == []


def test_certificates_are_an_optional_secret_the_operator_creates(rendered):
    """Without certificate authentication there is nothing to create, and the pod starts."""
    pod = _server(rendered).pod
    [certs] = [v["secret"] for v in pod["volumes"] if v["name"] == "certs"]

    assert certs["optional"] is True
    assert find(rendered, "Secret", certs["secretName"]) is None


def test_every_dependent_variable_is_defined_before_it(rendered):
    """$(NAME) in a value (the database URL's password) names a variable defined earlier."""
    left = {c.name: unexpanded(environment(rendered, c)) for c in _bot_containers(rendered)}

    assert left == {c.name: {} for c in _bot_containers(rendered)}


@pytest.mark.parametrize("container_name", ["migrate", "skm-bot"])
def test_every_bot_variable_is_one_the_bot_reads(rendered, container_name):
    container = next(c for c in _bot_containers(rendered) if c.spec["name"] == container_name)

    assert unknown_names(environment(rendered, container)) == []


@pytest.mark.parametrize("container_name", ["migrate", "skm-bot"])
def test_settings_accept_the_pod_environment(rendered, container_name, monkeypatch):
    container = next(c for c in _bot_containers(rendered) if c.spec["name"] == container_name)

    settings = settings_under(environment(rendered, container), monkeypatch)

    assert settings.database_url.startswith("postgresql+asyncpg://")


@pytest.mark.parametrize("variable", ["SKM_BOT_PROFILES", "SKM_BOT_SLACK_ACCESS_FILE"])
def test_the_files_the_settings_name_are_in_the_pod(rendered, variable):
    """SKM_BOT_PROFILES named a path nothing was mounted at: the pod exited 2 at start."""
    container = _server(rendered)
    path = environment(rendered, container)[variable]

    assert path in files(rendered, container)


def test_every_file_the_example_profiles_name_is_under_a_mount(rendered):
    """Certificates and CA bundles: the Secret may come later, the mount must be there now."""
    container = _server(rendered)
    env = environment(rendered, container)
    profiles = files(rendered, container)[env["SKM_BOT_PROFILES"]].decode()

    paths = named_paths(profiles)

    assert paths, "the example profiles name no file: this test would check nothing"
    assert [p for p in paths if not is_mounted(p, container)] == []


def test_every_secret_variable_the_example_profiles_name_is_set(rendered):
    container = _server(rendered)
    env = environment(rendered, container)
    profiles = files(rendered, container)[env["SKM_BOT_PROFILES"]].decode()

    assert [name for name in named_variables(profiles) if name not in env] == []


def test_profiles_and_access_load_from_the_pod_files(rendered, tmp_path):
    container = _server(rendered)
    mounted = files(rendered, container)
    write_files(mounted, tmp_path)
    env = rebase(environment(rendered, container), mounted, tmp_path)

    profiles = load_profiles(Path(env["SKM_BOT_PROFILES"]), environ=env)
    access = load_access(Path(env["SKM_BOT_SLACK_ACCESS_FILE"]), profiles=profiles)

    assert [g.profile.name for g in access.grants] == list(profiles) != []


def _with_option(args: list[str], option: str, value: str) -> list[str]:
    at = args.index(option)
    return [*args[: at + 1], value, *args[at + 2 :]]


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> dict[str, int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exit {process.returncode}: {log.read_text()[-2000:]}")
        try:
            answers = {
                p: httpx.get(url + p, timeout=1).status_code for p in ("/healthz", "/readyz")
            }
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        if answers["/readyz"] == 200:
            return answers
        time.sleep(0.05)
    raise AssertionError(f"not ready in 30 s: {log.read_text()[-2000:]}")


@pytest.mark.slow
def test_bot_starts_and_is_ready_with_the_pod_configuration(rendered, tmp_path):
    """The server container's command, environment and files; only the database is local."""
    container = _server(rendered)
    mounted = files(rendered, container)
    write_files(mounted, tmp_path / "pod")
    env = rebase(environment(rendered, container), mounted, tmp_path / "pod")
    env["SKM_BOT_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    port = free_port()
    args = _with_option(
        _with_option(container.spec["args"], "--host", "127.0.0.1"), "--port", str(port)
    )
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("SKM_BOT_", "SLACK_"))}
    log = tmp_path / "bot.log"
    # Ready means Slack answered auth.test: a local Slack that knows the overlay's bot token.
    with standin_in_thread(SlackState(bot_token=env["SLACK_BOT_TOKEN"])) as slack:
        env["SKM_BOT_SLACK_API_URL"] = slack.base_url
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "skm_bot", *args],
                cwd=tmp_path,
                env={**inherited, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            answers = _wait_ready(process, f"http://127.0.0.1:{port}", log)
        finally:
            process.terminate()
            process.wait(timeout=15)

    assert answers == {"/healthz": 200, "/readyz": 200}
