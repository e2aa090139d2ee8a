"""The command line, in-process: what a user sees and the exit code they get."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from builders import para, run, write_docx
from click.testing import CliRunner

from tma_check import record
from tma_check.cli import cli

GOLDEN = Path(__file__).parent / "golden"

RUBRIC = """\
title: Test module, TMA 01
extends: ou-default
leeway: 10
total_marks: 30
questions:
  - id: Q1
    match: '^Q1\\)'
    limit: 10
    marks: 10
  - id: Q2
    match: '^Q2\\)'
    limit: 5
    marks: 10
  - id: Part B
    match: '^Part B\\b'
    marks: 10
"""


def bold(text: str) -> str:
    return para(run(text, "<w:b/>"))


def make_tma(folder: Path, q1: str, q2: str, name: str = "tma.docx") -> Path:
    body = (
        para("TMA 01")
        + bold("Q1) Describe the model. (10 words)")
        + para("(9 Words)")
        + para(q1)
        + bold("Q2) Evaluate it. (5 words)")
        + para(q2)
        + bold("Part B Forum reflection")
        + para("Posts were useful (see Appendix A).")
        + para("References")
        + para("Raelin, J. (2003) Creating Leaderful Organizations.")
    )
    return write_docx(folder / name, body)


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_plain_report_and_exit_0(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_tma(
        tmp_path, "One two three four five six seven eight nine.", "One two three four five."
    )
    code, out, err = invoke("check", str(doc), "--rubric", str(rubric_file))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{doc}: Q1: ok: 9 of 10 words (90.0%)",
        f"{doc}: Q2: ok: 5 of 5 words (100.0%)",
        f"{doc}: Part B: note: 3 words (no limit)",
        f"{doc}: front matter: note: 2 words (no question)",
        f"{doc}: references: note: 7 words, 7 left out (no question)",
        "1 file, 3 questions: 0 errors, 0 warnings",
    ]


def test_over_within_leeway_is_a_warning_and_strict_makes_it_fail(
    tmp_path: Path, rubric_file: Path
) -> None:
    doc = make_tma(
        tmp_path,
        "One two three four five six seven eight nine ten eleven.",
        "One two three four five.",
    )
    code, out, _ = invoke("check", str(doc), "-r", str(rubric_file), "--quiet")
    assert code == 0
    assert out.splitlines() == [
        f"{doc}: Q1: warning: over limit by 1 word (10.0%), within 10% leeway"
    ]
    code, _, _ = invoke("check", str(doc), "-r", str(rubric_file), "--strict")
    assert code == 1


def test_declared_count_far_from_the_count_is_a_warning(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_tma(tmp_path, "One two three four five six.", "One two three four five.")
    code, out, _ = invoke("check", str(doc), "-r", str(rubric_file), "--quiet")
    assert code == 0
    assert out.splitlines() == [f"{doc}: Q1: warning: you declared 9, tma-check counts 6"]


def test_beyond_leeway_fails_with_exit_1(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_tma(
        tmp_path,
        "One two three four five six seven eight nine.",
        "One two three four five six seven.",
    )
    code, out, _ = invoke("check", str(doc), "-r", str(rubric_file), "-q")
    assert code == 1
    assert out.splitlines() == [
        f"{doc}: Q2: error: over limit by 2 words (40.0%), beyond the 10% leeway"
    ]


def test_missing_question_fails(tmp_path: Path, rubric_file: Path) -> None:
    doc = write_docx(
        tmp_path / "short.docx", bold("Q1) Describe.") + para("Answer.") + bold("Part B posts")
    )
    code, out, _ = invoke("check", str(doc), "-r", str(rubric_file), "-q")
    assert code == 1
    assert out.splitlines() == [
        f"{doc}: Q2: error: not found in the document: no paragraph matches the pattern ^Q2\\)"
    ]


def test_json_report(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_tma(
        tmp_path, "One two three four five six seven eight nine.", "One two three four five."
    )
    code, out, _ = invoke("check", str(doc), "-r", str(rubric_file), "--format", "json")
    assert code == 0
    report = json.loads(out)
    (entry,) = report["files"]
    assert entry["path"] == str(doc) and entry["status"] == "ok"
    q1 = entry["questions"][0]
    assert {k: q1[k] for k in ("id", "limit", "marks", "counted", "declared", "status")} == {
        "id": "Q1",
        "limit": 10,
        "marks": 10,
        "counted": 9,
        "declared": 9,
        "status": "ok",
    }
    assert q1["excluded"] == {"question-text": 6, "declarations": 2}
    assert entry["questions"][2]["excluded"] == {"question-text": 4, "appendix-pointers": 3}
    assert [s["kind"] for s in entry["sections"]] == ["front-matter", "references"]


def test_table_golden(tmp_path: Path, rubric_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tma_check.api import check_file
    from tma_check.report import Style, render_check
    from tma_check.rubric import load_rubric

    doc = make_tma(
        tmp_path,
        "One two three four five six seven eight nine ten eleven.",
        "Five words (see Appendix B) here now.",
    )
    result = check_file(str(doc), load_rubric(str(rubric_file)))
    result = record.replace(result, path="tma.docx")
    text = render_check([result], Style(format="table", width=100))
    golden = GOLDEN / "check_table.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_count_json_and_plain(tmp_path: Path) -> None:
    doc = write_docx(
        tmp_path / "c.docx",
        para("One two—three.")
        + "<w:tbl><w:tr><w:tc>"
        + para("Cell words")
        + "</w:tc></w:tr></w:tbl>",
        app_words=4,
    )
    code, out, _ = invoke("count", str(doc), "--format", "json")
    assert code == 0
    (entry,) = json.loads(out)["files"]
    assert (entry["words"], entry["cached_words"]) == (5, 4)
    assert entry["parts"] == {"body": 3, "tables": 2, "textboxes": 0, "footnotes": 0, "endnotes": 0}
    code, out, _ = invoke("count", str(doc))
    assert out == f"{doc}: 5 words (body 3, tables 2); the file says 4\n"


BAD_INPUTS = {
    "missing.docx": (None, "no such file"),
    "empty.docx": (b"", "is empty (0 bytes)"),
    "notes.docx": (b"just some text\n", "is not a Word document (.docx): it is not a zip package"),
    "paper.docx": (b"%PDF-1.7\n...", "is a PDF, not a Word document"),
    "letter.docx": (
        b"{\\rtf1\\ansi hello}",
        "is an RTF file; open it in Word and save it as .docx",
    ),
    "old.doc": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "is an old Word 97-2003 (.doc) file",
    ),
    "locked.docx": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"),
        "is password-protected; remove the password in Word",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_exit_2(
    tmp_path: Path, rubric_file: Path, name: str
) -> None:
    data, expected = BAD_INPUTS[name]
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    code, out, err = invoke("check", str(path), "-r", str(rubric_file))
    assert code == 2
    assert out.splitlines() == [
        f"{path}: file: error: {expected}" + out.split(expected, 1)[1].splitlines()[0]
    ]
    assert "Traceback" not in out + err


def test_a_folder_of_documents_with_broken_ones_and_a_lock_file(
    tmp_path: Path, rubric_file: Path
) -> None:
    folder = tmp_path / "scripts"
    folder.mkdir()
    good = make_tma(
        folder, "One two three four five six seven eight nine.", "Two.", name="a-good.docx"
    )
    broken = folder / "b-broken.docx"
    broken.write_bytes(good.read_bytes()[:400])
    no_document = folder / "c-nodoc.docx"
    with zipfile.ZipFile(no_document, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    (folder / "~$a-good.docx").write_bytes(b"\0" * 162)
    (folder / "notes.txt").write_text("not a document", encoding="utf-8")
    code, out, err = invoke("check", str(folder), "-r", str(rubric_file), "-q")
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"{broken}: file: error: is damaged")
    assert (
        lines[1]
        == f"{no_document}: file: error: is not a Word document: it has no main document part"
    )
    assert len(lines) == 2  # the good file has no problems to report
    lock = folder / "~$a-good.docx"
    assert err == f"tma-check: {lock}: skipped: Word's lock file for a document that is open\n"
    assert "Traceback" not in out + err


def test_invalid_rubric_is_one_line_on_stderr(tmp_path: Path) -> None:
    doc = make_tma(tmp_path, "One.", "Two.")
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions:\n  - id: Q1\n    limit: lots\n", encoding="utf-8")
    code, out, err = invoke("check", str(doc), "-r", str(bad))
    assert (code, out) == (2, "")
    assert err == f"tma-check: {bad}:3: questions[0].limit: must be a whole number, not text\n"


def test_input_file_is_never_modified(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_tma(tmp_path, "One two.", "Three.")
    os.utime(doc, (1_600_000_000, 1_600_000_000))
    before = (doc.read_bytes(), doc.stat().st_mtime_ns)
    for args in (
        ["check", str(doc), "-r", str(rubric_file)],
        ["count", str(doc)],
        ["check", str(doc), "-r", str(rubric_file), "--format", "json"],
    ):
        invoke(*args)
    assert (doc.read_bytes(), doc.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rubric.yaml", "tma.docx"]


def test_help_documents_exit_codes_and_examples() -> None:
    code, out, _ = invoke("--help")
    assert code == 0 and "Exit codes:" in out and "2  the command was used wrongly" in out
    for command in (["check"], ["count"], ["rubric", "validate"], ["rubric", "list"]):
        code, out, _ = invoke(*command, "--help")
        assert code == 0 and "Example" in out, command


def test_version_and_module_entry_point() -> None:
    from tma_check import __version__

    code, out, _ = invoke("--version")
    assert (code, out) == (0, f"tma-check, version {__version__}\n")
    done = subprocess.run(
        [sys.executable, "-m", "tma_check", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and __version__ in done.stdout


def test_every_reporter_is_offered_by_the_command_line() -> None:
    from tma_check.cli import FORMAT_CHOICES
    from tma_check.report import FORMATS

    assert FORMAT_CHOICES == FORMATS


def test_no_rubric_infers_one_from_the_prompts(tmp_path: Path) -> None:
    body = (
        bold("Q1) Describe the model. (10 words) (10 marks)")
        + para("One two three four five six seven eight nine.")
        + bold("Q2) Evaluate it. (5 words) (20 marks)")
        + para("One two three four five six seven.")
    )
    doc = write_docx(tmp_path / "plain.docx", body)
    code, out, err = invoke("check", str(doc))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{doc}: file: note: no rubric given: checked against one inferred from the document,"
        " with ou-default's exclusions and no leeway (the document states none)"
        " (tma-check rubric infer shows it)",
        f"{doc}: Q1: ok: 9 of 10 words (90.0%)",
        f"{doc}: Q2: error: over limit by 2 words (40.0%); no leeway is allowed",
        "1 file, 2 questions: 1 error, 0 warnings",
    ]
