"""Not SKM: other key managers, other services' TLS and everyday chat are said to be what they are."""

from __future__ import annotations

import pytest

from tests.factories import diagnosed

AWS_KMS = (
    "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the "
    "Decrypt operation: User: arn:aws:iam::111122223333:role/app is not authorized to perform: "
    "kms:Decrypt on resource: arn:aws:kms:ap-northeast-1:111122223333:key/"
    "4d5e6f70-8192-a3b4-c5d6-e7f8091a2b3c"
)
VAULT = (
    '{"request_id":"8a3c1f52-7d4e-4b2a-9c61-0e5f3b2a1d77","errors":["invalid key version"]}\n'
    "Error writing data to transit/decrypt/orders: Code: 400 (vault)"
)


@pytest.mark.parametrize(
    ("text", "system"),
    [
        (AWS_KMS, "aws_kms"),
        (VAULT, "hashicorp_vault"),
        ("Azure Key Vault: KeyNotFound, the key 'orders' was not found", "azure_key_vault"),
        ("Cloud KMS: cryptoKeys/orders is disabled", "gcp_kms"),
        ("the meeting-room key card is invalid", "everyday"),
        ("入館証の有効期限が切れてて受付で止められた", "everyday"),
        ("pip install fails: SSL: CERTIFICATE_VERIFY_FAILED for pypi.org", "package_registry"),
        (
            'Get "https://harbor.internal/v2/": x509: certificate has expired',
            "container_registry",
        ),
        ('Get "https://status.example.org/": x509: certificate has expired', "other_host"),
    ],
    ids=["aws", "vault", "azure", "gcp", "keycard", "ja-badge", "pip", "docker", "host"],
)
def test_another_systems_paste_is_said_to_be_that_system(text, system):
    d = diagnosed(text)

    assert d.stance == "not_skm"
    assert d.other_system is not None
    assert d.other_system.id == system


@pytest.mark.parametrize("text", [AWS_KMS, VAULT, "the meeting-room key card is invalid"])
def test_another_systems_paste_gets_no_match_no_check_and_no_steps_of_skm(text):
    d = diagnosed(text)

    assert (d.matches, d.planned_checks, d.candidates) == ((), (), ())
    assert not d.wants_general_checks


@pytest.mark.parametrize("text", [AWS_KMS, VAULT])
def test_another_systems_ids_are_not_skm_facts(text):
    facts = diagnosed(text).facts

    assert facts.request_ids == ()
    assert (facts.request_id, facts.key_id) == (None, None)


def test_an_arn_uuid_is_never_a_request_id_even_in_an_skm_paste():
    text = f"SKM decrypt failed: Invalid User Data (migrated from {AWS_KMS.split('resource: ')[1]})"

    assert diagnosed(text).facts.request_ids == ()


def test_naming_skm_outweighs_naming_another_system():
    d = diagnosed("we moved from AWS KMS to SKM and now get Invalid Appkey")

    assert d.other_system is None
    assert d.matches[0].error_id == "invalid_appkey"


def test_everyday_words_do_not_outweigh_an_skm_message():
    d = diagnosed("after lunch every call returns MAC Auth Failure")

    assert d.other_system is None
    assert d.matches[0].error_id == "mac_auth_failure"
