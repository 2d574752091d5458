"""skm.user_data: offline inspection of pasted ciphertexts and signatures."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from skm_bot.checks.context import CheckContext
from skm_bot.checks.user_data import check_user_data
from skm_bot.core.check_result import Status
from skm_bot.core.facts import Facts


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


GOOD_CIPHERTEXT = b64((3).to_bytes(4, "big") + bytes(range(12)) + b"data" + bytes(16))
GOOD_SIGNATURE = b64(bytes(range(256)))
URLSAFE = base64.urlsafe_b64encode(bytes([251, 255]) * 20).decode()


def ctx(**facts) -> CheckContext:
    return CheckContext(facts=Facts(**facts), now=datetime(2025, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("facts", "status", "phrase"),
    [
        ({}, Status.SKIP, "no ciphertext or signature"),
        ({"ciphertext": GOOD_CIPHERTEXT}, Status.PASS, "well-formed"),
        ({"signature": GOOD_SIGNATURE}, Status.PASS, "well-formed"),
        (
            {"ciphertext": GOOD_CIPHERTEXT[:20] + "\n" + GOOD_CIPHERTEXT[20:]},
            Status.FAIL,
            "line breaks",
        ),
        ({"ciphertext": URLSAFE}, Status.FAIL, "URL-safe"),
        ({"ciphertext": "abc$%^&"}, Status.FAIL, "outside base64"),
        ({"ciphertext": GOOD_CIPHERTEXT[:-3]}, Status.FAIL, "not a multiple of 4"),
        ({"ciphertext": b64(bytes(20))}, Status.FAIL, "shorter than version + nonce + tag"),
        ({"ciphertext": GOOD_CIPHERTEXT, "key_version": 1}, Status.WARN, "says key version 3"),
        ({"signature": b64(bytes(128))}, Status.FAIL, "RSA-2048 signature is 256"),
        ({"ciphertext": b64(bytes(4 + 12 + 16 + 33 * 1024))}, Status.WARN, "32 KB"),
    ],
)
@pytest.mark.anyio
async def test_user_data(facts, status, phrase):
    result = await check_user_data(ctx(**facts))

    assert result.status is status
    assert phrase in result.summary


@pytest.mark.anyio
async def test_user_data_reports_the_embedded_version():
    result = await check_user_data(ctx(ciphertext=GOOD_CIPHERTEXT))

    assert any("key version 3" in line for line in result.details)


@pytest.mark.anyio
async def test_user_data_reports_the_version_it_read_as_a_found_fact():
    result = await check_user_data(ctx(ciphertext=GOOD_CIPHERTEXT))

    assert result.found == (("key_version", 3),)


@pytest.mark.anyio
async def test_user_data_reports_no_version_from_a_short_ciphertext():
    result = await check_user_data(ctx(ciphertext=b64(bytes(8))))

    assert result.found == ()
