"""What a ruff, Vale or pre-commit user expects of the command line the first time:
completion that offers presets and files, standard input that is one more document,
colour flags that mean what they say, -o suffixes with one rule, the same line after
every -o, --quiet that is refused where it cannot work, Ctrl-C exits 130, one-line
errors, and a README that says what --help says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from commandline import ESC, RUBRIC, environment, invoke, tma, tma_check, write_rubric

from tma_check.cli import cli
from tma_check.report.common import error_line

ROOT = Path(__file__).resolve().parents[1]
EMPTY_STDIN = "is empty: nothing was read from standard input"


@pytest.fixture
def rubric(tmp_path: Path) -> Path:
    return write_rubric(tmp_path)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    return path


def _broken_line(path: Path | str) -> str:
    return error_line(str(path), "is not a Word document (.docx): it is not a zip package")


# -- 1. completion: presets and rubric files together, in every shell ---------------------


def _complete(words: str, cwd: Path) -> list[str]:
    """What click answers bash for the last word of ``words``."""
    count = len(words.split()) - (0 if words.endswith(" ") else 1)
    done = tma_check(
        env={"_TMA_CHECK_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(count)},
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "tma02.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "mine.yml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rubric", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    return tmp_path


def test_rubric_completion_offers_presets_folders_and_rubric_files(project: Path) -> None:
    assert _complete("tma-check check -r ou", project) == ["plain,ou-default"]
    offered = _complete("tma-check check a.docx -r ", project)
    assert {"plain,ou-default", "plain,example-tma02", "plain,rubrics/", "plain,mine.yml"} <= set(
        offered
    )
    assert not any(item.startswith(("file,", "dir,")) for item in offered)  # bash drops the rest
    assert "plain,notes.txt" not in offered and "plain,.hidden/" not in offered
    assert _complete("tma-check explain a.docx --rubric rubrics/", project) == [
        "plain,rubrics/tma02.yaml"
    ]
    assert _complete("tma-check check -r m", project) == ["plain,mine.yml"]


def _in_shell(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script with this environment's ``tma-check`` first on the PATH (the test
    is skipped where it is not installed as a command)."""
    scripts = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    if shutil.which("tma-check", path=scripts) is None:
        pytest.skip("tma-check is not installed as a command here")
    return subprocess.run(
        argv,
        cwd=cwd,
        env=environment({"PATH": scripts}),
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_as_the_readme_sets_it_up_offers_presets_and_folders(
    project: Path,
) -> None:
    script = """
        eval "$(_TMA_CHECK_COMPLETE=bash_source tma-check)"
        offer() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
                  _tma_check_completion tma-check; printf '%s|' "${COMPREPLY[@]}"; echo; }
        offer tma-check check -r ou
        offer tma-check check -r rub
    """
    done = _in_shell(["bash", "-c", script], project)
    assert done.stdout.splitlines() == ["ou-default|", "rubrics/|"], done.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh")
def test_zsh_completion_adds_a_folder_without_a_space_and_a_name_with_one(
    project: Path,
) -> None:
    """zsh's compadd is stood in for by one that prints each word as the shell would
    insert it: with the suffix it is given (a space unless ``-S`` says otherwise)."""
    script = """
        compdef() { : }
        eval "$(_TMA_CHECK_COMPLETE=zsh_source tma-check)"
        compadd() {
            local suffix=' ' ; local -a arrays
            while (( $# )); do
                case $1 in
                    -S) suffix=$2; shift 2 ;;
                    -a) arrays+=($2); shift 2 ;;
                    -V) shift 2 ;;
                    *) shift ;;
                esac
            done
            local name value
            for name in $arrays; do for value in ${(P)name}; do print -rn -- "[$value$suffix]"; done; done
        }
        offer() { words=("$@"); CURRENT=$#; _tma_check_completion; print }
        offer tma-check check -r ou
        offer tma-check check -r rub
        offer tma-check check -r ''
    """
    done = _in_shell(["zsh", "-f", "-c", script], project)
    lines = done.stdout.splitlines()
    assert lines[:2] == ["[ou-default ]", "[rubrics/]"], done.stderr
    assert "[rubrics/]" in lines[2] and "[mine.yml ]" in lines[2] and "[ou-default ]" in lines[2]


# -- 2. standard input: an empty one is that document's error row, the batch goes on -------


def test_empty_standard_input_is_its_own_error_row_and_the_others_are_checked(
    tmp_path: Path, rubric: Path
) -> None:
    ok = tma(tmp_path / "ok.docx")
    empty = error_line("-", EMPTY_STDIN)
    code, out, err = invoke("check", "-", str(ok), "-r", str(rubric), input=b"")
    assert (code, err) == (2, "")
    assert f"{ok}: Q1: ok: 3 of 5 words (60.0%)" in out.splitlines()
    assert empty in out.splitlines()
    assert out.splitlines()[-1] == "2 files, 1 question: 1 error, 0 warnings"
    code, out, err = invoke("count", "-", str(ok), input=b"")
    assert (code, err) == (2, "")
    assert out.splitlines()[:2] == [f"{ok}: 8 words (body 8)", empty]
    code, out, err = invoke("explain", "-", "-r", str(rubric), "--format", "plain", input=b"")
    assert (code, err) == (2, "")
    assert out.splitlines()[0] == empty
    code, out, _ = invoke("count", "-", "--stdin-filename", "tma02.docx", input=b"")
    assert code == 2 and out.splitlines()[0] == error_line("tma02.docx", EMPTY_STDIN)


def test_standard_input_too_large_is_its_own_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.stdin

    monkeypatch.setattr(tma_check.stdin, "MAX_STDIN_BYTES", 1 << 20)
    ok = tma(tmp_path / "ok.docx")
    code, out, err = invoke("count", str(ok), "-", input=b"x" * ((1 << 20) + 1))
    assert (code, err) == (2, "")
    assert out.splitlines()[1] == error_line("-", "is more than 1 MB; refused")


def test_standard_input_misuse_stays_a_usage_error(tmp_path: Path) -> None:
    ok = tma(tmp_path / "ok.docx")
    code, out, err = invoke("check", "-", str(ok), "-", input=b"x")
    assert (code, out, err) == (2, "", "tma-check: standard input (-) can be read only once\n")
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tma_check", "count", "-", str(ok)],
            stdin=follower,
            capture_output=True,
            text=True,
            env=environment(),
            timeout=60,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "tma-check: -: standard input is a terminal; pipe a .docx into tma-check, or name a file\n"
    )


