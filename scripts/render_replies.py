"""
Pictures of skm-bot's Slack replies for the docs, drawn from the golden Block Kit JSON.

    python scripts/render_replies.py                   # docs/images/reply-*.png (and nothing else)
    python scripts/render_replies.py --html-only DIR   # the HTML pages only, into DIR

Each golden message in tests/render/slack/golden/ is drawn as an HTML page in Slack's look:
the bot's name and avatar, then its blocks (header, sections in mrkdwn, context, buttons, a
coloured attachment bar) or, for a modal, the dialog. Headless Chromium (Debian's `chromium`)
takes the screenshot: once to measure the page's height, once at that height. `optipng`, when
installed, makes the PNGs smaller. `make pictures` runs this.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "render" / "slack" / "golden"
IMAGES = ROOT / "docs" / "images"
WIDTH = 760

# The pictures the docs show: one per reply kind, each from its golden file. A kind whose golden
# does not exist yet is left out.
PICTURES = {
    "diagnosis": "final_live.json",
    "candidates": "candidates.json",
    "alert-thread": "alert_thread.json",
    "email-modal": "email_modal.json",
}

EMOJI = {
    "white_check_mark": "✅",
    "x": "❌",
    "warning": "⚠️",
    "heavy_minus_sign": "➖",
    "grey_question": "❔",
    "hourglass_flowing_sand": "⏳",
    "satellite_antenna": "📡",
    "electric_plug": "🔌",
    "rotating_light": "🚨",
    "email": "📧",
    "eyes": "👀",
    "fire": "🔥",
    "no_entry_sign": "🚫",
    "lock": "🔒",
    "mag": "🔍",
    "bell": "🔔",
    "wave": "👋",
}

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

STYLE = """
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1d1c1d;
  font: 15px/1.47 "Noto Sans", "Noto Sans CJK JP", "Helvetica Neue", Arial, sans-serif; }
.page { padding: 16px 20px 18px; }
.msg { display: flex; gap: 10px; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #2a5db0;
  color: #fff; font-weight: 700; font-size: 12px; display: flex; align-items: center;
  justify-content: center; }
