"""Gate literals: a rule's cheap check, its whole leading literal."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.gates import gate_of, gate_words, leading_literal, required_literals


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


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        ("cert_untrusted", "cert_untrusted"),
        (r"tls: expired certificate", "tls: expired certificate"),
        (r"invalid[\s_-]*key", "invalid"),
        (r"curl: \(58\)", "curl: (58)"),
        (r"[-:]\s*x509", ""),
        (r": \s*x509", ""),
    ],
    ids=["word", "sentence", "word-then-class", "escapes", "no-literal", "no-word"],
)
def test_a_gate_is_the_whole_leading_literal_when_it_holds_a_word(pattern, gate):
    assert gate_of(pattern) == gate


def test_every_shipped_signature_waits_for_its_whole_leading_literal_or_its_own():
    """The most selective gate: a paste full of "cert" runs no rule led by "cert_untrusted"."""
    catalogue = load_catalogue()
    for entry in catalogue.entries:
        for sig in entry.signatures:
            compiled = next(c for c in catalogue.signatures if c.regex.pattern == sig.pattern)
            assert compiled.literals == (sig.literals or (leading_literal(sig.pattern),))


@pytest.mark.parametrize(
    ("pattern", "runs"),
    [
        (r"cert(?:ificate)?\s*auth(?:entication)?\s*fail", ("cert", "auth", "fail")),
        (r"invalid[\s_-]*key(?![\s_-]*status)", ("invalid", "key")),
        (r"(?:foo)+bar(?:baz)?", ("foo", "bar")),
        (r"(tls): expired", ("tls", ": expired")),
        (r"certificates?", ("certificate",)),
        (r"x|y", ()),
        (r"(?:pem|der) the\s+file", ("file",)),
        (r"(?i)TLS alert", ("tls alert",)),
    ],
    ids=[
        "optional-parts",
        "lookahead",
        "repeat",
        "group",
        "optional-char",
        "alternation",
        "common-word",
        "upper-case",
    ],
)
def test_required_literals_are_the_runs_every_match_holds(pattern, runs):
    assert required_literals(pattern) == runs


def test_a_paste_full_of_a_signatures_first_word_runs_it_only_with_the_rest():
    """ "cert" alone (a paste of certificate talk) does not run "cert … auth … fail"."""
    catalogue = load_catalogue()
    sig = next(s for s in catalogue.signatures if s.regex.pattern.startswith("cert(?:ificate)?"))

    assert not sig.gate("cert " * 1000)
    assert sig.gate("certificate authentication failed")
