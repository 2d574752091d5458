"""Gate literals: a rule's cheap check, one word of its leading literal, shared where it can be."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.gates import assign_gates, gate_words, leading_literal


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("certificates?", "certificate"),
        (r"curl: \(58\)", "curl: (58)"),
        (r"invalid[\s_-]*key", "invalid"),
        ("(?:a|b)c", ""),
    ],
)
def test_leading_literal_stops_where_the_pattern_stops_being_literal(pattern, literal):
    assert leading_literal(pattern) == literal


def test_common_words_never_gate():
    assert gate_words("the specified network password is not correct") == (
        "specified",
        "network",
        "password",
        "correct",
    )


def test_rules_share_the_word_most_of_them_can_wait_for():
    candidates = [("x509", "certificate"), ("certificate", "expired"), ("tls", "certificate")]

    assert assign_gates(candidates) == ["certificate"] * 3


def test_the_shipped_rules_share_their_gates():
    catalogue = load_catalogue()

    assert len(catalogue.literals) < len(catalogue.signatures) / 2
    assert not {"the", "not", "to", "is"} & set(catalogue.literals)
