"""Block Kit building blocks that stay inside Slack's limits by construction, cutting cleanly."""

from __future__ import annotations

import re
from typing import Any

from skm_bot.render.slack import limits

Block = dict[str, Any]
Message = dict[str, Any]

# An entity that a cut split: escaped text has no "&" but at the start of one.
_BROKEN_ENTITY = re.compile(r"&[a-z]*…$")


def cut(text: str, limit: int, *, ellipsis: str = "…") -> str:
    """`text` within `limit` characters, an ellipsis marking a cut."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))].rstrip() + ellipsis


def escape(text: str) -> str:
    """
    User text made inert in mrkdwn, by Slack's rule: `&`, `<` and `>` as `&amp;`, `&lt;`, `&gt;`.

    Every mention (`<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, `<@U…>`) and every
    link with a label of its own (`<https://…|…>`) starts with `<`, so none survives.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_cut(text: str, limit: int) -> str:
    """User text escaped, then cut to `limit` characters without leaving half an entity."""
    # Escape only the head that can show: an alert's text may be a megabyte.
    return _BROKEN_ENTITY.sub("…", cut(escape(text[: limit + 1]), limit))


def fit_lines(lines: list[str], limit: int) -> tuple[list[str], int]:
    """
    As many whole lines as fit in `limit` characters (newlines counted), and how many were left.

    A first line longer than the limit is cut itself rather than dropped, so something shows.
    """
    kept: list[str] = []
    size = -1
    for line in lines:
        if size + 1 + len(line) > limit:
            break
        kept.append(line)
        size += 1 + len(line)
    if not kept and lines:
        kept = [cut(lines[0], limit)]
    return kept, len(lines) - len(kept)


def cut_lines(lines: list[str], limit: int, note: str) -> str:
    """Whole lines joined within `limit`; when some don't fit, those that do plus `note`."""
    joined = "\n".join(lines)
    if len(joined) <= limit:
        return joined
    reserve = len(note.format(count=len(lines))) + 1
    kept, dropped = fit_lines(lines, limit - reserve)
    return "\n".join([*kept, note.format(count=dropped)])


def plain(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object cut to `limit`."""
    return {"type": "plain_text", "text": cut(text, limit) or " ", "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object (the caller keeps it within its block's limit)."""
    return {"type": "mrkdwn", "text": text}


def header(text: str) -> Block:
    """A header block, cut to 150 characters."""
    return {"type": "header", "text": plain(text, limits.HEADER_TEXT)}


def section(text: str, *, block_id: str | None = None) -> Block:
    """A mrkdwn section, cut to 3000 characters."""
    block: Block = {"type": "section", "text": mrkdwn(cut(text, limits.SECTION_TEXT))}
    if block_id:
        block["block_id"] = block_id
    return block


def context(*texts: str) -> Block:
    """A context block of up to ten mrkdwn elements."""
    elements = [mrkdwn(cut(t, limits.CONTEXT_TEXT)) for t in texts if t][: limits.CONTEXT_ELEMENTS]
    return {"type": "context", "elements": elements}


def button(
    text: str,
    action_id: str,
    *,
    value: str | None = None,
    url: str | None = None,
    style: str | None = None,
) -> dict[str, Any]:
    """A button inside every limit (text 75, value 2000, url 3000, action_id 255)."""
    element: dict[str, Any] = {
        "type": "button",
        "text": plain(text, limits.BUTTON_TEXT),
        "action_id": action_id[: limits.ID_LENGTH],
    }
    if value is not None:
        element["value"] = value[: limits.BUTTON_VALUE]
    if url is not None:
        element["url"] = url[: limits.BUTTON_URL]
    if style is not None:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    """An actions block with at most 25 elements."""
    block: Block = {"type": "actions", "elements": list(elements[: limits.ACTIONS_ELEMENTS])}
    if block_id:
        block["block_id"] = block_id
    return block


def code_block(text: str, limit: int, note: str) -> str:
    """
    User `text`, escaped, as a mrkdwn code block within `limit`, cut at a line boundary with
    `note` after it. (Slack reads `<…>` inside a code block too.)
    """
    fence = "```"
    lines = escape(text.replace(fence, "'''")).splitlines() or [" "]
    frame = 2 * len(fence) + 2
    joined = "\n".join(lines)
    if len(joined) + frame <= limit:
        return f"{fence}\n{joined}\n{fence}"
    reserve = len(note.format(count=len(lines))) + 1
    kept, dropped = fit_lines(lines, limit - frame - reserve)
    kept_text = "\n".join(kept)
    return f"{fence}\n{kept_text}\n{fence}\n{note.format(count=dropped)}"


def message(text: str, blocks: list[Block]) -> Message:
    """A message: the text fallback (cut to 4000) and at most 50 blocks."""
    return {"text": cut(text, limits.MESSAGE_TEXT), "blocks": blocks[: limits.MESSAGE_BLOCKS]}
