"""Every command and snippet the README shows, run as written, in a temporary folder.

The folder holds what the README's commands name: this repository's
``examples/`` and ``rubrics/`` as they are (so that what the README runs on
them works verbatim from a checkout), the example assignment again as
``my-tma02.docx``, an essay, and a git history for ``git show``. Each shell block's
commands and each ``tma-check ...`` named in the text must be listed in
:data:`EXPECTED` with the exit code and output the README promises, and each
entry there must still be in the README, so the two cannot drift apart. The
pre-commit snippets are run through the real pre-commit in
``test_precommit.py``; the README's test command is CI's own
(``test_docs.py``); the development scripts that run for minutes are
asked for ``--help``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest
from builders import interruptible, para, write_docx
from readme import README, ROOT, block_after, blocks

# the exit code of a check with no rubric of the example (the same document in both places)
ZERO_CONFIG = 1  # the example states no leeway, so Q2 37 words over is an error
# command as the README shows it -> (exit code, text the output must contain)
EXPECTED: dict[str, tuple[int, str]] = {
    "tma-check check examples/tma02.docx --rubric rubrics/example-tma02.yaml": (
        0,
        "examples/tma02.docx: Q2: warning: over limit by 37 words (6.2%), within 10% leeway",
    ),
    "tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml": (
        0,
        "1 file, 4 questions: 0 errors, 1 warning",
    ),
    "git show HEAD~1:examples/tma02.docx | tma-check count -": (0, "-: 1,638 words"),
    "tma-check check examples/ -r rubrics/example-tma02.yaml --format csv -o marks.csv": (
        0,
        "tma-check: wrote marks.csv: 1 file, 4 questions: 0 errors, 1 warning",
    ),
    "tma-check count my-tma02.docx": (0, "my-tma02.docx: 1,638 words (body 1,534, tables 104)"),
    "tma-check explain my-tma02.docx --rubric rubrics/example-tma02.yaml --question Q2": (
        0,
        "== Q2: 637 counted of 723 (limit 600)",
    ),
    "tma-check check essay.docx --limit 2000 --minimum 1000": (
        0,
        "essay.docx: Document: warning: under the minimum by",
    ),
    "tma-check check my-tma02.docx": (
        ZERO_CONFIG,
        "checked against one inferred from the document",
    ),
    "tma-check rubric infer my-tma02.docx -o my-tma02.yaml": (0, "wrote my-tma02.yaml"),
    "tma-check check my-tma02.docx -r warwick-wmg": (
        0,
        "warwick-wmg (preset) lists no questions and no limit: its rules applied",
    ),
    "tma-check check examples/": (ZERO_CONFIG, "1 file, 4 questions"),
    "tma-check check --help": (0, "Usage: tma-check check [OPTIONS] FILES..."),
    "tma-check count --help": (0, "Usage: tma-check count [OPTIONS] FILES..."),
    "tma-check explain --help": (0, "Usage: tma-check explain [OPTIONS] FILE"),
    "tma-check count -": (0, "-: 1,638 words"),
    "tma-check rubric list": (0, "ou-default         10%     question-text, declarations"),
    "tma-check --version": (0, "tma-check, version"),
    'eval "$(_TMA_CHECK_COMPLETE=bash_source tma-check)"': (0, "complete"),
}
# what a command that reads standard input is given
STDIN_FROM = {"tma-check count -": "examples/tma02.docx"}
# named in the text as a command, not a command line to run: their --help must work
NAMES = {"tma-check check", "tma-check count", "tma-check rubric validate R"}
# whose output the README shows: compared with it, line for line
PLAIN = "tma-check check examples/tma02.docx -r rubrics/example-tma02.yaml --format plain"
EXPLAIN = (
    "tma-check explain examples/tma02.docx -r rubrics/example-tma02.yaml "
    "--question Q2 --format plain"
)
# runs until Ctrl-C: started, then interrupted once it is watching
WATCH = "tma-check check my-tma02.docx --watch"


def _environment() -> dict[str, str]:
    path = os.pathsep.join([sysconfig.get_path("scripts"), str(Path(sys.executable).parent)])
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return {**env, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}


def sh(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in bash, as a reader would type it."""
    shown = command
    if command.startswith('eval "$(_TMA_CHECK_COMPLETE'):
        command += " && complete -p tma-check"  # what the eval did
    with open(cwd / STDIN_FROM[shown] if shown in STDIN_FROM else os.devnull, "rb") as stdin:
        return subprocess.run(
            ["bash", "-c", command],
            cwd=cwd,
            env=_environment(),
            stdin=stdin,
            capture_output=True,
            check=False,
            timeout=120,
            encoding="utf-8",
        )


