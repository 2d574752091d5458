"""`skm-bot demo`: every case is diagnosed end to end with live checks against the emulator."""

from __future__ import annotations

import io

import pytest

from skm_bot.demo import run_demo

# What a person must see for each demo case: the failure recognised, and the check that
# pins its cause failing.
EXPECTED = [
    ("invalid_key_version_status", "skm.key_version"),
    ("invalid_key_id", "skm.key"),
    ("invalid_key_id", "skm.key"),
    ("mac_auth_failure", "skm.mac"),
    ("ipv4_auth_failure", "skm.ipv4"),
    ("certificate_error", "cert.inspect"),
    (None, None),
]


@pytest.fixture(scope="module", name="demo")
def _demo():
    """One run of the demo, shared by the tests below (it starts a TLS emulator)."""
    import asyncio

    out = io.StringIO()
    diagnoses = asyncio.run(run_demo(out))
    return out.getvalue(), diagnoses


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_demo_case_finds_its_failure_and_the_failing_check(demo, index, expected):
    _, diagnoses = demo
    error_id, check_id = expected
    diagnosis = diagnoses[index]

    assert (diagnosis.matches[0].error_id if diagnosis.matches else None) == error_id
    if check_id is not None:
        statuses = {c.id: c.status.value for c in diagnosis.checks}
        assert statuses[check_id] == "fail"


def test_demo_certificate_case_gets_the_real_tls_alert(demo):
    _, diagnoses = demo

    handshake = next(c for c in diagnoses[5].checks if c.id == "cert.handshake")

    assert "alert_certificate_expired" in " ".join(handshake.details)


def test_demo_output_never_shows_the_leaked_secret(demo):
    output, _ = demo

    assert "sk-live-0f9e8d7c6b5a" not in output
    assert "access_key_secret" in output


def test_demo_shows_progress_and_the_support_email(demo):
    output, _ = demo

    assert "running checks…" in output
    assert "support@toast.com" in output


def test_demo_ends_with_a_watch_that_finds_what_is_about_to_break(demo):
    output, _ = demo
    watch = output[output.index("Looking ahead: skm-bot watch --once") :]

    assert "Key d0000000000000000000000000000004 (demo-old-aes)" in watch
    assert "Certificate demo-client registered in keystore demo-certificate (#1003)" in watch
    assert "The client certificate in demo-client.p12 expires" in watch
