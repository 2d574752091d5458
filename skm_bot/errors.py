"""
The exceptions skm-bot raises, one tree.

    SkmBotError
    ├── ConfigError          a setting or profile is missing or invalid
    ├── CatalogueError       known_errors.toml or a phrase file is malformed
    ├── InputError           the user's input cannot be used (e.g. an over-size paste)
    └── SkmApiError          a call to SKM failed
        ├── SkmMalformedResponse  SKM's answer is not an envelope, or lacks fields (what, fields)
        ├── SkmEnvelopeError SKM answered with isSuccessful=false (message, code)
        ├── SkmHttpError     SKM answered a non-2xx status (status, plus the envelope if any)
        │   └── SkmTokenError  the token endpoint refused to issue a v1.3 token
        ├── SkmTlsError      the TLS handshake failed (reason, e.g. TLSV1_ALERT_UNKNOWN_CA)
        ├── SkmTimeout       SKM did not answer in time
        └── SkmUnreachable   DNS or TCP connect failed, or the connection dropped

No message built here ever carries a secret: the constructors take only what is safe to show.
"""

from __future__ import annotations


class SkmBotError(Exception):
    """The base of every skm-bot error; `message` is readable by a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(SkmBotError):
    """A setting or profile is missing or invalid."""


class CatalogueError(SkmBotError):
    """The catalogue of known errors, or a file of phrases, is malformed."""


class InputError(SkmBotError):
    """The user's input cannot be used, e.g. a paste over the size limit."""


class SkmApiError(SkmBotError):
    """
    A call to SKM failed.

    `status`, `result_code` and `result_message` are filled when known, so a check can ask
    `err.result_message` whatever the category.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        result_code: int | None = None,
        result_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.result_code = result_code
        self.result_message = result_message


class SkmMalformedResponse(SkmApiError):
    """
    SKM's answer to `what` (a request path) is no SKM envelope (`fields` empty), or its body
    lacks the `fields` named or holds them in another shape.
    """

    def __init__(
        self, *, what: str, status: int | None = None, fields: tuple[str, ...] = ()
    ) -> None:
        if fields:
            text = f"unexpected SKM response to {what}: bad or missing {', '.join(fields)}"
        else:
            text = f"SKM answered HTTP {status} to {what} with a body that is not an SKM envelope"
        super().__init__(text, status=status)
        self.what = what
        self.fields = fields


class SkmEnvelopeError(SkmApiError):
    """SKM answered with `header.isSuccessful` false."""

    def __init__(self, *, message: str, code: int, status: int = 200) -> None:
        super().__init__(
            f"SKM error {code}: {message}", status=status, result_code=code, result_message=message
        )
        self.code = code


class SkmHttpError(SkmApiError):
    """SKM answered a non-2xx HTTP status, with the envelope's message and code if it sent one."""

    def __init__(
        self,
        *,
        status: int,
        result_code: int | None = None,
        result_message: str | None = None,
        what: str = "SKM",
    ) -> None:
        text = f"{what} answered HTTP {status}"
        if result_message is not None:
            text += f": {result_message}"
            if result_code is not None:
                text += f" (code {result_code})"
        super().__init__(
            text, status=status, result_code=result_code, result_message=result_message
        )


class SkmTokenError(SkmHttpError):
    """The token endpoint refused to issue a v1.3 token (`error` is the RFC 6749 code)."""

    def __init__(self, *, status: int, error: str | None) -> None:
        super().__init__(status=status, result_message=error, what="the token endpoint")
        self.error = error


class SkmTlsError(SkmApiError):
    """The TLS handshake with SKM failed; `reason` is the ssl library's reason code."""

    def __init__(self, *, host: str, reason: str) -> None:
        super().__init__(f"TLS with {host} failed: {reason}")
        self.host = host
        self.reason = reason


class SkmTimeout(SkmApiError):
    """SKM did not answer in time."""

    def __init__(self, *, host: str, phase: str) -> None:
        super().__init__(f"{host} did not answer in time ({phase})")
        self.host = host
        self.phase = phase


class SkmUnreachable(SkmApiError):
    """DNS resolution or the TCP connection failed, or the connection dropped."""

    def __init__(self, *, host: str, kind: str, reason: str) -> None:
        super().__init__(f"cannot reach {host} ({kind}): {reason}")
        self.host = host
        self.kind = kind
        self.reason = reason
