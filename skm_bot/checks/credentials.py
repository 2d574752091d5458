"""skm.appkey and skm.credentials: does SKM accept the appkey, the access key and the token?"""

from __future__ import annotations

import re

from skm_bot.checks.context import CheckContext
from skm_bot.checks.verdicts import is_auth_refusal, live, result, says, server_says, skip
from skm_bot.core.check_ids import SKM_APPKEY, SKM_CREDENTIALS
from skm_bot.core.check_result import CheckResult, Status
from skm_bot.errors import SkmApiError, SkmEnvelopeError, SkmHttpError, SkmTokenError
from skm_bot.skm.auth import TokenAuth
from skm_bot.skm.client import mask

_MASK = re.compile(r"[*•●#]+|…|\.{3,}")
_CREDENTIAL_MESSAGES = ("Invalid User Access Key", "Invalid Token")


def appkey_matches(pasted: str, actual: str) -> bool:
    """
    Whether a pasted appkey, full or masked ("qTQN****HhdA", "qTQN…"), can be `actual`.

    The visible pieces must appear in order, the first at the start and the last at the end.
    """
    pieces = _MASK.split(pasted.strip())
    if len(pieces) == 1:
        return pieces[0] == actual
    head, *middle, tail = pieces
    if not actual.startswith(head) or not actual.endswith(tail):
        return False
    position = len(head)
    for piece in middle:
        position = actual.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return position <= len(actual) - len(tail)


def _compare(pasted: str | None, actual: str) -> tuple[bool, str]:
    if pasted is None:
        return True, "the paste shows no appkey"
    if appkey_matches(pasted, actual):
        return True, "the paste's appkey is the profile's"
    return False, f"the paste's appkey {mask(pasted)!r} is not the profile's {mask(actual)!r}"


async def check_appkey(ctx: CheckContext) -> CheckResult:
    """Does SKM answer the profile's appkey, and is it the appkey in the paste?"""
    gate = live(ctx, SKM_APPKEY)
    if isinstance(gate, CheckResult):
        return gate
    _, api = gate
    same, line = _compare(ctx.facts.appkey, api.appkey)
    try:
        await api.confirm()
    except SkmApiError as err:
        if says(err, "Invalid Appkey"):
            return result(SKM_APPKEY, Status.FAIL, "SKM rejects the profile's appkey", line)
        if not (is_auth_refusal(err) or says(err, *_CREDENTIAL_MESSAGES)):
            raise
        # The server got past the appkey to refuse something else: the appkey itself is known.
    if not same:
        pasted_refused = "appkey" in (ctx.facts.result_message or "").lower()
        status = Status.FAIL if pasted_refused else Status.WARN
        summary = "SKM accepts the profile's appkey, but the paste uses another one"
        return result(SKM_APPKEY, status, summary, line)
    return result(SKM_APPKEY, Status.PASS, f"SKM accepts the appkey {mask(api.appkey)}", line)


async def check_credentials(ctx: CheckContext) -> CheckResult:
    """Does SKM accept the v1.2 access key, or does the v1.3 token endpoint issue a token?"""
    gate = live(ctx, SKM_CREDENTIALS)
    if isinstance(gate, CheckResult):
        return gate
    profile, api = gate
    version = profile.api_version
    if version in ("v1.0", "v1.1"):
        return skip(SKM_CREDENTIALS, f"{version} authenticates with the appkey alone")
    what = "token" if version == "v1.3" else "access key"
    try:
        await api.list_keystores()
    except SkmTokenError as err:
        summary = f"the token endpoint refused the access key {profile.access_key_id}"
        return result(SKM_CREDENTIALS, Status.FAIL, summary, err.message)
    except (SkmEnvelopeError, SkmHttpError) as err:
        if says(err, "Invalid Appkey"):
            return skip(SKM_CREDENTIALS, "cannot tell: SKM rejects the appkey (see skm.appkey)")
        if is_auth_refusal(err):
            summary = f"the {what} got through, but SKM refuses the bot's host"
            return result(SKM_CREDENTIALS, Status.WARN, summary, f"SKM: {server_says(err)}")
        if says(err, *_CREDENTIAL_MESSAGES) or err.status in (401, 403):
            summary = f"SKM rejects the {version} {what} of {profile.access_key_id}"
            return result(SKM_CREDENTIALS, Status.FAIL, summary, f"SKM: {server_says(err)}")
        raise
    details = [f"access key ID {profile.access_key_id}"]
    if isinstance(api.auth, TokenAuth) and api.auth.last_expires_in is not None:
        details.append(
            f"token issued by {api.auth.token_url}, valid {api.auth.last_expires_in:g} s"
        )
    return result(SKM_CREDENTIALS, Status.PASS, f"SKM accepts the {version} {what}", *details)
