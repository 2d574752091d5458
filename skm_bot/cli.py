"""The `skm-bot` command: the edge where settings, the clock, files and the network are read."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from skm_bot import __version__
from skm_bot.core.diagnosis import Diagnosis
from skm_bot.core.language import LANGUAGES
from skm_bot.core.lookup import (
    Rediagnosis,
    looks_like_request_id,
    rediagnose,
    render_changes,
    render_unknown,
)
from skm_bot.errors import ConfigError, InputError
from skm_bot.profiles import Profile, load_profiles
from skm_bot.render.terminal import render_check, render_text
from skm_bot.settings import Settings
from skm_bot.skm.connect import LiveTarget, open_live_target
from skm_bot.store.recall import recall
from skm_bot.usecases.diagnose import diagnose_and_check

EXIT_OK = 0
EXIT_USAGE = 2

# Subcommands that live with their own part: module path, help line. Those named in
# _NEEDS_SETTINGS are given the one Settings object built here.
_NEEDS_SETTINGS = frozenset({"diagnose", "serve", "db"})
_PLUGGED: dict[str, tuple[str, str]] = {
    "serve": ("skm_bot.server", "run the Slack app (Socket Mode or HTTP)"),
    "db": ("skm_bot.store.command", "manage the store: db upgrade, db current"),
    "emulator": ("skm_bot.emulator.command", "run the local SKM emulator"),
    "demo": ("skm_bot.demo", "try the whole bot against the embedded emulator"),
}


def _add_diagnose(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "diagnose",
        help="diagnose a pasted SKM error, log line, stack trace or request",
        description="Diagnose a pasted SKM failure. Exit 0 when a diagnosis was made (even "
        "with no match), 2 on a usage error or unusable input.",
    )
    p.add_argument("text", nargs="?", default="-", help="the paste; '-' or omitted reads stdin")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON Lines {"text": ...} on stdin, write one JSON object per line',
    )
    p.add_argument("--offline", action="store_true", help="run no network check")
    p.add_argument("--lang", choices=LANGUAGES, help="reply in this language")
    p.add_argument("--profile", help="the profile whose SKM project the live checks use")
    p.add_argument("--profiles", help="profiles TOML file (default: $SKM_BOT_PROFILES)")
    p.set_defaults(handler=_run_diagnose)


def _add_cert(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cert = sub.add_parser("cert", help="client-certificate tools")
    cert_sub = cert.add_subparsers(dest="cert_command", required=True)
    inspect = cert_sub.add_parser(
        "inspect",
        help="inspect a client certificate file offline",
        description="Inspect a PKCS#12, PEM or DER client certificate file offline.",
    )
    command = import_module("skm_bot.certs.command")
    command.configure_parser(inspect)
    inspect.set_defaults(handler=command.run)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="skm-bot",
        description="Recognise NHN Cloud Secure Key Manager failures, check them for real, "
        "explain them and draft the support email.",
    )
    parser.add_argument("--version", action="version", version=f"skm-bot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_diagnose(sub)
    _add_cert(sub)
    for name, (module, help_text) in _PLUGGED.items():
        p = sub.add_parser(name, help=help_text)
        plugged = import_module(module)
        plugged.configure_parser(p)
        p.set_defaults(handler=plugged.run)
    return parser


def _read_paste(text: str, stdin: IO[str]) -> str:
    if text != "-":
        return text
    if stdin.isatty():
        raise InputError("nothing to diagnose: pass TEXT, or pipe a paste on stdin")
    return stdin.read()


def _choose_profile(args: argparse.Namespace, settings: Settings) -> Profile | None:
    if args.offline or not args.profile:
        return None
    path = args.profiles or settings.profiles
    if path is None:
        raise ConfigError("--profile needs a profiles file: --profiles FILE or SKM_BOT_PROFILES")
    profiles = load_profiles(Path(path), environ=os.environ)
    if args.profile not in profiles:
        known = ", ".join(sorted(profiles)) or "none"
        raise ConfigError(f"no profile {args.profile!r} in {path} (known: {known})")
    return profiles[args.profile]


def _check_options(settings: Settings, target: LiveTarget | None) -> dict[str, Any]:
    """What every diagnosis from the command line runs with: the target and the settings."""
    return {
        "profile": target.profile if target else None,
        "api": target.api if target else None,
        "support_email": settings.support_email,
        "check_timeout": settings.check_timeout,
        "check_deadline": settings.check_deadline,
    }


async def _diagnose_paste(
    args: argparse.Namespace, settings: Settings, profile: Profile | None
) -> int:
    text = _read_paste(args.text, sys.stdin)
    request_id = looks_like_request_id(text)
    stored = await recall(settings.database_url, request_id) if request_id else None
    progress = None if args.json or not sys.stderr.isatty() else _print_progress
    rerun: Rediagnosis | None = None
    async with open_live_target(profile) as target:
        options = _check_options(settings, target)
        now = datetime.now(UTC)
        if stored is None:
            diagnosis = await diagnose_and_check(
                text, now=now, language=args.lang, on_result=progress, **options
            )
        else:
            rerun = await rediagnose(stored, now=now, on_result=progress, **options)
            diagnosis = rerun.diagnosis
    _print_diagnosis(args, diagnosis, request_id, rerun)
    return EXIT_OK


def _print_diagnosis(
    args: argparse.Namespace,
    diagnosis: Diagnosis,
    request_id: str | None,
    rerun: Rediagnosis | None,
) -> None:
    if args.json:
        print(
            json.dumps(
                {**diagnosis.to_json(), **_lookup_json(request_id, rerun)}, ensure_ascii=False
            )
        )
        return
    if request_id is not None:
        print(render_changes(rerun) if rerun is not None else render_unknown(request_id))
        print()
    print(render_text(diagnosis))


def _lookup_json(request_id: str | None, rerun: Rediagnosis | None) -> dict[str, Any]:
    """The `lookup` part of --json, present only when the paste was a request ID."""
    if request_id is None:
        return {}
    if rerun is None:
        return {"lookup": {"request_id": request_id, "found": False}}
    return {
        "lookup": {
            "request_id": request_id,
            "found": True,
            "stored_diagnosis_id": rerun.stored.diagnosis_id,
            "stored_at": rerun.stored.created_at.isoformat(),
            "check_changes": [
                {"id": c.check_id, "before": c.before, "after": c.after}
                for c in rerun.check_changes
            ],
            "matches_added": list(rerun.matches_added),
            "matches_removed": list(rerun.matches_removed),
        }
    }


def _print_progress(result: Any) -> None:
    for line in render_check(result):
        print(line, file=sys.stderr)


def _jsonl_text(line: str) -> str:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError('each line must be a JSON object with a string "text"')
    text: str = record["text"]
    return text


async def _diagnose_jsonl(
    args: argparse.Namespace, settings: Settings, profile: Profile | None
) -> int:
    failed = 0
    async with open_live_target(profile) as target:
        for number, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                diagnosis = await diagnose_and_check(
                    _jsonl_text(line),
                    now=datetime.now(UTC),
                    language=args.lang,
                    **_check_options(settings, target),
                )
                out: dict[str, Any] = diagnosis.to_json()
            except InputError as exc:
                failed += 1
                out = {"line": number, "error": exc.message}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    if failed:
        print(f"skm-bot: {failed} line(s) could not be diagnosed", file=sys.stderr)
    return EXIT_USAGE if failed else EXIT_OK


def _run_diagnose(args: argparse.Namespace, settings: Settings) -> int:
    profile = _choose_profile(args, settings)
    runner = _diagnose_jsonl if args.jsonl else _diagnose_paste
    return asyncio.run(runner(args, settings, profile))


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "SKM_BOT_" + ".".join(str(p) for p in first["loc"]).upper()
        raise ConfigError(f"{name}: {first['msg']}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `skm-bot` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings()
        code: int = (
            args.handler(args, settings) if args.command in _NEEDS_SETTINGS else args.handler(args)
        )
    except (InputError, ConfigError) as exc:
        print(f"skm-bot: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