def _inline_commands() -> set[str]:
    spans = re.findall(r"`(tma-check [^`]+)`", README)
    return {" ".join(span.split()) for span in spans}


def _essay(path: Path) -> Path:
    sentence = "Reflection on practice helps a teacher see what worked and why. "
    body = para("Reflective essay", style="Title") + "".join(para(sentence * 8) for _ in range(10))
    return write_docx(path, body)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("bash") is None or shutil.which("git") is None:
        pytest.skip("needs bash and git")
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", work / "examples")
    shutil.copytree(ROOT / "rubrics", work / "rubrics")
    shutil.copytree(ROOT / "tma_check" / "rubric", work / "tma_check" / "rubric")
    shutil.copy(ROOT / "examples" / "tma02.docx", work / "my-tma02.docx")
    _essay(work / "essay.docx")
    _essay(work / "my-essay.docx")
    env = {
        **_environment(),
        "GIT_AUTHOR_NAME": "S",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "S",
        "GIT_COMMITTER_EMAIL": "s@example.org",
    }
    for step in (
        ["init", "-q"],
        ["add", "examples/tma02.docx"],
        ["commit", "-q", "-m", "first draft"],
        ["commit", "-q", "--allow-empty", "-m", "second"],
    ):
        subprocess.run(["git", *step], cwd=work, env=env, check=True, capture_output=True)
    return work


def _readme_commands() -> list[str]:
    """Every command the README shows in a shell block, but the set-up and test ones."""
    found = []
    for block in blocks("sh"):
        for command in block.commands:
            command = command.removeprefix("pip install . && ")  # installed already
            if "pre-commit" in command or command.startswith(("pip install", "python -m pytest")):
                continue  # run by test_precommit.py, by CI, or the suite itself
            if command.startswith("python "):
                continue  # the development block: see its own test
            found.append(command)
    return found


def test_every_command_in_the_readme_is_expected_and_every_expectation_is_in_it() -> None:
    shown = set(_readme_commands()) | _inline_commands()
    known = set(EXPECTED) | NAMES | {WATCH, PLAIN, EXPLAIN}
    assert shown - known == set(), "the README shows commands this test does not run"
    assert known - shown == set(), "this test expects commands the README no longer shows"


@pytest.mark.parametrize("command", sorted(EXPECTED))
def test_readme_command_does_what_the_readme_says(workspace: Path, command: str) -> None:
    code, needle = EXPECTED[command]
    done = sh(command, workspace)
    output = done.stdout + done.stderr
    assert done.returncode == code, output
    assert needle in output, output
    assert "Traceback" not in output


def test_readme_command_names_have_help(workspace: Path) -> None:
    for name in NAMES:
        words = [word for word in name.split() if word != "R"]
        done = sh(" ".join([*words, "--help"]), workspace)
        assert done.returncode == 0 and "Usage: tma-check" in done.stdout, name


def test_readme_watch_redraws_until_ctrl_c(workspace: Path) -> None:
    process = subprocess.Popen(
        ["bash", "-c", f"exec {WATCH}"],
        cwd=workspace,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # Ctrl-C as from a terminal, even if CI ignores it
    )
    deadline = time.monotonic() + 30
    assert process.stderr is not None
    line = ""
    while time.monotonic() < deadline and "watching" not in line:
        line = process.stderr.readline()
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=30)
    assert "watching my-tma02.docx for changes; Ctrl-C to stop" in line
    assert process.returncode == 130  # Ctrl-C exits 130, as it does everywhere
    assert "Q2: error: over limit by 37 words (6.2%); no leeway is allowed" in out  # no rubric


