"""An SKM call's failure in words of the reply's language, from the error's fields, not its text."""

from __future__ import annotations

from skm_bot.core.phrases import Phrase, phrase, verbatim
from skm_bot.errors import (
    SkmApiError,
    SkmBotError,
    SkmEnvelopeError,
    SkmHttpError,
    SkmMalformedResponse,
    SkmTimeout,
    SkmTlsError,
    SkmTokenError,
    SkmUnreachable,
)


def error_phrase(err: SkmBotError) -> Phrase:
    """
    What went wrong, as a phrase; SKM's own message, reasons and codes are kept as they are.

    An error this does not know is shown by its message: our own errors carry no secret.
    """
    if isinstance(err, SkmApiError):
        known = _api_error_phrase(err)
        if known is not None:
            return known
    return verbatim(err.message)


def _api_error_phrase(err: SkmApiError) -> Phrase | None:
    match err:
        case SkmTokenError(status=status, error=None):
            return phrase("error.token", status=status or "?")
        case SkmTokenError(status=status, error=str(error)):
            return phrase("error.token_message", status=status or "?", message=error)
        case SkmHttpError(status=status, result_message=None):
            return phrase("error.http", status=status or "?")
        case SkmHttpError(status=status, result_message=str(message), result_code=None):
            return phrase("error.http_message", status=status or "?", message=message)
        case SkmHttpError(status=status, result_message=str(message), result_code=int(code)):
            return phrase(
                "error.http_message_code", status=status or "?", message=message, code=code
            )
        case SkmEnvelopeError(code=code, result_message=message):
            return phrase("error.envelope", code=code, message=message or "")
        case SkmTlsError(host=host, reason=reason):
            return phrase("error.tls", host=host, reason=reason)
        case SkmTimeout(host=host, phase=phase):
            return phrase("error.timeout", host=host, phase=phase)
        case SkmUnreachable(host=host, kind=kind, reason=reason):
            return phrase("error.unreachable", host=host, kind=kind, reason=reason)
        case SkmMalformedResponse(what=what, fields=()):
            return phrase("error.not_envelope", what=what, status=err.status or "?")
        case SkmMalformedResponse(what=what, fields=fields):
            return phrase("error.unexpected_fields", what=what, fields=", ".join(fields))
    return None
