"""
A paste that was a secret and nothing more: the redaction warning, and no other answer.

Slack answers a bare token or JWT with its private warning only; the command line does the
same: no diagnosis, no support email, no store lookup, nothing of the paste echoed, exit 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from skm_bot.cli.output import json_line
from skm_bot.cli.status import EXIT_USAGE
from skm_bot.core.labels import label
from skm_bot.core.language import Language, detect_language
from skm_bot.core.redaction import Redacted
from skm_bot.errors import InputError

if TYPE_CHECKING:
    from skm_bot.cli.job import Job

ONLY_SECRETS = "the paste was only a secret: nothing was diagnosed, stored or sent"


def redaction_warning(paste: Redacted, language: Language | None) -> str:
    """The warning to rotate what was removed, naming its kinds only (never a value)."""
    chosen = language or detect_language(paste.text)
    return label("redaction_warning", chosen).format(kinds=", ".join(paste.kinds))


def bare_secret_error(paste: Redacted, language: Language | None) -> InputError:
    """The error a JSON Lines record that was only a secret is reported with, in place."""
    return InputError(f"{ONLY_SECRETS}; {redaction_warning(paste, language)}")


def refuse_bare_secret(job: Job, paste: Redacted) -> int:
    """The warning on stderr (and, with --json, a small object on stdout); exit status 2."""
    warning = redaction_warning(paste, job.options.language)
    if job.options.json:
        document = {
            "only_secrets": True,
            "redactions": [{"kind": r.kind, "count": r.count} for r in paste.redactions],
            "warning": warning,
        }
        print(json_line(document, job.out.stream), file=job.out.stream)
    job.err.show(f"skm-bot: {ONLY_SECRETS}. {warning}")
    return EXIT_USAGE
