"""Matching: ranked failures with evidence; look-alike messages never confused; nothing for noise."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.matching import match

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
