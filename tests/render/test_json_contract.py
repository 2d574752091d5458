"""The JSON contract: the keys the CLI promises in the README."""

from __future__ import annotations

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.render.json_contract import diagnosis_json
from tests.factories import diagnosed

PASTE = (
    "POST https://api-keymanager.nhncloudservice.com/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3/"
    "symmetric-keys/071dcc5c25614dffa52357e5cae3471f/decrypt\n"
    '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version","isSuccessful":false}}'
)


# The keys the contract had before tiers came: they stay, with the same meaning.
FIRST_KEYS = {
    "diagnosis_id",
    "language",
    "matches",
    "facts",
    "redactions",
    "checks",
    "steps",
    "escalation",
}
TIER_KEYS = {"stance", "candidates", "chosen", "hint", "not_skm", "general_checks"}
# What the checks found, and how to run live.
FOUND_KEYS = {"found_facts", "offline_hint"}


def test_diagnosis_json_follows_the_cli_contract():
    out = diagnosis_json(diagnosed(PASTE), support_email="support@toast.com")

    assert set(out) == FIRST_KEYS | TIER_KEYS | FOUND_KEYS
    assert set(out["matches"][0]) == {"error", "confidence", "evidence", "tier", "sub_cause"}
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
    assert set(out["escalation"]) == {"to", "subject", "body", "attach"}


def test_diagnosis_json_sends_the_email_to_the_address_given():
    out = diagnosis_json(diagnosed(PASTE), support_email="skm@example.com")

    assert out["escalation"]["to"] == "skm@example.com"


def test_diagnosis_json_of_another_system_has_a_null_escalation_and_says_what_it_is():
    aws = "DisabledException: arn:aws:kms:eu-west-1:111122223333:key/4d5e6f70 is disabled."

    out = diagnosis_json(diagnosed(aws), support_email="support@toast.com")

    assert out["escalation"] is None
    assert out["not_skm"]["system"] == "aws_kms"
    assert (out["stance"], out["matches"], out["checks"]) == ("not_skm", [], [])


def test_diagnosis_json_gives_every_candidate_its_tier_and_a_hint():
    ask = "after the key rotation last night, our SKM decrypt calls began to fail"

    out = diagnosis_json(diagnosed(ask), support_email="support@toast.com")

    assert out["stance"] == "ask"
    assert out["candidates"] == ["invalid_key_version", "invalid_key_version_status"]
    assert {m["tier"] for m in out["matches"]} == {"symptom"}
    assert "--choose invalid_key_version" in out["hint"]


def test_diagnosis_json_of_a_statement_needs_no_hint():
    out = diagnosis_json(diagnosed(PASTE), support_email="support@toast.com")

    assert (out["stance"], out["hint"], out["matches"][0]["tier"]) == ("stated", None, "direct")


USER_DATA = CheckResult("skm.user_data", Status.PASS, "well formed", found=(("key_version", 3),))


def test_diagnosis_json_gives_each_check_what_it_found():
    out = diagnosis_json(diagnosed(PASTE).with_checks((USER_DATA,)), support_email="s@x.test")

    assert out["checks"][0]["found"] == {"key_version": 3}


def test_diagnosis_json_names_the_facts_found_and_the_check_that_found_them():
    out = diagnosis_json(diagnosed(PASTE).with_checks((USER_DATA,)), support_email="s@x.test")

    assert out["found_facts"] == {"key_version": {"value": 3, "check": "skm.user_data"}}
    assert out["facts"]["key_version"] is None  # the paste's facts stay as pasted


def test_diagnosis_json_says_how_to_run_live_when_made_offline():
    skipped = CheckResult("skm.key", Status.SKIP, "offline: no profile")
    diagnosis = diagnosed(PASTE).with_checks((skipped,))

    out = diagnosis_json(diagnosis, support_email="s@x.test", offline=True)

    assert "--profile NAME" in out["offline_hint"]
    assert "SKM_BOT_PROFILES" in out["offline_hint"]


@pytest.mark.parametrize("offline", [False, True])
def test_diagnosis_json_has_no_offline_hint_when_a_profile_would_add_nothing(offline):
    passed = CheckResult("skm.user_data", Status.PASS, "well formed")
    diagnosis = diagnosed(PASTE).with_checks((passed,))

    assert (
        diagnosis_json(diagnosis, support_email="s@x.test", offline=offline)["offline_hint"] is None
    )


def test_diagnosis_json_lists_what_the_sender_could_attach():
    out = diagnosis_json(diagnosed(PASTE), support_email="s@x.test")

    assert out["escalation"]["attach"] == [
        "the time of the failure, with its time zone",
        "the calling client's IPv4 address",
    ]
