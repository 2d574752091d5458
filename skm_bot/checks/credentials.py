"""skm.appkey and skm.credentials: does SKM accept the appkey, the access key and the token?"""

from __future__ import annotations

import re

from skm_bot.checks.context import CheckContext
from skm_bot.checks.error_phrases import error_phrase
from skm_bot.checks.verdicts import (
    Verdict,
    is_auth_refusal,
    live,
    localised,
    result,
    says,
    skip,
    skm_says,
)
from skm_bot.core.check_ids import SKM_APPKEY, SKM_CREDENTIALS
from skm_bot.core.check_result import Status
from skm_bot.core.phrases import Phrase, phrase
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


def _compare(pasted: str | None, actual: str) -> tuple[bool, Phrase]:
    if pasted is None:
        return True, phrase("check.appkey.paste_has_none")
    if appkey_matches(pasted, actual):
        return True, phrase("check.appkey.paste_matches")
    return False, phrase("check.appkey.paste_differs", pasted=mask(pasted), actual=mask(actual))


@localised
async def check_appkey(ctx: CheckContext) -> Verdict:
    """Does SKM answer the profile's appkey, and is it the appkey in the paste?"""
    gate = live(ctx, SKM_APPKEY)
    if isinstance(gate, Verdict):
        return gate
    _, api = gate
    same, line = _compare(ctx.facts.appkey, api.appkey)
    try:
        await api.confirm()
    except SkmApiError as err:
        if says(err, "Invalid Appkey"):
            return result(SKM_APPKEY, Status.FAIL, phrase("check.appkey.rejected"), line)
        if not (is_auth_refusal(err) or says(err, *_CREDENTIAL_MESSAGES)):
            raise
        # The server got past the appkey to refuse something else: the appkey itself is known.
    if not same:
        pasted_refused = "appkey" in (ctx.facts.result_message or "").lower()
        status = Status.FAIL if pasted_refused else Status.WARN
        return result(SKM_APPKEY, status, phrase("check.appkey.paste_uses_another"), line)
    accepted = phrase("check.appkey.accepted", appkey=mask(api.appkey))
    return result(SKM_APPKEY, Status.PASS, accepted, line)


@localised
async def check_credentials(ctx: CheckContext) -> Verdict:
    """Does SKM accept the v1.2 access key, or does the v1.3 token endpoint issue a token?"""
    gate = live(ctx, SKM_CREDENTIALS)
    if isinstance(gate, Verdict):
        return gate
    profile, api = gate
    version, key_id = profile.api_version, profile.access_key_id or "-"
    if version in ("v1.0", "v1.1"):
        return skip(SKM_CREDENTIALS, phrase("check.credentials.appkey_only", version=version))
    what = phrase(
        "check.credentials.token" if version == "v1.3" else "check.credentials.access_key"
    )
    try:
        await api.list_keystores()
    except SkmTokenError as err:
        summary = phrase("check.credentials.token_refused", access_key_id=key_id)
        return result(SKM_CREDENTIALS, Status.FAIL, summary, error_phrase(err))
    except (SkmEnvelopeError, SkmHttpError) as err:
        return _refusal(err, version, what, key_id)
    details = [phrase("check.credentials.key_id", access_key_id=key_id)]
    if isinstance(api.auth, TokenAuth) and api.auth.last_expires_in is not None:
        details.append(
            phrase(
                "check.credentials.token_issued",
                url=api.auth.token_url,
                seconds=api.auth.last_expires_in,
            )
        )
    accepted = phrase("check.credentials.accepted", version=version, what=what)
    return result(SKM_CREDENTIALS, Status.PASS, accepted, *details)


def _refusal(err: SkmApiError, version: str, what: Phrase, key_id: str) -> Verdict:
    """Why SKM refused the credentials call: the appkey, the bot's host, or the credentials."""
    if says(err, "Invalid Appkey"):
        return skip(SKM_CREDENTIALS, phrase("check.credentials.cannot_tell"))
    if is_auth_refusal(err):
        summary = phrase("check.credentials.host_refused", what=what)
        return result(SKM_CREDENTIALS, Status.WARN, summary, skm_says(err))
    if says(err, *_CREDENTIAL_MESSAGES) or err.status in (401, 403):
        summary = phrase(
            "check.credentials.rejected", version=version, what=what, access_key_id=key_id
        )
        return result(SKM_CREDENTIALS, Status.FAIL, summary, skm_says(err))
    raise err
