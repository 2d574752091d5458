"""Block Kit's size limits as data, and a checker that lists every limit a message or view breaks."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

# Slack's documented limits (docs.slack.dev/reference/block-kit; slack_sdk's validators).
MESSAGE_TEXT = 4000
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
VIEW_TYPES = ("modal", "home")
VIEW_BYTES = 250_000
VIEW_TITLE = 24
VIEW_BUTTON = 24
PRIVATE_METADATA = 3000
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTON_URL = 3000
ID_LENGTH = 255
INPUT_LABEL = 2000
INPUT_HINT = 2000
INPUT_VALUE = 3000
MARKDOWN_TEXT = 12_000

Problems = list[str]


def check_message(message: Mapping[str, Any]) -> Problems:
    """Every limit `message` (chat.postMessage/update arguments) breaks; empty when it fits."""
    problems: Problems = []
    text = message.get("text")
    blocks = message.get("blocks") or []
    if not text and not blocks:
        problems.append("message: neither text nor blocks")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        problems.append(f"message text: {len(text)} > {MESSAGE_TEXT}")
    if len(blocks) > MESSAGE_BLOCKS:
        problems.append(f"message: {len(blocks)} blocks > {MESSAGE_BLOCKS}")
    for index, block in enumerate(blocks):
        problems += [f"blocks[{index}] {p}" for p in _check_block(block)]
    return problems


def check_view(view: Mapping[str, Any]) -> Problems:
    """Every limit a modal or a Home tab `view` breaks (a modal needs a title; a Home tab not)."""
    problems: Problems = []
    kind = view.get("type")
    if kind not in VIEW_TYPES:
        problems.append("view: type is neither modal nor home")
    problems += _plain("title", view.get("title"), VIEW_TITLE, required=kind == "modal")
    for name in ("submit", "close"):
        if name in view:
            problems += _plain(name, view[name], VIEW_BUTTON, required=True)
    problems += _length("callback_id", view.get("callback_id"), ID_LENGTH)
    problems += _length("private_metadata", view.get("private_metadata"), PRIVATE_METADATA)
    blocks = view.get("blocks") or []
    if len(blocks) > VIEW_BLOCKS:
        problems.append(f"view: {len(blocks)} blocks > {VIEW_BLOCKS}")
    if len(json.dumps(view, ensure_ascii=False).encode()) > VIEW_BYTES:
        problems.append(f"view: larger than {VIEW_BYTES} bytes")
    for index, block in enumerate(blocks):
        problems += [f"blocks[{index}] {p}" for p in _check_block(block)]
    return problems


def _check_block(block: Mapping[str, Any]) -> Problems:
    problems = _length("block_id", block.get("block_id"), ID_LENGTH)
    kind = block.get("type")
    checker = _BLOCK_CHECKS.get(str(kind))
    if checker is None:
        return [*problems, f"unknown block type {kind!r}"]
    return problems + checker(block)


def _section(block: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    fields = block.get("fields") or []
    if "text" not in block and not fields:
        problems.append("section: needs text or fields")
    if "text" in block:
        problems += _text("section text", block["text"], SECTION_TEXT)
    if len(fields) > SECTION_FIELDS:
        problems.append(f"section: {len(fields)} fields > {SECTION_FIELDS}")
    for field in fields:
        problems += _text("section field", field, FIELD_TEXT)
    if "accessory" in block:
        problems += _element(block["accessory"])
    return problems


def _header(block: Mapping[str, Any]) -> Problems:
    return _plain("header text", block.get("text"), HEADER_TEXT, required=True)


def _context(block: Mapping[str, Any]) -> Problems:
    elements = block.get("elements") or []
    problems = [] if elements else ["context: no elements"]
    if len(elements) > CONTEXT_ELEMENTS:
        problems.append(f"context: {len(elements)} elements > {CONTEXT_ELEMENTS}")
    for element in elements:
        problems += _text("context element", element, CONTEXT_TEXT)
    return problems


def _actions(block: Mapping[str, Any]) -> Problems:
    elements = block.get("elements") or []
    problems = [] if elements else ["actions: no elements"]
    if len(elements) > ACTIONS_ELEMENTS:
        problems.append(f"actions: {len(elements)} elements > {ACTIONS_ELEMENTS}")
    for element in elements:
        problems += _element(element)
    return problems


def _input(block: Mapping[str, Any]) -> Problems:
    problems = _plain("input label", block.get("label"), INPUT_LABEL, required=True)
    if "hint" in block:
        problems += _plain("input hint", block["hint"], INPUT_HINT, required=True)
    return problems + _element(block.get("element") or {})


def _markdown(block: Mapping[str, Any]) -> Problems:
    return _length("markdown text", block.get("text"), MARKDOWN_TEXT)


def _divider(block: Mapping[str, Any]) -> Problems:
    return []


def _element(element: Mapping[str, Any]) -> Problems:
    kind = element.get("type")
    problems = _length("action_id", element.get("action_id"), ID_LENGTH)
    if kind == "button":
        problems += _plain("button text", element.get("text"), BUTTON_TEXT, required=True)
        problems += _length("button value", element.get("value"), BUTTON_VALUE)
        problems += _length("button url", element.get("url"), BUTTON_URL)
    elif kind == "plain_text_input":
        problems += _length("input initial_value", element.get("initial_value"), INPUT_VALUE)
        if int(element.get("max_length", 0)) > INPUT_VALUE:
            problems.append(f"plain_text_input: max_length > {INPUT_VALUE}")
    else:
        problems.append(f"unknown element type {kind!r}")
    return problems


def _text(what: str, obj: Any, limit: int) -> Problems:
    if not isinstance(obj, Mapping) or obj.get("type") not in ("mrkdwn", "plain_text"):
        return [f"{what}: not a text object"]
    return _length(what, obj.get("text"), limit, required=True)


def _plain(what: str, obj: Any, limit: int, *, required: bool = False) -> Problems:
    if obj is None and not required:
        return []
    if not isinstance(obj, Mapping) or obj.get("type") != "plain_text":
        return [f"{what}: not a plain_text object"]
    return _length(what, obj.get("text"), limit, required=True)


def _length(what: str, value: Any, limit: int, *, required: bool = False) -> Problems:
    if value is None:
        return [f"{what}: missing"] if required else []
    if not isinstance(value, str):
        return [f"{what}: not a string"]
    if required and not value:
        return [f"{what}: empty"]
    return [f"{what}: {len(value)} > {limit}"] if len(value) > limit else []


_BLOCK_CHECKS = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "input": _input,
    "markdown": _markdown,
    "divider": _divider,
}


def iter_problems(messages: Iterator[Mapping[str, Any]]) -> Iterator[str]:
    """Every problem across a stream of recorded messages, each prefixed with its index."""
    for index, message in enumerate(messages):
        for problem in check_message(message):
            yield f"message {index}: {problem}"
