"""The pre-commit hook, end to end, with the real pre-commit framework.

A throwaway git repository uses this repository's hook (at its current
commit), takes each document's rubric from a ``.tma-check.yaml``, commits a
document within its limit, and is stopped from committing one over it.
pre-commit installs tma-check into an environment of its own, which needs
the package index; the test is skipped without git or pre-commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builders import para, run, write_docx

ROOT = Path(__file__).resolve().parent.parent


def git(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def head_commit() -> str | None:
    if shutil.which("git") is None:
        return None
    done = git("rev-parse", "HEAD", cwd=ROOT)
    return done.stdout.strip() if done.returncode == 0 else None


def tma(path: Path, answer: str) -> Path:
    return write_docx(path, para(run("Q1) Describe the model. (5 words)", "<w:b/>")) + para(answer))


@pytest.mark.skipif(head_commit() is None, reason="needs git and this project as a git checkout")
def test_hook_lets_a_passing_document_in_and_stops_a_failing_one(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    work = tmp_path / "tma-drafts"
    work.mkdir()
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "student@example.org",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "student@example.org",
    }
    assert git("init", "-q", cwd=work).returncode == 0
    (work / "rubric.yaml").write_text(
        "title: Drafts\nexclude: [question-text]\nquestions:\n  - {id: Q1, match: '^Q1\\)', limit: 5}\n",
        encoding="utf-8",
    )
    (work / ".tma-check.yaml").write_text('rubrics:\n  "*.docx": rubric.yaml\n', encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT.as_posix()}\n    rev: {head_commit()}\n    hooks:\n      - id: tma-check\n",
        encoding="utf-8",
    )
    installed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git("add", ".", cwd=work)
    assert git("commit", "-q", "-m", "rubric and configuration", cwd=work, env=env).returncode == 0

    tma(work / "within.docx", "Three short words.")
    git("add", "within.docx", cwd=work)
    done = git("commit", "-m", "a draft within the limit", cwd=work, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tma-check" in done.stdout + done.stderr and "Passed" in done.stdout + done.stderr

    tma(work / "over.docx", "This answer has far too many words for its limit.")
    git("add", "over.docx", cwd=work)
    done = git("commit", "-m", "a draft over the limit", cwd=work, env=env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "over.docx: Q1: over limit by 5 words (100.0%); no leeway is allowed" in output
    assert git("log", "--format=%s", cwd=work).stdout.splitlines() == [
        "a draft within the limit",
        "rubric and configuration",
    ]
