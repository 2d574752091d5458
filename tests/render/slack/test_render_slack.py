"""The Block Kit renderers: golden JSON per reply kind, and every one inside Block Kit's limits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skm_bot.core.alert_groups import GroupState, OpenAlert
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.lookup import Rediagnosis, compare
from skm_bot.core.records import StoredDiagnosis
from skm_bot.render.slack.alert_thread import render_top
from skm_bot.render.slack.diagnosis import (
    render_diagnosis,
    render_feedback_ack,
    render_help,
    render_not_found,
    render_redaction_warning,
    render_running,
)
from skm_bot.render.slack.email_modal import mailto_url, render_email_modal, render_email_posted
from skm_bot.render.slack.file_report import render_file_unreadable, render_key_upload_warning
from skm_bot.render.slack.known_issue import render_known_issue
from skm_bot.render.slack.limits import check_message, check_view
from skm_bot.render.slack.lookup import render_lookup, render_unknown_id
from skm_bot.render.support_email import attach_note, build_escalation
from tests.factories import CATALOGUE, diagnosed, document
from tests.render.golden import golden

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PASTE = (
    '{"header":{"resultCode":-1,"resultMessage":"Invalid Appkey","isSuccessful":false},"body":null}'
)
CHECKS = (
    CheckResult("skm.appkey", Status.FAIL, "SKM refuses the appkey Demo…0001", ("resultCode -1",)),
    CheckResult("skm.reachable", Status.PASS, "127.0.0.1:443 answers in 3 ms"),
    CheckResult("skm.confirm", Status.SKIP, "offline"),
)


# Two failures fit about equally: the reply asks which.
ASK = "after the key rotation last night, our SKM decrypt calls began to fail"
ASK_JA = "SKMの証明書を更新したあと、キーマネージャーとの通信がエラーになります"
# The poster's own words point to one failure.
PROBABLE = "SKM decrypt fails: the key is disabled"
AWS_KMS = (
    "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling "
    "the Decrypt operation: User is not authorized to perform: kms:Decrypt on resource: "
    "arn:aws:kms:ap-northeast-1:111122223333:key/4d5e6f70-8192-a3b4-c5d6-e7f8091a2b3c"
)
CHOSEN_CHECKS = (
    CheckResult("skm.key_version", Status.FAIL, "version 2 of the key does not exist"),
    CheckResult("skm.key", Status.PASS, "the key is In Service"),
)
GENERAL_CHECKS = (
    CheckResult("skm.reachable", Status.PASS, "127.0.0.1:443 answers in 3 ms"),
    CheckResult("skm.appkey", Status.PASS, "SKM accepts the appkey Demo…0001"),
    CheckResult("skm.credentials", Status.PASS, "SKM accepts the access key"),
    CheckResult("skm.confirm", Status.PASS, "SKM sees 10.0.3.15"),
)


def general_checks() -> Diagnosis:
    """A paste about SKM that names no failure, with the general checks run."""
    d = diagnosed("our SKM calls are weird since this morning, any idea?", now=NOW)
    return replace(d, planned_checks=GENERAL_CHECKS_IDS, general_checks=True).with_checks(
        GENERAL_CHECKS
    )


GENERAL_CHECKS_IDS = tuple(c.id for c in GENERAL_CHECKS)


def diagnosis(text: str = PASTE, checks: tuple[CheckResult, ...] = CHECKS) -> Diagnosis:
    return diagnosed(text, now=NOW).with_checks(checks)


THEN = datetime(2025, 12, 30, 23, 0, tzinfo=UTC)
ALERT = OpenAlert(
    group_id=1,
    title="SkmAppkeyRejected",
    error_id="invalid_appkey",
    profile="demo",
    channel="C0ALERTS",
    thread_ts="1767323045.000100",
    counter=3,
    reports=2,
    first_seen=THEN,
)


FIRING = GroupState(
    source="alertmanager",
    group_key='{}:{alertname="SkmDecryptFailing"}',
    status="firing",
    title="SkmDecryptFailing",
    summary="Decrypt calls to SKM fail: Invalid Key Version (key a000…0001, version 1)",
    counter=3,
    reports=2,
    first_seen=THEN,
    last_seen=NOW,
    error_id="invalid_key_version",
    profile="prod",
    diagnosis_id="skm-xspn6gvaaikh",
    channel="C0ALERTS",
)


def stored(d: Diagnosis) -> StoredDiagnosis:
    """`d` as the store keeps it, made at THEN."""
    return StoredDiagnosis(
        d.diagnosis_id, THEN, d.language, d.text, document(d), "demo", "C0OPS", None, "U0ALICE"
    )


def lookup(before: Diagnosis, after: Diagnosis) -> Rediagnosis:
    return compare(stored(before), after, catalogue=CATALOGUE)


def email(d: Diagnosis) -> dict[str, str]:
    e = build_escalation(d, to="support@toast.com")
    return {"to": e.to, "subject": e.subject, "body": e.body}


def kinds() -> dict[str, Any]:
    d = diagnosis()
    ja = diagnosis("SKMを呼ぶとアプリケーションキーが無効と言われます", ())
    return {
        "running": render_running(d, [], profile="demo"),
        "progress": render_running(d, CHECKS[:2], profile="demo"),
        "final_live": render_diagnosis(d, profile="demo"),
        "final_offline": render_diagnosis(diagnosis(checks=()), profile=None),
        "final_offline_unusable": render_diagnosis(
            diagnosis(checks=()), profile=None, unusable=("emu",)
        ),
        "final_ja": render_diagnosis(ja, profile=None),
        "no_match": render_diagnosis(diagnosed("hello, anyone there?", now=NOW), profile=None),
        "candidates": render_diagnosis(diagnosed(ASK, now=NOW), profile=None),
        "candidates_ja": render_diagnosis(diagnosed(ASK_JA, now=NOW), profile=None),
        "probable": render_diagnosis(diagnosed(PROBABLE, now=NOW), profile=None),
        "chosen": render_diagnosis(
            diagnosed(ASK, now=NOW, chosen="invalid_key_version").with_checks(CHOSEN_CHECKS),
            profile="demo",
            chosen_by="U0ALICE",
        ),
        "not_skm": render_diagnosis(diagnosed(AWS_KMS, now=NOW), profile="demo"),
        "general_checks": render_diagnosis(general_checks(), profile="demo"),
        "redaction_warning": render_redaction_warning(
            diagnosed(PASTE + " password=hunter2", now=NOW).kinds, "en"
        ),
        "help": render_help("en"),
        "help_ko": render_help("ko"),
        "feedback": render_feedback_ack("resolved", d.diagnosis_id, "en"),
        "not_found": render_not_found("skm-aaaaaaaaaaaa", "en"),
        "email_posted": render_email_posted(**email(d), language="en"),
        "key_upload_warning": render_key_upload_warning("client.p12", "en"),
        "file_unreadable": render_file_unreadable("a.pem", "HTTP 404, not the file", "en"),
        "lookup_changed": render_lookup(
            lookup(diagnosis(checks=(CHECKS[0], replace(CHECKS[1], status=Status.FAIL))), d),
            profile="demo",
        ),
        "lookup_unchanged_ja": render_lookup(lookup(ja, ja), profile=None),
        "unknown_id": render_unknown_id("req-00000000", "en"),
        "unknown_id_ko": render_unknown_id("req-00000000", "ko"),
        "known_issue": render_known_issue(d, profile="demo", alert=ALERT),
        "alert_thread": render_top(FIRING),
        "known_issue_no_thread": render_known_issue(
            d, profile="demo", alert=replace(ALERT, thread_ts=None)
        ),
    }


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_reply_matches_golden_json(kind: str):
    """Set UPDATE_GOLDEN=1 to rewrite the files after a deliberate change."""
    actual = kinds()[kind]

    assert golden(GOLDEN / f"{kind}.json", actual) == actual


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_reply_is_within_block_kit_limits(kind: str):
    message = kinds()[kind]

    assert check_message(message) == []
    assert message["text"]


def test_email_modal_matches_golden_and_limits():
    d = diagnosis()
    note = attach_note(build_escalation(d, to="support@toast.com"), "en")
    view = render_email_modal(**email(d), language="en", private_metadata='{"d": "x"}', note=note)

    assert check_view(view) == []
    assert golden(GOLDEN / "email_modal.json", view) == view


def test_modal_title_fits_24_characters_in_every_language():
    for language in ("ja", "ko", "en"):
        view = render_email_modal(
            to="a@b.c", subject="s", body="b", language=language, private_metadata=""
        )
        assert check_view(view) == []


def test_huge_diagnosis_is_cut_cleanly_with_a_note():
    """200 checks with long details: still ≤ 50 blocks, sections ≤ 3000, and a note says so."""
    many = tuple(
        CheckResult(
            f"skm.check{i}", Status.WARN, "x" * 500, tuple("detail " * 80 for _ in range(5))
        )
        for i in range(200)
    )
    message = render_diagnosis(diagnosis(checks=many), profile="demo")

    assert check_message(message) == []
    assert "cut to fit Slack" in json.dumps(message)


def test_running_message_with_many_checks_stays_in_limits():
    many = tuple(CheckResult(f"c{i}", Status.PASS, "y" * 400) for i in range(100))
    message = render_running(diagnosis(checks=()), many, profile=None)

    assert check_message(message) == []


def test_mention_injection_in_user_text_is_escaped():
    message = render_key_upload_warning("<!channel> key.pem", "en")

    assert "<!channel>" not in json.dumps(message)


def test_mailto_link_is_cut_to_a_safe_length_and_decodes():
    url, was_cut = mailto_url("support@toast.com", "Subject & more", "본문 " * 2000)

    assert was_cut
    assert len(url) <= 2000
    assert url.startswith("mailto:support@toast.com?subject=Subject%20%26%20more&body=")


def test_mailto_link_keeps_short_body_whole():
    url, was_cut = mailto_url("support@toast.com", "s", "line 1\nline 2")

    assert not was_cut
    assert url.endswith("body=line%201%0Aline%202")


def test_long_email_is_posted_in_several_code_blocks_within_limits():
    message = render_email_posted(
        to="a@b.c", subject="s", body="\n".join(["z" * 100] * 60), language="en"
    )

    assert check_message(message) == []
    assert sum("```" in json.dumps(b) for b in message["blocks"]) >= 2


@pytest.mark.parametrize("language", ["ja", "ko", "en"])
def test_offline_reply_says_who_sets_up_live_checks_in_its_language(language):
    offline = diagnosed(PASTE, now=NOW, language=language)

    where = json.dumps(render_diagnosis(offline, profile=None)["blocks"][-2], ensure_ascii=False)

    assert "SKM_BOT_SLACK_ACCESS_FILE" in where
    assert "docs/slack.md" in where
    assert {"ja": "オフライン診断", "ko": "오프라인 진단", "en": "Offline diagnosis"}[
        language
    ] in where


def test_email_modal_tells_the_sender_what_to_attach_beside_the_body():
    e = build_escalation(
        diagnosed("resultCode=-3, resultMessage=Invalid Key Version"), to="s@x.test"
    )
    note = attach_note(e, "en")

    view = render_email_modal(
        to=e.to, subject=e.subject, body=e.body, language="en", private_metadata="", note=note
    )

    assert "the calling client's IPv4 address" in json.dumps(view["blocks"][0])
    assert "IPv4 address" not in view["blocks"][2]["element"]["initial_value"]
