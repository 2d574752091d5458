"""The Home tab and its paste modal: golden JSON, Block Kit's limits at any size, what shows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from skm_bot.core.home import HomeScreen, LastRun, RecentDiagnosis, Visible, home_screen
from skm_bot.core.watch.texts import load_texts
from skm_bot.core.watch.threads import Tracked
from skm_bot.render.slack.home import (
    ACTION_HOME_PASTE,
    ACTION_HOME_RUN_WATCH,
    dm_channel_of,
    render_home,
    render_paste_modal,
)
from skm_bot.render.slack.limits import check_view
from tests.factories import CATALOGUE
from tests.render.golden import golden
from tests.render.watch_samples import NOW, ip_added, key_in_use

GOLDEN = Path(__file__).parent / "golden"
DM = "D0ALICE"


def screen(**overrides: Any) -> HomeScreen:
    options: dict[str, Any] = {
        "now": NOW,
        "visible": [Visible("prod"), Visible("staging", problem="SKM_STAGING_SECRET is not set")],
        "watches": [LastRun("prod", NOW - timedelta(minutes=20), ("keys of #1002",))],
        "findings": [
            Tracked(key_in_use(), "open", NOW, NOW),
            Tracked(ip_added(), "open", NOW, NOW),
        ],
        "recent": [
            RecentDiagnosis(
                "skm-aaaaaaaa2345", NOW - timedelta(hours=1), "invalid_appkey", "C0OPS"
            ),
            RecentDiagnosis("skm-bbbbbbbb2345", NOW - timedelta(hours=3), None, "D0ALICE"),
        ],
        "can_run": True,
        **overrides,
    }
    return home_screen("U0ALICE", **options)


def render(home: HomeScreen, language: str = "en") -> dict[str, Any]:
    return render_home(
        home, language=language, catalogue=CATALOGUE, texts=load_texts(), dm_channel=DM
    )


VIEWS = {
    "home": lambda: render(screen()),
    "home_ja": lambda: render(screen(notices={"prod": "running"}), "ja"),
    "home_empty": lambda: render(screen(visible=[], recent=[])),
    "home_paste_modal": lambda: render_paste_modal(language="en", dm_channel=DM),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_home_view_matches_golden_json(name):
    """Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change."""
    view = VIEWS[name]()
    assert view == golden(GOLDEN / f"{name}.json", view)


@pytest.mark.parametrize("name", list(VIEWS))
def test_home_view_is_within_block_kit_limits(name):
    assert check_view(VIEWS[name]()) == []


def test_a_big_store_still_fits_the_home_tab():
    """40 profiles with 50 findings each: cut to 100 blocks and every text within its limit."""
    names = [f"profile-{n:02d}" for n in range(40)]
    findings = [
        Tracked(replace(key_in_use(), profile=n, id=f"{n}-{i}"), "open", NOW, NOW)
        for n in names
        for i in range(50)
    ]
    home = screen(
        visible=[Visible(n) for n in names],
        watches=[LastRun(n, NOW) for n in names],
        findings=findings,
    )

    view = render(home)

    assert check_view(view) == []
    assert "16 more profiles" in json.dumps(view)


def buttons(view: dict[str, Any]) -> list[dict[str, Any]]:
    found = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    return found + [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_each_usable_profile_offers_a_run_and_the_unusable_one_does_not():
    runs = [
        b["value"] for b in buttons(render(screen())) if b["action_id"] == ACTION_HOME_RUN_WATCH
    ]

    assert runs == ["prod"]


def test_the_paste_button_is_always_there():
    view = render(screen(visible=[]))

    assert [b["action_id"] for b in buttons(view)] == [ACTION_HOME_PASTE]


def test_the_dm_channel_rides_in_the_metadata():
    assert dm_channel_of(render(screen())) == DM
    assert dm_channel_of(render_paste_modal(language="en", dm_channel=DM)) == DM
    assert dm_channel_of({"private_metadata": "not json"}) is None


def test_names_from_skm_cannot_mention_anyone():
    """key_in_use() names its key `<!channel> old-aes`: escaped on the Home tab too."""
    assert "<!channel>" not in json.dumps(render(screen()))
