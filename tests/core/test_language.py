"""Language: the reply follows the paste's script; an unknown override is refused clearly."""

from __future__ import annotations

import pytest

from skm_bot.core.language import detect_language, parse_language


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


def test_every_label_exists_in_every_language():
    from skm_bot.core.labels import LABELS

    assert {key for key, texts in LABELS.items() if set(texts) != {"ja", "ko", "en"}} == set()
