"""docs/watch.md keeps up with the code: every kind, check and setting of the watch is in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from skm_bot.core.watch.model import WATCH_CHECKS, Kind
from skm_bot.settings import Settings

DOC = (Path(__file__).parents[3] / "docs" / "watch.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*map(str, Kind), *WATCH_CHECKS])
def test_every_kind_and_check_is_documented(name):
    assert f"`{name}`" in DOC


@pytest.mark.parametrize("field", [f for f in Settings.model_fields if f.startswith("watch_")])
def test_every_watch_setting_is_documented(field):
    assert f"`SKM_BOT_{field.upper()}`" in DOC
