"""
The documentation points at things that exist: every relative link (and its #anchor) and every
repository path cited in code spans, in README.md and docs/**/*.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
# A path inside the repository: a top-level directory of ours, then path characters.
_CITED = re.compile(r"^(?:skm_bot|tests|docs|manifests|bench|scripts|\.ci)/[\w.*/-]*$")
_TOP_LEVEL = frozenset(
    {"README.md", "CHANGELOG.md", "Makefile", "Dockerfile", "compose.yaml", "pyproject.toml"}
)
# Paths the docs name on purpose that are not in the repository, each with why.
_NOT_IN_REPO = {
    # The overlay readers make by copying the example one; git ignores it.
    "manifests/kubernetes/overlays/prod",
}


def _prose(text: str) -> str:
    """The text without fenced code blocks (commands and examples hold paths of the reader's)."""
    return _FENCE.sub("", text)


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", _prose(path.read_text()), re.MULTILINE)
    return {_slug(h) for h in headings}


def _missing_anchor(path: Path, anchor: str) -> bool:
    return path.suffix == ".md" and anchor not in _anchors(path)


def _links(path: Path) -> list[str]:
    return [t for t in _LINK.findall(_prose(path.read_text())) if "://" not in t]


def _cited(path: Path) -> list[str]:
    spans = _CODE_SPAN.findall(_prose(path.read_text()))
    return [s.rstrip("/") for s in spans if _CITED.match(s) or s in _TOP_LEVEL]


def _ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(ROOT)) for p in paths]


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_relative_link_reaches_a_file_and_its_anchor(doc: Path):
    broken = []
    for target in _links(doc):
        if target.startswith("mailto:"):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (doc.parent / file_part).resolve() if file_part else doc
        if not linked.exists() or (anchor and _missing_anchor(linked, anchor)):
            broken.append(target)

    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=_ids(DOCS))
def test_every_cited_repository_path_exists(doc: Path):
    missing = [
        cited for cited in _cited(doc) if cited not in _NOT_IN_REPO and not any(ROOT.glob(cited))
    ]

    assert missing == []


def test_the_checker_sees_a_broken_link_and_a_missing_path(tmp_path: Path):
    """The two checks above can fail: a made-up link and path are caught."""
    doc = tmp_path / "x.md"
    doc.write_text("See [there](nowhere.md) and `skm_bot/no_such_module.py`.\n")

    assert _links(doc) == ["nowhere.md"]
    assert _cited(doc) == ["skm_bot/no_such_module.py"]
    assert not any(ROOT.glob("skm_bot/no_such_module.py"))
