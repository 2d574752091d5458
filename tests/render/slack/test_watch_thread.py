"""A watch finding's Slack thread: golden top messages and notes, inside Block Kit's limits."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from skm_bot.core.watch.model import Severity
from skm_bot.core.watch.texts import load_texts
from skm_bot.core.watch.threads import FindingNote, FindingTop, Tracked
from skm_bot.render.slack.limits import check_message
from skm_bot.render.slack.watch_thread import render_watch_message, watch_renderer
from tests.render.golden import golden
from tests.render.watch_samples import NOW, ip_added, key_in_use

GOLDEN = Path(__file__).parent / "golden"
OPEN = Tracked(key_in_use(), "open", NOW, NOW)
RESOLVED = Tracked(
    key_in_use(), "resolved", NOW, NOW + timedelta(hours=2), NOW + timedelta(hours=2)
)
MESSAGES = {
    "watch_top_warning": FindingTop(OPEN),
    "watch_top_resolved": FindingTop(RESOLVED),
    "watch_top_event_ja": FindingTop(Tracked(ip_added(), "closed", NOW, NOW)),
    "watch_note_escalated": FindingNote(
        Tracked(key_in_use(Severity.CRITICAL, "1d"), "open", NOW, NOW),
        "escalated",
        Severity.WARNING,
    ),
}


def render(name: str) -> dict[str, Any]:
    language = "ja" if name.endswith("_ja") else "en"
    return render_watch_message(MESSAGES[name], language=language, texts=load_texts())


@pytest.mark.parametrize("name", list(MESSAGES))
def test_watch_message_matches_golden_json(name):
    """Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change."""
    message = render(name)
    assert message == golden(GOLDEN / f"{name}.json", message)


@pytest.mark.parametrize("name", list(MESSAGES))
def test_watch_message_is_within_block_kit_limits(name):
    message = render(name)
    blocks = [b for a in message.get("attachments", []) for b in a["blocks"]]

    assert check_message({"text": message["text"], "blocks": blocks}) == []


def test_names_from_skm_cannot_mention_anyone():
    message = render("watch_top_warning")

    assert "<!channel>" not in json.dumps(message)


def test_resolved_top_turns_green():
    message = render("watch_top_resolved")

    assert message["text"].startswith("✅ RESOLVED")
    assert message["attachments"][0]["color"] == "#2eb67d"


def test_the_renderer_handed_to_the_store_uses_its_language():
    top = watch_renderer("ko")(FindingTop(OPEN))

    assert top["text"].startswith("🟠 경고")
