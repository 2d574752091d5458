"""
`skm-bot report`: the weekly digest for any span, from the store, as a report or JSON, and its
chart as a PNG file (matplotlib loads only then: render_chart imports it when it draws).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from skm_bot.cli.status import EXIT_OK
from skm_bot.core.catalogue import load_catalogue
from skm_bot.core.digest import summarize
from skm_bot.core.language import Language
from skm_bot.errors import ConfigError
from skm_bot.render.digest_chart import render_chart
from skm_bot.render.digest_report import digest_json, digest_text
from skm_bot.settings import load_settings
from skm_bot.store.digest_recall import recall_digest_facts


@dataclass(frozen=True)
class ReportOptions:
    """What `skm-bot report` was asked to do."""

    since: timedelta = timedelta(days=7)
    png: Path | None = None
    json: bool = False
    channel: str | None = None
    language: Language = "en"


def run_report(options: ReportOptions) -> int:
    """Count the span up to now, print it, and write its chart when asked."""
    settings = load_settings()
    end = datetime.now(UTC)
    start = end - options.since
    facts = asyncio.run(
        recall_digest_facts(settings.database_url, start=start, end=end, channel=options.channel)
    )
    digest = summarize(facts, start=start, end=end, channel=options.channel)
    if options.png is not None:
        write_chart(options.png, render_chart(digest))
    catalogue = load_catalogue()
    if options.json:
        document = digest_json(digest, language=options.language, catalogue=catalogue)
        print(json.dumps(document, ensure_ascii=False))
    else:
        print(digest_text(digest, language=options.language, catalogue=catalogue))
    return EXIT_OK


def write_chart(path: Path, png: bytes) -> None:
    """Write the PNG; ConfigError naming the file when it cannot be written."""
    try:
        path.write_bytes(png)
    except OSError as exc:
        raise ConfigError(f"cannot write the chart to {path}: {exc.strerror}") from None
