"""
Slack's markup taken out of a text meant for a terminal or a plain-text file.

The catalogue and the checks write for Slack as well; in a terminal, `code`, *bold*,
<https://…|a link> and :emoji: codes would show as typed.
"""

from __future__ import annotations

import re

# <https://example.com|label>, <mailto:a@b.c|label>, <https://example.com>
_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>\n]+))?>")
# ```block``` fences, then `code`.
_FENCE = re.compile(r"```\n?")
_CODE = re.compile(r"`([^`\n]+)`")
# *bold*: the stars hug the words and stand apart from other words ("*.pem or *.p12" is not).
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
# :emoji_name:, but not "10:30:15" or "aa:bb:cc" (a word or a colon right before or after).
_EMOJI = re.compile(r"(?<![\w:]):[a-z0-9_+-]*[a-z][a-z0-9_+-]*:(?![\w:]) ?")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))
_MARKS = ("<", "`", "*", ":", "&")


def _link(found: re.Match[str]) -> str:
    target, text = found.group(1), found.group(2)
    address = target.removeprefix("mailto:")
    return f"{text} ({address})" if text and text != address else address


def without_markup(text: str) -> str:
    """`text` as plain text: links spelt out, code and bold marks and emoji codes dropped."""
    if not any(mark in text for mark in _MARKS):
        return text
    text = _LINK.sub(_link, text)
    text = _FENCE.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _EMOJI.sub("", text)
    for entity, character in _ENTITIES:
        text = text.replace(entity, character)
    return text