# -- 3. colour -------------------------------------------------------------------------------


def test_color_always_gives_the_terminal_view_when_piped_and_force_color_does_not(
    tmp_path: Path, rubric: Path
) -> None:
    doc = tma(tmp_path / "a.docx")
    coloured = tma_check("check", str(doc), "--limit", "10", "--color", "always").stdout
    assert ESC in coloured and "Question" in coloured and "Counted" in coloured  # the table
    forced = tma_check("check", str(doc), "--limit", "10", env={"FORCE_COLOR": "1"}).stdout
    assert forced.splitlines()[-1] == "1 file, 1 question: 0 errors, 0 warnings"  # plain lines
    explained = tma_check("explain", str(doc), "-r", str(rubric), "--color", "always").stdout
    assert ESC in explained and "[question-text]" in explained  # the terminal's view
    quiet = tma_check("check", str(doc), "--limit", "10", "--color", "always", "-q")
    assert (quiet.returncode, quiet.stdout) == (0, "")  # --quiet: plain lines, always


@pytest.mark.parametrize(
    "flags", [["--no-color", "--color", "always"], ["--color", "always", "--no-color"]]
)
def test_no_color_wins_over_color_always_in_either_order(tmp_path: Path, flags: list[str]) -> None:
    doc = tma(tmp_path / "a.docx")
    table = tma_check("check", str(doc), "--limit", "10", "--format", "table", *flags)
    assert table.returncode == 0 and "Counted" in table.stdout and ESC not in table.stdout
    auto = tma_check("check", str(doc), "--limit", "10", *flags)
    assert auto.stdout.splitlines()[0].startswith(f"{doc}: ")  # not forced into the table


_COLOUR_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _colours(text: str) -> bool:
    """Whether ``text`` sets a foreground or background colour."""
    for params in _COLOUR_SGR.findall(text):
        codes = [int(code) for code in params.split(";") if code]
        if any(30 <= code <= 49 or 90 <= code <= 107 for code in codes):
            return True
    return False


