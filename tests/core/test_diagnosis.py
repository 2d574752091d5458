"""The diagnosis: one data object with language, matches, facts, redactions, checks and steps."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime

import pytest

from skm_bot.core.diagnosis import make_diagnosis_id
from skm_bot.render.json_contract import diagnosis_json
from skm_bot.render.support_email import build_escalation
from skm_bot.render.terminal import render_text
from tests.factories import CATALOGUE, diagnosed

CANARY_SECRET = "CANARYsecret5d1e"
CANARY_PASSWORD = "CANARYpassw0rd"
APPKEY = "qTQNj7LyHhdAazH3"
PASTE = (
    f"2026-11-25T10:00:01Z POST https://api-keymanager.nhncloudservice.com/keymanager/v1.2/appkey/"
    f"{APPKEY}/symmetric-keys/071dcc5c25614dffa52357e5cae3471f/decrypt\n"
    f"X-TC-AUTHENTICATION-SECRET: {CANARY_SECRET}\n"
    f"keytool -storepass {CANARY_PASSWORD}\n"
    'X-Request-Id: req-12345678\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version",'
    '"isSuccessful":false}}'
)
SUPPORT = "support@toast.com"


def test_diagnose_fills_every_part():
    d = diagnosed(PASTE)

    assert d.language == "en"
    assert d.matches[0].error_id == "invalid_key_version"
    assert d.facts.key_id == "071dcc5c25614dffa52357e5cae3471f"
    assert {r.kind for r in d.redactions} == {"access_key_secret", "password"}
    assert d.planned_checks == ("skm.key_version", "skm.key")
    assert d.steps == CATALOGUE.get("invalid_key_version").steps_for("symmetric.decrypt", "en")


def test_each_match_carries_its_catalogue_entry():
    d = diagnosed(PASTE)

    assert d.matches[0].entry == CATALOGUE.get("invalid_key_version")


@pytest.mark.parametrize(
    "render",
    [
        lambda d: json.dumps(diagnosis_json(d, support_email=SUPPORT), ensure_ascii=False),
        lambda d: render_text(d, support_email=SUPPORT),
        lambda d: build_escalation(d, to=SUPPORT).body + build_escalation(d, to=SUPPORT).subject,
        repr,
    ],
    ids=["json", "terminal", "email", "repr"],
)
def test_no_canary_secret_reaches_any_output(render):
    out = render(diagnosed(PASTE))

    assert CANARY_SECRET not in out
    assert CANARY_PASSWORD not in out


def test_diagnose_follows_the_paste_language_and_can_be_overridden():
    assert diagnosed("鍵バージョンが無効です").language == "ja"
    assert diagnosed("鍵バージョンが無効です", language="ko").language == "ko"


def test_diagnose_of_unrelated_text_says_so_with_steps():
    d = diagnosed("hello, is anyone there?")

    assert d.matches == ()
    assert d.steps  # what to do next, even so


def test_diagnosis_id_is_stable_for_the_same_paste_and_moment():
    assert diagnosed(PASTE).diagnosis_id == diagnosed(PASTE).diagnosis_id


def test_diagnosis_holds_no_renderer_or_setting():
    """Data only: the support address and the catalogue are not part of the object."""
    fields = set(type(diagnosed(PASTE)).__dataclass_fields__)

    assert not fields & {"support_email", "catalogue", "escalation"}


@pytest.mark.parametrize(
    ("text", "sub_cause"),
    [
        ("SKM client: java.io.IOException: keystore password was incorrect", "wrong_password"),
        ("calling SKM: x509: certificate signed by unknown authority", "unknown_ca"),
        ("our SKM client certificate seems to have expired", "expired"),
    ],
)
def test_a_certificate_sub_cause_picks_the_steps_and_the_checks(text, sub_cause):
    d = diagnosed(text)
    entry = CATALOGUE.get("certificate_error")

    assert d.matches[0].sub_cause == sub_cause
    assert d.planned_checks == entry.sub_causes[sub_cause].checks
    assert d.steps == entry.sub_causes[sub_cause].steps.get("en")


def test_a_wrong_password_needs_no_network_check():
    d = diagnosed("loading the SKM p12: java.io.IOException: keystore password was incorrect")

    assert d.planned_checks == ("cert.inspect",)


@pytest.mark.parametrize("text", ["", "Invalid Appkey", "鍵が無効です\n" * 40, "x" * 5000])
def test_a_diagnosis_id_is_the_first_60_bits_of_the_digest_in_base32(text):
    """Stable across versions: stored diagnoses are looked up by it."""
    now = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    digest = hashlib.sha256(f"{now.isoformat()}\n{text}".encode()).digest()
    expected = "skm-" + base64.b32encode(digest[:10]).decode()[:12].lower()

    assert make_diagnosis_id(text, now) == expected
