"""
The second development file of the understanding corpus stays well-formed and apart.

dev2.jsonl holds phrasings written for the families a held-out report found weak, and TLS or
library errors of other systems. It is read here as data only; test_recognition_corpus.py
pins the recogniser to it. Held-out files are read only to compare texts, never matched.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from tests.core import understanding_corpus as corpus

# A sweep (the whole development corpus): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

DEV2 = corpus.CORPUS / "dev2.jsonl"
# Every other file of phrasings: dev2 shares no text with any of them.
OTHERS = sorted(p for p in corpus.CORPUS.glob("*.jsonl") if p != DEV2)

LANGUAGES = {"ja", "ko", "en"}
KINDS = {"question", "statement", "log", "library", "symptom"}
FIELDS = {"id", "lang", "expect", "kind", "text"}
ID_SHAPE = re.compile(r"(ja|ko|en)-([a-z0-9_]+)-(\d{3,})")
# The families it was written for: at least this many phrasings per language each.
FAMILIES = (
    "mac_auth_failure",
    "invalid_key_status",
    "invalid_key_version_status",
    "certificate_error",
    "certificate_auth_failure",
    "invalid_key_id",
    "url_not_found",
)
PER_LANGUAGE = 10
MIN_LIBRARY_LOOKALIKES = 30


ITEMS = corpus.read(DEV2)


def _param(item: dict[str, Any]) -> Any:
    return pytest.param(item, id=item["id"])


@pytest.mark.parametrize("item", [_param(i) for i in ITEMS])
def test_item_has_the_documented_fields_and_values(item):
    shape = ID_SHAPE.fullmatch(item["id"])

    assert item.keys() == FIELDS
    assert shape is not None
    assert (shape[1], shape[2]) == (item["lang"], item["expect"] or "lookalike")
    assert int(shape[3]) >= 101
    assert item["lang"] in LANGUAGES
    assert item["kind"] == "lookalike" if item["expect"] is None else item["kind"] in KINDS
    assert item["expect"] is None or item["expect"] in corpus.ERROR_IDS


@pytest.mark.parametrize("item", [_param(i) for i in ITEMS])
def test_item_is_written_in_its_stated_language(item):
    text, lang = item["text"], item["lang"]

    assert corpus.scripts(text) == (lang == "ja", lang == "ko")


@pytest.mark.parametrize("item", [_param(i) for i in ITEMS if i["expect"] is None])
def test_lookalike_does_not_name_skm(item):
    text = corpus.normalise(item["text"])

    assert corpus.skm_words_in(text) == []


def test_ids_are_unique_across_the_corpus():
    ids = [item["id"] for path in [DEV2, *OTHERS] for item in corpus.read(path)]

    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_no_text_repeats_and_none_is_in_another_file():
    texts = Counter(corpus.normalise(item["text"]) for item in ITEMS)
    elsewhere = {corpus.normalise(item["text"]) for path in OTHERS for item in corpus.read(path)}

    assert [text for text, n in texts.items() if n > 1] == []
    assert [item["id"] for item in ITEMS if corpus.normalise(item["text"]) in elsewhere] == []


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_has_enough_phrasings_in_each_language(family, lang):
    count = sum(1 for i in ITEMS if (i["expect"], i["lang"]) == (family, lang))

    assert count >= PER_LANGUAGE


def test_there_are_enough_library_lookalikes():
    """Other systems' TLS errors: the look-alikes a library signature could claim."""
    lookalikes = [i for i in ITEMS if i["expect"] is None]
    tls = [i for i in lookalikes if re.search(r"ssl|tls|x509|cert|pkix|curl", i["text"], re.I)]

    assert len(tls) >= MIN_LIBRARY_LOOKALIKES
