"""The phrasebook: every phrase in every language with the same placeholders, none missing or dead."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from skm_bot.core.phrases import (
    PHRASE_FILES,
    flatten,
    listing,
    load_phrasebook,
    parse_phrasebook,
    phrase,
    phrase_problems,
    verbatim,
)
from skm_bot.errors import CatalogueError
from tests.untranslated import english_runs

# A sweep (every phrase file against the whole code): in the full suite, not the fast loop.
pytestmark = pytest.mark.slow

PACKAGE = Path(__file__).parents[2] / "skm_bot"


def shipped(name: str) -> dict[str, object]:
    text = resources.files("skm_bot.core").joinpath(name).read_text(encoding="utf-8")
    return flatten(tomllib.loads(text))


@pytest.mark.parametrize("name", PHRASE_FILES)
def test_every_phrase_has_every_language_and_the_same_placeholders(name):
    """The shipped files: no language missing or empty, no placeholder differing."""
    assert phrase_problems(shipped(name)) == []


@pytest.mark.parametrize(
    ("texts", "problem"),
    [
        ({"ja": "あ", "en": "a"}, "k: no ko text"),
        ({"ja": "", "ko": "가", "en": "a"}, "k: the ja text is empty"),
        ({"ja": "あ", "ko": "가", "en": "a", "fr": "a"}, "k: 'fr' is not a language"),
        (
            {"ja": "{seconds} 秒", "ko": "초", "en": "{seconds} s"},
            "k: ko has placeholders {}, en has {seconds}",
        ),
        (
            {"ja": "{n}", "ko": "{n}", "en": "{n:,}"},
            "k: ja has placeholders {n}, en has {n:,}",
        ),
        (
            {"ja": "{name!r}", "ko": "{name}", "en": "{name!r}"},
            "k: ko has placeholders {name}, en has {name!r}",
        ),
        ({"ja": "{", "ko": "{", "en": "{"}, "k: a template does not parse"),
    ],
)
def test_phrase_problems_names_each_defect(texts, problem):
    assert any(p.startswith(problem) for p in phrase_problems({"k": texts})), problem


def test_a_defective_file_is_refused_at_load():
    text = '[check.sample]\nja = "{seconds} 秒"\nko = "초"\nen = "{seconds} s"\n'

    with pytest.raises(CatalogueError, match=r"check\.sample: ko has placeholders"):
        parse_phrasebook(text, source="sample.toml")


def test_nested_tables_are_dotted_keys():
    text = '[a.b]\nja = "x"\nko = "y"\nen = "z"\n'

    assert set(parse_phrasebook(text, source="t.toml")) == {"a.b"}


def _literal_keys() -> set[str]:
    """The first argument of every `phrase("...")` call, and every `separator="..."`."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in _CALLS):
                continue
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "separator")]
            found |= {a.value for a in args if isinstance(a, ast.Constant)}
    return found


_CALLS = {"phrase", "listing"}


def _string_constants() -> set[str]:
    return {
        node.value
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_phrase_the_code_asks_for_exists():
    assert sorted(_literal_keys() - set(load_phrasebook())) == []


def test_every_phrase_in_the_files_is_used():
    """A phrase no code names is dead text that no test renders."""
    assert sorted(set(load_phrasebook()) - _string_constants()) == []


def test_a_phrase_words_its_phrase_values_in_the_same_language():
    said = phrase(
        "check.key_version.about",
        version=2,
        source=phrase("check.key_version.from_paste"),
        current="3",
    )

    assert (said.text("en"), said.text("ja")) == (
        "version 2 from the paste; current version 3",
        "貼り付けから読んだ鍵バージョン 2、現在の鍵バージョン 3",
    )


def test_verbatim_is_the_same_in_every_language():
    assert {verbatim("Invalid Appkey").text(lang) for lang in ("ja", "ko", "en")} == {
        "Invalid Appkey"
    }


def test_listing_joins_as_each_language_does():
    items = [verbatim("a"), verbatim("b"), verbatim("c")]

    assert (listing(items).text("en"), listing(items).text("ja")) == ("a, b, c", "a、b、c")


def test_listing_of_one_item_is_the_item():
    assert listing([verbatim("a")]) == verbatim("a")


def test_an_unknown_key_is_a_key_error():
    with pytest.raises(KeyError):
        phrase("check.no_such_phrase").text("en")


def test_keys_used_lists_the_nested_phrases():
    said = phrase("check.reachable.failed", host="h", why=phrase("check.confirm.no_header"))

    assert said.keys_used() == {"check.reachable.failed", "check.confirm.no_header"}


def _filled(template: str) -> str:
    """The template with every placeholder filled by a value that is no English word."""
    return re.sub(r"\{[^{}]*\}", "0", template)


@pytest.mark.parametrize("language", ["ja", "ko"])
def test_no_template_leaves_english_in_japanese_or_korean(language):
    """Only names, codes, identifiers and SKM's own messages may stay in English."""
    left = {
        key: runs
        for key, texts in load_phrasebook().items()
        if (runs := english_runs(_filled(texts[language])))
    }

    assert left == {}


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("the paste shows no appkey", ["the paste shows no appkey"]),
        ("SKMエラー -1：Invalid Appkey", []),
        ("キー 5a0c は削除予定です（Invalid Key Version Status）", []),
        ("extendedKeyUsage に clientAuth が含まれること", []),
        ("openssl pkcs12 -legacy -in OLD -nodes", []),
        ("api-keymanager.nhncloudservice.com に到達できます", []),
        ("skip skm.key offline: no profile", ["offline: no profile"]),
        ("skip skm.key, offline: there is no profile", ["offline: there is no profile"]),
        ("タイムアウト: timed out after 5 s", ["timed out after"]),
        ("タイムアウト: it timed out after", ["it timed out after"]),
    ],
)
def test_english_runs_finds_three_english_words_in_a_row(text, runs):
    assert english_runs(text) == runs
