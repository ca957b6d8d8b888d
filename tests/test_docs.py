"""Every command line README.md shows is run, at least with --help and the exact options shown.

Lines come from the code blocks (`radio …`, `./scripts/…`, `py scripts\\…`) and from code spans in
the text and tables (`radio station pull --station-config station.toml`); a table's `[--opt a|b]`
is tried without the option and with each choice. click must accept every option and its arity;
choices shown must be among the option's choices. Scripts run for real, against a stand-in venv.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from itertools import product
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from radio.cli import main
from tests.scripts.fake_venv import fake_venv

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_SPAN = re.compile(r"`([^`\n]+)`")
_PROGRAM = re.compile(r"^(?:radio|(?:\./)?scripts/[\w-]+|py scripts\\[\w-]+)(?:\s|$)")
_OPTIONAL = re.compile(r"\s*\[([^\]]+)\]")


def shown_commands(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(program, arguments) for every command line in the Markdown `text`, each once."""
    lines = [line.strip() for lang, body in _FENCE.findall(text) if lang != "toml"
             for line in body.splitlines()]
    lines += [span.replace("\\|", "|") for span in _SPAN.findall(_FENCE.sub("", text))]
    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for line in lines:
        if not _PROGRAM.match(line):
            continue
        for variant in _variants(line):
            program, args = _split(variant)
            if not program.removeprefix("scripts/").isupper():  # `scripts\NAME`: a placeholder
                found[(program, args)] = None
    return list(found)


def _variants(line: str) -> list[str]:
    """The line without its [optional parts], then with each one in turn, each `a|b` choice."""
    base = _OPTIONAL.sub("", line)
    variants = [base]
    for group in _OPTIONAL.findall(line):
        words = [word.split("|") for word in group.split()]
        variants += [f"{base} {' '.join(choice)}" for choice in product(*words)]
    return variants


def _split(line: str) -> tuple[str, tuple[str, ...]]:
    """("radio" or "scripts/NAME", the arguments): no comment or redirection, one Windows form."""
    if line.startswith("py scripts\\"):
        line = "scripts/" + line.removeprefix("py scripts\\")
    words = shlex.split(line, comments=True)
    for shell in (">", "<", "|", "&&"):
        if shell in words:
            words = words[:words.index(shell)]
    return words[0].removeprefix("./"), tuple(words[1:])


COMMANDS = shown_commands(README.read_text(encoding="utf-8"))
RADIO = [args for program, args in COMMANDS if program == "radio"]
SCRIPTS = [(program, args) for program, args in COMMANDS if program != "radio"]


def test_the_readme_commands_are_found() -> None:
    assert ("station", "pull", "--station-config", "station.toml") in RADIO
    assert ("report", "2024", "--format", "csv") in RADIO  # a table's [--format text|md|...]
    assert ("approve", "2024-05", "--by", "Nguyễn Văn A") in RADIO  # comment dropped, quotes kept
    assert ("scripts/radio", ("build", "2024-05")) in SCRIPTS  # ./scripts/radio, py scripts\radio
    assert ("scripts/test", ()) in SCRIPTS
    assert ("report", "2024") in RADIO  # `radio report 2024 > file`: the redirection is the shell's
    assert len(RADIO) >= 25


@pytest.mark.parametrize("args", RADIO, ids=" ".join)
def test_radio_accepts_the_command_line_as_shown(args: tuple[str, ...]) -> None:
    problem = radio_rejects(args)
    assert problem is None, f"README: radio {shlex.join(args)}: {problem}"


def test_a_wrong_option_in_the_readme_would_fail() -> None:
    assert "No such option" in (radio_rejects(("station", "pull", "--config", "station.toml")) or "")
    assert "not one of" in (radio_rejects(("report", "2024", "--format", "pdf")) or "")
    assert "No such command" in (radio_rejects(("publsh", "2024-05")) or "")


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in venv's programs are sh scripts")
@pytest.mark.parametrize(("script", "args"), SCRIPTS, ids=lambda value: " ".join(value)
                         if isinstance(value, tuple) else value)
