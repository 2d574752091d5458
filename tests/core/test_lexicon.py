"""The lexicon: words found by one trie-shaped regex, with ASCII-aware boundaries and separators."""

from __future__ import annotations

import pytest

from skm_bot.core.lexicon import Lexicon, check_words, literal_of

WORDS = Lexicon(
    {
        "key": "key",
        "keys": "key",
        "key id": "key_id",
        "api key": "other",
        "reject*": "refused",
        "キー": "key",
        "キーid": "key_id",
        "키": "key",
        "키보드": "other",
        "ip": "ip",
    }
)


def _found(text: str) -> list[tuple[str, str]]:
    folded = text.lower()
    return [(folded[h.start : h.end], h.tag) for h in WORDS.find(folded)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Invalid Key Idエラー", [("key id", "key_id")]),
        (
            "keyId, key_id, KEY-ID",
            [("keyid", "key_id"), ("key_id", "key_id"), ("key-id", "key_id")],
        ),
        ("キーIDが無効", [("キーid", "key_id")]),
        ("IP認証", [("ip", "ip")]),
    ],
)
def test_lexicon_finds_words_next_to_cjk_and_across_separators(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize("text", ["monkey", "keystone", "skip", "pipe", "hockey keyboard"])
def test_lexicon_needs_an_ascii_boundary_around_latin_words(text):
    assert _found(text) == []


def test_lexicon_prefers_the_longer_word_at_one_place():
    assert _found("the apikey and the 키보드 키") == [
        ("apikey", "other"),
        ("키보드", "other"),
        ("키", "key"),
    ]


def test_lexicon_stem_matches_every_ending():
    assert [tag for _, tag in _found("rejects rejected rejecting")] == ["refused"] * 3


def test_lexicon_first_stops_at_the_first_word():
    hit = WORDS.first("x " * 1000 + "key " * 1000)

    assert hit is not None
    assert hit.start == 2000


def test_empty_lexicon_finds_nothing():
    assert list(Lexicon({}).find("key")) == []


@pytest.mark.parametrize("word", ["", " key", "key-", "Key", "ｷｰ", "*"])
def test_check_words_refuses_a_malformed_word(word):
    with pytest.raises(ValueError, match="word"):
        check_words((word,))


def test_literal_of_is_the_longest_fixed_part():
    assert literal_of("failed to authenticate") == "authenticate"
    assert literal_of("reject*") == "reject"
