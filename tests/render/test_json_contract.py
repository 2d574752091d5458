"""The JSON contract: the keys the CLI promises in the README."""

from __future__ import annotations

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


def test_diagnosis_json_follows_the_cli_contract():
    out = diagnosis_json(diagnosed(PASTE), support_email="support@toast.com")

    assert set(out) == FIRST_KEYS | TIER_KEYS
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
    assert set(out["escalation"]) == {"to", "subject", "body"}


def test_diagnosis_json_sends_the_email_to_the_address_given():
    out = diagnosis_json(diagnosed(PASTE), support_email="skm@example.com")

    assert out["escalation"]["to"] == "skm@example.com"
