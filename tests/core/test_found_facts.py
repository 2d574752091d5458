"""Facts the checks found fill in what the paste did not say, and never replace what it did."""

from __future__ import annotations

from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.facts import Facts
from skm_bot.core.found_facts import FoundFact, found_facts


def checked(check_id: str, *found: tuple[str, str | int]) -> CheckResult:
    return CheckResult(check_id, Status.PASS, "ok", found=found)


def test_found_facts_fill_what_the_paste_lacks():
    checks = [checked("skm.user_data", ("key_version", 3))]

    assert found_facts(Facts(), checks) == (FoundFact("key_version", 3, "skm.user_data"),)


def test_found_facts_never_replace_what_the_paste_states():
    checks = [checked("skm.user_data", ("key_version", 3))]

    assert found_facts(Facts(key_version=2), checks) == ()


def test_found_facts_keep_the_first_check_that_found_each():
    checks = [
        checked("skm.user_data", ("key_version", 3)),
        checked("skm.key_version", ("key_version", 3), ("keystore", "main (#1)")),
        checked("skm.key", ("keystore", "main (#1)")),
    ]

    assert found_facts(Facts(), checks) == (
        FoundFact("key_version", 3, "skm.user_data"),
        FoundFact("keystore", "main (#1)", "skm.key_version"),
    )


def test_found_facts_come_in_a_fixed_order_whatever_the_checks_order():
    checks = [
        checked("skm.key", ("keystore", "main (#1)")),
        checked("skm.user_data", ("key_version", 3)),
    ]

    assert [f.name for f in found_facts(Facts(), checks)] == ["key_version", "keystore"]
