"""The shape every check has: an async function from a CheckContext to a CheckResult."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from skm_bot.checks.context import CheckContext
from skm_bot.core.check_result import CheckResult

Check = Callable[[CheckContext], Awaitable[CheckResult]]