def test_readme_batch_writes_the_marks_file(workspace: Path) -> None:
    command = "tma-check check examples/ -r rubrics/example-tma02.yaml --format csv -o marks.csv"
    assert sh(command, workspace).returncode == 0
    rows = (workspace / "marks.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("path,file_status,question")
    assert sum(row.startswith("examples/tma02.docx,over,Q1,question,10,200,") for row in rows) == 1


def test_readme_plain_output_is_the_examples_own(workspace: Path) -> None:
    block = block_after("Plain output is one line per finding", "text")
    assert sh(PLAIN, workspace).stdout == block.text


def test_readme_explain_output_is_the_examples_own(workspace: Path) -> None:
    block = block_after("## Why does Word say one number", "text")
    out = sh(EXPLAIN, workspace).stdout
    assert out.startswith(block.text)


def test_readme_table_is_the_examples_own_at_80_columns(workspace: Path) -> None:
    block = block_after("last a one-line verdict. At 80 columns, the example:", "text")
    command = (
        "COLUMNS=80 tma-check check examples/tma02.docx --rubric rubrics/example-tma02.yaml "
        "--format table --color never"
    )
    shown = [line.rstrip() for line in sh(command, workspace).stdout.splitlines()]
    assert shown == block.text.splitlines()


def test_readme_limit_line_is_the_examples_own(workspace: Path) -> None:
    (line,) = block_after("For a question over its limit, the text marks", "text").text.splitlines()
    assert line in sh(EXPLAIN, workspace).stdout.splitlines()


@pytest.mark.parametrize(
    ("marker", "preset"),
    [
        ("# Warwick WMG: 10% allowed", "warwick-wmg"),
        ("# York St John: 10-24% over", "york-st-john"),
        ("# Auckland Law: 5% allowed", "auckland-law"),
    ],
)
def test_readme_penalty_bands_are_the_presets_own(marker: str, preset: str) -> None:
    (block,) = [b for b in blocks("yaml") if marker in b.text]
    preset_text = (ROOT / "rubrics" / f"{preset}.yaml").read_text(encoding="utf-8")
    for line in block.text.splitlines()[1:]:
        assert line in preset_text.splitlines()


def test_readme_validate_error_is_what_validate_prints(workspace: Path) -> None:
    (line,) = block_after("`tma-check rubric validate R` checks a rubric", "text").text.splitlines()
    rubric = workspace / "tma02.yaml"
    rubric.write_text(
        "title: T\nleeway: 10\nquestions:\n  - {id: Q1, limit: 200}\nexclude:\n"
        "  - question-text\n  - quotes\n",
        encoding="utf-8",
    )
    done = sh("tma-check rubric validate tma02.yaml", workspace)
    assert done.returncode == 2
    assert done.stdout.startswith(line.removesuffix("..."))


@pytest.mark.parametrize(
    "marker",
    [
        "title: B123 Leadership in practice",
        "  - id: Q3\n    limit: 600",
        "title: EDU101",
        "# Warwick WMG: 10% allowed",
        "# York St John: 10-24% over",
        "# Auckland Law: 5% allowed",
    ],
)
def test_readme_rubric_snippets_are_valid_rubrics(workspace: Path, marker: str) -> None:
    (block,) = [b for b in blocks("yaml") if marker in b.text]
    path = workspace / "rubrics" / f"snippet{block.line}.yaml"
    path.write_text(block.text, encoding="utf-8")
    done = sh(f"tma-check rubric validate {path.relative_to(workspace)}", workspace)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.endswith(": ok (" + done.stdout.split(": ok (", 1)[1])


def test_readme_configuration_example_chooses_the_rubrics(tmp_path: Path) -> None:
    block = block_after("**Project configuration.**", "yaml")
    (tmp_path / ".tma-check.yaml").write_text(block.text, encoding="utf-8")
    shutil.copytree(ROOT / "rubrics", tmp_path / "rubrics")
    shutil.copy(ROOT / "examples" / "tma02.docx", tmp_path / "tma02-final.docx")
    (tmp_path / "drafts" / "week1").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "tma02.docx", tmp_path / "drafts" / "week1" / "v1.docx")
    done = sh("tma-check check tma02-final.docx drafts/week1/v1.docx --format json", tmp_path)
    assert done.returncode == 0, done.stderr
    files = json.loads(done.stdout)["files"]
    assert files[0]["rubric"]["source"].endswith("rubrics/example-tma02.yaml")
    assert files[0]["rubric"]["title"] == "B123 Leadership in practice, TMA 02"
    assert files[1]["rubric"]["source"] == "drafts/week1/v1.docx"  # read from the document
    assert any("ou-default (preset) lists no questions" in n for n in files[1]["notices"])


def test_readme_python_example_runs(workspace: Path) -> None:
    (block,) = blocks("python")
    done = subprocess.run(
        [sys.executable, "-c", block.text],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["Q1 ok 191", "Q2 over 637"]


def test_readme_development_commands_exist_and_start(workspace: Path) -> None:
    block = block_after("## Development", "sh")
    for command in block.commands:
        if not command.startswith("python ") or "pytest" in command:
            continue
        script = command.split()[1]
        assert (ROOT / script).is_file(), script
        if script == "examples/make_example.py":
            done = sh(command, workspace)  # the workspace's copy rebuilds its own example
            assert done.returncode == 0, done.stderr
            counted = sh("tma-check count examples/tma02.docx", workspace).stdout
            assert counted.startswith("examples/tma02.docx: 1,638 words"), counted
            continue
        done = subprocess.run(
            [sys.executable, str(ROOT / script), "--help"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0 and "usage:" in done.stdout, script
