"""Help with examples and defaults, -V, and shell completion scripts."""

from __future__ import annotations

import argparse
import shutil
import subprocess

import pytest

from skm_bot import __version__
from skm_bot.cli.parser import SUBCOMMANDS, HelpFormatter, build_parser


def help_of(*argv: str) -> str:
    parser = build_parser(list(argv))
    for name in argv:
        parser = next(
            action.choices[name]
            for action in parser._actions
            if isinstance(action, argparse._SubParsersAction)
        )
    return parser.format_help()


def every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += every_parser(child)
    return found


@pytest.mark.parametrize("name", [command.name for command in SUBCOMMANDS])
def test_each_subcommand_help_ends_with_examples(name):
    examples = help_of(name).split("\nexamples:\n")[1]

    assert f"skm-bot {name}" in examples


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (("serve",), "(default: 3000)"),
        (("serve",), "(default: 127.0.0.1)"),
        (("emulator",), "(default: 0)"),
        (("diagnose",), "(default: auto)"),
        (("demo",), "(default: the first)"),
    ],
)
def test_defaults_are_shown(argv, shown):
    assert shown in " ".join(help_of(*argv).split())


def test_every_option_with_a_default_says_it():
    formatter = HelpFormatter("skm-bot")
    for parser in every_parser(build_parser()):
        for action in parser._actions:
            if action.help in (None, argparse.SUPPRESS) or any(
                action.default is nothing for nothing in (None, False, argparse.SUPPRESS)
            ):
                continue
            assert "default" in formatter._get_help_string(action), action.dest


def test_flags_do_not_say_default_false():
    assert "default: False" not in help_of("diagnose")
    assert "default: None" not in help_of("diagnose")


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(cli, flag):
    with pytest.raises(SystemExit) as exit_info:
        cli(flag)

    assert exit_info.value.code == 0


def test_version_prints_the_version(capsys):
    with pytest.raises(SystemExit):
        build_parser(["-V"]).parse_args(["-V"])

    assert capsys.readouterr().out.strip() == f"skm-bot {__version__}"


@pytest.mark.parametrize("shell", ["bash", "zsh", "tcsh"])
def test_completion_prints_a_script_naming_every_subcommand(cli, shell):
    ran = cli("completion", shell)

    assert ran.code == 0
    assert all(command.name in ran.out for command in SUBCOMMANDS)


def test_completion_completes_file_names_for_path_options(cli):
    script = cli("completion", "bash").out

    assert "_shtab_compgen_files" in script


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_completion_script_is_valid_bash(cli, tmp_path):
    script = tmp_path / "skm-bot.bash"
    script.write_text(cli("completion", "bash").out)

    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, timeout=30)

    assert result.returncode == 0, result.stderr


def test_an_unknown_shell_is_a_usage_error(cli):
    with pytest.raises(SystemExit) as exit_info:
        cli("completion", "powershell7")

    assert exit_info.value.code == 2
