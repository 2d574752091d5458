"""decode_paste: UTF-8, else by byte order mark, else the Japanese and Korean encodings."""

from __future__ import annotations

import codecs
import random
import zlib

import pytest

from skm_bot.cli.decoding import decode_paste
from skm_bot.cli.detection import kanaless_ideographs, unlikely_characters
from skm_bot.errors import InputError

JA = "復号すると鍵バージョンが無効になります"
KO = "복호화할 때 키 버전이 유효하지 않다고 합니다"
ENVELOPE = '{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version"}}\n'


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        (JA, JA.encode("utf-8")),
        (JA, codecs.BOM_UTF8 + JA.encode("utf-8")),
        (JA, JA.encode("cp932")),
        (JA, JA.encode("shift_jis")),
        (JA, JA.encode("euc_jp")),
        (KO, KO.encode("cp949")),
        (KO, KO.encode("euc_kr")),
        (JA + ENVELOPE, (JA + ENVELOPE).encode("utf-16")),
        (KO + ENVELOPE, codecs.BOM_UTF16_BE + (KO + ENVELOPE).encode("utf-16-be")),
        (JA + ENVELOPE, (JA + ENVELOPE).encode("utf-32")),
        (ENVELOPE + JA, (ENVELOPE + JA).encode("utf-16-le")),
        (ENVELOPE + KO, (ENVELOPE + KO).encode("utf-16-be")),
        (ENVELOPE, ENVELOPE.encode("utf-16-le")),
    ],
    ids=[
        "utf-8",
        "utf-8-sig",
        "cp932",
        "shift_jis",
        "euc_jp",
        "cp949",
        "euc_kr",
        "utf-16 bom",
        "utf-16-be bom",
        "utf-32 bom",
        "utf-16-le no bom",
        "utf-16-be no bom",
        "ascii as utf-16-le",
    ],
)
def test_a_paste_is_read_as_what_it_is(text, encoded):
    assert decode_paste(encoded) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("鍵バージョンが無効です", "euc_jp"),
        ("「削除予定」なら、必ず確認してください", "euc_jp"),
        ("鍵の状態が無効です", "cp932"),
        ("IPv4アドレス認証に失敗しました", "cp932"),
        ("SKM이 보는 클라이언트 IP", "cp949"),
        ("API를 호출하는 서버", "cp949"),
    ],
)
def test_short_japanese_and_korean_are_told_apart(text, encoding):
    """Short texts whose bytes decode in both a Japanese and a Korean encoding."""
    assert decode_paste(text.encode(encoding)) == text


def test_valid_utf8_with_a_nul_stays_utf8():
    assert decode_paste(b"Invalid Appkey\x00 at 10:00") == "Invalid Appkey\x00 at 10:00"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66",
        b"\xff\xfe\x00\xd8",  # UTF-16 LE mark, then a lone surrogate
        zlib.compress(b"Invalid Appkey " * 50),
        random.Random(7).randbytes(512),
    ],
    ids=["png", "utf-16 lone surrogate", "zlib", "random"],
)
def test_bytes_that_are_no_text_are_refused_clearly(data):
    with pytest.raises(InputError, match="save it as UTF-8"):
        decode_paste(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(JA, 0), (KO, 0), (ENVELOPE, 0), ("ｱｲｳ", 3), ("ㅗㅉ", 2), ("αβ", 2), ("궻", 1)],
)
def test_unlikely_characters_counts_what_a_wrong_guess_makes(text, expected):
    assert unlikely_characters(text) == expected


@pytest.mark.parametrize(("text", "expected"), [(JA, 0), (KO, 0), ("戚左澗", 3), ("証明書", 3)])
def test_ideographs_without_kana_are_counted(text, expected):
    assert kanaless_ideographs(text) == expected
