"""The watch on the command line: the JSON contract and the text report."""

from __future__ import annotations

import json

import pytest

from skm_bot.core.language import LANGUAGES
from skm_bot.render.watch_report import watch_json, watch_text

from .watch_samples import evaluation, ip_added, key_in_use


def test_json_has_the_documented_fields():
    document = watch_json(evaluation(key_in_use()), language="en")

    assert list(document) == ["profile", "checked_at", "due", "findings", "gaps"]
    [finding] = document["findings"]
    assert list(finding) == [
        "id",
        "check",
        "kind",
        "severity",
        "subject",
        "keystore",
        "due",
        "summary",
        "fix",
    ]
    assert (finding["check"], finding["severity"], finding["due"]) == (
        "watch.pending_deletion",
        "warning",
        "2026-12-01T03:00:00+00:00",
    )
    json.dumps(document)


@pytest.mark.parametrize(
    ("findings", "due"), [((), False), ((ip_added(),), False), ((key_in_use(),), True)]
)
def test_json_due_is_true_only_for_a_warning_or_worse(findings, due):
    assert watch_json(evaluation(*findings), language="en")["due"] is due


@pytest.mark.parametrize("language", LANGUAGES)
def test_json_summary_and_fix_follow_the_language(language):
    english = watch_json(evaluation(key_in_use()), language="en")["findings"][0]
    chosen = watch_json(evaluation(key_in_use()), language=language)["findings"][0]

    assert (chosen["summary"] == english["summary"]) is (language == "en")
    assert chosen["id"] == english["id"]


def test_text_shows_each_finding_with_its_fix_and_the_gaps():
    text = watch_text(
        evaluation(key_in_use(), gaps=("keys of keystore #2: IPv4 Auth Failure",)), language="en"
    )

    assert "WARNING: Key in use is scheduled for deletion" in text
    assert "Fix: If anything still needs this key" in text
    assert "could not read:\n    - keys of keystore #2: IPv4 Auth Failure" in text


def test_text_says_when_nothing_is_due():
    assert watch_text(evaluation(), language="en").startswith("prod: nothing due")
