"""The watch's texts: every kind worded in ja/ko/en, every parameter filled, defects refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skm_bot.core.language import LANGUAGES
from skm_bot.core.watch.model import Kind, Severity, make_finding
from skm_bot.core.watch.texts import load_texts, parse_texts
from skm_bot.errors import CatalogueError

TEXTS = load_texts()
SAMPLE = {
    "file": "client.p12",
    "expires": "2026-12-01 00:00 UTC",
    "starts": "2026-12-01 00:00 UTC",
    "deletion": "2026-12-01 00:00 UTC",
    "last_access": "2026-11-26 02:00 UTC",
    "window": "7d",
    "reason": "wrong password",
    "name": "app",
    "keystore_label": "main (#1001)",
    "key": "d4" * 16,
    "key_name": "old",
    "what": "mac",
    "value": "aa:bb:cc:dd:ee:ff",
    "use": "recent",
    "endpoint": "https://skm",
    "observed": "timed out",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_every_kind_is_worded_with_every_parameter_filled(kind, language):
    params = {name: SAMPLE[name] for name in TEXTS.kinds[kind].params}
    finding = make_finding("prod", kind, "subject", Severity.WARNING, scope="s", **params)

    words = [
        TEXTS.title(kind, language),
        TEXTS.summary(finding, language),
        TEXTS.fix(finding, language),
    ]

    assert all(words)
    assert not any("{" in w or "}" in w for w in words)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "within 7 days"), ("ja", "7日以内"), ("ko", "7일 이내")],
)
def test_codes_are_shown_through_their_label_in_each_language(language, shown):
    finding = make_finding(
        "prod", Kind.CERT_FILE_EXPIRY, "s", Severity.CRITICAL, scope="file", window="7d"
    )

    assert shown in TEXTS.summary(finding, language)


def test_a_label_can_carry_a_parameter():
    finding = make_finding(
        "prod",
        Kind.AUTH_REMOVED,
        "s",
        Severity.WARNING,
        scope="ipv4s:1",
        use="recent",
        last_access="2026-11-26 02:00 UTC",
    )

    assert "last used 2026-11-26 02:00 UTC" in TEXTS.summary(finding, "en")


def test_notes_fill_their_values():
    text = TEXTS.note("escalated", "en", severity="critical", before="warning", summary="x")

    assert text == "Now critical (was warning): x"


GOOD = (
    __import__("importlib.resources", fromlist=["files"])
    .files("skm_bot.core.watch")
    .joinpath("texts.toml")
    .read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        (GOOD.replace("[kinds.auth_added]", "[kinds.auth_addd]"), "auth_addd"),
        (GOOD.replace('en = "SKM unreachable"', 'en = "SKM {nowhere}"'), "nowhere"),
        (
            GOOD.replace('30d = { ja = "30日以内", ko = "30일 이내", en = "within 30 days" }', ""),
            "labels.window",
        ),
        (GOOD.replace('lapsed = { ja = "期日が過ぎ', 'lapsd = { ja = "期日が過ぎ'), "notes"),
        (GOOD.replace(', en = "Client certificate expiry"', ""), "en"),
        (GOOD.replace("\ntimeout = {", "\ntimeouts = {"), "gaps"),
    ],
    ids=[
        "unknown-kind",
        "unknown-parameter",
        "missing-label",
        "unknown-note",
        "missing-language",
        "unknown-gap",
    ],
)
def test_defective_texts_are_refused(broken, named):
    assert broken != GOOD
    with pytest.raises(CatalogueError, match=named):
        parse_texts(broken)


def test_dates_in_texts_are_utc_whatever_the_zone_given():
    from datetime import timedelta, timezone

    from skm_bot.core.watch.dates import stamp

    kst = datetime(2026, 12, 1, 9, 0, tzinfo=timezone(timedelta(hours=9)))

    assert stamp(kst) == stamp(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == "2026-12-01 00:00 UTC"
