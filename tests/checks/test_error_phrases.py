"""An SKM call's failure, worded from the error's fields: the same facts in every language."""

from __future__ import annotations

import pytest

from skm_bot.checks.error_phrases import error_phrase
from skm_bot.core.phrases import load_phrasebook
from skm_bot.errors import (
    ConfigError,
    SkmEnvelopeError,
    SkmHttpError,
    SkmMalformedResponse,
    SkmTimeout,
    SkmTlsError,
    SkmTokenError,
    SkmUnreachable,
)
from tests.untranslated import english_runs

ERRORS = {
    "envelope": SkmEnvelopeError(message="Invalid Key Id", code=-2001),
    "http": SkmHttpError(status=503),
    "http_message": SkmHttpError(status=404, result_message="URL NOT FOUND"),
    "http_message_code": SkmHttpError(
        status=500, result_message="Internal Server Error", result_code=-9000
    ),
    "token": SkmTokenError(status=401, error=None),
    "token_message": SkmTokenError(status=401, error="invalid_client"),
    "tls": SkmTlsError(host="skm.test", reason="TLSV1_ALERT_UNKNOWN_CA"),
    "timeout": SkmTimeout(host="skm.test", phase="ReadTimeout"),
    "unreachable": SkmUnreachable(host="skm.test", kind="connect", reason="[Errno 111]"),
    "not_envelope": SkmMalformedResponse(what="/confirm", status=200),
    "unexpected_fields": SkmMalformedResponse(what="/keystores", fields=("keyStoreId",)),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_english_is_the_errors_own_message(name):
    """English says exactly what the exception says, so logs and replies agree."""
    err = ERRORS[name]

    assert error_phrase(err).text("en") == err.message


@pytest.mark.parametrize("name", sorted(ERRORS))
@pytest.mark.parametrize("language", ["ja", "ko"])
def test_japanese_and_korean_keep_the_facts_and_drop_the_english(name, language):
    err = ERRORS[name]
    text = error_phrase(err).text(language)

    facts = [str(v) for v in (getattr(err, "status", None), err.result_message) if v]
    assert (english_runs(text), [f for f in facts if f not in text]) == ([], [])


def test_every_error_phrase_is_reached():
    reached = {key for err in ERRORS.values() for key in error_phrase(err).keys_used()}

    assert {key for key in load_phrasebook() if key.startswith("error.")} - reached == set()


def test_an_error_of_another_kind_is_shown_as_it_is():
    assert error_phrase(ConfigError("profile 'p' has no appkey")).text("ja") == (
        "profile 'p' has no appkey"
    )
