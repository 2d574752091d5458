"""Properties that hold whatever text surrounds a secret or an error message."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.matching import match
from skm_bot.core.redaction import GROWTH_SLACK, MAX_GROWTH, redact
from skm_bot.core.redaction.fields import ONE_WORD_KINDS
from skm_bot.core.redaction.names import SECRET_NAME_KINDS, secret_name_kind

from .test_redaction import CANARY, CASES

# A sweep (property tests of hundreds of examples each): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

CATALOGUE = load_catalogue()
# Surrounding text: any printable characters on their own line, so a neighbour cannot fuse
# with the secret's label into a different word.
_noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200).map(
    lambda s: s.replace(CANARY, "")
)

# Names: a secret word from the table, in any case, with a prefix and a suffix.
_WORDS = sorted({w.replace("+", "_") for _, words in SECRET_NAME_KINDS for w in words})
_cased = st.sampled_from(_WORDS).flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), w[:1].upper() + w[1:]])
)
_affix = st.sampled_from(["", "SKM_", "DB_", "x-", "skm.prod.", "my", "_", "Old"])
_suffix = st.sampled_from(["", "_KEY", "-value", ".prod", "2", "_FILE", "Id"])
_names = st.tuples(_affix, _cased, _suffix).map("".join)
_separators = st.sampled_from(["=", ": ", " = ", ":", "：", " => ", ":=", "\t=\t", "＝"])
# Value characters a format can hold without quoting: spaces, ";", ")", ",", "@", "/", "&",
# CJK; no quote, "=", "<", backslash or line break (those need quoting, below).
_UNQUOTED = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
    blacklist_characters="\"'`=<\\“”「」『』",
)
_values = st.tuples(st.text(_UNQUOTED, max_size=12), st.text(_UNQUOTED, max_size=12)).map(
    lambda pair: f"{pair[0]}{CANARY}{pair[1]}"
)


def _unquoted(name: str, value: str) -> str:
    """An unquoted value as a format holds it: one word for a token, an API key, a signature."""
    if secret_name_kind(name) in ONE_WORD_KINDS:
        value = "".join(value.split())
    return value.strip() or CANARY


def _quote(style: str, name: str, value: str) -> str:
    """`value` as each format quotes it."""
    if style == "json":
        return json.dumps(value, ensure_ascii=False)
    if style == "json-in-json":
        return json.dumps(json.dumps(value, ensure_ascii=False), ensure_ascii=False)[1:-1]
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "backtick":
        return "`" + value.replace("`", "") + "`"
    return _unquoted(name, value)


_quotings = st.sampled_from(["none", "json", "json-in-json", "single", "backtick"])
_quoted_values = st.tuples(_quotings, st.text(max_size=20), st.text(max_size=20)).map(
    lambda t: (t[0], f"{t[1]}{CANARY}{t[2]}".replace("\n", " ").replace("\r", " "))
)


@pytest.mark.parametrize(
    ("kind", "template"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)]
)
@settings(max_examples=40, deadline=None)
@given(before=_noise, after=_noise)
def test_redaction_removes_a_secret_whatever_surrounds_it(kind, template, before, after):
    result = redact(f"{before}\n{template}\n{after}")

    assert CANARY not in result.text


@settings(max_examples=300, deadline=None)
@given(name=_names, separator=_separators, value=_values, before=_noise, after=_noise)
# A value that starts with an empty structure: what follows its closing bracket is the value too.
@example(name="adgangskode", separator="=", value="{}" + CANARY, before="", after="")
@example(name="password", separator=": ", value="[]" + CANARY, before="", after="")
def test_a_secret_name_removes_any_unquoted_value(name, separator, value, before, after):
    """names × separators × values: what a secret name labels never survives."""
    text = f"{before}\n{name}{separator}{_unquoted(name, value)}\n{after}"

    assert CANARY not in redact(text).text


@settings(max_examples=300, deadline=None)
@given(name=_names, separator=_separators, quoted=_quoted_values)
# A quote in an unquoted value ends it only when a string opened before the name encloses it.
@example(name="adgangskode", separator="=", quoted=("none", "0`)" + CANARY))
@example(name="password", separator=": ", quoted=("none", "x'; " + CANARY))
# A comma, then a quote: not the next JSON member unless a quoted name and a colon follow.
@example(name="adgangskode", separator="=", quoted=("none", ",'" + CANARY))
@example(name="adgangskode", separator="=", quoted=("none", "0,'" + CANARY))
def test_a_secret_name_removes_any_quoted_value(name, separator, quoted):
    """names × separators × quotings × values, the value holding any character at all."""
    style, value = quoted
    text = f"{name}{separator}{_quote(style, name, value)}"

    assert CANARY not in redact(text).text


# The pieces the rules react to, to be put together in any order: names, separators, quotes,
# escapes, brackets, flags, markup, line breaks, placeholders, key material's first words.
_PIECES = [
    "password",
    "SKM_SECRET",
    "token",
    "-storepass",
    "--password",
    "pass:",
    "<password>",
    "</password>",
    "&lt;",
    "&gt;",
    "=",
    ":",
    "：",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\\n",
    '"',
    "'",
    "`",
    "\\",
    '\\"',
    "「",
    "{",
    "}",
    "[",
    "]",
    "|",
    ">-",
    "- name: ",
    "value: ",
    "?",
    "&",
    "&amp;",
    "%3D",
    "://",
    "u:",
    "@",
    "/",
    "-u ",
    "mysql -p",
    "[REDACTED:password]",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
    "MIIDzwIBAzCCA4UGCSqGSIb3DQEH",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx.",
    "Bearer ",
    "kind: Secret",
    "data:",
    "x",
    "Kq",
]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_redaction_never_fails_on_pieces_of_its_own_patterns(text):
    """
    Fragments of what every rule looks for, in any order: no exception and within the bound,
    redacted once and again. (Such soup may redact a little more the second time: a placeholder
    can put a word next to a flag that had none.)
    """
    once = redact(text).text
    twice = redact(once).text

    assert len(once) <= MAX_GROWTH * len(text) + GROWTH_SLACK
    assert len(twice) <= MAX_GROWTH * len(once) + GROWTH_SLACK


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_redaction_is_bounded_and_idempotent(text):
    once = redact(text).text

    assert len(once) <= MAX_GROWTH * len(text) + GROWTH_SLACK
    assert redact(once).text == once


@given(before=_noise, after=_noise)
@settings(max_examples=60, deadline=None)
# Noise that names a key's state on its own ("KEYSTATE") may add that failure, never the line.
@example(before="", after="KEYSTATE")
def test_key_version_status_is_never_taken_for_its_look_alikes(before, after):
    ids = [m.error_id for m in match(f"{before}\nInvalid Key Version Status\n{after}", CATALOGUE)]
    by_noise = {m.error_id for text in (before, after) for m in match(text, CATALOGUE)}

    assert "invalid_key_version_status" in ids
    assert "invalid_key_version" not in ids or "invalid_key_version" in by_noise
    assert "invalid_key_status" not in ids or "invalid_key_status" in by_noise
