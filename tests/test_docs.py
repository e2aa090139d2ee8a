"""The documentation is held to the code: commands, options, rules, formats, CI."""

from __future__ import annotations

import re
from pathlib import Path

import click

from tma_check.cli import FORMAT_CHOICES, cli
from tma_check.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_and_option_has_help_with_an_example() -> None:
    assert cli.help and "Examples:" in cli.help
    for name, command in _commands(cli):
        assert command.help and len(command.help.split()) >= 5, name
        assert "Example" in command.help, f"{name} --help has no example"
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"{name} {parameter.opts}"


def test_every_command_is_in_the_readme() -> None:
    for name, _ in _commands(cli):
        named = rf"(tma-check |`){re.escape(name)}(?=[ `])"
        assert re.search(named, README), name


def test_every_rule_is_in_the_readme_and_every_listed_rule_exists() -> None:
    table = README.split("## Exclusion rules", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `([a-z-]+)`(?:, `([a-z-]+)`)?", table, re.MULTILINE))
    ids = {rule for pair in listed for rule in pair if rule}
    assert ids == set(RULES)


def test_every_output_format_is_in_the_readme() -> None:
    for name in FORMAT_CHOICES[1:]:
        assert f"| `{name}` |" in README, name


def test_ci_runs_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick_start)
    assert len(commands) == 2, "the quick start is two commands"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == commands[1]
    assert "tma-check check examples/tma02.docx" in commands[0]
