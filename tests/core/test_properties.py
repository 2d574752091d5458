"""Properties that hold whatever text surrounds a secret or an error message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.matching import match
from skm_bot.core.redaction import redact

from .test_redaction import CANARY, CASES

CATALOGUE = load_catalogue()
# Surrounding text: any printable characters on their own line, so a neighbour cannot fuse
# with the secret's label into a different word.
_noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200).map(
    lambda s: s.replace(CANARY, "")
)


@pytest.mark.parametrize(
    ("kind", "template"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)]
)
@settings(max_examples=40, deadline=None)
@given(before=_noise, after=_noise)
def test_redaction_removes_a_secret_whatever_surrounds_it(kind, template, before, after):
    result = redact(f"{before}\n{template}\n{after}")

    assert CANARY not in result.text


@given(before=_noise, after=_noise)
@settings(max_examples=60, deadline=None)
def test_key_version_status_is_never_taken_for_its_look_alikes(before, after):
    ids = [m.error_id for m in match(f"{before}\nInvalid Key Version Status\n{after}", CATALOGUE)]

    assert "invalid_key_version_status" in ids
    assert "invalid_key_version" not in ids or "invalid key version" in (before + after).lower()
    assert "invalid_key_status" not in ids or "invalid key status" in (before + after).lower()
