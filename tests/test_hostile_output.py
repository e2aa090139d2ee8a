"""Hostile names and text on the way out: everything from a document, a file name or a
rubric is escaped for where it is printed, and ``-o`` writes only where it should."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from builders import docx_bytes, para, run
from click.testing import CliRunner

from tma_check.cli import cli

ESC = "\x1b"
HYPERLINK = "\x1b]8;"  # OSC 8: a terminal hyperlink
RED = "\x1b[31m"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def tma(path: Path, answer: str = "Three words here.") -> Path:
    path.write_bytes(docx_bytes(para(run("Q1) Describe it. (10 words)", "<w:b/>")) + para(answer)))
    return path


def rubric(path: Path, title: str) -> Path:
    path.write_text(
        f'title: "{title}"\nexclude: [question-text]\nquestions:\n'
        "  - {id: Q1, match: '^Q1\\)', limit: 10}\n",
        encoding="utf-8",
    )
    return path


# -- -o: written through links, never over devices, the rubric, or as a file named "-"


def test_output_through_a_symbolic_link_replaces_the_file_and_keeps_the_link(
    tmp_path: Path,
) -> None:
    doc = tma(tmp_path / "a.docx")
    target = tmp_path / "reports" / "report.txt"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(target)
    code, _, _ = invoke("check", str(doc), "--format", "plain", "-o", str(link))
    assert code == 0
    assert link.is_symlink() and link.resolve() == target
    assert target.read_text(encoding="utf-8").startswith(f"{doc}: ")


def _device(tmp_path: Path) -> str:
    """A null device to write at: root's own node in ``tmp_path`` (so that a failure
    could never replace the system's /dev/null), else /dev/null, which only root could."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and hasattr(os, "mknod"):
        node = tmp_path / "null"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return str(node)
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    return "/dev/null"


@pytest.mark.parametrize("special", ["device", "fifo"])
def test_output_onto_a_device_or_a_pipe_is_refused_and_it_stays_what_it_was(
    tmp_path: Path, special: str
) -> None:
    doc = tma(tmp_path / "a.docx")
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("named pipes are a POSIX thing")
        os.mkfifo(tmp_path / "fifo")
        special = str(tmp_path / "fifo")
    else:
        special = _device(tmp_path)
    kind = stat.S_IFMT(os.stat(special).st_mode)
    code, out, err = invoke("check", str(doc), "-o", special)
    assert (code, out) == (2, "")
    assert err == (
        f"tma-check: {special}: is not a regular file (a device, a pipe or a folder); "
        "name a file, or - for the screen\n"
    )
    assert stat.S_IFMT(os.stat(special).st_mode) == kind


def test_output_dash_is_the_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tma(tmp_path / "a.docx")
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("check", str(doc), "--format", "plain", "-o", "-")
    assert code == 0 and f"{doc}: Q1: ok: 3 of 10 words (30.0%)" in out.splitlines()
    assert not (tmp_path / "-").exists()


def test_output_onto_the_rubric_in_use_is_refused(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx")
    rules = rubric(tmp_path / "rules.txt", "Mine")
    before = rules.read_bytes()
    code, _, err = invoke("check", str(doc), "-r", str(rules), "-o", str(rules))
    assert code == 2
    assert err == (
        f"tma-check: {rules}: is one of the files being read; choose another file for the output\n"
    )
    assert rules.read_bytes() == before


# -- rich markup, terminal escapes, forged lines -----------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "[/dim] closes what was never opened",
        "[link=https://example.org]click[/link]",
        "[bold red]x",
    ],
)
def test_markup_in_a_rubric_title_or_a_file_name_is_shown_as_written(
    tmp_path: Path, title: str
) -> None:
    (tmp_path / "tma [").mkdir()
    doc = tma(tmp_path / "tma [" / "x] [bold]draft.docx")  # a path with "[/x]" in it
    rules = rubric(tmp_path / "r.yaml", title)
    for fmt in ("table", "plain", "markdown", "html"):
        code, out, err = invoke("check", str(doc), "-r", str(rules), "--format", fmt)
        assert code == 0, (fmt, err)
        assert HYPERLINK not in out and ESC not in out
    code, out, _ = invoke("check", str(doc), "-r", str(rules), "--format", "table")
    flat = "".join(out.split())
    assert "tma[/x][bold]draft.docx" in flat
    assert "".join(title.split()) in flat


def test_escape_sequences_in_a_rubric_title_reach_no_terminal(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx")
    rules = rubric(tmp_path / "r.yaml", "T\\e[31mred\\e]8;;https://example.org\\aX")
    for fmt in ("table", "plain", "markdown", "github", "html", "json", "csv"):
        code, out, _ = invoke("check", str(doc), "-r", str(rules), "--format", fmt)
        assert code == 0
        assert ESC not in out and "\a" not in out, fmt
    code, out, _ = invoke("explain", str(doc), "-r", str(rules), "--format", "plain")
    assert ESC not in out


def test_a_newline_in_a_file_name_forges_no_line_or_annotation(tmp_path: Path) -> None:
    forged = "x.docx\n::error file=evil.py,line=1::owned"
    doc = tma(tmp_path / f"{forged}.docx", " ".join(["word"] * 12))
    code, out, _ = invoke("check", str(doc), "--format", "plain")
    assert code == 1
    *lines, summary = out.splitlines()
    assert all(line.startswith(str(tmp_path)) for line in lines)
    assert summary == "1 file, 1 question: 1 error, 0 warnings"
    assert "x.docx\\n::error file=evil.py" in out
    code, out, _ = invoke("check", str(doc), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any(line.startswith("::error file=evil.py") for line in lines)
    code, out, _ = invoke("check", str(doc), "--format", "table")
    assert "x.docx\\n::error" in "".join(out.split())


def test_terminal_escapes_in_a_file_name_are_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short name, which no table folds
    doc = tma(Path(f"{RED}red.docx"))
    for command in ("check", "count", "explain"):
        for fmt in ("table", "plain"):
            _, out, err = invoke(command, str(doc), "--format", fmt)
            assert ESC not in out + err, (command, fmt)
            assert "\\x1b[31mred.docx" in out, (command, fmt)


def test_a_c1_control_in_the_document_text_reaches_no_terminal(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "one \x9b31m two \x9d8;;https://example.org\x9c three")
    for command in ("check", "explain"):
        for fmt in ("table", "plain", "html", "json"):
            code, out, _ = invoke(command, str(doc), "--format", fmt)
            assert code in (0, 2)
            assert not any("\x80" <= c <= "\x9f" for c in out), (command, fmt)


@pytest.mark.skipif(
    sys.platform == "win32" or sys.platform == "darwin",
    reason="needs a file system that takes any bytes",
)
@pytest.mark.parametrize(
    "args",
    [["explain"], ["check", "--format", "html"], ["check", "--format", "table"], ["count"]],
    ids=["explain", "html", "table", "count"],
)
def test_a_file_name_that_is_not_utf8_is_reported_to_a_pipe(
    tmp_path: Path, args: list[str]
) -> None:
    name = os.fsdecode(b"tma-\xff.docx")  # a lone surrogate once decoded
    tma(tmp_path / name)
    tma(tmp_path / "plain.docx")
    command = [sys.executable, "-m", "tma_check", *args[:1], name, "plain.docx"]
    if args[0] == "explain":
        command = command[:-1]
    done = subprocess.run(
        [*command, *args[1:]],
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode in (0, 2)
    assert b"tma-\\udcff.docx" in done.stdout or b"tma-\\xff.docx" in done.stdout
    if args[0] != "explain":
        assert b"plain.docx" in done.stdout  # the batch's other file is not lost