def test_the_scripts_run_as_shown(script: str, args: tuple[str, ...], tmp_path: Path) -> None:
    path = REPO / script
    assert path.is_file(), f"README names {script}, which does not exist"
    done = subprocess.run([sys.executable, str(path), *args, "--help"], cwd=tmp_path,
                          env=fake_venv(tmp_path / "venv"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout.lower()
    if script == "scripts/radio":
        assert f"Usage: radio {args[0]}" in done.stdout  # the arguments reached the CLI


def command_tree(command: click.Command = main, path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every command a person can run: each leaf, and each group that does something on its own."""
    if not isinstance(command, click.Group):
        return {path}
    ctx = click.Context(command, info_name=path[-1] if path else "radio")
    found = {path} if command.invoke_without_command and path else set()
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        assert sub is not None, name
        found |= command_tree(sub, (*path, name))
    return found


def command_path(words: list[str]) -> tuple[str, ...]:
    """The command named by the leading words of `radio WORDS…` (arguments and options dropped)."""
    command: click.Command = main
    path: list[str] = []
    for word in words:
        if not isinstance(command, click.Group):
            break
        sub = command.get_command(click.Context(command), word)
        if sub is None:
            break
        command, path = sub, [*path, word]
    return tuple(path)


def table_commands(text: str) -> list[tuple[str, ...]]:
    """The command of each `radio …` code span in the rows of README's "## Commands" table."""
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `radio ")]
    spans = [span for row in rows for span in _SPAN.findall(row) if span.startswith("radio ")]
    return [command_path(span.replace("\\|", "|").split()[1:]) for span in spans]


def test_the_command_table_and_the_command_tree_agree() -> None:
    """Every command is in README's table, and every command the table shows exists."""
    shown = table_commands(README.read_text(encoding="utf-8"))
    assert () not in shown, "a row of the command table names no command radio has"
    tree = command_tree()
    assert len(tree) >= 25
    missing = sorted(" ".join(path) for path in tree - set(shown))
    assert not missing, f"add these commands to README.md's command table: {missing}"


def test_the_tree_check_would_catch_a_missing_or_unknown_command() -> None:
    assert table_commands("x\n## Commands\n| `radio publsh 2024-05` | … |\n## Next\n") == [()]
    assert table_commands("\n## Commands\n| `radio station service status` | … |\n") == \
        [("station", "service", "status")]
    assert ("station", "service", "remove") in command_tree() and ("studio",) in command_tree()
    assert ("station",) not in command_tree()  # a group that only holds commands


def radio_rejects(args: tuple[str, ...]) -> str | None:
    """Why click refuses `radio ARGS --help`, or a shown value outside an option's choices."""
    shown = [*args, "--help"] if "--help" not in args else list(args)
    result = CliRunner().invoke(main, shown, prog_name="radio")
    if result.exit_code != 0 or "Usage:" not in result.output:
        return (result.output or repr(result.exception)).strip().splitlines()[-1]
    return _bad_choice(args)


def _bad_choice(args: tuple[str, ...]) -> str | None:
    command: click.Command = main
    ctx = click.Context(main, info_name="radio")
    words = list(args)
    while words:
        word = words.pop(0)
        option = _option(command, ctx, word)
        if option is not None:
            if not option.is_flag and not option.count and words:
                value = words.pop(0)
                if isinstance(option.type, click.Choice) and value not in option.type.choices:
                    return f"{word} {value!r} is not one of {', '.join(option.type.choices)}"
        elif isinstance(command, click.Group):
            sub = command.get_command(ctx, word)
            if sub is None:
                return f"No such command {word!r}"
            command = sub
    return None


def _option(command: click.Command, ctx: click.Context, word: str) -> click.Option | None:
    for param in command.get_params(ctx):  # with --help, which is not among .params
        if isinstance(param, click.Option) and word in param.opts + param.secondary_opts:
            return param
    return None
