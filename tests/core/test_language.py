"""Language: the reply follows the paste's script; an unknown override is refused clearly."""

from __future__ import annotations

import pytest

from skm_bot.core.language import detect_language, locale_language, parse_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Invalid Appkey", "en"),
        ("アプリケーションキーが無効です", "ja"),
        ("鍵バージョン", "ja"),
        ("앱키가 유효하지 않습니다", "ko"),
        ("MAC 주소 인증 실패가 납니다 (MAC Auth Failure)", "ko"),
        ("ERROR 復号 failed: Invalid User Data at com.example.Skm.decrypt(Skm.java:42)", "ja"),
        ("", "en"),
    ],
)
def test_detect_language_follows_the_script(text, language):
    assert detect_language(text) == language


def test_parse_language_accepts_any_case():
    assert parse_language(" KO ") == "ko"


def test_parse_language_names_the_choices():
    with pytest.raises(ValueError, match="ja, ko, en"):
        parse_language("fr")


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ko"}, "ko"),
        ({"LANG": "ja_JP.eucJP@euro"}, "ja"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
        ({"LC_ALL": "C", "LC_MESSAGES": "ko_KR.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "ja_JP.UTF-8"}, "ja"),
    ],
)
def test_locale_language_follows_posix_precedence(environ, language):
    """The first of LC_ALL, LC_MESSAGES and LANG that is set decides; an empty one is unset."""
    assert locale_language(environ) == language


def test_every_label_exists_in_every_language():
    from skm_bot.core.labels import LABELS

    assert {key for key, texts in LABELS.items() if set(texts) != {"ja", "ko", "en"}} == set()
