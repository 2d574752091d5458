"""
The families the held-out report found weak, each a table of phrasings written for these tests,
and the mechanisms that read them.

MAC authentication in English, key version status against key status, certificate errors
against certificate authentication, key IDs and URLs in English, certificate authentication
in Japanese, certificate errors in Japanese and Korean; and TLS or library errors that never
say SKM, which are asked about, never stated.
"""

from __future__ import annotations

import pytest

from skm_bot.core.interpretation import CLAIM
from tests.factories import diagnosed


def _top(text: str) -> str:
    matches = diagnosed(text).matches
    assert matches, "nothing recognised"
    return matches[0].error_id


MAC_EN = [
    "SKM won't take our hardware address even though it's in the keystore",
    "the physical address we send to secure key manager isn't the one registered",
    "SKM MAC check isn't passing from the rebuilt VM",
    "keymanager turned our request away: the MAC header was in upper case",
    "since we replaced the network adapter SKM denies every call",
    "SKM: is the MAC supposed to use colons? ours has dashes and gets refused",
    "we never set the X-TOAST-CLIENT-MAC-ADDR header, and SKM keeps saying no",
    "SKM says our MAC isn't allowed for this keystore",
]


@pytest.mark.parametrize("text", MAC_EN)
def test_english_mac_authentication_in_own_words(text):
    assert _top(text) == "mac_auth_failure"


KEY_VERSION_STATUS_AGAINST_KEY_STATUS = [
    (
        "SKM: version 1 of the key is disabled, the key itself is active",
        "invalid_key_version_status",
    ),
    (
        "SKM: the key is In Service but the version we signed with isn't",
        "invalid_key_version_status",
    ),
    ("SKM key v2 was turned off, old data won't decrypt", "invalid_key_version_status"),
    ("SKMでキーは使用中なのに、古いバージョンが無効化されています", "invalid_key_version_status"),
    ("SKM 키는 사용 중인데 버전 1 이 비활성 상태예요", "invalid_key_version_status"),
    ("SKM: the key itself is scheduled for deletion, its versions look fine", "invalid_key_status"),
    ("SKM says the key isn't active anymore", "invalid_key_status"),
    ("SKMのキーが削除待ちになっています", "invalid_key_status"),
    ("SKM 키가 삭제 대기 상태예요", "invalid_key_status"),
]


@pytest.mark.parametrize(("text", "expected"), KEY_VERSION_STATUS_AGAINST_KEY_STATUS)
def test_key_version_status_and_key_status_are_told_apart(text, expected):
    assert _top(text) == expected


CERTIFICATE_ERROR_AGAINST_AUTH = [
    ("SKM client cert validity ran out last week", "certificate_error"),
    ("the SKM p12 can't be opened, the password doesn't work", "certificate_error"),
    ("SKMの証明書チェーンが不完全だと言われます", "certificate_error"),
    ("SKMのクライアント証明書の期限が過ぎていました", "certificate_error"),
    ("SKM pfx 비밀번호를 까먹어서 로드 오류가 나요", "certificate_error"),
    ("SKM 인증서 기한이 지났어요", "certificate_error"),
    ("SKM refuses our client certificate though it is registered", "certificate_auth_failure"),
    ("SKM: certificate auth fails, the client never sent the cert", "certificate_auth_failure"),
    ("SKMがクライアント証明書を受け付けてくれません", "certificate_auth_failure"),
    ("SKMで証明書での認証が通りません", "certificate_auth_failure"),
    ("SKMへのmTLSでクライアント証明書を送っていないと言われる", "certificate_auth_failure"),
    ("SKM 이 클라이언트 인증서를 안 받아줘요", "certificate_auth_failure"),
]


@pytest.mark.parametrize(("text", "expected"), CERTIFICATE_ERROR_AGAINST_AUTH)
def test_certificate_errors_and_certificate_authentication_are_told_apart(text, expected):
    assert _top(text) == expected


