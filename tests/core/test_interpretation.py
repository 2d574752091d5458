"""Confidence tiers: stated, probably, or a question back, and what a person's pick does."""

from __future__ import annotations

import pytest

from skm_bot.core.check_ids import GENERAL_CHECK_IDS
from skm_bot.core.interpretation import CLAIM
from tests.factories import CATALOGUE, diagnosed

MESSAGE = "decrypt -> Invalid Key Version"
LIBRARY = "SKM call: javax.net.ssl.SSLHandshakeException: PKIX path building failed"
PROBABLE = "SKM decrypt fails: the key is disabled"
TWO_FIT = "after the key rotation last night, our SKM decrypt calls began to fail"
WEAK = "decrypt fails: the key is disabled"


@pytest.mark.parametrize(
    ("text", "stance", "tier"),
    [
        (MESSAGE, "stated", "direct"),
        (LIBRARY, "stated", "direct"),
        (PROBABLE, "probable", "concept"),
        (TWO_FIT, "ask", "symptom"),
        (WEAK, "ask", "concept"),
    ],
    ids=["message", "library", "own-words", "two-fit", "weak"],
)
def test_stance_follows_the_strength_of_the_evidence(text, stance, tier):
    d = diagnosed(text)

    assert (d.stance, d.matches[0].tier) == (stance, tier)


def test_nothing_recognised_is_unknown():
    assert diagnosed("hello, anyone there?").stance == "unknown"


def test_people_words_without_skm_are_never_claimed():
    """Nothing names SKM: "the key is disabled" could be anyone's key, so the reply asks."""
    assert (
        diagnosed(WEAK).matches[0].confidence < CLAIM <= diagnosed(PROBABLE).matches[0].confidence
    )


def test_a_question_lists_the_failures_that_fit_about_equally():
    d = diagnosed(TWO_FIT)

    assert [m.error_id for m in d.candidates] == [
        "invalid_key_version",
        "invalid_key_version_status",
    ]
    assert d.reported == ()


def test_a_question_plans_no_failure_checks_and_asks_in_its_steps():
    d = diagnosed(TWO_FIT)

    assert d.planned_checks == ()
    assert "Pick the failure" in d.steps[0]


def test_a_claim_reports_its_failure_and_asks_nothing():
    d = diagnosed(PROBABLE)

    assert d.candidates == ()
    assert [m.error_id for m in d.reported] == ["invalid_key_status"]
    assert d.planned_checks == CATALOGUE.get("invalid_key_status").checks


def test_a_pick_gives_that_failures_full_diagnosis():
    d = diagnosed(TWO_FIT, chosen="invalid_key_version_status")

    assert d.stance == "chosen"
    assert d.matches[0].error_id == "invalid_key_version_status"
    assert d.matches[0].evidence  # the paste's own evidence for it is kept
    assert d.planned_checks == CATALOGUE.get("invalid_key_version_status").checks
    assert d.steps == CATALOGUE.get("invalid_key_version_status").steps_for(
        "symmetric.decrypt", "en"
    )


def test_a_pick_the_paste_gave_no_evidence_for_is_marked_as_picked():
    d = diagnosed(TWO_FIT, chosen="url_not_found")

    assert (d.matches[0].error_id, d.matches[0].tier) == ("url_not_found", "chosen")


@pytest.mark.parametrize(
    ("text", "wants"),
    [
        ("our SKM calls are weird since this morning", True),
        (TWO_FIT, True),
        ("hello, anyone there?", False),
        (PROBABLE, False),
    ],
    ids=["skm-unknown", "skm-ask", "chat", "claimed"],
)
def test_general_checks_are_wanted_only_when_skm_is_named_but_no_failure_claimed(text, wants):
    assert diagnosed(text).wants_general_checks is wants


def test_general_checks_are_the_four_that_apply_to_any_failure():
    assert set(GENERAL_CHECK_IDS) == {
        "skm.reachable",
        "skm.appkey",
        "skm.credentials",
        "skm.confirm",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('SKM says "Invlaid Appkey" what does it mean', "invalid_appkey"),
        ("SKM: invalid key verison", "invalid_key_version"),
        ("SKM 키 버젼이 없대요", "invalid_key_version"),
        ("SKM client certifcate authentication failed", "certificate_auth_failure"),
        ("SKMでIPアドレスが認証されません", "ipv4_auth_failure"),
        ("SKM URL 못 찾는대요", "url_not_found"),
    ],
    ids=["typo-invalid", "typo-version", "ko-spelling", "typo-cert", "ja-masen", "ko-cant-find"],
)
def test_common_misspellings_and_spelling_variants_are_read(text, expected):
    assert diagnosed(text).matches[0].error_id == expected


def test_a_stated_failure_is_not_joined_by_weak_guesses_from_the_log_around_it():
    log = (
        "2025-06-06 ERROR [pool-3] SkmSecretFetcher - fetch failed keyId=814d1b3db05e31e0ab75"
        "50608cef767f resultMessage=Invalid Key Status"
    )

    assert [m.error_id for m in diagnosed(log).matches] == ["invalid_key_status"]
