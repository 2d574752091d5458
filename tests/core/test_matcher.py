"""Matching: ranked failures with evidence; look-alike messages never confused; nothing for noise."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.matching import gather, match
from skm_bot.core.normal_form import fold

CATALOGUE = load_catalogue()


def _ids(text: str, **kwargs: object) -> list[str]:
    return [m.error_id for m in match(text, CATALOGUE, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invalid Key Version Status", ["invalid_key_version_status"]),
        ("INVALID KEY VERSION STATUS", ["invalid_key_version_status"]),
        ("invalid key version  status", ["invalid_key_version_status"]),
        ("Invalid Key Version", ["invalid_key_version"]),
        ("Invalid Key Status", ["invalid_key_status"]),
        ("키 버전 상태가 유효하지 않습니다", ["invalid_key_version_status"]),
        ("鍵バージョンの状態が無効です", ["invalid_key_version_status"]),
    ],
)
def test_match_never_confuses_key_version_status_with_its_look_alikes(text, expected):
    assert _ids(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MAC 주소 인증 실패가 납니다", "mac_auth_failure"),
        ("証明書の有効期限が切れています", "certificate_error"),
        ("IPアドレス認証に失敗します", "ipv4_auth_failure"),
        ("앱키가 잘못된 것 같아요", "invalid_appkey"),
        ("my ip authentication fails since yesterday", "ipv4_auth_failure"),
        ("the certificate has expired, I think", "certificate_error"),
    ],
)
def test_match_recognises_questions_without_the_english_error_string(text, expected):
    assert _ids(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "the weather is nice today",
        "今日はいい天気ですね",
        "오늘 점심 뭐 먹지",
        'Traceback (most recent call last):\n  File "app.py", line 3\nZeroDivisionError',
        "MAC verify failure",  # a PKCS#12 password error, not MAC address authentication
    ],
)
def test_match_finds_no_skm_failure_in_unrelated_text(text):
    assert "mac_auth_failure" not in _ids(text)
    if text != "MAC verify failure":
        assert _ids(text) == []


def test_match_reports_every_failure_in_one_paste():
    text = "first call: IPv4 Auth Failure\nthen: MAC Auth Failure\nand: Invalid Key Id"

    assert set(_ids(text)) == {"ipv4_auth_failure", "mac_auth_failure", "invalid_key_id"}


def test_match_ranks_the_envelope_message_first():
    text = "Invalid Key Id? no wait: " + '{"resultMessage":"Invalid Key Status"}'

    ranked = match(text, CATALOGUE, result_message="Invalid Key Status")

    assert ranked[0].error_id == "invalid_key_status"
    assert ranked[0].confidence > ranked[1].confidence


def test_match_gives_the_exact_message_more_confidence_than_a_phrase():
    exact = match("Invalid Appkey", CATALOGUE)[0]
    phrase = match("アプリケーションキーが無効です", CATALOGUE)[0]

    assert exact.confidence > phrase.confidence


def test_match_carries_the_line_as_evidence():
    text = "INFO ok\n2026-11-26 ERROR SkmClient: MAC Auth Failure for aa:bb\nINFO next"

    evidence = match(text, CATALOGUE)[0].evidence

    assert evidence == ("2026-11-26 ERROR SkmClient: MAC Auth Failure for aa:bb",)


def test_match_cuts_evidence_from_a_long_line():
    text = "x" * 5000 + " Invalid Appkey " + "y" * 5000

    (evidence,) = match(text, CATALOGUE)[0].evidence

    assert "Invalid Appkey" in evidence
    assert len(evidence) < 200


def test_match_handles_a_long_repetitive_paste():
    text = "Invalid Key Version " * 50_000

    assert _ids(text) == ["invalid_key_version"]


# The confidence each documented message had before the concept model came: unchanged.
MESSAGE_CONFIDENCE = {
    "invalid_appkey": 0.9,
    "invalid_key_id": 0.9,
    "invalid_key_version": 0.9,
    "invalid_user_data": 0.9,
    "invalid_key_status": 0.9,
    "invalid_key_version_status": 0.9,
    "ipv4_auth_failure": 0.9,
    "mac_auth_failure": 0.94,
    "certificate_auth_failure": 0.94,
    "certificate_error": 0.65,
    "url_not_found": 0.9,
}


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda e: e.id)
@pytest.mark.parametrize("shape", ["{}", "error: {}", "{upper}", "{lower}"])
def test_every_documented_message_matches_with_its_confidence_unchanged(entry, shape):
    text = shape.format(entry.message, upper=entry.message.upper(), lower=entry.message.lower())

    top = match(text, CATALOGUE)[0]

    assert (top.error_id, top.confidence) == (entry.id, MESSAGE_CONFIDENCE[entry.id])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invalid Key Idエラーになりました", "invalid_key_id"),
        ("SKMでInvalid Appkeyが返る", "invalid_appkey"),
        ("키 ID가 Invalid Key Id라고 나와요", "invalid_key_id"),
        ("Ｉｎｖａｌｉｄ　ＡｐｐＫｅｙ（ＳＫＭ）", "invalid_appkey"),
        ("INVALID_KEY_STATUS from skm", "invalid_key_status"),
        ("SKM returns InvalidAppKey", "invalid_appkey"),
    ],
    ids=["ja-after-id", "ja-around", "ko", "full-width", "underscores", "camel"],
)
def test_messages_match_next_to_cjk_and_in_any_form(text, expected):
    """`\\b` never fired between `Id` and `エ`: CJK letters were word characters."""
    assert _ids(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "sub_cause"),
    [
        ("verify error:num=10:certificate has expired", "expired"),
        ("javax.net.ssl.SSLHandshakeException: PKIX path building failed", "unknown_ca"),
        (
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate",
            "server_alert",
        ),
        ("java.io.IOException: keystore password was incorrect", "wrong_password"),
        ("x509: certificate signed by unknown authority", "unknown_ca"),
        ("x509: certificate has expired or is not yet valid", "expired"),
        (
            "x509: certificate is valid for proxy.corp.local, not api-keymanager",
            "hostname_mismatch",
        ),
        ("tls: private key does not match public key", "key_mismatch"),
        ("ssl.SSLError: [SSL] PEM lib (_ssl.c:3895)", "not_pem"),
        ("ssl.SSLCertVerificationError: certificate verify failed", "unknown_ca"),
        ("ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca", "server_alert"),
        (
            "System.Security.Cryptography.CryptographicException: "
            "The specified network password is not correct.",
            "wrong_password",
        ),
        (
            "System.Security.Authentication.AuthenticationException: The remote certificate is "
            "invalid because of errors in the certificate chain: UntrustedRoot",
            "unknown_ca",
        ),
        ("Error: write EPROTO 4097A1F8:error:0A000418:SSL alert number 48", "server_alert"),
        ("Error: certificate has expired (code: 'CERT_HAS_EXPIRED')", "expired"),
        (
            "Error: unable to verify the first certificate UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "unknown_ca",
        ),
        (
            "curl: (35) error:0A00045C:SSL routines::tlsv13 alert certificate required",
            "server_alert",
        ),
        ("curl: (58) unable to set private key file: 'skm.key' type PEM", "not_pem"),
        (
            "curl: (60) SSL certificate problem: unable to get local issuer certificate",
            "unknown_ca",
        ),
        ("$ openssl pkcs12 -in skm.p12\nMac verify error: invalid password?", "wrong_password"),
        ("error:0308010C:digital envelope routines::unsupported RC2-40-CBC", "legacy_algorithm"),
    ],
    ids=lambda value: value if len(value) < 20 else None,
)
def test_library_errors_are_certificate_errors_with_their_sub_cause(text, sub_cause):
    top = match(text, CATALOGUE)[0]

    assert (top.error_id, top.tier, top.sub_cause) == ("certificate_error", "direct", sub_cause)


def test_evidence_of_the_posters_words_shows_subject_and_condition():
    top = match("SKM: after the deploy, the key is disabled, it seems", CATALOGUE)[0]

    assert top.tier == "concept"
    assert "key is disabled" in top.evidence[0]


def test_people_words_rank_below_a_library_error_and_a_message():
    ranked = match(
        "SKM cert expired? log: x509: certificate signed by unknown authority", CATALOGUE
    )

    assert ranked[0].tier == "direct"
    assert ranked[0].sub_cause == "unknown_ca"


def test_people_words_are_read_at_the_ends_of_a_long_paste():
    middle = "2026-11-25 INFO request handled in 12 ms\n" * 30_000
    text = "SKM: the key is disabled\n" + middle + "the key is disabled in SKM"

    assert _ids(text) == ["invalid_key_status"]
    assert _ids("x\n" * 10_000 + middle + "the key is disabled\n" + middle) == []


def test_every_occurrence_of_a_matched_message_is_quoted_not_just_the_first():
    """People's words are read around each occurrence of SKM's message, never inside one."""
    text = "Invalid Key Version Status then again: Invalid Key Version Status. the key is fine"
    evidence = gather(fold(text), CATALOGUE)
    second = text.rindex("Invalid")

    inside = [s for s in evidence.reading.subjects if s.start < second + 26 and s.end > second]
    assert evidence.signatures
    assert inside == []
    assert [text[s.start : s.end] for s in evidence.reading.subjects] == ["key"]
