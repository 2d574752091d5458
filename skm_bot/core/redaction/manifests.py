"""
Kubernetes Secret manifests: every value under `data` and `stringData`, whatever its key is named.

A Secret's keys are often plain (`tls.key`, `appkey`, `config.json`) and its values base64, so
neither names nor shapes find them. In a text that declares `kind: Secret` (YAML or JSON), each
value of a `data` or `stringData` mapping is removed and its key kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from skm_bot.core.redaction.engine import Source, Span
from skm_bot.core.redaction.values import Context, string_end, value_span

_KIND_SECRET = re.compile(r"""kind(?:\\*["'])?[ \t]*:[ \t]*(?:\\*["'])?secret\b""")
_YAML_DATA = re.compile(r"^([ \t]*)(?:data|stringdata)[ \t]*:[ \t]*$", re.MULTILINE)
_JSON_DATA = re.compile(r"""\\*"(?:data|stringdata)\\*"[ \t]*:[ \t]*(?=\{)""")
# A member's name, however deep the JSON is escaped: its value (a string) follows.
_JSON_MEMBER = re.compile(r"""\\*"[^"\\\n]*\\*"[ \t]*:[ \t]*(?=\\*")""")
# The same manifest inside a JSON string: its data block runs to the end of that string.
_ESCAPED_YAML_DATA = re.compile(r"\\+n[ \t]*(?:data|stringdata)[ \t]*:[ \t]*(?=\\+n)")
_YAML_KEY = re.compile(r"[ \t]*[^:\s][^:\n]*:[ \t]*")


def find_secret_manifest_data(source: Source, present: tuple[str, ...]) -> Iterator[Span]:
    """The values of a Kubernetes Secret's data and stringData (YAML and JSON)."""
    if _KIND_SECRET.search(source.lowered) is None:
        return
    for data in _YAML_DATA.finditer(source.lowered):
        yield from _yaml_values(source, data.end(), len(data.group(1)))
    for data in _JSON_DATA.finditer(source.lowered):
        yield from _json_values(source, data.end())
    for data in _ESCAPED_YAML_DATA.finditer(source.lowered):
        yield Span(data.end(), string_end(source, data.end()), "secret_value")


def _yaml_values(source: Source, header_end: int, indent: int) -> Iterator[Span]:
    """Each line of the block below `data:`: a key's value, or a deeper line whole."""
    text = source.text
    pos = header_end + 1
    child_indent: int | None = None
    while pos < len(text):
        line_end = source.line_end(pos)
        line = text[pos:line_end]
        content = line.lstrip(" \t")
        depth = len(line) - len(content)
        if content.strip():
            if depth <= indent:
                return
            child_indent = depth if child_indent is None else child_indent
            key = _YAML_KEY.match(text, pos, line_end) if depth == child_indent else None
            yield Span(key.end() if key else pos + depth, line_end, "secret_value")
        pos = line_end + 1


def _json_values(source: Source, brace: int) -> Iterator[Span]:
    """Each string value of the JSON object opened at `brace`."""
    whole = value_span(source, brace, context=Context.GENERIC, label=brace)
    if whole is None:
        return
    for member in _JSON_MEMBER.finditer(source.text, whole[0], whole[1]):
        value = value_span(source, member.end(), context=Context.GENERIC, label=member.start())
        if value is not None:
            yield Span(value[0], value[1], "secret_value")
