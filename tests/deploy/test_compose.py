"""compose.yaml: valid against the Compose Specification, and its services wired to one another."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from sqlalchemy.engine import make_url

from skm_bot.emulator import state_from_seed_file
from skm_bot.profiles import load_profiles
from tests.deploy import compose
from tests.deploy.bot_env import named_variables, settings_under, unknown_names
from tests.deploy.layout import COMPOSE, DATA, ROOT

# The Compose Specification's schema (Apache-2.0, see the LICENSE beside it): compose-spec/
# compose-spec, schema/compose-spec.json as of commit a08f8d5 (2025-10-21).
# What a user sets in the shell or .env before `docker compose up`.
SLACK_FROM_SHELL = {"SLACK_BOT_TOKEN": "xoxb-from-env", "SLACK_SIGNING_SECRET": "from-env"}
SCHEMA = DATA / "compose-spec.schema.json"
WEBHOOK_PATH = "/webhooks/alertmanager"


@pytest.fixture(scope="module")
def services() -> dict:
    return compose.load(COMPOSE)["services"]


def _alertmanager_config(services: dict) -> dict:
    path = compose.in_container(
        "/etc/alertmanager/alertmanager.yml", services["alertmanager"], ROOT
    )
    assert path is not None, "Alertmanager's configuration is not mounted"
    return yaml.safe_load(path.read_text())


def _skm_webhook(services: dict) -> dict:
    config = _alertmanager_config(services)
    [receiver] = [r for r in config["receivers"] if r["name"] == "skm-bot"]
    [webhook] = receiver["webhook_configs"]
    return webhook


def _bot_port(services: dict) -> int:
    return int(compose.option(services["bot"]["command"], "--port"))


def test_compose_file_is_valid_against_the_compose_specification():
    schema = json.loads(SCHEMA.read_text())

    jsonschema.validate(compose.load(COMPOSE), schema, cls=jsonschema.Draft7Validator)


def test_schema_validation_catches_a_misspelt_key():
    """The schema forbids unknown service keys, which makes the test above worth having."""
    schema = json.loads(SCHEMA.read_text())
    broken = compose.load(COMPOSE)
    broken["services"]["bot"]["enviroment"] = {}

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema, cls=jsonschema.Draft7Validator)


def test_compose_runs_the_bot_postgres_emulator_and_alertmanager(services):
    assert set(services) == {"bot", "postgres", "emulator", "alertmanager"}


def test_bot_serves_http_on_the_port_it_publishes_and_probes(services):
    bot = services["bot"]

    assert bot["command"][:2] == ["serve", "--http"]
    assert compose.container_ports(bot) == [_bot_port(services)]
    assert f"127.0.0.1:{_bot_port(services)}/readyz" in " ".join(bot["healthcheck"]["test"])


def test_bot_database_url_reaches_the_postgres_service(services):
    url = make_url(compose.environment(services["bot"], SLACK_FROM_SHELL)["SKM_BOT_DATABASE_URL"])
    postgres = compose.environment(services["postgres"])

    assert url.drivername == "postgresql+asyncpg"
    assert (url.host, url.port) == ("postgres", 5432)
    assert (url.username, url.password, url.database) == (
        postgres["POSTGRES_USER"],
        postgres["POSTGRES_PASSWORD"],
        postgres["POSTGRES_DB"],
    )


def test_bot_waits_for_a_healthy_database_and_emulator(services):
    depends = services["bot"]["depends_on"]

    assert {name: d["condition"] for name, d in depends.items()} == {
        "postgres": "service_healthy",
        "emulator": "service_healthy",
    }
    assert all("healthcheck" in services[name] for name in depends)


def test_alertmanager_posts_to_the_bot_webhook(services):
    url = urlsplit(_skm_webhook(services)["url"])

    assert (url.hostname, url.port, url.path) == ("bot", _bot_port(services), WEBHOOK_PATH)


def test_alertmanager_sends_the_token_the_bot_expects(services):
    auth = _skm_webhook(services)["http_config"]["authorization"]
    token = compose.environment(services["bot"], SLACK_FROM_SHELL)["SKM_BOT_WEBHOOK_TOKEN"]

    assert (auth["type"], auth["credentials"]) == ("Bearer", token)


def test_emulator_listens_on_every_interface_at_its_published_port(services):
    command = services["emulator"]["command"]

    assert command[0] == "emulator"
    assert compose.option(command, "--host") == "0.0.0.0"
    assert compose.container_ports(services["emulator"]) == [int(compose.option(command, "--port"))]


def test_emulator_seed_is_a_valid_project(services):
    seed = compose.in_container(
        compose.option(services["emulator"]["command"], "--seed"), services["emulator"], ROOT
    )

    assert seed is not None
    assert state_from_seed_file(seed).appkeys


def test_bot_profile_reaches_the_emulator_with_a_key_it_knows(services, tmp_path):
    emulator = services["emulator"]
    env = compose.environment(services["bot"], SLACK_FROM_SHELL)
    profiles_file = compose.in_container(env["SKM_BOT_PROFILES"], services["bot"], ROOT)
    seed = tomllib.loads(
        compose.in_container(
            compose.option(emulator["command"], "--seed"), emulator, ROOT
        ).read_text()
    )
    [profile] = load_profiles(profiles_file, environ=env).values()
    endpoint = urlsplit(profile.endpoint)

    assert (endpoint.hostname, endpoint.port) == (
        "emulator",
        int(compose.option(emulator["command"], "--port")),
    )
    assert profile.appkey in seed["appkeys"]
    assert {
        "id": profile.access_key_id,
        "secret": profile.secret_access_key.get_secret_value(),
    } in seed["user_access_keys"]


def test_every_bind_mounted_file_exists(services):
    mounts = [m for s in services.values() for m in compose.bind_mounts(s, ROOT).values()]

    assert [m for m in mounts if not m.is_file()] == []


def test_every_bot_variable_is_one_the_bot_reads(services):
    assert unknown_names(compose.environment(services["bot"], SLACK_FROM_SHELL)) == []


def test_every_secret_variable_the_profiles_name_is_set(services):
    env = compose.environment(services["bot"], SLACK_FROM_SHELL)
    profiles = compose.in_container(env["SKM_BOT_PROFILES"], services["bot"], ROOT).read_text()

    assert [name for name in named_variables(profiles) if name not in env] == []


def test_settings_accept_the_bot_environment(services, monkeypatch):
    """Slack's tokens come from the shell or .env."""
    settings = settings_under(compose.environment(services["bot"], SLACK_FROM_SHELL), monkeypatch)

    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-from-env"


@pytest.mark.parametrize("missing", sorted(SLACK_FROM_SHELL))
def test_compose_stops_naming_a_missing_slack_token(services, missing):
    """No placeholder token: the bot would exit on Slack's refusal and restart in a loop."""
    environ = {k: v for k, v in SLACK_FROM_SHELL.items() if k != missing}

    with pytest.raises(compose.MissingVariable, match=rf"^{missing}: set {missing} .*docs/deploy"):
        compose.environment(services["bot"], environ)


def test_bot_restarts_a_bounded_number_of_times(services):
    policy, _, retries = services["bot"]["restart"].partition(":")

    assert policy == "on-failure"
    assert 0 < int(retries) <= 10


@pytest.mark.skipif(
    shutil.which("amtool") is None, reason="amtool (prometheus-alertmanager) not installed"
)
def test_alertmanager_configuration_passes_amtool_check_config(services):
    path = compose.in_container(
        "/etc/alertmanager/alertmanager.yml", services["alertmanager"], ROOT
    )
    result = subprocess.run(
        ["amtool", "check-config", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )

    assert result.returncode == 0, result.stdout + result.stderr
