"""The understanding corpus: the held-out files stay frozen, and every file stays well-formed.

These tests read the corpus as data only. None of them runs the matcher: the held-out files are
read by the benchmark's report and nothing else (tests/data/understanding/README.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import skm_bot
from tests.core.understanding_corpus import (
    CORPUS,
    ERROR_IDS,
    normalise,
    read,
    scripts,
    skm_words_in,
)

HELDOUT = CORPUS / "heldout.jsonl"
HELDOUT2 = CORPUS / "heldout2.jsonl"
DEV = CORPUS / "dev.jsonl"
GUIDE = CORPUS / "guide_sentences.jsonl"
HELDOUTS = [HELDOUT, HELDOUT2]
# Every file of phrasings: the two halves and the second held-out file, checked alike.
PHRASINGS = [HELDOUT, HELDOUT2, DEV]
PACKAGE = Path(skm_bot.__file__).parent

LANGUAGES = ("ja", "ko", "en")
PHRASING_KINDS = {"question", "statement", "log", "library", "symptom"}
REQUIRED = {"id", "lang", "expect", "kind", "text"}
OPTIONAL = {"ambiguous"}
MIN_PER_CELL = 8
MIN_LOOKALIKES = 50
MAX_AMBIGUOUS_SHARE = 0.05

# The second held-out file was written to a fixed plan: exactly this many items per failure and
# language, this many look-alikes per language, and fewer ambiguous marks than the first.
HELDOUT2_PER_CELL = 10
HELDOUT2_LOOKALIKES_PER_LANGUAGE = 20
HELDOUT2_MAX_AMBIGUOUS_SHARE = 0.02

# The second held-out file's ids carry a prefix, so they can never collide with the first's.
ID_PREFIX = {HELDOUT2: "h2-"}

# Pairs of files that must share no text; the guide's wording is NHN's, not a phrasing.
DISJOINT = [(HELDOUT, DEV), (HELDOUT2, HELDOUT), (HELDOUT2, DEV), (HELDOUT2, GUIDE)]

ID_SHAPE = r"(ja|ko|en)-([a-z0-9_]+)-(\d{2,})"


def cells(items: tuple[dict[str, Any], ...]) -> Counter[tuple[str | None, str]]:
    """How many items each (expected id, language) cell holds; None is the look-alikes."""
    return Counter((item["expect"], item["lang"]) for item in items)


@cache
def package_text() -> str:
    """Every text file of the installed package, normalised and joined."""
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return "\n".join(normalise(p.read_bytes().decode("utf-8", errors="ignore")) for p in files)


def frozen_hashes() -> dict[str, str]:
    """FROZEN.sha256 as file name -> recorded SHA-256, one `sha256sum` line per file."""
    lines = (CORPUS / "FROZEN.sha256").read_text(encoding="ascii").splitlines()
    return {name: recorded for recorded, name in (line.split() for line in lines)}


def test_frozen_hashes_name_exactly_the_heldout_files():
    assert sorted(frozen_hashes()) == sorted(path.name for path in HELDOUTS)


@pytest.mark.parametrize("path", HELDOUTS, ids=lambda p: p.name)
def test_heldout_file_matches_its_frozen_hash(path):
    """Editing a held-out file silently is refused: add a new held-out file instead."""
    recorded = frozen_hashes()[path.name]

    assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded


@pytest.mark.parametrize("path", [*PHRASINGS, GUIDE], ids=lambda p: p.name)
def test_every_line_is_one_json_object(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert isinstance(json.loads(line), dict), f"{path.name}:{number}"


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_half_items_have_exactly_the_documented_fields(path):
    for item in read(path):
        assert REQUIRED <= item.keys() <= REQUIRED | OPTIONAL, item["id"]
        assert isinstance(item["text"], str), item["id"]
        assert item["text"].strip(), item["id"]


def test_guide_sentences_have_the_documented_fields_and_a_source():
    for item in read(GUIDE):
        assert item.keys() == REQUIRED | {"source"}, item["id"]
        assert item["kind"] == "guide", item["id"]
        assert item["source"].startswith("https://"), item["id"]


def test_ids_are_unique_across_the_corpus():
    ids = [item["id"] for path in [*PHRASINGS, GUIDE] for item in read(path)]

    assert [i for i, n in Counter(ids).items() if n > 1] == []


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_half_ids_name_their_language_and_expected_failure(path):
    shape_of_id = re.compile(re.escape(ID_PREFIX.get(path, "")) + ID_SHAPE)
    for item in read(path):
        shape = shape_of_id.fullmatch(item["id"])
        assert shape, item["id"]
        assert shape[1] == item["lang"], item["id"]
        assert shape[2] == (item["expect"] or "lookalike"), item["id"]


@pytest.mark.parametrize("path", [*PHRASINGS, GUIDE], ids=lambda p: p.name)
def test_languages_are_the_three_the_bot_speaks(path):
    assert {item["lang"] for item in read(path)} == set(LANGUAGES)


@pytest.mark.parametrize("path", [*PHRASINGS, GUIDE], ids=lambda p: p.name)
def test_expected_ids_exist_in_the_catalogue(path):
    unknown = {item["expect"] for item in read(path)} - ERROR_IDS - {None}

    assert unknown == set()


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_kind_is_lookalike_exactly_when_nothing_is_expected(path):
    for item in read(path):
        if item["expect"] is None:
            assert item["kind"] == "lookalike", item["id"]
        else:
            assert item["kind"] in PHRASING_KINDS, item["id"]


@pytest.mark.parametrize("path", [*PHRASINGS, GUIDE], ids=lambda p: p.name)
def test_text_is_written_in_its_stated_language(path):
    """Japanese carries kana, Korean carries Hangul, English carries neither."""
    for item in read(path):
        text, lang = item["text"], item["lang"]
        has_kana, has_hangul = scripts(text)
        assert (has_kana, has_hangul) == (lang == "ja", lang == "ko"), item["id"]


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (HELDOUT, MAX_AMBIGUOUS_SHARE),
        (DEV, MAX_AMBIGUOUS_SHARE),
        (HELDOUT2, HELDOUT2_MAX_AMBIGUOUS_SHARE),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else str(value),
)
def test_ambiguous_marks_are_rare(path, share):
    items = read(path)
    marked = [item for item in items if "ambiguous" in item]

    assert len(marked) <= share * len(items)


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_ambiguous_marks_list_known_failures_including_the_expected_one(path):
    for item in (item for item in read(path) if "ambiguous" in item):
        accepted = item["ambiguous"]
        assert len(set(accepted)) == len(accepted) >= 2, item["id"]
        assert set(accepted) <= ERROR_IDS, item["id"]
        assert item["expect"] in accepted, item["id"]


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_lookalikes_do_not_name_skm(path):
    for item in (item for item in read(path) if item["expect"] is None):
        text = normalise(item["text"])
        assert not skm_words_in(text), item["id"]


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_every_failure_has_enough_phrasings_in_every_language(path):
    counts = cells(read(path))
    short = {
        (error_id, lang): counts[(error_id, lang)]
        for error_id in ERROR_IDS
        for lang in LANGUAGES
        if counts[(error_id, lang)] < MIN_PER_CELL
    }

    assert short == {}


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_each_half_has_enough_lookalikes(path):
    lookalikes = [item for item in read(path) if item["expect"] is None]

    assert len(lookalikes) >= MIN_LOOKALIKES


def test_halves_have_the_same_cell_counts():
    assert cells(read(HELDOUT)) == cells(read(DEV))


def test_second_heldout_file_has_exactly_its_planned_cells():
    """Ten phrasings per failure and language, twenty look-alikes per language, nothing else."""
    planned = Counter(
        {(error_id, lang): HELDOUT2_PER_CELL for error_id in ERROR_IDS for lang in LANGUAGES}
        | {(None, lang): HELDOUT2_LOOKALIKES_PER_LANGUAGE for lang in LANGUAGES}
    )

    assert cells(read(HELDOUT2)) == planned


@pytest.mark.parametrize(("path", "other"), DISJOINT, ids=lambda p: p.name)
def test_no_text_appears_in_two_files(path, other):
    seen = {normalise(item["text"]) for item in read(other)}
    shared = [item["id"] for item in read(path) if normalise(item["text"]) in seen]

    assert shared == []


@pytest.mark.parametrize("path", PHRASINGS, ids=lambda p: p.name)
def test_no_text_repeats_within_a_half(path):
    texts = Counter(normalise(item["text"]) for item in read(path))

    assert [text for text, n in texts.items() if n > 1] == []


@pytest.mark.parametrize("path", HELDOUTS, ids=lambda p: p.name)
def test_no_heldout_text_appears_in_the_package(path):
    """A held-out phrasing copied into a pattern or an example would make the benchmark lie."""
    package = package_text()
    leaked = [item["id"] for item in read(path) if normalise(item["text"]) in package]

    assert leaked == []
