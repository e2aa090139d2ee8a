"""What the command-line tests share: a one-question rubric and document, and the two
ways of running tma-check (click's runner in-process, and the real command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builders import para, run, write_docx
from click.testing import CliRunner

from tma_check.cli import cli

RUBRIC = (
    "title: T\nleeway: 50\nexclude: [question-text]\n"
    "questions:\n  - {id: Q1, match: '^Q1\\)', limit: 5}\n"
)
ESC = "\x1b"


def tma(path: Path, answer: str = "Three short words.") -> Path:
    """A one-question document: a bold "Q1)" prompt with a 5-word limit, then ``answer``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_docx(path, para(run("Q1) Describe it. (5 words)", "<w:b/>")) + para(answer))


def write_rubric(folder: Path) -> Path:
    """:data:`RUBRIC` as ``rubric.yaml`` in ``folder``."""
    path = folder / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def invoke(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without the colour switches, plus ``env``."""
    kept = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**kept, **(env or {})}


def tma_check(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, its standard output a pipe (so colour sees no terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "tma_check", *args],
        env=environment(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
