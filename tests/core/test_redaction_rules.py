"""The rules as data: each declares the literals it needs, none scans blindly, every kind is listed."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

from skm_bot.core import redaction
from skm_bot.core.redaction import (
    KINDS,
    RULES,
    commands,
    fields,
    manifests,
    material,
    names,
    tokens,
    values,
)
from skm_bot.core.redaction.engine import MAX_KIND_LENGTH, Source
from tests.leaks.corpus import shapes

MODULES: list[ModuleType] = [commands, fields, manifests, material, names, tokens, values]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_rule_declares_the_literals_it_needs(rule):
    """A later multi-literal prefilter runs a rule only where one of these literals is."""
    assert rule.literals
    assert all(literal and literal == literal.lower() for literal in rule.literals)


def test_rule_names_are_unique():
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_rule_finds_nothing_in_a_text_without_its_literals(rule):
    """Run ungated over the corpus: wherever a rule finds a secret, one of its literals is."""
    for shape in shapes():
        source = Source.of(shape.text)
        if list(rule.find(source, rule.literals)):
            assert rule.present(source.lowered), shape.id


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in MODULES:
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{module.__name__}.{name}", value))
            if isinstance(value, dict):
                found += [
                    (f"{module.__name__}.{name}", v)
                    for v in value.values()
                    if isinstance(v, re.Pattern)
                ]
    return found


@pytest.mark.parametrize(("name", "pattern"), _patterns(), ids=[n for n, _ in _patterns()])
def test_no_pattern_is_case_insensitive_or_led_by_a_lookbehind(name, pattern):
    """Patterns read the lower-cased twin instead; a leading lookbehind defeats literal search."""
    assert not pattern.flags & re.IGNORECASE
    assert not pattern.pattern.startswith(("(?<=", "(?<!"))


def test_every_kind_is_listed_and_short():
    named = {kind for kind, _ in names.SECRET_NAME_KINDS} | set(names.SECRET_LAST_PARTS.values())
    found = {kind for shape in shapes() for kind in redaction.redact(shape.text).kinds}

    assert named | found <= set(KINDS)
    assert all(len(kind) <= MAX_KIND_LENGTH and re.fullmatch("[a-z0-9_]+", kind) for kind in KINDS)


def test_every_kind_is_in_the_corpus():
    assert {shape.kind for shape in shapes()} == set(KINDS)


def test_name_literals_cover_every_secret_word():
    literals = names.name_literals()
    words = [w for _, ws in names.SECRET_NAME_KINDS for word in ws for w in word.split("+")[:1]]

    assert all(any(literal in word for literal in literals) for word in words)


@pytest.mark.parametrize("document", ["README.md", "docs/security.md"])
def test_every_kind_is_documented(document):
    text = (Path(__file__).parents[2] / document).read_text("utf-8")

    assert [kind for kind in KINDS if f"`{kind}`" not in text] == []
