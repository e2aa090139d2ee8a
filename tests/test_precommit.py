"""The pre-commit hook, end to end, with the real pre-commit framework and the README.

A throwaway git repository takes the README's `.pre-commit-config.yaml`
snippets as written (only the placeholder for this repository's address is
filled in), runs the README's set-up command, and takes each document's
rubric from a ``.tma-check.yaml``. A draft within its limit is committed, one
within the leeway too (its warning shown, as `verbose: true` asks), one
named like an option is checked as a document, and one over the leeway is
stopped. The remote form installs tma-check into pre-commit's own
environment, which needs the package index; the tests are skipped without
git or pre-commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from builders import para, run, write_docx
from readme import block_after

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "URL-OR-PATH-OF-THIS-REPOSITORY"


def git(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _is_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    return git("rev-parse", "HEAD", cwd=ROOT).returncode == 0


def tma(path: Path, answer: str) -> Path:
    return write_docx(path, para(run("Q1) Describe the model. (5 words)", "<w:b/>")) + para(answer))


def _repository(tmp_path: Path, config: str) -> tuple[Path, dict[str, str]]:
    """A git repository with a rubric (limit 5, leeway 50%), its configuration and
    ``config`` as its .pre-commit-config.yaml."""
    pytest.importorskip("pre_commit")
    work = tmp_path / "tma-drafts"
    work.mkdir()
    scripts = sysconfig.get_path("scripts")
    env = {
        **os.environ,
        "PATH": os.pathsep.join([scripts, str(Path(sys.executable).parent), os.environ["PATH"]]),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "Student",
        "GIT_AUTHOR_EMAIL": "student@example.org",
        "GIT_COMMITTER_NAME": "Student",
        "GIT_COMMITTER_EMAIL": "student@example.org",
    }
    env.pop("NO_COLOR", None)
    assert git("init", "-q", cwd=work).returncode == 0
    (work / "rubric.yaml").write_text(
        "title: Drafts\nleeway: 50\nexclude: [question-text]\n"
        "questions:\n  - {id: Q1, match: '^Q1\\)', limit: 5}\n",
        encoding="utf-8",
    )
    (work / ".tma-check.yaml").write_text('rubrics:\n  "*.docx": rubric.yaml\n', encoding="utf-8")
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    return work, env


def _set_up(work: Path, env: dict[str, str], command: str) -> None:
    # The README's command, with pre-commit run as the module of this interpreter.
    done = subprocess.run(
        command.replace("pre-commit ", f"{sys.executable} -m pre_commit "),
        shell=True,
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    git("add", ".", cwd=work)
    assert git("commit", "-q", "-m", "rubric and configuration", cwd=work, env=env).returncode == 0


def _commit(work: Path, env: dict[str, str], name: str, answer: str) -> tuple[int, str]:
    tma(work / name, answer)
    git("add", "--", name, cwd=work)
    done = git("commit", "-m", f"add {name}", cwd=work, env=env)
    return done.returncode, done.stdout + done.stderr


def _drafts_pass_and_fail(work: Path, env: dict[str, str]) -> None:
    code, output = _commit(work, env, "within.docx", "Three short words.")
    assert code == 0, output
    assert "tma-check" in output and "Passed" in output

    code, output = _commit(work, env, "lenient.docx", "Seven words make this answer run over.")
    assert code == 0, output
    assert "lenient.docx: Q1: warning: over limit by 2 words (40.0%), within 50% leeway" in output

    code, output = _commit(work, env, "-e.docx", "Named like an option.")
    assert code == 0, output

    code, output = _commit(
        work, env, "over.docx", "This answer has far too many words for its limit."
    )
    assert code != 0, output
    assert "over.docx: Q1: error: over limit by 5 words (100.0%), beyond the 50% leeway" in output
    assert git("log", "--format=%s", cwd=work).stdout.splitlines() == [
        "add -e.docx",
        "add lenient.docx",
        "add within.docx",
        "rubric and configuration",
    ]


@pytest.mark.skipif(not _is_checkout(), reason="needs git and this project as a git checkout")
def test_readme_hook_with_autoupdate_lets_drafts_in_and_stops_one_over(tmp_path: Path) -> None:
    snippet = block_after("**Pre-commit hook.**", "yaml").text
    assert PLACEHOLDER in snippet
    work, env = _repository(tmp_path, snippet.replace(PLACEHOLDER, ROOT.as_posix()))
    (set_up,) = block_after("**Pre-commit hook.**", "sh").commands
    _set_up(work, env, set_up)
    pinned = (work / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "rev: main" not in pinned  # pinned to a release or commit that exists
    _drafts_pass_and_fail(work, env)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_readme_local_hook_runs_the_installed_tma_check(tmp_path: Path) -> None:
    snippet = block_after("**Pre-commit hook.**", "yaml", nth=1).text
    assert "repo: local" in snippet
    work, env = _repository(tmp_path, snippet)
    _set_up(work, env, "pre-commit install")
    _drafts_pass_and_fail(work, env)
