"""Files shared in Slack: certificates are inspected; private keys are refused, never opened."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from skm_bot.certs.sniff import Container, sniff
from skm_bot.core.language import Language, detect_language
from skm_bot.render.slack.file_report import (
    render_certificate_report,
    render_file_unreadable,
    render_key_upload_warning,
)
from skm_bot.slack.dedup import first_delivery, from_a_bot, message_key
from skm_bot.slack.runtime import Runtime, runtime_of

CERT_SUFFIXES = (".crt", ".pem", ".cer", ".der")
KEY_SUFFIXES = (".key", ".p12", ".pfx")
MAX_DOWNLOAD = 256 * 1024
# The bot token goes only to Slack's file host (and the API host, for proxies and the stand-in).
SLACK_FILE_HOST = "files.slack.com"

FileKind = Literal["certificate", "key"]


class FileFetchError(Exception):
    """The file could not be fetched (the reason is safe to show)."""


def classify(name: str) -> FileKind | None:
    """What a file's name says it is: a certificate, a key (or PKCS#12), or neither."""
    lowered = name.lower()
    if lowered.endswith(KEY_SUFFIXES):
        return "key"
    return "certificate" if lowered.endswith(CERT_SUFFIXES) else None


def holds_private_key(data: bytes) -> bool:
    """A private key by its content, whatever the name: a PEM key block, DER key or PKCS#12."""
    return b"PRIVATE KEY" in data or sniff(data).container in (Container.DER_KEY, Container.PKCS12)


async def download(url: str, token: str, *, api_url: str) -> bytes:
    """The file's bytes, with the bot token, from an allowed host only, at most MAX_DOWNLOAD."""
    host = urlsplit(url).hostname
    if host not in (SLACK_FILE_HOST, urlsplit(api_url).hostname):
        raise FileFetchError(f"unexpected file host {host}")
    async with (
        httpx.AsyncClient(timeout=10.0) as http,
        http.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response,
    ):
        # Slack answers a refused download with its sign-in page (HTML), not an error status.
        if response.status_code != 200 or "text/html" in response.headers.get("content-type", ""):
            raise FileFetchError(f"HTTP {response.status_code}, not the file")
        data = b""
        async for chunk in response.aiter_bytes():
            data += chunk
            if len(data) > MAX_DOWNLOAD:
                raise FileFetchError(f"larger than {MAX_DOWNLOAD // 1024} KiB")
        return data


async def answer_file(
    rt: Runtime, token: str, file: dict[str, Any], language: Language
) -> dict[str, Any] | None:
    """The reply to one shared file, or None for a file that is none of the bot's business."""
    name = str(file.get("name") or file.get("title") or "file")
    kind = classify(name)
    if kind is None:
        return None
    if kind == "key":
        return render_key_upload_warning(name, language)
    try:
        data = await download(
            str(file.get("url_private_download")), token, api_url=rt.settings.slack_api_url
        )
    except (FileFetchError, httpx.HTTPError) as exc:
        return render_file_unreadable(name, str(exc) or type(exc).__name__, language)
    if holds_private_key(data):
        return render_key_upload_warning(name, language)
    inspection = await rt.deps.inspections.inspect(data, filename=name, now=rt.deps.clock())
    return render_certificate_report(inspection, language)


async def answer_files(
    rt: Runtime, client: AsyncWebClient, token: str, event: dict[str, Any]
) -> None:
    """Answer each certificate or key in the event, in the upload's thread."""
    language = detect_language(event.get("text") or "")
    thread = event.get("thread_ts") or event["ts"]
    for file in event.get("files", []):
        reply = await answer_file(rt, token, file, language)
        if reply is not None:
            await client.chat_postMessage(channel=event["channel"], thread_ts=thread, **reply)


async def on_file_share(
    event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
) -> None:
    """Claim the upload, then inspect in the background."""
    rt = runtime_of(context)
    rt.deps.background.track_current()
    if from_a_bot(event, context.bot_user_id) or context.bot_token is None:
        return
    if not await first_delivery(rt, message_key(event["channel"], event["ts"])):
        return
    rt.deps.background.spawn(answer_files(rt, client, context.bot_token, event))


def register(app: AsyncApp) -> None:
    """Listen for messages that share files."""
    app.event({"type": "message", "subtype": "file_share"})(on_file_share)
