"""
The support email: sent as it is, in the paste's language, with what failed as SKM wrote it, the
facts known (those the checks found too), the checks run and when, and nothing for its sender.
"""

from __future__ import annotations

import re

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.found_facts import FOUND_NAMES
from skm_bot.core.labels import LABELS, label
from skm_bot.core.language import LANGUAGES
from skm_bot.render.support_email import (
    EXCERPT_LINES,
    attach_note,
    build_escalation,
    excerpt,
    mask_appkey,
)
from tests.factories import diagnosed

APPKEY = "qTQNj7LyHhdAazH3"
KEY = "071dcc5c25614dffa52357e5cae3471f"
PASTE = (
    f"2026-11-25T10:00:01Z POST https://api-keymanager.nhncloudservice.com/keymanager/v1.2/appkey/"
    f"{APPKEY}/symmetric-keys/{KEY}/decrypt\n"
    'X-Request-Id: req-12345678\n{"header":{"resultCode":-3,"resultMessage":"Invalid Key Version",'
    '"isSuccessful":false}}'
)
JAVA = (
    "com.example.SkmException: decrypt failed: resultCode=-3, resultMessage=Invalid Key Version\n"
    "\tat com.example.Skm.decrypt(Skm.java:42)"
)
SUPPORT = "support@toast.com"


def written(body: str) -> str:
    """The email without its quote of the paste: what the email itself says."""
    return body.split("\n## The log, request and response as pasted")[0]


def body_of(text: str, **kwargs) -> str:
    email = build_escalation(diagnosed(text, **kwargs), to=SUPPORT)
    assert email is not None
    return email.body


def test_escalation_carries_every_fact_and_masks_the_appkey():
    body = body_of(PASTE)

    for fact in (KEY, "symmetric.decrypt", "v1.2", "req-12345678", "2026-11-25T10:00:01Z"):
        assert fact in body
    assert APPKEY not in body
    assert mask_appkey(APPKEY) in body


@pytest.mark.parametrize(
    ("paste", "result"),
    [
        (PASTE, 'SKM result: resultCode -3, "Invalid Key Version"'),
        (JAVA, 'SKM result: resultCode -3, "Invalid Key Version"'),
        ("{'header': {'resultCode': -1, 'resultMessage': 'Invalid Appkey'}}", "resultCode -1, "),
        ("Header(resultCode=-1, resultMessage=Invalid Appkey)", 'resultCode -1, "Invalid Appkey"'),
    ],
)
def test_escalation_states_skms_result_as_skm_wrote_it(paste, result):
    assert result in body_of(paste)


@pytest.mark.parametrize("paste", [PASTE, JAVA, "{'header': {'resultMessage': 'Invalid Appkey'}}"])
def test_escalation_shows_no_python_repr(paste):
    body = written(body_of(paste))

    assert "None" not in body
    assert "'Invalid" not in body
    assert "resultMessage" not in body


def test_escalation_of_a_code_alone_shows_the_code_alone():
    assert "- SKM result: resultCode -3\n" in body_of("SKM decrypt failed, resultCode: -3")


def test_escalation_leaves_unknown_facts_out_but_one_line():
    body = body_of(JAVA)

    assert "(not in the paste)" not in body
    assert "Endpoint" not in body
    assert "Client MAC" not in body
    [not_known] = [line for line in body.splitlines() if line.startswith("- Not known")]
    assert not_known == "- Not known: Appkey, Key ID, Time of failure, Client IPv4"


def test_escalation_needs_no_not_known_line_when_every_essential_is_known():
    paste = f"{PASTE}\nclient ip: 203.0.113.7"

    assert "Not known" not in body_of(paste)


@pytest.mark.parametrize("paste", [PASTE, JAVA, "hello, is anyone there?"])
def test_escalation_presents_no_step_as_done(paste):
    diagnosis = diagnosed(paste)
    email = build_escalation(diagnosis, to=SUPPORT)
    assert email is not None

    assert "already checked" not in email.body
    assert not [step for step in diagnosis.steps if step in email.body]


@pytest.mark.parametrize("language", LANGUAGES)
def test_escalation_of_an_unmatched_paste_holds_no_instruction_to_its_sender(language):
    body = body_of("hello, is anyone there?", language=language)

    assert label("no_match_step_2", language) not in body
    assert label("no_match_step_1", language) not in body
    assert label("email_no_match", language) in body


def test_escalation_lists_check_results_with_their_outcomes_and_when():
    d = diagnosed(PASTE).with_checks(
        (
            CheckResult("skm.key", Status.FAIL, "key not found", details=("searched: main (#1)",)),
            CheckResult("skm.reachable", Status.PASS, "SKM answered in 40 ms"),
        )
    )

    body = build_escalation(d, to=SUPPORT).body

    assert "## Checks skm-bot ran (2026-11-26 03:00:00 UTC)" in body
    assert "- [fail] skm.key: key not found\n    searched: main (#1)" in body
    assert "- [pass] skm.reachable: SKM answered in 40 ms" in body


def test_escalation_puts_checks_not_run_for_one_reason_on_one_line():
    offline = [CheckResult(c, Status.SKIP, "offline: no profile") for c in ("skm.key", "skm.ipv4")]
    d = diagnosed(PASTE).with_checks(tuple(offline))

    assert (
        "- [not run] skm.key, skm.ipv4: offline: no profile" in build_escalation(d, to=SUPPORT).body
    )


