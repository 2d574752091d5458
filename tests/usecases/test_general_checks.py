"""General checks: for a paste about SKM that names no failure, when a profile is at hand."""

from __future__ import annotations

import pytest

from skm_bot.core.check_ids import CERT_INSPECT, GENERAL_CHECK_IDS
from skm_bot.demo import demo_profile
from skm_bot.usecases.diagnose import plan_for
from tests.factories import diagnosed

PROFILE = demo_profile("http://127.0.0.1:9")
SKM_UNKNOWN = "our SKM calls are weird since this morning, any idea?"


def test_general_checks_are_planned_for_an_skm_paste_with_a_profile():
    planned = plan_for(diagnosed(SKM_UNKNOWN), PROFILE)

    assert planned.general_checks
    assert planned.planned_checks[: len(GENERAL_CHECK_IDS)] == GENERAL_CHECK_IDS


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        (SKM_UNKNOWN, None),
        ("hello, anyone there?", PROFILE),
        ("DisabledException: arn:aws:kms:eu-west-1:1:key/4d5e6f70 is disabled.", PROFILE),
        ("SKM decrypt fails: the key is disabled", PROFILE),
    ],
    ids=["no-profile", "not-about-skm", "other-system", "failure-claimed"],
)
def test_general_checks_are_not_planned_otherwise(text, profile):
    assert not plan_for(diagnosed(text), profile).general_checks


def test_planning_twice_gives_the_same_plan():
    once = plan_for(diagnosed(SKM_UNKNOWN), PROFILE)

    assert plan_for(once, PROFILE) == once


def test_a_profile_with_a_certificate_adds_its_inspection_to_the_general_checks():
    profile = PROFILE.model_copy(update={"certificate_path": "/etc/skm/client.p12"})

    assert CERT_INSPECT in plan_for(diagnosed(SKM_UNKNOWN), profile).planned_checks