KEY_ID_AND_URL_EN = [
    ("SKM can't locate a key for the id we send", "invalid_key_id"),
    (
        "the key id we pass to secure key manager from our batch job is apparently wrong",
        "invalid_key_id",
    ),
    ("SKM: no key with that id under our appkey", "invalid_key_id"),
    ("Which key ID does SKM expect? We get invalid.", "invalid_key_id"),
    ("the SKM endpoint for creating keys doesn't exist in v1.1?", "url_not_found"),
    ("calling the create-key API of SKM says not found", "url_not_found"),
    ("the SKM API path we call isn't recognized", "url_not_found"),
    ("SKM url doesn't resolve: /keymanager/v1.0/appkey/x/secret/abc", "url_not_found"),
]


@pytest.mark.parametrize(("text", "expected"), KEY_ID_AND_URL_EN)
def test_english_key_ids_and_urls_in_own_words(text, expected):
    assert _top(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SKMのURLにバージョンを入れ忘れて見つからないと言われる",
        "SKM URL 에 버전을 빼먹어서 찾을 수 없대요",
    ],
)
def test_a_version_said_right_after_the_url_is_the_urls(text):
    assert _top(text) == "url_not_found"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SKMにMACアドレスを送っています。認証エラーになります", "mac_auth_failure"),
        ("SKM 에 MAC 주소를 보내요. 그런데 인증 오류가 나요", "mac_auth_failure"),
        (
            "we registered the client cert in SKM; authentication still fails",
            "certificate_auth_failure",
        ),
    ],
)
def test_a_bare_authentication_is_the_method_the_paste_names(text, expected):
    assert _top(text) == expected


def test_a_password_is_not_a_path():
    """ "パス" (path) inside "パスワード" (password) named a URL."""
    assert _top("SKMのpfxのパスワードを忘れて読み込みエラーになります") == "certificate_error"


def test_what_is_said_to_be_fine_points_nowhere():
    assert _top("SKM: the key looks fine but the appkey is wrong") == "invalid_appkey"


# TLS and library errors of other systems: no SKM name, host, path, header or appkey.
OTHER_SYSTEMS_TLS = [
    "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
    "x509: certificate signed by unknown authority",
    "ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
    "curl: (60) SSL certificate problem: unable to get local issuer certificate",
    "Error: self signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)",
    "java.io.IOException: keystore password was incorrect",
    "Mac verify error: invalid password?",
    "社内バッチで PKIX path building failed が出ます",
    "연동 호출에서 x509: certificate has expired or is not yet valid 가 나요",
]


@pytest.mark.parametrize("text", OTHER_SYSTEMS_TLS)
def test_a_library_error_that_never_says_skm_is_not_claimed(text):
    d = diagnosed(text)

    assert d.matches[0].confidence < CLAIM
    assert d.reported == ()


@pytest.mark.parametrize("text", OTHER_SYSTEMS_TLS[:3])
def test_a_library_error_that_never_says_skm_is_asked_about(text):
    d = diagnosed(text)

    assert d.stance == "ask"
    assert [m.error_id for m in d.candidates] == ["certificate_error"]


def test_several_library_errors_that_never_say_skm_stay_below_a_claim():
    text = (
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: "
        "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid "
        "certification path to requested target"
    )

    assert diagnosed(text).matches[0].confidence < CLAIM


@pytest.mark.parametrize(
    "context",
    [
        "SKM: {}",
        "calling secure key manager: {}",
        "GET https://api-keymanager.nhncloudservice.com/keymanager/v1.0/appkey/x/confirm: {}",
        "appkey=Zx81 {}",
        "X-TOAST-CLIENT-MAC-ADDR set, {}",
        "キーマネージャーに接続すると {}",
        "키 매니저 호출 시 {}",
    ],
    ids=["name", "words", "host", "appkey", "header", "ja", "ko"],
)
def test_a_library_error_in_an_skm_call_is_stated(context):
    d = diagnosed(context.format("javax.net.ssl.SSLHandshakeException: PKIX path building failed"))

    assert (d.stance, d.matches[0].error_id) == ("stated", "certificate_error")
    assert d.matches[0].confidence >= CLAIM


def test_a_word_inside_a_library_error_names_no_other_system():
    """ "PKIX path building failed" is no office building."""
    assert diagnosed("SKM: PKIX path building failed").other_system is None