def test_escalation_says_when_no_check_ran():
    assert "- No check was run" in body_of("hello, is anyone there?")


def test_escalation_fills_in_the_key_version_a_check_read_from_the_ciphertext():
    found = CheckResult("skm.user_data", Status.PASS, "well formed", found=(("key_version", 3),))
    d = diagnosed(PASTE).with_checks((found,))

    body = build_escalation(d, to=SUPPORT).body

    assert "- Key version: 3 (read from the ciphertext by skm.user_data)" in body


def test_escalation_names_the_keystore_a_check_found_the_key_in():
    found = CheckResult("skm.key", Status.PASS, "usable", found=(("keystore", "main (#1)"),))
    d = diagnosed(PASTE).with_checks((found,))

    assert (
        "- Keystore: main (#1) (where skm.key found the key)"
        in build_escalation(d, to=SUPPORT).body
    )


@pytest.mark.parametrize("name", FOUND_NAMES)
def test_every_fact_a_check_may_find_has_its_words(name):
    assert {f"email_{name}", f"email_found_{name}"} <= set(LABELS)


def test_escalation_carries_the_diagnosis_id():
    d = diagnosed(PASTE)

    assert f"- skm-bot diagnosis ID: {d.diagnosis_id}" in build_escalation(d, to=SUPPORT).body


def test_escalation_quotes_the_redacted_paste_with_the_appkey_masked():
    body = body_of(PASTE + "\nX-TC-AUTHENTICATION-SECRET: sk-live-0f9e8d7c6b5a")

    assert "    X-Request-Id: req-12345678" in body
    assert "sk-live-0f9e8d7c6b5a" not in body
    assert "1 secret(s) (access_key_secret) were removed" in body


def test_excerpt_keeps_the_start_of_a_long_paste_and_says_how_much_is_left():
    lines = [f"line {n}" for n in range(100)]

    shown = excerpt("\n".join(lines), "en")

    assert shown[0] == "    line 0"
    assert shown[-1] == f"    … ({100 - EXCERPT_LINES} more line(s) not shown)"


def test_excerpt_keeps_both_ends_of_a_long_line():
    line = "POST /decrypt " + "x" * 500 + ' {"resultMessage":"Invalid Key Version"}'

    [shown] = excerpt(line, "en")

    assert shown.startswith("    POST /decrypt")
    assert shown.endswith('{"resultMessage":"Invalid Key Version"}')
    assert len(shown) < 220


def test_escalation_subject_names_skms_message_and_the_operation():
    d = diagnosed(PASTE)

    subject = build_escalation(d, to=SUPPORT).subject

    assert subject == f"[SKM] Invalid Key Version on symmetric.decrypt (diagnosis {d.diagnosis_id})"


def test_escalation_goes_to_the_address_it_is_given():
    assert build_escalation(diagnosed(PASTE), to="skm@example.com").to == "skm@example.com"


def test_escalation_of_unrelated_text_names_the_diagnosis():
    d = diagnosed("hello, is anyone there?")

    assert d.diagnosis_id in build_escalation(d, to=SUPPORT).subject


@pytest.mark.parametrize(
    ("language", "greeting", "result"),
    [
        ("ja", "サポート", "SKMの応答"),
        ("ko", "고객지원", "SKM 응답"),
        ("en", "support", "SKM result"),
    ],
)
def test_escalation_is_written_in_the_diagnosis_language(language, greeting, result):
    body = body_of(JAVA, language=language)

    assert greeting in body
    assert f'{result}: resultCode -3, "Invalid Key Version"' in body


@pytest.mark.parametrize("language", ["ja", "ko"])
def test_escalation_in_japanese_or_korean_has_no_english_heading(language):
    body = written(body_of(JAVA, language=language))

    assert not [
        words for words in ("Not known", "Checks skm-bot ran", "What failed") if words in body
    ]


def test_attach_lists_what_support_asks_for_that_the_paste_lacked():
    email = build_escalation(diagnosed(JAVA), to=SUPPORT)

    assert email.attach == (
        "the appkey (or the request URL)",
        "the time of the failure, with its time zone",
        "the calling client's IPv4 address",
    )
    assert not [item for item in email.attach if item in email.body]


def test_attach_note_says_the_email_can_go_as_it_is():
    email = build_escalation(diagnosed(f"{PASTE}\nclient ip: 203.0.113.7"), to=SUPPORT)

    assert email.attach == ()
    assert attach_note(email, "en") == "This email can be sent as it is (it holds no secret)."


def test_escalation_body_is_plain_text():
    d = diagnosed(PASTE).with_checks(
        (CheckResult("skm.key", Status.FAIL, "the key `abc` is *gone* :x:"),)
    )

    body = build_escalation(d, to=SUPPORT).body

    assert "- [fail] skm.key: the key abc is gone" in body
    assert not re.search(r"`|:x:|\*gone\*", body)


@pytest.mark.parametrize(
    ("appkey", "masked"),
    [("qTQNj7LyHhdAazH3", "qTQN**********H3"), ("abcdef", "ab****"), ("ab", "**")],
)
def test_mask_appkey_keeps_only_the_ends(appkey, masked):
    assert mask_appkey(appkey) == masked


def test_no_escalation_for_another_systems_paste():
    aws = "DisabledException: arn:aws:kms:eu-west-1:111122223333:key/4d5e6f70 is disabled."

    assert build_escalation(diagnosed(aws), to=SUPPORT) is None
