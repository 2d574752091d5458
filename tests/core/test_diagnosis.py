"""The diagnosis: one object with language, matches, facts, redactions, steps and the email."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import MAX_PASTE_BYTES, diagnose
from skm_bot.errors import InputError
from skm_bot.render.support_email import mask_appkey
from skm_bot.render.terminal import render_text

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
CANARY_SECRET = "CANARYsecret5d1e"
CANARY_PASSWORD = "CANARYpassw0rd"
APPKEY = "qTQNj7LyHhdAazH3"
PASTE = (
    f"2026-11-25T10:00:01Z POST https://api-keymanager.nhncloudservice.com/keymanager/v1.2/appkey/"
    f"{APPKEY}/symmetric-keys/071dcc5c25614dffa52357e5cae3471f/decrypt\n"
    f"X-TC-AUTHENTICATION-SECRET: {CANARY_SECRET}\n"
    f"keytool -storepass {CANARY_PASSWORD}\n"
    'X-Request-Id: req-12345678\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version",'
    '"isSuccessful":false}}'
)


def test_diagnose_fills_every_part():
    d = diagnose(PASTE, now=NOW)

    assert d.language == "en"
    assert d.matches[0].error_id == "invalid_key_version"
    assert d.facts.key_id == "071dcc5c25614dffa52357e5cae3471f"
    assert {r.kind for r in d.redactions} == {"access_key_secret", "password"}
    assert d.planned_checks == ("skm.key_version", "skm.key")
    assert d.steps == d.catalogue.get("invalid_key_version").steps_for("symmetric.decrypt", "en")


@pytest.mark.parametrize(
    "render",
    [
        lambda d: json.dumps(d.to_json(), ensure_ascii=False),
        render_text,
        lambda d: d.escalation.body + d.escalation.subject,
        repr,
    ],
    ids=["json", "terminal", "email", "repr"],
)
def test_no_canary_secret_reaches_any_output(render):
    out = render(diagnose(PASTE, now=NOW))

    assert CANARY_SECRET not in out
    assert CANARY_PASSWORD not in out


def test_diagnose_follows_the_paste_language_and_can_be_overridden():
    assert diagnose("鍵バージョンが無効です", now=NOW).language == "ja"
    assert diagnose("鍵バージョンが無効です", now=NOW, language="ko").language == "ko"


def test_diagnose_of_unrelated_text_says_so_and_still_escalates():
    d = diagnose("hello, is anyone there?", now=NOW)

    assert d.matches == ()
    assert d.steps  # what to do next, even so
    assert d.escalation.to == "support@toast.com"
    assert d.diagnosis_id in d.escalation.subject


def test_diagnose_refuses_a_paste_over_one_mebibyte():
    with pytest.raises(InputError, match="limit is 1,048,576 bytes"):
        diagnose("x" * (MAX_PASTE_BYTES + 1), now=NOW)


def test_diagnose_accepts_a_paste_of_exactly_one_mebibyte():
    text = ("Invalid Key Id " * MAX_PASTE_BYTES)[:MAX_PASTE_BYTES]

    assert diagnose(text, now=NOW).matches[0].error_id == "invalid_key_id"


def test_diagnose_counts_bytes_not_characters():
    """A Korean character is three bytes in UTF-8."""
    with pytest.raises(InputError):
        diagnose("가" * (MAX_PASTE_BYTES // 3 + 1), now=NOW)


def test_diagnosis_id_is_stable_for_the_same_paste_and_moment():
    assert diagnose(PASTE, now=NOW).diagnosis_id == diagnose(PASTE, now=NOW).diagnosis_id


def test_escalation_carries_every_fact_and_masks_the_appkey():
    body = diagnose(PASTE, now=NOW).escalation.body

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


def test_escalation_goes_to_the_configured_address():
    assert (
        diagnose(PASTE, now=NOW, support_email="skm@example.com").escalation.to == "skm@example.com"
    )


def test_escalation_lists_check_results_once_attached():
    d = diagnose(PASTE, now=NOW).with_checks(
        (CheckResult(id="skm.key", status=Status.FAIL, summary="key not found"),)
    )

    assert "[fail] skm.key: key not found" in d.escalation.body


@pytest.mark.parametrize(
    ("language", "greeting"), [("ja", "サポート"), ("ko", "고객지원"), ("en", "support")]
)
def test_escalation_is_written_in_the_diagnosis_language(language, greeting):
    assert greeting in diagnose(PASTE, now=NOW, language=language).escalation.body


@pytest.mark.parametrize(
    ("appkey", "masked"),
    [("qTQNj7LyHhdAazH3", "qTQN**********H3"), ("abcdef", "ab****"), ("ab", "**")],
)
def test_mask_appkey_keeps_only_the_ends(appkey, masked):
    assert mask_appkey(appkey) == masked


def test_to_json_follows_the_cli_contract():
    out = diagnose(PASTE, now=NOW).to_json()

    assert set(out) == {
        "diagnosis_id",
        "language",
        "matches",
        "facts",
        "redactions",
        "checks",
        "steps",
        "escalation",
    }
    assert set(out["matches"][0]) == {"error", "confidence", "evidence"}
    assert {
        "key_id",
        "key_version",
        "operation",
        "appkey",
        "api_version",
        "endpoint",
        "client_ip",
        "client_mac",
        "mac_header",
        "result_code",
        "result_message",
        "request_id",
    } <= set(out["facts"])
    assert set(out["escalation"]) == {"to", "subject", "body"}
