"""The concept model: the shipped file loads, a defect is refused at load, words pair by proximity."""

from __future__ import annotations

import pytest

from skm_bot.core.catalogue import load_catalogue, parse_catalogue
from skm_bot.core.concept_matching import (
    MAX_GAP,
    MAX_WORDS_AT_AN_END,
    find_concepts,
    read_words,
)
from skm_bot.core.concepts import required_literals
from skm_bot.core.concepts_file import parse_concepts
from skm_bot.core.matching import people_spans
from skm_bot.core.other_systems_file import parse_other_systems
from skm_bot.errors import CatalogueError

CATALOGUE = load_catalogue()
MODEL = CATALOGUE.concepts
VOCABULARY = CATALOGUE.vocabulary

MINIMAL = """
[[subject]]
id = "key"
words = ["key"]

[[condition]]
id = "state"
weight = 1.0
words = ["disabled"]

[[concept]]
subject = "key"
conditions = ["state"]
failures = { invalid_key_status = 1.0 }
"""


def test_parse_concepts_accepts_a_minimal_model():
    model = parse_concepts(MINIMAL)

    assert model.pairs[("key", "state")] == (("invalid_key_status", 1.0),)


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        (MINIMAL.replace('subject = "key"', 'subject = "nope"'), "unknown subject"),
        (MINIMAL.replace('conditions = ["state"]', 'conditions = ["gone"]'), "unknown condition"),
        (MINIMAL.replace('words = ["key"]', 'words = ["Key"]'), "folded form"),
        (MINIMAL.replace("weight = 1.0", "weight = 2.0"), "less than or equal"),
        (MINIMAL.replace("invalid_key_status = 1.0", "invalid_key_status = 1.5"), "weight"),
        (MINIMAL + '[[subject]]\nid = "k2"\nwords = ["key"]\n', "two meanings"),
        ("[[subject]", "not valid TOML"),
    ],
    ids=["subject", "condition", "folded", "condition-weight", "failure-weight", "dup", "toml"],
)
def test_parse_concepts_refuses_a_defect_at_load(broken, complaint):
    with pytest.raises(CatalogueError, match=complaint):
        parse_concepts(broken)


def test_catalogue_refuses_concepts_naming_an_unknown_failure():
    model = parse_concepts(MINIMAL.replace("invalid_key_status", "no_such_failure"))
    text = load_catalogue_text()

    with pytest.raises(CatalogueError, match="unknown failure"):
        parse_catalogue(text, concepts=model)


def test_catalogue_refuses_a_condition_naming_an_unknown_sub_cause():
    with_sub_cause = MINIMAL.replace("weight = 1.0", 'weight = 1.0\nsub_cause = "melted"')

    with pytest.raises(CatalogueError, match="unknown sub-cause"):
        parse_catalogue(load_catalogue_text(), concepts=parse_concepts(with_sub_cause))


def test_other_systems_refuse_a_system_listed_twice():
    text = OTHERS.replace('id = "b"', 'id = "a"')

    with pytest.raises(CatalogueError, match="listed twice"):
        parse_other_systems(text)


OTHERS = """
[skm]
words = ["skm"]
hosts = ["keymanager"]

[other_host]
failures = ["certificate_error"]
name = { ja = "{host}", ko = "{host}", en = "{host}" }

[[system]]
id = "a"
kind = "service"
name = { ja = "A", ko = "A", en = "A" }
words = ["alpha"]

[[system]]
id = "b"
kind = "everyday"
name = { ja = "B", ko = "B", en = "B" }
words = ["beta"]
"""


def load_catalogue_text() -> str:
    from importlib import resources

    return resources.files("skm_bot.core").joinpath("known_errors.toml").read_text("utf-8")


def _pairs(text: str) -> list[str]:
    folded = text.lower()
    spans = people_spans(len(folded))
    findings = find_concepts(read_words(folded, VOCABULARY, MODEL, spans), MODEL)
    return sorted({f.error_id for f in findings})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the key is disabled", ["invalid_key_status"]),
        ("鍵の状態が無効です", ["invalid_key_status"]),
        ("키 버전 상태가 유효하지 않습니다", ["invalid_key_version_status"]),
        ("MAC認証で失敗", ["mac_auth_failure"]),
        ("証明書による認証が拒否されました", ["certificate_auth_failure", "certificate_error"]),
        ("正しくないURLでリクエストした", ["url_not_found"]),
    ],
    ids=["en-state", "ja-status", "ko-version-status", "ja-joined", "ja-cert-auth", "ja-before"],
)
def test_subject_and_condition_said_together_point_to_their_failure(text, expected):
    assert _pairs(text) == expected


def test_a_condition_pairs_with_its_nearest_subject_only():
    """The key is In Service; its version's status is what fails."""
    assert _pairs("鍵は使用中なのにキーバージョンのステータスエラー") == [
        "invalid_key_version_status"
    ]


