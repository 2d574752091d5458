"""The support email: every fact filled in, the appkey masked, the checks run, in the paste's language."""

from __future__ import annotations

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.render.support_email import build_escalation, mask_appkey
from tests.factories import diagnosed

APPKEY = "qTQNj7LyHhdAazH3"
PASTE = (
    f"2026-11-25T10:00:01Z POST https://api-keymanager.nhncloudservice.com/keymanager/v1.2/appkey/"
    f"{APPKEY}/symmetric-keys/071dcc5c25614dffa52357e5cae3471f/decrypt\n"
    'X-Request-Id: req-12345678\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version",'
    '"isSuccessful":false}}'
)
SUPPORT = "support@toast.com"


def test_escalation_carries_every_fact_and_masks_the_appkey():
    body = build_escalation(diagnosed(PASTE), to=SUPPORT).body

    for fact in (
        "071dcc5c25614dffa52357e5cae3471f",
        "symmetric.decrypt",
        "v1.2",
        "req-12345678",
        "2026-11-25T10:00:01Z",
        "2026-11-26T03:00:00Z",
        "resultCode=-3",
    ):
        assert fact in body
    assert APPKEY not in body
    assert mask_appkey(APPKEY) in body


def test_escalation_goes_to_the_address_it_is_given():
    assert build_escalation(diagnosed(PASTE), to="skm@example.com").to == "skm@example.com"


def test_escalation_of_unrelated_text_names_the_diagnosis():
    d = diagnosed("hello, is anyone there?")

    assert d.diagnosis_id in build_escalation(d, to=SUPPORT).subject


def test_escalation_lists_check_results_once_attached():
    d = diagnosed(PASTE).with_checks(
        (CheckResult(id="skm.key", status=Status.FAIL, summary="key not found"),)
    )

    assert "[fail] skm.key: key not found" in build_escalation(d, to=SUPPORT).body


@pytest.mark.parametrize(
    ("language", "greeting"), [("ja", "サポート"), ("ko", "고객지원"), ("en", "support")]
)
def test_escalation_is_written_in_the_diagnosis_language(language, greeting):
    assert greeting in build_escalation(diagnosed(PASTE, language=language), to=SUPPORT).body


@pytest.mark.parametrize(
    ("appkey", "masked"),
    [("qTQNj7LyHhdAazH3", "qTQN**********H3"), ("abcdef", "ab****"), ("ab", "**")],
)
def test_mask_appkey_keeps_only_the_ends(appkey, masked):
    assert mask_appkey(appkey) == masked


def test_no_escalation_for_another_systems_paste():
    aws = "DisabledException: arn:aws:kms:eu-west-1:111122223333:key/4d5e6f70 is disabled."

    assert build_escalation(diagnosed(aws), to=SUPPORT) is None
