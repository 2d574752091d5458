"""
The one literal pass: every redaction rule, catalogue signature and SKM word is skipped where
its literals are missing, and skipping never loses a match.

A rule or signature that cannot be prefiltered (no literal, or a literal every SKM paste holds)
fails here; so does a gate that would drop a real match.
"""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.extraction import _GATE_TABLE, _GATED, _GATES
from skm_bot.core.literals import CHUNK, LiteralIndex, LiteralTable, finditer_from_literals
from skm_bot.core.matching import _signature_findings
from skm_bot.core.normal_form import fold
from skm_bot.core.redaction import RULES
from skm_bot.core.redaction.engine import Source, literal_table
from tests.leaks.corpus import shapes

CATALOGUE = load_catalogue()
UNDERSTANDING = Path(__file__).parents[1] / "data" / "understanding"
# What every paste about SKM may hold without a secret or a failure in it: SKM's host and
# path, its envelope, its MAC header, a request id, dates and log levels.
PLAIN_SKM_PASTE = (
    "2026-11-25T10:00:01.123Z INFO [worker-3] SkmClient POST https://api-keymanager."
    "nhncloudservice.com/keymanager/v1.2/appkey/qTQNj7LyHhdAazH3/confirm from 10.0.3.15 "
    'X-Request-Id: req-7f3a9b2c -> {"header":{"resultCode":0,"resultMessage":"SUCCESS",'
    '"isSuccessful":true}}\n'
    "2026-11-25T10:00:01.200Z INFO  [worker-3] request handled in 12 ms status=200\n"
)
# Rules whose gate such a paste passes, and why that costs no more than one literal scan.
GENERIC_GATES = {
    # DER blobs start with "M", and every text holds an "m": the rule's regex is led by the
    # capital letter and stops only where one starts a long base64 run.
    "der_key_blob": "m",
    # "api-key" is also SKM's own host (api-keymanager): the rule's one search is led by the
    # secret word itself and drops the host's name after reading it.
    "labelled_value": "api-key",
}


def _texts() -> list[str]:
    """The leak corpus, the catalogue's examples and the development corpora (not held out)."""
    texts = [shape.text for shape in shapes()]
    texts += [example.text for entry in CATALOGUE.entries for example in entry.examples]
    for name in ("dev.jsonl", "dev2.jsonl"):
        lines = (UNDERSTANDING / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


TEXTS = _texts()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_redaction_rule_is_in_the_literal_pass(rule):
    table = literal_table(RULES)

    assert rule.literals
    assert set(rule.literals) <= set(table.literals)


def test_every_signature_is_in_the_literal_pass():
    ungated = [sig.regex.pattern for sig in CATALOGUE.signatures if not sig.literals]

    assert ungated == []
    assert {lit for sig in CATALOGUE.signatures for lit in sig.literals} <= set(
        CATALOGUE.literal_table.literals
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_plain_skm_paste_passes_no_redaction_gate(rule):
    """A gate every SKM paste passes prefilters nothing; the few that must are listed, with why."""
    present = LiteralIndex(PLAIN_SKM_PASTE.lower(), literal_table(RULES)).present(rule.literals)

    assert present == ((GENERIC_GATES[rule.name],) if rule.name in GENERIC_GATES else ())


def test_the_signature_pass_finds_what_every_signature_run_alone_finds():
    """Gated or not, the signatures find the same: no gate drops a real match."""
    for text in TEXTS:
        folded = fold(text).folded
        ungated = [
            (sig.error_id, m.span())
            for sig in CATALOGUE.signatures
            if (m := sig.regex.search(folded)) is not None
        ]
        gated = [(f.error_id, (f.start, f.end)) for _, f in _signature_findings(folded, CATALOGUE)]

        assert sorted(gated) == sorted(ungated), text


def test_skm_is_named_exactly_where_its_words_are_found():
    """The SKM words' literal gate never hides a word the words' own search would find."""
    others = CATALOGUE.others
    for text in TEXTS:
        folded = fold(text).folded

        assert others.names_skm(folded) == (others.skm.first(folded) is not None), text


@pytest.mark.parametrize(
    ("literals", "text", "found"),
    [
        (("key", "apikey", "secret"), "the apikey is here", {"key", "apikey"}),
        (("key", "apikey"), "no such thing", set()),
        (("パスワード", "pass"), "password only", {"pass"}),
        (("パスワード", "pass"), "パスワード", {"パスワード"}),
        (("ab", "abc", "bcd"), "xabcdx", {"ab", "abc", "bcd"}),
    ],
    ids=["nested", "none", "ascii-text", "not-ascii", "overlapping"],
)
@pytest.mark.parametrize("padding", [0, 40_000], ids=["short", "long"])
def test_literal_index_finds_exactly_the_literals_a_text_holds(literals, text, found, padding):
    """A literal whose inner literal is missing is skipped, never wrongly: short or long."""
    padded = text + " " * padding
    index = LiteralIndex(padded, LiteralTable(literals))

    assert set(index.present(literals)) == found
    assert {lit for lit in literals if index.has(lit)} == found


@pytest.mark.parametrize(
    ("at", "literal"),
    [
        (CHUNK - 2, "keystore"),
        (CHUNK - 1, "sslerror"),
        (3 * CHUNK + 5, "パスワード"),
        (5 * CHUNK - 7, "certificate"),
    ],
    ids=["across-first-boundary", "one-char-before", "late-chunk", "across-late-boundary"],
)
def test_a_literal_is_found_wherever_the_chunks_cut_the_text(at, literal):
    """The text is read in chunks: a literal across a chunk boundary, or far in, is found."""
    text = "x" * at + literal + "y" * CHUNK
    table = LiteralTable(("key", "sslerror", "パスワード", "certificate", "keystore"))

    assert literal in table.found_in(text)


def test_a_literal_repeated_through_the_text_does_not_hide_a_later_one():
    """Found literals are not looked for again; those still missing are, to the end."""
    text = "key " * (3 * CHUNK) + "keystore"

    assert LiteralTable(("key", "keystore", "store")).found_in(text) == {"key", "keystore", "store"}


@given(
    st.lists(st.text(alphabet="abk-é", min_size=1, max_size=4), min_size=1, max_size=6),
    st.text(alphabet="abk-é ", max_size=300),
    st.integers(min_value=1, max_value=40),
)
def test_the_literal_pass_agrees_with_looking_for_each_literal(literals, text, chunk):
    """Whatever the literals, the text and the chunk size: exactly those that `in` finds."""
    table = LiteralTable(literals, chunk=chunk)

    assert table.found_in(text) == {lit for lit in literals if lit in text}


@pytest.mark.parametrize("pattern", _GATED, ids=lambda p: p.pattern[:32])
def test_every_extraction_pattern_read_over_the_whole_paste_is_prefiltered(pattern):
    assert _GATES[pattern]
    assert set(_GATES[pattern]) <= set(_GATE_TABLE.literals)


def test_an_extraction_pattern_skipped_by_its_gate_would_have_found_nothing():
    """Over every corpus text: a pattern that matches it always passes its gate."""
    for text in TEXTS:
        lowered = text.lower()
        found = _GATE_TABLE.found_in(lowered)
        for pattern in _GATED:
            if pattern.search(lowered):
                assert not found.isdisjoint(_GATES[pattern]), (pattern.pattern, text[:80])


def test_a_redaction_rule_skipped_by_its_gate_would_have_found_nothing():
    """Every rule run on every text regardless of its gate: whatever it finds, its gate passes."""
    table = literal_table(RULES)
    for text in TEXTS:
        source = Source.of(text)
        index = LiteralIndex(source.lowered, table)
        for rule in RULES:
            if not index.present(rule.literals):
                assert list(rule.find(source, rule.literals)) == [], (rule.name, text)


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("x-vault-token abc", "x-vault-token abc"),
        ("run --vault-token abc", "run --vault-token [REDACTED:bearer_token]"),
        ("x-vault-token abc -storepass pw1", "x-vault-token abc -storepass [REDACTED:password]"),
        (
            '<password type="x">hunter2</password>',
            '<password type="x">[REDACTED:password]</password>',
        ),
    ],
    ids=["no-opener", "flag", "opener-elsewhere", "tag"],
)
def test_a_secret_word_before_a_space_is_a_value_only_after_a_flag_or_a_tag(text, redacted):
    """The flag-or-tag search is skipped in a text where nothing opens one, and only there."""
    from skm_bot.core.redaction import redact

    assert redact(text).text == redacted


