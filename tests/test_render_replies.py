"""scripts/render_replies.py: every golden reply draws as HTML (the screenshot needs Chromium)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = sorted((ROOT / "tests" / "render" / "slack" / "golden").glob("*.json"))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_replies", ROOT / "scripts" / "render_replies.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


render_replies = _script()


def _plain_texts(node: object) -> list[str]:
    """Every plain_text string in a golden message (what the picture must show as it is)."""
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "plain_text" else []
        return found + [t for value in node.values() for t in _plain_texts(value)]
    if isinstance(node, list):
        return [t for item in node for t in _plain_texts(item)]
    return []


@pytest.mark.parametrize("golden", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_golden_reply_draws_as_html(golden: Path):
    message = json.loads(golden.read_text(encoding="utf-8"))

    page = render_replies.render_page(message)

    assert page.startswith("<!DOCTYPE html>")
    for text in _plain_texts(message):
        assert render_replies.plain(text) in page


def test_the_pictured_kinds_have_their_golden_files():
    assert {"diagnosis", "alert-thread", "email-modal"} <= set(render_replies.pictures())


def test_html_pages_are_written_for_each_pictured_kind(tmp_path: Path):
    pages = render_replies.write_pages(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in pages.values())


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*Cause*", "<b>Cause</b>"),
        ("`skm.appkey` fails", "<code>skm.appkey</code> fails"),
        ("<https://x.test|the thread>", "<a>the thread</a>"),
        (":x: no", "❌ no"),
        ("&gt; quoted", '<div class="quote">quoted</div>'),
        ("`*not bold*`", "<code>*not bold*</code>"),
    ],
)
def test_mrkdwn_draws_as_slack_shows_it(text: str, html: str):
    assert render_replies.mrkdwn(text) == html


def test_an_unknown_block_is_an_error_not_a_gap():
    with pytest.raises(KeyError):
        render_replies.render_blocks([{"type": "rich_text"}])
