"""Offline, the runner answers for the checks that need a profile without loading them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from skm_bot.checks.context import CheckContext
from skm_bot.checks.registry import CHECKS, LOADERS, LazyChecks
from skm_bot.checks.runner import answered_offline, run_checks
from skm_bot.checks.types import Check
from skm_bot.core.check_ids import ALL_CHECK_IDS, NEEDS_PROFILE, SKM_MAC, SKM_USER_DATA
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.core.facts import Facts
from skm_bot.core.language import LANGUAGES, Language
from skm_bot.core.profile import Profile

# Facts for which no check stops early for want of one: only the missing profile is left.
FULL_FACTS = Facts(
    appkey="qTQNj7LyHhdAazH3",
    key_id="071dcc5c25614dffa52357e5cae3471f",
    key_version=2,
    operation="symmetric.decrypt",
    api_version="v1.2",
    client_ip="203.0.113.7",
    client_mac="aa:bb:cc:dd:ee:ff",
    mac_header="X-TOAST-CLIENT-MAC-ADDR",
)
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def offline(facts: Facts = FULL_FACTS, language: Language = "en") -> CheckContext:
    return CheckContext(facts=facts, now=NOW, language=language)


class Untouchable(Mapping[str, Check]):
    """A registry that fails the test when a check is looked up in it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __getitem__(self, check_id: str) -> Check:
        self.asked.append(check_id)
        raise KeyError(check_id)

    def __iter__(self) -> Iterator[str]:
        return iter(ALL_CHECK_IDS)

    def __len__(self) -> int:
        return len(ALL_CHECK_IDS)


@pytest.mark.anyio
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("check_id", sorted(NEEDS_PROFILE))
async def test_the_offline_answer_is_what_the_check_itself_says(check_id, language):
    """The runner's `skip` and the check's own, offline, agree word for word in each language."""
    own = await CHECKS[check_id](offline(language=language))

    answered = answered_offline(check_id, offline(language=language))

    assert answered is not None
    assert (answered.status, answered.summary) == (own.status, own.summary)


@pytest.mark.anyio
async def test_checks_needing_a_profile_are_not_looked_up_offline():
    registry = Untouchable()

    results = await run_checks(sorted(NEEDS_PROFILE), offline(), registry=registry)

    assert {r.status for r in results} == {Status.SKIP}
    assert registry.asked == []


@pytest.mark.anyio
@pytest.mark.parametrize("check_id", [SKM_MAC, SKM_USER_DATA])
async def test_checks_that_read_the_paste_still_run_offline(check_id):
    registry = Untouchable()

    (result,) = await run_checks([check_id], offline(), registry=registry)

    assert registry.asked == [check_id]
    assert result.status is Status.ERROR


@pytest.mark.anyio
async def test_a_check_needing_a_profile_runs_when_there_is_one():
    async def passing(_ctx: CheckContext) -> CheckResult:
        return CheckResult(id="skm.key", status=Status.PASS, summary="ok")

    profile = Profile(name="prod", appkey="a", secret_access_key=SecretStr("s"))
    ctx = CheckContext(facts=FULL_FACTS, now=NOW, profile=profile)

    (result,) = await run_checks(["skm.key"], ctx, registry={"skm.key": passing})

    assert result.status is Status.PASS


@pytest.mark.anyio
async def test_offline_answers_are_reported_as_progress():
    seen: list[str] = []

    await run_checks(["skm.key", "skm.appkey"], offline(), on_result=lambda r: seen.append(r.id))

    assert sorted(seen) == ["skm.appkey", "skm.key"]


def test_the_registry_has_a_loader_for_every_check_id():
    assert set(LOADERS) == ALL_CHECK_IDS


def test_asking_whether_a_check_exists_loads_nothing():
    loaded: list[str] = []

    def loader() -> Mapping[str, Check]:
        loaded.append("x")
        return {}

    checks = LazyChecks({"x": loader})

    assert ("x" in checks, "y" in checks, loaded) == (True, False, [])


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint('\\n'.join(sys.modules))"
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(run.stdout.split())


def test_importing_the_registry_imports_no_check_module():
    modules = _modules_after("import skm_bot.checks.registry")

    assert not {m for m in modules if m.startswith("skm_bot.checks.") and "registry" not in m} - {
        "skm_bot.checks.types",
        "skm_bot.checks.context",
    }


def test_looking_up_one_check_imports_its_module_only():
    modules = _modules_after("from skm_bot.checks.registry import CHECKS\nCHECKS['skm.user_data']")

    assert "skm_bot.checks.user_data" in modules
    assert "skm_bot.checks.certificates" not in modules
    assert "httpx" not in modules