def test_a_literal_table_pickles_without_the_last_text_it_read():
    table = LiteralTable(["secret-canary"])
    text = "the paste says secret-canary " + "x" * 10
    assert table.found_in(text) == frozenset({"secret-canary"})

    restored = pickle.loads(pickle.dumps(table))

    assert text.encode() not in pickle.dumps(table)
    assert restored.found_in("nothing here") == frozenset()
    assert restored.found_in(text) == frozenset({"secret-canary"})


def test_a_literal_table_answers_each_text_for_itself():
    table = LiteralTable(["abc", "xyz"])

    assert table.found_in("abc") == frozenset({"abc"})
    assert table.found_in("xyz!") == frozenset({"xyz"})
    assert table.found_in("abc") == frozenset({"abc"})


# A pattern led by words, like the secret-name search: each match starts with one of them.
_LED = re.compile(r"(?:password|token|pass|키)[\w.-]*(?=[:=])")
_LED_BY = ("password", "token", "pass", "키")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "password=x",
        "x" * 300 + "password=1 token: 2 " + "y" * 300,
        # Words across a chunk's end, and a match that runs into the next chunk.
        "a" * 61 + "password=1" + "b" * 50 + "token_name_that_is_long:" + "c" * 100,
        # Dense from the start, sparse later, and the other way round.
        "pass " * 60 + "z" * 400 + "password=9",
        "z" * 400 + "pass " * 60 + "token=3 " + "pass=4",
        # Overlapping words: "passpassword=" matches once, from its first word.
        "q" * 100 + "passpassword=1 키값=2 " * 5,
    ],
)
@pytest.mark.parametrize("sparse", [1, 8, 16, 1000])
def test_finditer_from_literals_finds_what_finditer_finds(text, sparse):
    expected = [m.span() for m in _LED.finditer(text)]

    found = finditer_from_literals(_LED, text, _LED_BY, chunk=64, sparse=sparse)

    assert [m.span() for m in found] == expected


@given(
    st.lists(
        st.sampled_from(["password", "pass", "token", "키", "=", ":", " ", "x", "_", "\n"]),
        max_size=400,
    ),
    st.sampled_from([1, 4, 8, 16]),
)
def test_finditer_from_literals_agrees_with_finditer_on_any_text(parts, sparse):
    text = "".join(parts)

    found = [m.span() for m in finditer_from_literals(_LED, text, _LED_BY, chunk=32, sparse=sparse)]

    assert found == [m.span() for m in _LED.finditer(text)]
