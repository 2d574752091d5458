"""The folded form: NFKC, lower case, and a dash after katakana read as the long vowel."""

from __future__ import annotations

import pytest

from skm_bot.core.normal_form import fold
from skm_bot.core.redaction import redact


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ｉｎｖａｌｉｄ　ＡｐｐＫｅｙ", "invalid appkey"),
        ("ｷｰIDが無効", "キーidが無効"),
        ("アプリケーションキ－が無効", "アプリケーションキーが無効"),
        ("キ-ID", "キーid"),
        ("x-request-id", "x-request-id"),
    ],
)
def test_fold_reads_full_width_half_width_and_dashed_long_vowels(text, folded):
    assert fold(text).folded == folded


def test_fold_keeps_the_case_for_evidence_when_offsets_line_up():
    assert fold("Invalid Key Id").display == "Invalid Key Id"


@pytest.mark.parametrize(
    "text",
    ["Invalid Key Id", "キーIDが無効です", "Ｉｎｖａｌｉｄ ｷｰ", "キ-ID", "İstanbul KEY"],
)
def test_fold_given_the_paste_lower_cased_folds_it_the_same(text):
    """The lower-cased text redaction hands over is used only where it is the same."""
    assert fold(text, lowered=text.lower()) == fold(text)


def test_a_redacted_paste_hands_over_its_lower_case_only_when_it_is_the_texts():
    plain = redact("キーIDが無効です")
    turkish = redact("İSTANBUL key")
    secret = redact("password=hunter2 キー")

    assert plain.lowered == plain.text.lower()
    assert turkish.lowered is None  # "İ" lower-cased grows by a character
    assert secret.lowered is None  # the text changed: what was lowered is not it
