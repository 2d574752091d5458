"""
The shipped catalogue, kept ready on disk between runs of the command line, with the phrasebook.

Building the catalogue (three TOML files parsed and validated, the vocabulary's tries compiled
into regexes) costs about half a second of CPU: most of what a one-shot `skm-bot diagnose`
does; parsing the phrase files' 130 KB of TOML costs another 15 ms. A run that finds a copy
made from the same files, code and Python loads both in a few milliseconds instead; the first
run, or the first after an upgrade, builds and writes it.

* **Which copy**: the file's name is a SHA-256 over the Python build, the regex engine's
  version and the bytes of every file of `skm_bot.core` (the data and the code that builds
  from it). A copy from another build is never read, only never found. The copy holds the
  core's plain dataclasses and nothing of pydantic, so loading it imports no validation
  library.
* **Regexes**: a pickled `re.Pattern` is compiled again when loaded, the very cost avoided
  here, so each is stored with its compiled program (the integers CPython's `re` hands to
  `_sre.compile`) and rebuilt from it. That is the engine's private interface: its version is
  in the file's name, and a pattern that cannot be rebuilt is compiled as usual.
* **Trust**: unpickling may call what the file names, so a file is read only when this user
  owns it and nobody else may write it or its directory (as ssh treats its keys), and only
  the core's classes (and the regex rebuilder) may be named in it.
* **Never in the way**: a copy that cannot be read, checked or written is a slower start,
  never an error; writing is atomic (a temporary file, renamed).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import hashlib
import io
import os
import pickle
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard

import skm_bot.core
from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.phrases import Phrasebook, load_phrasebook, use_phrasebook

_SUFFIXES = (".py", ".toml")
_CORE = Path(skm_bot.core.__file__).parent
# A larger file is not ours (the catalogue pickles to under 1 MiB).
_MAX_BYTES = 16 * 1024 * 1024


def cached_catalogue(
    cache_dir: Path | None, *, build: Callable[[], Catalogue] = load_catalogue
) -> Catalogue:
    """
    The shipped catalogue: from `cache_dir` when a copy of this build is there, else built
    (and a copy written). The phrasebook comes with it: this process words its phrases with
    the copy's. `None` builds the catalogue without a cache.
    """
    if cache_dir is None:
        return build()
    path = cache_dir / f"catalogue-{build_key(_CORE)}.pickle"
    ready = _read(path)
    if ready is None:
        ready = build(), load_phrasebook()
        _write(path, ready)
    catalogue, phrasebook = ready
    use_phrasebook(phrasebook)
    return catalogue


def build_key(root: Path) -> str:
    """
    What a cached copy was made from, as a hex digest: this Python, its regex engine and the
    files under `root` (the core's data and code).
    """
    digest = hashlib.sha256()
    for part in (sys.version, str(_sre.MAGIC)):
        digest.update(part.encode() + b"\0")
    for file in sorted(root.rglob("*")):
        if file.suffix in _SUFFIXES:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()[:32]


def _read(path: Path) -> tuple[Catalogue, Phrasebook] | None:
    try:
        with path.open("rb") as source:
            if not _trusted(path.parent) or not _trusted_file(source.fileno()):
                return None
            data = source.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:
            return None
        loaded = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # any damaged or foreign copy only means building anew
        return None
    return loaded if _is_ready(loaded) else None


def _is_ready(loaded: object) -> TypeGuard[tuple[Catalogue, Phrasebook]]:
    """A catalogue and a phrasebook (a dict of dicts), as `_write` writes them."""
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        return False
    catalogue, phrasebook = loaded
    return (
        isinstance(catalogue, Catalogue)
        and isinstance(phrasebook, dict)
        and all(isinstance(texts, dict) for texts in phrasebook.values())
    )


def _write(path: Path, ready: tuple[Catalogue, Phrasebook]) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(path.parent):
            return
        buffer = io.BytesIO()
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(ready)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=".catalogue-", delete=False
        ) as out:
            out.write(buffer.getvalue())
        try:
            os.replace(out.name, path)
        finally:
            Path(out.name).unlink(missing_ok=True)
    except Exception:  # a cache that cannot be written only means a slower start
        return


def _trusted(directory: Path) -> bool:
    """The directory is this user's and nobody else may write in it."""
    info = directory.stat()
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _trusted_file(fd: int) -> bool:
    info = os.fstat(fd)
    return (
        stat.S_ISREG(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def compiled_pattern(
    pattern: str, flags: int, code: list[int], groups: int, groupindex: dict[str, int]
) -> re.Pattern[str]:
    """A regex rebuilt from its compiled program, or compiled anew when that fails."""
    indexgroup: list[str | None] = [None] * (groups + 1)
    for name, index in groupindex.items():
        indexgroup[index] = name
    try:
        built: re.Pattern[str] = _sre.compile(
            pattern, flags, code, groups, groupindex, tuple(indexgroup)
        )
    except Exception:  # another engine: compile it the public way
        return re.compile(pattern, flags)
    return built


def _program(pattern: re.Pattern[str]) -> list[int]:
    """What `re.compile` hands the engine for `pattern` (CPython's `re._compiler`)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern.pattern, pattern.flags)
    return [int(op) for op in _compiler._code(parsed, pattern.flags)]


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is re.Pattern and isinstance(obj.pattern, str):
            return compiled_pattern, (
                obj.pattern,
                obj.flags,
                _program(obj),
                obj.groups,
                dict(obj.groupindex),
            )
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        # A catalogue names the core's classes and the regex rebuilder, nothing else.
        if module == __name__ and name == "compiled_pattern":
            return compiled_pattern
        if module.startswith("skm_bot.core."):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a catalogue")
