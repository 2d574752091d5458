"""
The recogniser pinned to the development files of the understanding corpus and to NHN's guide.

Every phrasing's best match in dev.jsonl and dev2.jsonl is the failure it expects (or one of
its `ambiguous` ones); every look-alike stays below the 0.5 a claim needs; every heading and
cause sentence of NHN's troubleshooting guide is recognised as its failure. The held-out files
are never read here: only bench/bench_understanding.py reports on them
(tests/data/understanding/README.md).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from skm_bot.core.interpretation import CLAIM
from tests.core.understanding_corpus import CORPUS, read
from tests.factories import diagnosed

# A sweep (the whole recognition corpus): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

DEV = read(CORPUS / "dev.jsonl")
DEVELOPMENT = DEV + read(CORPUS / "dev2.jsonl")
GUIDE = read(CORPUS / "guide_sentences.jsonl")
PHRASINGS = [item for item in DEVELOPMENT if item["expect"] is not None]
LOOKALIKES = [item for item in DEVELOPMENT if item["expect"] is None]
# NHN's English guide gives two failures the same cause sentence: neither can be first for both.
_SHARED = {text for text, n in Counter(item["text"] for item in GUIDE).items() if n > 1}
_SHARING = {text: {item["expect"] for item in GUIDE if item["text"] == text} for text in _SHARED}


def _param(item: dict[str, Any]) -> Any:
    return pytest.param(item, id=item["id"])


@pytest.mark.parametrize("item", [_param(i) for i in PHRASINGS])
def test_dev_phrasing_is_recognised_as_its_failure_first(item):
    accepted = set(item.get("ambiguous") or [item["expect"]])

    matches = diagnosed(item["text"]).matches

    assert matches, "nothing recognised"
    assert matches[0].error_id in accepted


@pytest.mark.parametrize("item", [_param(i) for i in LOOKALIKES])
def test_dev_lookalike_is_not_claimed(item):
    matches = diagnosed(item["text"]).matches

    assert not matches or matches[0].confidence < CLAIM


@pytest.mark.parametrize("item", [_param(i) for i in GUIDE if i["text"] not in _SHARED])
def test_guide_sentence_is_recognised_as_its_failure_first(item):
    matches = diagnosed(item["text"]).matches

    assert matches
    assert matches[0].error_id == item["expect"]


@pytest.mark.parametrize("item", [_param(i) for i in GUIDE if i["text"] in _SHARED])
def test_shared_guide_sentence_is_recognised_as_one_of_the_failures_sharing_it(item):
    matches = diagnosed(item["text"]).matches

    assert matches
    assert matches[0].error_id in _SHARING[item["text"]]


def test_corpus_phrasings_cover_every_failure():
    """The tables above would pass vacuously on an empty corpus."""
    assert len({item["expect"] for item in DEV if item["expect"] is not None}) == 11
    assert len(PHRASINGS) > len([item for item in DEV if item["expect"] is not None])
    assert len(LOOKALIKES) >= 80
