"""The files an operator reads before deploying: the licence, and the documents' references."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests.deploy.layout import ROOT

# The documents (or a document's section) this part of the repository owns; each names files an
# operator will look for.
DOCUMENTS = ["docs/deploy.md", "docs/emulator.md", "README.md#Deploy on Kubernetes"]
# A repository path in backticks or a Markdown link: at least one directory and a file name.
_CITED = re.compile(r"`((?:[\w.-]+/)+[\w.-]+/?)`|\]\(((?:\.\./)?[\w./-]+?)(?:#[\w-]*)?\)")


def cited_paths(text: str) -> list[str]:
    """Repository paths a Markdown document cites (URLs and addresses left out)."""
    found = [a or b for a, b in _CITED.findall(text)]
    return [p for p in found if "://" not in p and not re.match(r"^[\d./]+$", p)]


def section(text: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_licence_is_the_apache_license_pyproject_declares():
    licence = (ROOT / "LICENSE").read_text()
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]

    assert declared == {"text": "Apache-2.0"}
    assert "Apache License" in licence
    assert "Version 2.0, January 2004" in licence
    assert "END OF TERMS AND CONDITIONS" in licence


@pytest.mark.parametrize("document", DOCUMENTS)
def test_document_cites_only_files_in_the_repository(document):
    """docs/emulator.md cited a file that was never in the repository."""
    name, _, heading = document.partition("#")
    path = ROOT / name
    text = path.read_text()
    cited = cited_paths(section(text, heading) if heading else text)

    missing = [p for p in cited if not (ROOT / p).exists() and not (path.parent / p).exists()]

    assert cited
    assert missing == []


def test_cited_paths_finds_backticked_and_linked_paths():
    text = "See `manifests/kubernetes/base/` and [the guide](operations.md#kubernetes), not 10.0.0.0/8."

    assert cited_paths(text) == ["manifests/kubernetes/base/", "operations.md"]