def test_subject_and_condition_far_apart_say_nothing():
    filler = "and more words " * (MAX_GAP // len("and more words ") + 1)

    assert _pairs("the key " + filler + "is disabled") == []


def test_a_subject_in_the_sentence_before_still_pairs():
    assert _pairs("SKMのAppKeyってどこで確認？今のやつだと弾かれる") == ["invalid_appkey"]


def test_words_inside_a_quoted_message_are_not_the_posters():
    folded = "invalid key version status"
    words = read_words(folded, VOCABULARY, MODEL, ((0, len(folded)),), quoted=((0, len(folded)),))

    assert (words.subjects, words.conditions) == ([], [])


def test_a_symptom_word_also_names_the_subject_inside_it():
    """One pass reads each word once: "new certificate" is a symptom's word and a subject."""
    [hit] = VOCABULARY.find("new certificate")

    assert hit.tag.subject == ("certificate", 1.0)
    assert hit.tag.symptoms


def test_a_word_that_is_not_a_subject_keeps_the_subject_inside_it_out():
    [hit] = VOCABULARY.find("key card")

    assert hit.tag.subject is None
    assert hit.tag.system is not None


def test_every_concept_word_declares_a_gate_literal():
    literals = required_literals(MODEL)

    assert literals
    assert all(literal for literal in literals)


@pytest.mark.parametrize(
    "link",
    ['refines = ["nope"]', 'refers = ["nope"]', 'absorbs = ["nope"]'],
    ids=["refines", "refers", "absorbs"],
)
def test_parse_concepts_refuses_a_link_to_an_unknown_subject(link):
    broken = MINIMAL.replace('words = ["key"]', f'words = ["key"]\n{link}')

    with pytest.raises(CatalogueError, match="unknown subject"):
        parse_concepts(broken)


def test_a_condition_saying_not_also_finds_its_contracted_forms():
    model = parse_concepts(MINIMAL.replace('words = ["disabled"]', 'words = ["not active"]'))

    assert {"isn't active", "wasn't active", "aren't active"} <= set(model.condition_words)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the key is fine, version 2 is disabled", ["invalid_key_version_status"]),
        ("the key is disabled, version 2 looks fine", ["invalid_key_status"]),
    ],
    ids=["version-clause", "key-clause"],
)
def test_a_condition_is_said_of_a_subject_in_its_own_clause(text, expected):
    assert _pairs(text) == expected


def test_a_part_of_the_key_said_in_one_clause_with_the_key_is_what_the_condition_is_of():
    assert _pairs("version 2 of the key is disabled") == ["invalid_key_version_status"]


def test_a_subject_that_only_qualifies_another_yields_to_it():
    assert _pairs("the endpoint for creating keys doesn't exist") == ["url_not_found"]


def test_a_condition_said_before_a_subject_pairs_only_with_the_subject_right_after_it():
    assert _pairs("no key with that id") == ["invalid_key_id"]
    assert _pairs("no errors today; the key list is long") == []


def test_what_is_said_to_be_fine_pairs_with_nothing():
    assert _pairs("the key looks fine") == []


def test_a_condition_early_in_a_sentence_is_said_of_the_sentence_before():
    assert _pairs("Which key ID do you want, the one in the list? We get invalid.") == [
        "invalid_key_id"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-12T09:00:01Z INFO [main] request handled in 12 ms status=200",
        '{"status": 200, "key": "k1"}',
    ],
    ids=["key-value", "json"],
)
def test_a_log_fields_name_is_no_condition(text):
    folded = text.lower()

    assert read_words(folded, VOCABULARY, MODEL, ((0, len(folded)),)).conditions == []


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("2026-01-12 09:00:01 ERROR [main] SkmClient key=k1", 1),
        ("level=ERROR msg=decrypt", 1),
        ("the key is disabled. ERROR everywhere", 0),
    ],
    ids=["after-time", "field", "shouted"],
)
def test_a_log_lines_level_is_no_condition(text, levels):
    folded = text.lower()
    spans = ((0, len(folded)),)

    plain = read_words(folded, VOCABULARY, MODEL, spans)
    cased = read_words(folded, VOCABULARY, MODEL, spans, cased=text)

    assert len(plain.conditions) - len(cased.conditions) == levels


def test_a_span_dense_with_words_is_read_at_its_ends_only():
    """A word list in the middle adds no evidence: the first and last words a side are read."""
    middle = "the keystore is fine. " * (3 * MAX_WORDS_AT_AN_END)
    folded = f"the appkey is invalid. {middle}the certificate expired."
    words = read_words(folded, VOCABULARY, MODEL, ((0, len(folded)),))
    read = [folded[hit.start : hit.end] for hit in words.subjects]

    assert read[0] == "appkey"
    assert read[-1] == "certificate"
    assert len(words.subjects) + len(words.conditions) <= 2 * MAX_WORDS_AT_AN_END
