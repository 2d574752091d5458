"""The terminal report says what it is sure of, asks when it is not, and names another system."""

from __future__ import annotations

from skm_bot.render.terminal import render_text
from tests.factories import diagnosed

SUPPORT = "support@toast.com"
ASK = "after the key rotation last night, our SKM decrypt calls began to fail"
AWS_KMS = "DisabledException: arn:aws:kms:eu-west-1:111122223333:key/4d5e6f70 is disabled."


def test_report_states_a_message_with_its_tier():
    out = render_text(diagnosed("decrypt -> Invalid Key Version"), support_email=None)

    assert "■ The key version is not valid  [Invalid Key Version]" in out
    assert "error message" in out


def test_report_offers_the_posters_own_words_as_probable():
    out = render_text(diagnosed("SKM decrypt fails: the key is disabled"), support_email=None)

    assert out.startswith("■ Probably: The key is not in a usable state")
    assert "Inferred from your own words" in out


def test_report_asks_which_candidate_with_why_and_how_to_pick():
    out = render_text(diagnosed(ASK), support_email=None)

    assert out.startswith("■ Is it one of these?")
    assert "1. The key version is not valid" in out
    assert "--choose invalid_key_version_status" in out
    assert "why: after the key rotation" in out


def test_report_names_the_sub_cause_of_a_certificate_error():
    out = render_text(
        diagnosed("SKM call: x509: certificate signed by unknown authority"), support_email=None
    )

    assert "→ The certificate's issuer is not trusted" in out


def test_report_of_another_system_has_no_checks_and_no_email():
    out = render_text(diagnosed(AWS_KMS), support_email=SUPPORT)

    assert out.startswith("■ This looks like AWS KMS, not Secure Key Manager")
    assert "Checks:" not in out
    assert "Support email" not in out
    assert SUPPORT not in out


def test_report_of_an_skm_paste_still_drafts_the_email():
    assert SUPPORT in render_text(diagnosed(ASK), support_email=SUPPORT)
