"""`skm-bot cert inspect`: the command-line edge of the offline inspector (files, env, clock)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509

from skm_bot.certs.bounded_read import FileContents, read_regular_file, unreadable_reason
from skm_bot.certs.inspect import DEFAULT_EXPIRING_WITHIN, inspect_certificate
from skm_bot.certs.limits import DEFAULT_LIMITS, Limits, size_text
from skm_bot.certs.report import render_text
from skm_bot.core.language import LANGUAGES, Language, locale_language
from skm_bot.core.phrases import Phrase, phrase

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# A hundred years: any longer is a typo, and timedelta itself overflows past 999,999,999 days.
MAX_EXPIRING_DAYS = 36_500

EPILOG = f"""\
exit status:
  0  inspected, no error findings (warnings and notes may be printed)
  1  inspected, at least one error finding
  2  usage error or unreadable input (missing file, missing env var, bad --ca-bundle/--crl,
     not a regular file, a file over {size_text(DEFAULT_LIMITS.certificate_file_bytes)})

The password is never taken on the command line: use --password-env or --password-file.
Each finding is printed with its code, what was observed and expected, and its next action
(with --json: the fields code, observed, expected and next_action).

The report speaks --lang; without it, the language of the locale (the first of LC_ALL,
LC_MESSAGES and LANG that is set: ja_JP.* Japanese, ko_KR.* Korean), else English. Codes,
field names and the JSON keys are the same in every language.
"""


class InputError(Exception):
    """Input the command cannot read; reported in one line, exit 2."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(reason.text("en"))
        self.reason = reason


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add `cert inspect`'s arguments to `parser`."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG
    parser.add_argument("file", type=Path, help="PKCS#12 (.p12/.pfx), PEM or DER file")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument("--password-env", metavar="VAR", help="read the password from $VAR")
    secret.add_argument(
        "--password-file", type=Path, metavar="F", help="read the password from file F"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="report in this language (default: the locale's, else en)",
    )
    parser.add_argument(
        "--ca-bundle", type=Path, metavar="F", help="PEM file of the CA(s) SKM trusts"
    )
    parser.add_argument("--crl", type=Path, metavar="F", help="a CRL (PEM or DER) to check")
    parser.add_argument(
        "--expiring-days",
        type=expiring_days,
        metavar="N",
        default=DEFAULT_EXPIRING_WITHIN.days,
        help=f"warn when fewer than N days are left, 0 to {MAX_EXPIRING_DAYS}"
        " (default: %(default)s)",
    )


def expiring_days(text: str) -> int:
    """--expiring-days as argparse reads it: a usage error (exit 2) unless 0 to the maximum."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if not 0 <= days <= MAX_EXPIRING_DAYS:
        raise argparse.ArgumentTypeError(
            f"{days} days is out of range: give 0 to {MAX_EXPIRING_DAYS}"
        )
    return days


@dataclass(frozen=True)
class InspectOptions:
    """What `skm-bot cert inspect` was asked to look at, and how to report it."""

    file: Path
    password_env: str | None = None
    password_file: Path | None = None
    json: bool = False
    ca_bundle: Path | None = None
    crl: Path | None = None
    expiring_days: int = DEFAULT_EXPIRING_WITHIN.days
    language: Language | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> InspectOptions:
        """The options `configure_parser` parsed."""
        return cls(
            file=args.file,
            password_env=args.password_env,
            password_file=args.password_file,
            json=bool(args.json),
            ca_bundle=args.ca_bundle,
            crl=args.crl,
            expiring_days=int(args.expiring_days),
            language=args.lang,
        )


def run(options: InspectOptions, *, limits: Limits = DEFAULT_LIMITS) -> int:
    """Inspect the file and print the report; the exit status is in the --help text."""
    language: Language = options.language or locale_language(os.environ)
    try:
        read = _read(
            options.file, phrase("cert.command.certificate_file"), limits.certificate_file_bytes
        )
        password = _password(options, limits)
        ca_bundle = _ca_bundle(options.ca_bundle, limits)
        crl = _crl(options.crl, limits)
    except InputError as exc:
        print(phrase("cert.command.error", reason=exc.reason).text(language), file=sys.stderr)
        return EXIT_USAGE
    inspection = inspect_certificate(
        read.data,
        filename=options.file.name,
        password=password,
        now=datetime.now(UTC),
        ca_bundle=ca_bundle,
        crl=crl,
        expiring_within=timedelta(days=options.expiring_days),
        file_mode=read.mode,
        limits=limits,
    )
    if options.json:
        print(json.dumps(inspection.to_json(language), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(render_text(inspection, language))
    return EXIT_FINDINGS if inspection.errors else EXIT_CLEAN


def _read(path: Path, what: Phrase, limit: int) -> FileContents:
    try:
        return read_regular_file(path, limit=limit)
    except OSError as exc:
        reason = phrase(
            "cert.command.cannot_read", what=what, path=str(path), reason=unreadable_reason(exc)
        )
        raise InputError(reason) from None


def _password(options: InspectOptions, limits: Limits) -> bytes | None:
    if options.password_env:
        value = os.environ.get(options.password_env)
        if value is None:
            raise InputError(phrase("cert.command.variable_unset", name=options.password_env))
        return value.encode()
    if options.password_file:
        what = phrase("cert.command.password_file")
        secret = _read(options.password_file, what, limits.secret_file_bytes).data
        return secret.removesuffix(b"\n").removesuffix(b"\r")
    return None


def _ca_bundle(path: Path | None, limits: Limits) -> list[x509.Certificate] | None:
    if path is None:
        return None
    try:
        return x509.load_pem_x509_certificates(
            _read(path, phrase("cert.command.ca_bundle"), limits.certificate_file_bytes).data
        )
    except (ValueError, x509.InvalidVersion):
        raise InputError(phrase("cert.command.no_pem", path=str(path))) from None


def _crl(path: Path | None, limits: Limits) -> x509.CertificateRevocationList | None:
    if path is None:
        return None
    data = _read(path, phrase("cert.command.crl"), limits.certificate_file_bytes).data
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise InputError(phrase("cert.command.bad_crl", path=str(path))) from None
