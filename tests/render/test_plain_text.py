"""without_markup: Slack's marks taken out of what a terminal shows."""

from __future__ import annotations

from dataclasses import replace

import pytest

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.render.plain_text import without_markup
from skm_bot.render.terminal import render_text
from tests.factories import diagnosed


@pytest.mark.parametrize(
    ("slack", "plain"),
    [
        ("send `X-TOAST-CLIENT-MAC-ADDR`", "send X-TOAST-CLIENT-MAC-ADDR"),
        ("```\ncurl -v https://x\n```", "curl -v https://x\n"),
        ("the key is *disabled* now", "the key is disabled now"),
        (
            "see <https://docs.nhncloud.com/skm|the guide>",
            "see the guide (https://docs.nhncloud.com/skm)",
        ),
        ("see <https://docs.nhncloud.com/skm>", "see https://docs.nhncloud.com/skm"),
        ("<mailto:support@toast.com|support@toast.com>", "support@toast.com"),
        (":warning: rotate the key", "rotate the key"),
        ("a &lt;b&gt; &amp;lt;", "a <b> &lt;"),
    ],
)
def test_markup_is_taken_out(slack, plain):
    assert without_markup(slack) == plain


@pytest.mark.parametrize(
    "text",
    [
        "aa:bb:cc:dd:ee:ff",
        "at 10:30:15 UTC",
        "ls *.pem or *.p12",
        "invalid_key_version and url_not_found",
        "fe80::1 and ::ffff:10.0.0.1",
        "2 * 3 * 4",
        "error:0308010C:digital envelope routines::unsupported",
    ],
)
def test_text_that_only_looks_like_markup_is_kept(text):
    assert without_markup(text) == text


def test_the_report_and_its_email_show_no_markup_from_the_checks():
    """A check's summary reaches the terminal twice: in the report and in the support email."""
    check = CheckResult(
        id="skm.appkey", status=Status.FAIL, summary="the appkey `abc` is *unknown*"
    )
    diagnosis = diagnosed("Invalid Appkey").with_checks((check,))

    report = render_text(diagnosis, support_email="support@toast.com")

    assert report.count("the appkey abc is unknown") == 2


def test_the_report_shows_no_markup_from_checks_or_steps():
    diagnosis = diagnosed("Invalid Appkey")
    check = CheckResult(
        id="skm.appkey",
        status=Status.FAIL,
        summary="the appkey `abc` is *unknown*",
        details=("see <https://x.test|the console>",),
    )
    diagnosis = replace(diagnosis, steps=("Open *URL & Appkey* :key:",)).with_checks((check,))

    report = render_text(diagnosis, support_email=None)

    assert "the appkey abc is unknown" in report
    assert "see the console (https://x.test)" in report
    assert "Open URL & Appkey" in report
    assert not any(mark in report for mark in ("`", "*", "<https", ":key:"))
