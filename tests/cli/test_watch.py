"""`skm-bot watch --once`: against the emulator over loopback, JSON Lines, exit codes, the store."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from skm_bot.cli import main
from skm_bot.core.watch.facts import AuthEntry, KeystoreFacts, WatchFacts
from skm_bot.emulator import serve_emulator
from skm_bot.render.slack.watch_thread import watch_renderer
from skm_bot.store.engine import make_engine
from skm_bot.store.migrate import upgrade
from skm_bot.store.sql import SqlRepository
from tests.usecases.watch_project import ACCESS_ID, APPKEY, BOT_IP, IN_USE, SECRET, project

PROFILE = """
[profiles.{name}]
endpoint = "{endpoint}"
api_version = "v1.2"
appkey = "{appkey}"
access_key_id = "{access}"
secret_access_key_env = "WATCH_SECRET"
keystore_ids = {keystores}
"""


@pytest.fixture
def endpoint() -> Iterator[str]:
    """The watch project's emulator on a loopback port."""
    with serve_emulator(project()) as server:
        yield server.base_url


def write_profiles(tmp_path: Path, endpoint: str, **keystores: list[int]) -> Path:
    path = tmp_path / "profiles.toml"
    text = "".join(
        PROFILE.format(name=name, endpoint=endpoint, appkey=APPKEY, access=ACCESS_ID, keystores=ids)
        for name, ids in keystores.items()
    )
    path.write_text(text)
    return path


@pytest.fixture
def env(monkeypatch, tmp_path):
    """The secret in the environment; the store a SQLite file in tmp_path (not created yet)."""
    monkeypatch.setenv("WATCH_SECRET", SECRET)
    store = tmp_path / "store.sqlite3"
    monkeypatch.setenv("SKM_BOT_DATABASE_URL", f"sqlite+aiosqlite:///{store}")
    return store


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_finding_due_exits_1_with_one_json_line_per_profile(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, watched=[1, 2], quiet=[2])

    code, out, _ = run(capsys, "watch", "--once", "--json", "--profiles", str(profiles))

    documents = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(d["profile"], d["due"]) for d in documents] == [("watched", True), ("quiet", False)]
    kinds = [(f["kind"], f["subject"]) for f in documents[0]["findings"]]
    assert kinds == [("registered_cert_expiry", "app"), ("key_pending_deletion", IN_USE)]
    assert documents[1]["findings"] == []


def test_nothing_due_exits_0(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, quiet=[2])

    code, out, _ = run(capsys, "watch", "--once", "--profiles", str(profiles))

    assert code == 0
    assert out.startswith("quiet: nothing due")


def test_profile_picks_one_profile(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, watched=[1, 2], quiet=[2])

    code, out, _ = run(
        capsys, "watch", "--once", "--json", "--profiles", str(profiles), "--profile", "quiet"
    )

    assert (code, [json.loads(line)["profile"] for line in out.splitlines()]) == (0, ["quiet"])


def test_lang_words_the_report(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, watched=[1])

    _, out, _ = run(capsys, "watch", "--once", "--profiles", str(profiles), "--lang", "ja")

    assert "使用中のキーが削除予定です" in out


def test_the_secret_is_never_printed(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, watched=[1, 2])

    _, out, err = run(capsys, "watch", "--once", "--profiles", str(profiles))

    assert SECRET not in out + err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["watch"], "--once"),
        (["watch", "--once"], "profiles"),
        (["watch", "--once", "--profile", "nope", "--profiles", "{profiles}"], "known: watched"),
    ],
    ids=["without-once", "without-profiles", "unknown-profile"],
)
def test_usage_errors_exit_2(capsys, tmp_path, env, argv, said):
    profiles = write_profiles(tmp_path, "http://127.0.0.1:9", watched=[1])

    code, _, err = run(capsys, *(a.format(profiles=profiles) for a in argv))

    assert code == 2
    assert said in err


def test_a_missing_store_is_not_created(capsys, tmp_path, endpoint, env):
    profiles = write_profiles(tmp_path, endpoint, quiet=[2])

    run(capsys, "watch", "--once", "--profiles", str(profiles))

    assert not env.exists()


async def keep_lists(store: Path, entries: tuple[str, ...]) -> SqlRepository:
    """A scheduled run that saw keystore 1's IPv4 list as `entries`."""
    engine = make_engine(f"sqlite+aiosqlite:///{store}")
    await upgrade(engine)
    repo = SqlRepository(engine)
    now = datetime.now(UTC)
    slot = now - timedelta(hours=1)
    listed = tuple(AuthEntry("ipv4", ip) for ip in entries)
    facts = WatchFacts(profile="watched", keystores=(KeystoreFacts(1, auth={"ipv4": listed}),))
    assert await repo.claim_watch("watched", slot=slot, worker="t", now=now, lease=timedelta(60))
    await repo.record_watch(
        facts, slot=slot, worker="t", now=now, channel=None, render=watch_renderer("en")
    )
    return repo


async def lists_kept(store: Path) -> tuple[str, ...]:
    engine = make_engine(f"sqlite+aiosqlite:///{store}")
    try:
        lists = await SqlRepository(engine).auth_lists("watched")
    finally:
        await engine.dispose()
    return tuple(e.value for e in lists[(1, "ipv4")])


def test_changes_are_since_the_scheduled_watch_and_left_for_it(capsys, tmp_path, endpoint, env):
    async def prepare() -> None:
        repo = await keep_lists(env, (BOT_IP,))
        await repo.engine.dispose()

    asyncio.run(prepare())
    profiles = write_profiles(tmp_path, endpoint, watched=[1])

    _, out, _ = run(capsys, "watch", "--once", "--json", "--profiles", str(profiles))

    [document] = [json.loads(line) for line in out.splitlines()]
    added = [f["subject"] for f in document["findings"] if f["kind"] == "auth_added"]
    assert added == ["ipv4:198.51.100.0/24"]
    assert asyncio.run(lists_kept(env)) == (BOT_IP,)


def test_a_profile_whose_secret_is_missing_is_named_and_the_others_watched(
    capsys, tmp_path, endpoint, env
):
    profiles = write_profiles(tmp_path, endpoint, quiet=[2])
    with profiles.open("a") as more:
        more.write(
            '\n[profiles.broken]\nappkey = "x"\nsecret_access_key_env = "NOT_SET_ANYWHERE"\n'
        )

    code, out, err = run(capsys, "watch", "--once", "--json", "--profiles", str(profiles))

    assert code == 0
    assert [json.loads(line)["profile"] for line in out.splitlines()] == ["quiet"]
    assert "'broken' is not watched" in err
    assert "NOT_SET_ANYWHERE" in err