def _batch_on_a_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """What a batch check draws on standard error when that is a terminal (a pty)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tma_check", "check", *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=environment({"COLUMNS": "80", **(env or {})}),
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            piece = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command is done
            break
        if not piece:
            break
        drawn += piece
    process.wait(timeout=60)
    os.close(leader)
    return drawn.decode("utf-8", "replace")


def test_color_never_takes_the_colour_off_the_progress_bar_too(tmp_path: Path) -> None:
    docs = [str(tma(tmp_path / f"{name}.docx")) for name in "abcdef"]
    args = [*docs, "--limit", "10", "--format", "plain", "-j", "1"]
    assert _colours(_batch_on_a_terminal(*args))  # rich's bar, coloured by default
    assert not _colours(_batch_on_a_terminal(*args, "--color", "never"))
    assert not _colours(_batch_on_a_terminal(*args, "--no-color"))
    assert _colours(_batch_on_a_terminal(*args, "--color", "always", env={"NO_COLOR": "1"}))


# -- 4. -o: the suffix chooses with auto, and never contradicts --format ---------------------


def test_with_format_given_any_suffix_will_do_but_another_formats(
    tmp_path: Path, rubric: Path
) -> None:
    doc = tma(tmp_path / "a.docx")
    base = ("check", str(doc), "-r", str(rubric))
    code, _, _ = invoke(*base, "--format", "markdown", "-o", str(tmp_path / "r.markdown"))
    assert code == 0 and (tmp_path / "r.markdown").read_text().startswith("### ")
    code, _, _ = invoke(*base, "--format", "plain", "-o", str(tmp_path / "x.plain"))
    assert code == 0 and (tmp_path / "x.plain").read_text().startswith(f"{doc}: ")
    code, _, _ = invoke(*base, "--format", "table", "-o", str(tmp_path / "t.txt"))
    assert code == 0 and "Counted" in (tmp_path / "t.txt").read_text()
    target = tmp_path / "t.html"
    assert invoke(*base, "--format", "markdown", "-o", str(target)) == (
        2,
        "",
        f"tma-check: {target}: .html is the suffix of html output, but --format is markdown; "
        "name a .md file, or give --format html\n",
    )
    target = tmp_path / "c.csv"
    assert invoke("count", str(doc), "--format", "json", "-o", str(target)) == (
        2,
        "",
        f"tma-check: {target}: .csv is the suffix of csv output, but --format is json; "
        "name a .json file, or give --format csv\n",
    )
    assert not (tmp_path / "t.html").exists() and not target.exists()


def test_with_auto_the_suffix_chooses_and_one_the_command_cannot_write_is_an_error(
    tmp_path: Path, rubric: Path
) -> None:
    doc = tma(tmp_path / "a.docx")
    starts = {"r.md": "### ", "r.markdown": "### ", "r.htm": "<!DOCTYPE html>", "r.json": "{"}
    starts |= {"r.csv": "path,", "r.txt": f"{doc}: ", "r.weird": f"{doc}: ", "report": f"{doc}: "}
    for name, start in starts.items():
        code, _, _ = invoke("check", str(doc), "-r", str(rubric), "-o", str(tmp_path / name))
        assert code == 0 and (tmp_path / name).read_text().startswith(start), name
    for command, name, can in (
        ("count", "c.html", "count writes table, plain, json, csv, markdown or github; "
         "name a .txt, .json, .csv or .md file"),
        ("explain", "e.csv", "explain writes table, plain, json or html; "
         "name a .txt, .json or .html file"),
        ("explain", "e.md", "explain writes table, plain, json or html; "
         "name a .txt, .json or .html file"),
    ):  # fmt: skip
        target = tmp_path / name
        assert invoke(command, str(doc), "-o", str(target)) == (
            2,
            "",
            f"tma-check: {target}: {can}\n",
        )
        assert not target.exists()


def test_a_report_is_still_never_written_over_a_document_a_rubric_or_a_configuration(
    tmp_path: Path, rubric: Path
) -> None:
    doc = tma(tmp_path / "a.docx")
    for name in ("other.docx", "r.yaml", "pyproject.toml"):
        code, out, err = invoke("check", str(doc), "-r", str(rubric), "-o", str(tmp_path / name))
        assert (code, out) == (2, "") and err.startswith(f"tma-check: {tmp_path / name}: is a ")
        assert not (tmp_path / name).exists()


# -- 5. the one line after -o --------------------------------------------------------------


def test_every_command_says_what_it_wrote_in_one_line_on_standard_error(
    tmp_path: Path, rubric: Path, broken: Path
) -> None:
    doc = tma(tmp_path / "a.docx")
    report = tmp_path / "c.json"
    assert invoke("check", str(doc), "-r", str(rubric), "-o", str(report)) == (
        0,
        "",
        f"tma-check: wrote {report}: 1 file, 1 question: 0 errors, 0 warnings\n",
    )
    assert invoke("count", str(doc), "-o", str(report)) == (
        0,
        "",
        f"tma-check: wrote {report}: 1 file: 0 errors\n",
    )
    assert invoke("count", str(doc), str(broken), "-o", str(report)) == (
        2,
        _broken_line(broken) + "\n",
        f"tma-check: wrote {report}: 2 files: 1 error\n",
    )
    assert invoke("explain", str(doc), "-r", str(rubric), "-o", str(report)) == (
        0,
        "",
        f"tma-check: wrote {report}: 1 file, 1 question: 0 errors, 0 warnings\n",
    )
    assert invoke("explain", str(broken), "-o", str(report)) == (
        2,
        _broken_line(broken) + "\n",
        f"tma-check: wrote {report}: 1 file, 0 questions: 1 error, 0 warnings\n",
    )
    assert '"error"' in report.read_text(encoding="utf-8")
    assert invoke("check", str(doc), str(broken), "-r", str(rubric), "-o", str(report)) == (
        2,
        _broken_line(broken) + "\n",
        f"tma-check: wrote {report}: 2 files, 1 question: 1 error, 0 warnings\n",
    )


def test_watch_says_what_it_wrote_as_every_command_does_and_escapes_the_name(
    tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.watch

    monkeypatch.setattr(tma_check.watch, "watch", lambda path, again: again())
    doc = tma(tmp_path / "a.docx")
    report = tmp_path / "r\x1b]0;owned\x07.txt"
    code, out, err = invoke("check", str(doc), "-r", str(rubric), "--watch", "-o", str(report))
    assert (code, out) == (0, "")
    wrote, watching = err.splitlines()
    shown = str(report).replace("\x1b", "\\x1b").replace("\x07", "\\x07")
    assert wrote == f"tma-check: wrote {shown}: 1 file, 1 question: 0 errors, 0 warnings"
    assert watching.startswith("checked at ") and ESC not in err
    assert report.read_text(encoding="utf-8").startswith(f"{doc}: Q1: ok")


# -- 6. --quiet goes only with plain lines --------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_quiet_with_a_format_that_is_not_plain_lines_is_a_usage_error(
    tmp_path: Path, rubric: Path, fmt: str
) -> None:
    doc = tma(tmp_path / "a.docx")
    assert invoke("check", str(doc), "-r", str(rubric), "-q", "--format", fmt) == (
        2,
        "",
        "tma-check: --quiet: keeps plain lines about problems only; it goes with --format "
        f"plain or github, not {fmt}\n",
    )


def test_quiet_goes_with_plain_github_and_a_plain_file(tmp_path: Path, rubric: Path) -> None:
    doc = tma(tmp_path / "a.docx")
    for fmt in ("auto", "plain", "github"):
        assert invoke("check", str(doc), "-r", str(rubric), "-q", "--format", fmt)[0] == 0, fmt
    target = tmp_path / "q.txt"
    assert invoke("check", str(doc), "-r", str(rubric), "-q", "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == ""
    target = tmp_path / "q.json"
    assert invoke("check", str(doc), "-r", str(rubric), "-q", "-o", str(target)) == (
        2,
        "",
        f"tma-check: {target}: .json is the suffix of json output, but --quiet gives plain "
        "lines; name a .txt file\n",
    )


# -- 7. Ctrl-C in --watch exits 130 ------------------------------------------------------------


def test_ctrl_c_ends_watch_with_exit_130(
    tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.watch

    def watched(path: str, again: object) -> None:
        again()  # type: ignore[operator]
        raise KeyboardInterrupt

    monkeypatch.setattr(tma_check.watch, "watch", watched)
    doc = tma(tmp_path / "a.docx")
    code, out, err = invoke("check", str(doc), "-r", str(rubric), "--watch", "-q")
    assert (code, out) == (130, "")
    assert err.endswith("\ntma-check: interrupted\n")


# -- 8. smaller things ---------------------------------------------------------------------


def test_debug_is_taken_on_the_groups_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tma_check.api
    import tma_check.rubric.catalogue

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(tma_check.api, "count_file", broken)
    monkeypatch.setattr(tma_check.rubric.catalogue, "shipped", broken)
    doc = tma(tmp_path / "a.docx")
    for args in (["--debug", "count", str(doc)], ["rubric", "--debug", "list"]):
        result = CliRunner().invoke(cli, args)
        assert isinstance(result.exception, ZeroDivisionError), args
    code, _, err = invoke("rubric", "list")
    assert (code, err) == (
        2,
        "tma-check: internal error (ZeroDivisionError: a bug); rerun with --debug and report it\n",
    )


def test_a_folder_for_config_or_output_is_a_one_line_error(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx")
    folder = tmp_path / "folder"
    folder.mkdir()
    assert invoke("check", str(doc), "--config", str(folder)) == (
        2,
        "",
        f"tma-check: {folder}: is a folder; name its .tma-check.yaml (or pyproject.toml)\n",
    )
    refused = (
        f"tma-check: {folder}: is not a regular file (a device, a pipe or a folder); "
        "name a file, or - for the screen\n"
    )
    for args in (["check", str(doc), "--limit", "9"], ["count", str(doc)], ["explain", str(doc)]):
        assert invoke(*args, "-o", str(folder)) == (2, "", refused), args
    assert invoke("rubric", "infer", str(doc), "-o", str(folder)) == (2, "", refused)


def test_rubric_infer_reports_an_unreadable_document_as_check_does(broken: Path) -> None:
    assert invoke("rubric", "infer", str(broken)) == (2, _broken_line(broken) + "\n", "")
    assert invoke("check", str(broken), "--format", "plain")[1].splitlines()[0] == (
        _broken_line(broken)
    )


def test_a_folder_of_lock_files_only_says_there_is_nothing_to_check(tmp_path: Path) -> None:
    folder = tmp_path / "scripts"
    tma(folder / "~$a.docx")
    line = (
        f"tma-check: {folder}: no .docx files in this folder "
        "(1 skipped: Word's lock file for a document that is open)\n"
    )
    for args in (["check", str(folder), "--limit", "9"], ["count", str(folder)]):
        assert invoke(*args) == (2, "", line), args
    tma(folder / "~$b.docx")
    code, _, err = invoke("count", str(folder))
    assert code == 2 and "(2 skipped: Word's lock files for documents that are open)" in err


@pytest.mark.parametrize(
    ("named", "says"),
    [
        ("ou-defualt", "ou-defualt: no such rubric file or preset (did you mean 'ou-default'?)"),
        ("rubrics/gone.yaml", "rubrics/gone.yaml: no such rubric file"),
    ],
)
def test_a_bad_rubric_in_the_configuration_names_the_configuration_and_line(
    tmp_path: Path, named: str, says: str
) -> None:
    config = tmp_path / ".tma-check.yaml"
    config.write_text(f'strict: false\nrubrics:\n  "*.docx": {named}\n', encoding="utf-8")
    doc = tma(tmp_path / "a.docx")
    code, out, err = invoke("check", str(doc))
    assert (code, out) == (2, "")
    assert err.startswith(f"tma-check: {config}:3: rubrics: *.docx: ")
    assert says in err and len(err.splitlines()) == 1


# -- 10. the README says what --help says ----------------------------------------------------


def _normal(text: str) -> str:
    """Text with its line wrapping, spacing and Markdown code marks undone, and without
    a final full stop (the README's sentence may go on)."""
    return " ".join(text.replace("`", "").split()).removesuffix(".")


@pytest.mark.parametrize(
    "command",
    [["check"], ["count"], ["explain"], ["rubric", "list"], ["rubric", "infer"]],
    ids=" ".join,
)
def test_every_options_help_is_in_the_readme_word_for_word(command: list[str]) -> None:
    import click

    readme = _normal((ROOT / "README.md").read_text(encoding="utf-8"))
    group: click.Command = cli
    for name in command:
        assert isinstance(group, click.Group)
        group = group.commands[name]
    missing = [
        f"{'/'.join(option.opts)}: {option.help}"
        for option in group.params
        if isinstance(option, click.Option)
        and option.help
        and option.name != "help"
        and _normal(option.help) not in readme
    ]
    assert missing == [], f"tma-check {' '.join(command)}: README lacks these help texts"


def test_no_help_text_speaks_of_what_its_command_lacks() -> None:
    import click

    count = cli.commands["count"]
    explain = cli.commands["explain"]
    assert isinstance(count, click.Command) and isinstance(explain, click.Command)
    helps = {p.name: p.help or "" for p in count.params if isinstance(p, click.Option)}
    assert "rubric" not in helps["stdin_filename"]
    helps = {p.name: p.help or "" for p in explain.params if isinstance(p, click.Option)}
    assert "table" not in helps["fmt"]


# -- start-up: --version answered before the command line loads -----------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_answered_as_click_would_without_loading_it(flag: str) -> None:
    probe = (
        "import sys; from tma_check import launch; sys.argv = ['tma-check', sys.argv[1]]; "
        "launch.main(); print(sorted(m for m in sys.modules if m == 'click' or "
        "m.startswith('tma_check.cli')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, flag], capture_output=True, text=True, check=True
    )
    clicked = CliRunner().invoke(cli, [flag])
    assert done.stdout.splitlines() == [clicked.output.rstrip("\n"), "[]"]
    longer = subprocess.run(
        [sys.executable, "-m", "tma_check", flag, "--help"], capture_output=True, text=True
    )
    assert longer.returncode == 0 and "tma-check, version" in longer.stdout  # click's own path
