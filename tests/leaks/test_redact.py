"""Every shape of the leak corpus, through the redactor itself: no canary, the right kind."""

from __future__ import annotations

import json

import pytest

from skm_bot.core.paste import take_paste
from skm_bot.core.redaction import GROWTH_SLACK, MAX_GROWTH, redact

from .corpus import MARK, canary_for, keeps, shapes

SHAPES = shapes()


def test_the_corpus_holds_at_least_200_shapes_with_unique_ids_and_canaries():
    assert len(SHAPES) >= 200
    assert len({s.id for s in SHAPES}) == len(SHAPES)
    assert len({s.canary for s in SHAPES}) == len(SHAPES)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_each_shape_holds_its_canary(shape):
    assert shape.canary in shape.text
    assert MARK not in shape.text
    assert shape.canary == canary_for(shape.id)


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_redaction_removes_the_canary(shape):
    assert shape.canary not in take_paste(shape.text).text


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_redaction_names_the_kind(shape):
    assert shape.kind in redact(shape.text).kinds


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_redacting_again_changes_nothing(shape):
    once = redact(shape.text).text

    assert redact(once).text == once


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.id)
def test_redaction_stays_within_its_growth_bound(shape):
    assert len(redact(shape.text).text) <= MAX_GROWTH * len(shape.text) + GROWTH_SLACK


@pytest.mark.parametrize("keep", keeps(), ids=lambda k: k.id)
def test_redaction_keeps_the_facts(keep):
    text = redact(keep.text).text

    assert [fact for fact in keep.keep if fact not in text] == []


@pytest.mark.parametrize("depth", [1, 2])
def test_redaction_removes_every_canary_from_json_encoded_pastes(depth):
    """A log shipper's JSON line, and JSON inside that: the escapes must not hide a secret."""
    leaks = []
    for shape in SHAPES:
        text = shape.text
        for _ in range(depth):
            text = json.dumps({"message": text}, ensure_ascii=False)
        if shape.canary in redact(text).text:
            leaks.append(shape.id)

    assert leaks == []
