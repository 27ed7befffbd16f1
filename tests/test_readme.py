"""The README's tour of the transliteration commands is true: each `$ peyvand ...` line of its first
example block, run through the command, prints the lines shown under it."""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _tour() -> list[tuple[str, list[str]]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("## A tour of the command", 1)[1].split("```", 2)[1]
    examples: list[tuple[str, list[str]]] = []
    for line in block.strip("\n").splitlines():
        if line.startswith("$ "):
            examples.append((line[2:], []))
        elif examples:
            examples[-1][1].append(line)
    # lines with a pipe or a redirection need files the README does not show
    return [(cmd, out) for cmd, out in examples
            if cmd.startswith("peyvand ") and not any(ch in cmd for ch in "|>")]


@pytest.mark.parametrize("command, expected", _tour(), ids=lambda x: x if isinstance(x, str) else "")
def test_tour_example(command, expected):
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == expected
