"""The catalogue: the shipped file is valid, keeps its promises, and a malformed one is refused."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue, parse_catalogue
from skm_bot.core.matching import match
from skm_bot.errors import CatalogueError

CATALOGUE = load_catalogue()

STABLE_IDS = {
    "invalid_appkey",
    "invalid_key_id",
    "invalid_key_version",
    "invalid_user_data",
    "invalid_key_status",
    "invalid_key_version_status",
    "ipv4_auth_failure",
    "mac_auth_failure",
    "certificate_auth_failure",
    "certificate_error",
    "url_not_found",
}

EXAMPLES = [
    pytest.param(entry.id, example.text, id=f"{entry.id}-{i}")
    for entry in CATALOGUE.entries
    for i, example in enumerate(entry.examples)
]


def test_catalogue_has_exactly_the_stable_ids():
    assert {entry.id for entry in CATALOGUE.entries} == STABLE_IDS


@pytest.mark.parametrize(("error_id", "text"), EXAMPLES)
def test_every_example_matches_its_own_entry_first(error_id, text):
    matches = match(text, CATALOGUE)

    assert matches, f"nothing matched {text!r}"
    assert matches[0].error_id == error_id


@pytest.mark.parametrize("entry", CATALOGUE.entries, ids=lambda e: e.id)
def test_every_entry_has_an_example_in_each_language(entry):
    """Japanese, Korean and English pastes all reach each entry."""
    from skm_bot.core.language import detect_language

    languages = {detect_language(example.text) for example in entry.examples}

    assert languages >= {"ja", "ko", "en"}


# The guide names no single message for certificate errors, so that entry has none to test.
@pytest.mark.parametrize(
    "entry", [e for e in CATALOGUE.entries if e.id != "certificate_error"], ids=lambda e: e.id
)
def test_exact_skm_message_matches_in_any_case(entry):
    for variant in (entry.message, entry.message.upper(), entry.message.lower()):
        assert match(f"error: {variant}", CATALOGUE)[0].error_id == entry.id


@pytest.mark.parametrize(
    ("error_id", "operation"),
    [
        ("invalid_key_version", "symmetric.decrypt"),
        ("invalid_key_version", "asymmetric.verify"),
        ("invalid_user_data", "symmetric.decrypt"),
        ("invalid_user_data", "asymmetric.verify"),
        ("invalid_key_status", "symmetric.decrypt"),
        ("invalid_key_version_status", "asymmetric.verify"),
    ],
)
def test_operation_specific_steps_differ_from_default(error_id, operation):
    entry = CATALOGUE.get(error_id)

    assert entry.steps_for(operation, "en") != entry.steps_for(None, "en")


VALID_ENTRY = """
[[error]]
id = "x"
message = "X"
checks = ["skm.key"]
title = { ja = "t", ko = "t", en = "t" }
cause = { ja = "c", ko = "c", en = "c" }
[error.steps]
default.ja = ["s"]
default.ko = ["s"]
default.en = ["s"]
[[error.signatures]]
kind = "message"
pattern = 'x'
[[error.examples]]
text = "x"
"""


def test_parse_catalogue_accepts_a_minimal_entry():
    assert parse_catalogue(VALID_ENTRY).entries[0].id == "x"


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        (VALID_ENTRY.replace('"skm.key"', '"skm.nope"'), "unknown check id"),
        (VALID_ENTRY.replace('ko = "t", ', ""), "title.ko"),
        (VALID_ENTRY.replace('default.ko = ["s"]\n', ""), "ko"),
        (VALID_ENTRY.replace("pattern = 'x'", "pattern = 'X'"), "upper-case"),
        (VALID_ENTRY.replace("pattern = 'x'", "pattern = '(x'"), "does not compile"),
        (VALID_ENTRY.replace('[[error.examples]]\ntext = "x"\n', ""), "examples"),
        (VALID_ENTRY.replace("default.", '"symmetric.decrypt".'), "default"),
        (
            VALID_ENTRY.replace(
                'default.en = ["s"]\n',
                'default.en = ["s"]\n"sign.it".ja = ["s"]\n"sign.it".ko = ["s"]\n"sign.it".en = ["s"]\n',
            ),
            "unknown operation",
        ),
        (VALID_ENTRY + VALID_ENTRY, "duplicate id"),
        ("[[error]", "not valid TOML"),
    ],
    ids=lambda value: value if len(value) < 30 else "",
)
def test_parse_catalogue_refuses_a_defect_at_load(broken, complaint):
    with pytest.raises(CatalogueError, match=complaint):
        parse_catalogue(broken)


def test_every_check_id_has_a_check():
    """The catalogue's check ids and the registry are the same set, defined once."""
    from skm_bot.checks.registry import CHECKS
    from skm_bot.core.check_ids import ALL_CHECK_IDS

    assert set(CHECKS) == ALL_CHECK_IDS


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        (VALID_ENTRY.replace("pattern = 'x'", "pattern = '(?:x|y)'"), "leading literal"),
        (VALID_ENTRY.replace("pattern = 'x'", "pattern = 'x'\nliterals = ['X']"), "lower case"),
        (
            VALID_ENTRY.replace("pattern = 'x'", "pattern = 'x'\nsub_cause = 'melted'"),
            "unknown sub-cause",
        ),
    ],
    ids=["no-literal", "upper-literal", "sub-cause"],
)
def test_parse_catalogue_refuses_a_rule_without_a_gate_or_with_an_unknown_sub_cause(
    broken, complaint
):
    with pytest.raises(CatalogueError, match=complaint):
        parse_catalogue(broken)


def test_a_leading_literal_is_every_signatures_gate_unless_it_declares_one():
    sig = parse_catalogue(VALID_ENTRY.replace("pattern = 'x'", "pattern = 'xyz?'")).signatures[0]

    assert sig.literals == ("xy",)


@pytest.mark.parametrize(("error_id", "text"), EXAMPLES)
def test_a_signature_that_matches_an_example_passes_its_gate(error_id, text):
    """A gate that dropped a real match would lose it silently: every example keeps them honest."""
    from skm_bot.core.normal_form import fold

    folded = fold(text).folded
    for sig in CATALOGUE.signatures:
        if sig.regex.search(folded):
            assert sig.gate(folded), sig.regex.pattern


def test_every_sub_cause_a_signature_names_has_steps_and_checks():
    for entry in CATALOGUE.entries:
        for sig in entry.signatures:
            if sig.sub_cause is not None:
                assert entry.checks_for(sig.sub_cause) == entry.sub_causes[sig.sub_cause].checks