.body { min-width: 0; flex: 1; }
.who { font-weight: 900; } .app { font-size: 10px; font-weight: 700; color: #616061;
  background: #e8e8e8; border-radius: 3px; padding: 1px 4px; margin: 0 4px; }
.when { color: #616061; font-size: 12px; }
.block { margin: 6px 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.actions, .context { white-space: normal; }
.header { font-size: 18px; font-weight: 900; margin-top: 4px; }
.context { color: #616061; font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 10px; }
.button { border: 1px solid #c6c6c6; border-radius: 4px; padding: 3px 12px; font-size: 14px;
  font-weight: 700; background: #fff; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.button.danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
code { font: 12px/1.5 "Noto Sans Mono", Menlo, monospace; color: #c01343; background: #f6f6f6;
  border: 1px solid #e0e0e0; border-radius: 3px; padding: 0 3px; }
pre { font: 12px/1.5 "Noto Sans Mono", Menlo, monospace; background: #f8f8f8;
  border: 1px solid #e0e0e0; border-radius: 4px; padding: 8px; white-space: pre-wrap; margin: 4px 0; }
.quote { border-left: 4px solid #ddd; padding-left: 10px; color: #454245; }
.attachment { display: flex; gap: 12px; margin-top: 4px; }
.bar { flex: none; width: 4px; border-radius: 2px; }
.divider { border-top: 1px solid #e0e0e0; }
a { color: #1264a3; text-decoration: none; }
.modal { margin: 0 auto; width: 520px; border: 1px solid #ddd; border-radius: 8px;
  box-shadow: 0 4px 14px rgba(0,0,0,.14); }
.modal-title { font-size: 20px; font-weight: 900; padding: 16px 20px;
  border-bottom: 1px solid #e0e0e0; }
.modal-body { padding: 8px 20px 12px; }
.label { font-weight: 700; margin: 10px 0 4px; }
.input { border: 1px solid #bbb; border-radius: 4px; padding: 6px 8px; font-size: 14px;
  white-space: pre-wrap; overflow: hidden; }
.input.multiline { max-height: 280px; }
.hint { color: #616061; font-size: 13px; margin-top: 4px; }
.modal-foot { display: flex; justify-content: flex-end; gap: 8px; padding: 12px 20px;
  border-top: 1px solid #e0e0e0; }
"""

# Measuring pass: the page replaces itself with its own height, which --dump-dom prints.
MEASURE = (
    "<script>if (location.hash === '#measure') addEventListener('load', () => "
    "{ const h = Math.ceil(document.querySelector('.page').getBoundingClientRect().height);"
    " document.body.textContent = 'HEIGHT=' + h; });"
    "</script>"
)

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]+))?>")
_CODE_BLOCK = re.compile(r"```(.*?)```", re.DOTALL)
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])")
_STRIKE = re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")


def emoji(text: str) -> str:
    """Slack's :shortcodes: as the characters they stand for (unknown ones stay as written)."""
    return _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def plain(text: str) -> str:
    """A plain_text object's text as HTML: literal, emoji shortcodes drawn."""
    return emoji(html.escape(text))


def _link(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("@"):
        return f"<a>@{html.escape(target[1:])}</a>"
    if target.startswith("!"):
        return f"<a>@{html.escape(target[1:])}</a>"
    return f"<a>{html.escape(label or target)}</a>"


def mrkdwn(text: str) -> str:
    """
    Slack mrkdwn as HTML: links, code, *bold*, _italic_, ~strike~, quotes, emoji, line breaks.

    Its text arrives escaped as Slack wants it (&amp; &lt; &gt;): those entities stay as they are.
    """
    kept: list[str] = []

    def keep(fragment: str) -> str:
        kept.append(fragment)
        return f"\x00{len(kept) - 1}\x00"

    text = _CODE_BLOCK.sub(lambda m: keep(f"<pre>{m.group(1).strip(chr(10))}</pre>"), text)
    text = _CODE.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), text)
    text = _LINK.sub(lambda m: keep(_link(m)), text)
    text = text.replace('"', "&quot;")
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    text = _STRIKE.sub(r"<s>\1</s>", text)
    lines = []
    for line in emoji(text).split("\n"):
        quoted = line.startswith(("&gt; ", "> "))
        body = line.split(" ", 1)[1] if quoted else line
        lines.append(f'<div class="quote">{body}</div>' if quoted else body + "\n")
    joined = "".join(lines).removesuffix("\n")
    return re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], joined)


def _text(obj: Mapping[str, Any]) -> str:
    value = str(obj.get("text", ""))
    return mrkdwn(value) if obj.get("type") == "mrkdwn" else plain(value)


def _button(element: Mapping[str, Any]) -> str:
    style = element.get("style", "")
    return f'<span class="button {style}">{_text(element["text"])}</span>'


def _section(block: Mapping[str, Any]) -> str:
    parts = [_text(block["text"])] if "text" in block else []
    parts += [f"<div>{_text(field)}</div>" for field in block.get("fields", ())]
    accessory = block.get("accessory")
    if accessory and accessory.get("type") == "button":
        parts.append(f'<div class="actions">{_button(accessory)}</div>')
    return f'<div class="block">{"".join(parts)}</div>'


def _context(block: Mapping[str, Any]) -> str:
    items = [f"<span>{_text(e)}</span>" for e in block["elements"] if "text" in e]
    return f'<div class="block context">{"".join(items)}</div>'


def _actions(block: Mapping[str, Any]) -> str:
    buttons = [_button(e) for e in block["elements"] if e.get("type") == "button"]
    return f'<div class="block actions">{"".join(buttons)}</div>'


def _input(block: Mapping[str, Any]) -> str:
    element = block["element"]
    multiline = " multiline" if element.get("multiline") else ""
    value = html.escape(str(element.get("initial_value", "")))
    hint = f'<div class="hint">{_text(block["hint"])}</div>' if "hint" in block else ""
    return (
        f'<div class="label">{_text(block["label"])}</div>'
        f'<div class="input{multiline}">{value}</div>{hint}'
    )


BLOCKS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "header": lambda b: f'<div class="block header">{_text(b["text"])}</div>',
    "section": _section,
    "context": _context,
    "actions": _actions,
    "divider": lambda b: '<div class="block divider"></div>',
    "input": _input,
}


def render_blocks(blocks: list[Mapping[str, Any]]) -> str:
    """Every block as HTML; a kind this script does not know is an error, not a silent gap."""
    return "".join(BLOCKS[block["type"]](block) for block in blocks)


def render_message(message: Mapping[str, Any]) -> str:
    """A bot message: avatar, name, then its blocks (or text) and its attachments."""
    body = render_blocks(message["blocks"]) if message.get("blocks") else ""
    if not body and not message.get("attachments"):
        body = f'<div class="block">{mrkdwn(str(message.get("text", "")))}</div>'
    for attachment in message.get("attachments", ()):
        color = html.escape(str(attachment.get("color", "#dddddd")))
        inner = render_blocks(attachment.get("blocks", ()))
        body += (
            f'<div class="attachment"><div class="bar" style="background:{color}"></div>'
            f"<div>{inner}</div></div>"
        )
    who = (
        '<div><span class="who">skm-bot</span><span class="app">APP</span>'
        '<span class="when">10:42</span></div>'
    )
    return (
        f'<div class="msg"><div class="avatar">SKM</div><div class="body">{who}{body}</div></div>'
    )


def render_modal(view: Mapping[str, Any]) -> str:
    """A modal view: its title, its blocks, and its close and submit buttons."""
    foot = ""
    if "close" in view:
        foot += f'<span class="button">{_text(view["close"])}</span>'
    if "submit" in view:
        foot += f'<span class="button primary">{_text(view["submit"])}</span>'
    return (
        f'<div class="modal"><div class="modal-title">{_text(view["title"])}</div>'
        f'<div class="modal-body">{render_blocks(view["blocks"])}</div>'
        f'<div class="modal-foot">{foot}</div></div>'
    )


def render_page(golden: Mapping[str, Any]) -> str:
    """A golden message or view as a whole HTML page."""
    inner = render_modal(golden) if golden.get("type") == "modal" else render_message(golden)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<style>{STYLE}</style>{MEASURE}</head>"
        f'<body><div class="page">{inner}</div></body></html>'
    )


def load_golden(path: Path) -> dict[str, Any]:
    """One golden file."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def pictures(golden_dir: Path = GOLDEN) -> dict[str, Path]:
    """The kinds to picture whose golden file exists, with that file."""
    found = {kind: golden_dir / name for kind, name in PICTURES.items()}
    return {kind: path for kind, path in found.items() if path.exists()}


def chromium() -> str:
    """The Chromium binary; SystemExit saying how to get it when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("render_replies: no Chromium found (Debian: apt-get install chromium)")


def _run_chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    return done.stdout


def screenshot(page: Path, png: Path) -> None:
    """The page at its own height, as a PNG."""
    measured = _run_chromium(
        f"--window-size={WIDTH},2000", "--dump-dom", f"{page.as_uri()}#measure"
    )
    match = re.search(r"HEIGHT=(\d+)", measured)
    if match is None:
        raise SystemExit(f"render_replies: could not measure {page.name}")
    height = int(match.group(1))
    _run_chromium(f"--window-size={WIDTH},{height}", f"--screenshot={png}", page.as_uri())
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o5", str(png)], check=True, timeout=300)


def write_pages(directory: Path, golden_dir: Path = GOLDEN) -> dict[str, Path]:
    """The HTML page of each pictured kind, written into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    pages = {}
    for kind, path in pictures(golden_dir).items():
        page = directory / f"reply-{kind}.html"
        page.write_text(render_page(load_golden(path)), encoding="utf-8")
        pages[kind] = page
    return pages


def main(argv: list[str] | None = None) -> int:
    """Write the pictures (or only the HTML pages)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html-only", type=Path, metavar="DIR", help="write the HTML pages only")
    parser.add_argument("--out", type=Path, default=IMAGES, help="where the PNGs go")
    args = parser.parse_args(argv)
    if args.html_only:
        for page in write_pages(args.html_only).values():
            print(page)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for kind, page in write_pages(Path(scratch)).items():
            png = args.out / f"reply-{kind}.png"
            screenshot(page, png)
            print(f"{png}: {png.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
