"""The folded form: NFKC, lower case, and a dash after katakana read as the long vowel."""

from __future__ import annotations

import pytest

from skm_bot.core.normal_form import fold


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
