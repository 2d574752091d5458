"""The Slack app manifests: valid against Slack's schema, and asking for exactly the scopes used."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from skm_bot.slack.commands import COMMAND
from skm_bot.slack.scopes import BOT_EVENTS, BOT_SCOPES
from skm_bot.slack.shortcuts import CALLBACK_DIAGNOSE

ROOT = Path(__file__).parents[2]
# Slack's manifest schema (MIT, see the LICENSE beside it), kept with the tests so they run anywhere.
SCHEMA = Path(__file__).parent / "data" / "slack-app-manifest.schema.json"
MANIFESTS = sorted((ROOT / "manifests" / "slack").glob("manifest.*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_both_modes_have_a_manifest():
    assert [p.name for p in MANIFESTS] == ["manifest.http.json", "manifest.socket.json"]


@pytest.mark.skipif(not SCHEMA.exists(), reason="Slack's manifest schema is not on this machine")
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_against_slacks_schema(path: Path):
    jsonschema.validate(load(path), load(SCHEMA))


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_scopes_are_exactly_those_the_code_declares(path: Path):
    assert set(load(path)["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_events_command_and_shortcut_match_the_code(path: Path):
    manifest = load(path)

    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == set(BOT_EVENTS)
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == [COMMAND]
    assert [s["callback_id"] for s in manifest["features"]["shortcuts"]] == [CALLBACK_DIAGNOSE]
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_enables_the_home_tab_beside_the_messages_tab(path: Path):
    """views.publish answers not_enabled for an app whose Home tab is off."""
    app_home = load(path)["features"]["app_home"]

    assert (app_home["home_tab_enabled"], app_home["messages_tab_enabled"]) == (True, True)


def test_socket_manifest_has_no_request_urls_and_http_manifest_does():
    socket = load(ROOT / "manifests/slack/manifest.socket.json")
    http = load(ROOT / "manifests/slack/manifest.http.json")

    assert socket["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in json.dumps(socket)
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert http["settings"]["interactivity"]["request_url"].endswith("/slack/events")


def test_docs_justify_every_scope():
    docs = (ROOT / "docs" / "slack.md").read_text(encoding="utf-8")

    assert [s for s in BOT_SCOPES if f"`{s}`" not in docs] == []
