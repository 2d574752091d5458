"""The catalogue kept ready on disk: the same catalogue back, and never a copy it cannot trust."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from skm_bot.catalogue_cache import build_key, cached_catalogue, compiled_pattern
from skm_bot.cli import main
from skm_bot.core.catalogue import Catalogue, load_catalogue
from skm_bot.core.diagnosis import diagnose
from skm_bot.core.paste import take_paste
from skm_bot.core.phrases import load_phrasebook, read_phrasebook, use_phrasebook
from skm_bot.settings import Settings
from tests.factories import NOW

CORE = Path(__file__).parents[1] / "skm_bot" / "core"


class CountingBuild:
    """The shipped catalogue, counting how often it had to be built."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Catalogue:
        self.calls += 1
        return load_catalogue()


def cache_file(directory: Path) -> Path:
    (found,) = directory.glob("catalogue-*.pickle")
    return found


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    """A cache directory holding a copy written by a first run."""
    cached_catalogue(tmp_path, build=CountingBuild())
    return tmp_path


def test_a_second_run_reads_the_copy_instead_of_building(warm: Path) -> None:
    build = CountingBuild()
    cached_catalogue(warm, build=build)
    assert build.calls == 0


@pytest.mark.parametrize(
    "paste",
    [
        "Invalid Appkey",
        "Invalid Key Idエラーになりました",
        "our client certificate seems to have expired",
        "証明書が古いせいか接続できません",
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed",
        "AccessDeniedException: arn:aws:kms:us-east-1:111122223333:key/1234abcd",
        "the keystore rejects our IP after we moved to a new subnet",
    ],
)
def test_the_copy_diagnoses_as_the_built_catalogue_does(warm: Path, paste: str) -> None:
    copy = cached_catalogue(warm, build=CountingBuild())
    built = diagnose(take_paste(paste), now=NOW, catalogue=load_catalogue())
    read = diagnose(take_paste(paste), now=NOW, catalogue=copy)
    assert read == built


def test_the_copy_holds_every_regex_of_the_built_catalogue(warm: Path) -> None:
    copy = cached_catalogue(warm, build=CountingBuild())
    built = load_catalogue()
    assert [(s.regex.pattern, s.regex.flags) for s in copy.signatures] == [
        (s.regex.pattern, s.regex.flags) for s in built.signatures
    ]
    assert [r.pattern for r in copy.vocabulary.regexes] == [
        r.pattern for r in built.vocabulary.regexes
    ]


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"\binvalid key id\b", re.ASCII, "x invalid key idエラー"),
        (r"(?P<code>-\d+)\s*(?P<message>[a-z ]+)", 0, "resultcode -3 invalid key"),
        (r"(?<![a-z])mac", re.IGNORECASE, "x-MAC y"),
        (r"鍵|キー|키", 0, "この鍵が"),
    ],
)
def test_a_rebuilt_regex_matches_as_a_compiled_one(pattern: str, flags: int, text: str) -> None:
    original = re.compile(pattern, flags)
    rebuilt = pickle.loads(_pickled(original))
    assert rebuilt.pattern == original.pattern
    assert rebuilt.groupindex == original.groupindex
    assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in original.finditer(text)]
    assert [m.groups() for m in rebuilt.finditer(text)] == [
        m.groups() for m in original.finditer(text)
    ]


def _pickled(pattern: re.Pattern[str]) -> bytes:
    import io

    from skm_bot.catalogue_cache import _Pickler

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(pattern)
    return buffer.getvalue()


def test_a_program_the_engine_refuses_is_compiled_anew() -> None:
    rebuilt = compiled_pattern("ab+", 32, [999_999], 0, {})
    assert rebuilt.fullmatch("abbb") is not None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda f: f.write_bytes(b""), id="empty"),
        pytest.param(lambda f: f.write_bytes(f.read_bytes()[:1000]), id="truncated"),
        pytest.param(lambda f: f.write_bytes(b"\x00not a pickle"), id="garbage"),
        pytest.param(lambda f: f.write_bytes(pickle.dumps({"not": "a catalogue"})), id="other"),
    ],
)
def test_a_damaged_copy_is_built_anew_and_replaced(warm: Path, damage: object) -> None:
    damage(cache_file(warm))  # type: ignore[operator]
    build = CountingBuild()
    assert isinstance(cached_catalogue(warm, build=build), Catalogue)
    assert build.calls == 1
    assert cache_file(warm).stat().st_size > 100_000


CANARY_CALLS: list[str] = []


def _canary() -> None:
    CANARY_CALLS.append("called")


class _Canary:
    """A pickle naming code outside the core: unpickling it would call `_canary`."""

    def __reduce__(self) -> tuple[object, tuple[()]]:
        return (_canary, ())


def test_a_copy_that_names_other_code_is_never_unpickled(warm: Path) -> None:
    cache_file(warm).write_bytes(pickle.dumps(_Canary()))
    build = CountingBuild()
    cached_catalogue(warm, build=build)
    assert CANARY_CALLS == []
    assert build.calls == 1


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_copy_others_may_write_is_not_read(warm: Path, mode: int) -> None:
    cache_file(warm).chmod(mode)
    build = CountingBuild()
    cached_catalogue(warm, build=build)
    assert build.calls == 1


def test_a_directory_others_may_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    first, second = CountingBuild(), CountingBuild()
    cached_catalogue(shared, build=first)
    cached_catalogue(shared, build=second)
    assert (first.calls, second.calls) == (1, 1)
    assert not list(shared.glob("catalogue-*"))


def test_a_cache_that_cannot_be_written_only_builds(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    build = CountingBuild()
    assert isinstance(cached_catalogue(blocked / "cache", build=build), Catalogue)
    assert build.calls == 1


def test_no_cache_directory_builds_every_time() -> None:
    build = CountingBuild()
    cached_catalogue(None, build=build)
    cached_catalogue(None, build=build)
    assert build.calls == 2


def test_the_key_changes_with_any_catalogue_file(tmp_path: Path) -> None:
    copy = tmp_path / "core"
    shutil.copytree(CORE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = build_key(copy)
    with (copy / "concepts.toml").open("a", encoding="utf-8") as data:
        data.write("\n# one more line\n")
    assert build_key(copy) != before


def test_the_key_is_the_same_for_the_same_files(tmp_path: Path) -> None:
    assert build_key(CORE) == build_key(CORE)


def test_the_command_line_keeps_its_copy_in_the_xdg_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert main(["diagnose", "--offline", "Invalid Appkey"]) == 0
    assert cache_file(tmp_path / "skm-bot").stat().st_size > 100_000


def test_an_empty_cache_dir_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SKM_BOT_CACHE_DIR", "")
    assert Settings().cache_dir is None
    assert main(["diagnose", "--offline", "Invalid Appkey"]) == 0
    assert not (tmp_path / "skm-bot").exists()


def test_the_copy_brings_the_phrasebook_it_was_written_with(warm: Path) -> None:
    use_phrasebook({})  # as if nothing were known: the copy must bring it

    cached_catalogue(warm, build=CountingBuild())

    assert load_phrasebook() == read_phrasebook()
