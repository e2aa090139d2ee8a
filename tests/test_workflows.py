"""Project configuration, batches, report files, watch mode and rubric tooling."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from pathlib import Path

import pytest
from builders import para, run, write_docx
from click.testing import CliRunner

from tma_check import record
from tma_check.api import check_file
from tma_check.batch import Job, expand
from tma_check.batch import run as run_batch
from tma_check.cli import cli
from tma_check.config import find_config, glob_regex
from tma_check.errors import RubricError
from tma_check.model import Status
from tma_check.rubric import load_rubric, presets
from tma_check.watch import wait_for_change, watch

RUBRIC = "title: T\nexclude: [question-text]\nquestions:\n  - {id: Q1, match: '^Q1\\)', limit: 5}\n"


def tma(path: Path, answer: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_docx(path, para(run("Q1) Describe it. (5 words)", "<w:b/>")) + para(answer))


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.docx", "tma02.docx", True),
        ("tma0?.docx", "tma02.docx", True),
        ("tma0[12].docx", "tma03.docx", False),
        ("drafts/*.docx", "drafts/a.docx", True),
        ("drafts/*.docx", "drafts/old/a.docx", False),
        ("drafts/**/*.docx", "drafts/old/a.docx", True),
        ("**/*.docx", "a.docx", True),
        ("*.DOCX", "a.docx", True),
    ],
)
def test_glob_patterns(pattern: str, path: str, matches: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is matches


def test_configuration_is_found_above_the_file_and_maps_patterns_to_rubrics(tmp_path: Path) -> None:
    (tmp_path / "tma02.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / ".tma-check.yaml").write_text(
        'rubrics:\n  "tma02*.docx": tma02.yaml\n  "drafts/**/*.docx": ou-default\nstrict: true\n',
        encoding="utf-8",
    )
    deep = tmp_path / "drafts" / "week1"
    deep.mkdir(parents=True)
    config = find_config(deep)
    assert config is not None and config.strict
    assert config.rubric_for(tmp_path / "drafts" / "week1" / "tma02-v3.docx") == str(
        tmp_path / "tma02.yaml"
    )
    assert config.rubric_for(deep / "notes.docx") == "ou-default"
    assert config.rubric_for(tmp_path / "other.docx") is None


def test_configuration_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.tma-check.rubrics]\n"*.docx" = "example-tma02"\n',
        encoding="utf-8",
    )
    config = find_config(tmp_path)
    assert config is not None and config.rubric_for(tmp_path / "a.docx") == "example-tma02"


def test_configuration_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".tma-check.yaml").write_text(
        "rubrics:\n  '*.docx': r.yaml\nstrictly: true\n", encoding="utf-8"
    )
    with pytest.raises(RubricError, match=r"\.tma-check\.yaml:3: strictly: unknown key 'strictly'"):
        find_config(tmp_path)


def test_check_uses_the_project_configuration(tmp_path: Path) -> None:
    (tmp_path / "tma.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / ".tma-check.yaml").write_text('rubrics:\n  "*.docx": tma.yaml\n', encoding="utf-8")
    doc = tma(tmp_path / "mine.docx", "One two three four five six seven.")
    code, out, err = invoke("check", str(doc), "-q")
    assert (code, err) == (1, "")
    assert out == f"{doc}: Q1: error: over limit by 2 words (40.0%); no leeway is allowed\n"


def test_batch_in_parallel_keeps_order_and_reports_bad_files(tmp_path: Path) -> None:
    rubric = load_rubric(str(_write(tmp_path / "r.yaml", RUBRIC)))
    jobs = []
    for n in range(10):
        answer = " ".join(["word"] * (3 + n % 4))
        jobs.append(Job(str(tma(tmp_path / f"s{n:02d}.docx", answer)), rubric))
    (tmp_path / "s99.docx").write_bytes(b"not a zip")
    jobs.append(Job(str(tmp_path / "s99.docx"), rubric))
    seen: list[str] = []
    results = list(run_batch(jobs, processes=2, progress=lambda r: seen.append(r.path)))
    assert [r.path for r in results] == [j.path for j in jobs] == seen
    counted = [r.questions[0].counted for r in results[:10]]
    assert counted == [3 + n % 4 for n in range(10)]
    assert [r.status for r in results[:4]] == [Status.OK, Status.OK, Status.OK, Status.FAIL]
    assert (
        results[-1].status is Status.ERROR
        and results[-1].error == "is not a Word document (.docx): it is not a zip package"
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_batch_summary_table_and_csv(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    folder = tmp_path / "scripts"
    for n in range(20):
        tma(folder / f"student{n:02d}.docx", " ".join(["word"] * (2 + n % 5)))
    (folder / "student20.docx").write_bytes(b"")
    (folder / "student21.docx").write_bytes(b"%PDF-1.4")
    code, out, _ = invoke("check", str(folder), "-r", str(rubric), "--format", "csv")
    assert code == 2  # an unreadable file makes the batch's exit code 2
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 22
    assert sum(1 for row in rows if row["status"] == "FAIL") == 4  # 6 words of 5: n % 5 == 4
    errors = [row for row in rows if row["file_status"] == "ERROR"]
    assert [Path(row["path"]).name for row in errors] == ["student20.docx", "student21.docx"]
    from tma_check.api import check_file
    from tma_check.report import Style, render_check

    results = [
        record.replace(check_file(str(path), load_rubric(str(rubric))), path=path.name)
        for path in sorted(folder.iterdir())[3:5]
    ]
    table = render_check(results, Style(format="table", width=100))
    assert [line.rstrip() for line in table.splitlines()] == [
        "2 documents",
        "File            Status  Worst question  Counted  Words",
        "─" * 54,
        "student03.docx  ok      -                     5     10",
        "student04.docx  FAIL    Q1 FAIL (6/5)         6     11",
        "1 ok, 1 FAIL",
    ]


def test_the_exit_code_of_a_batch_is_that_of_its_worst_file(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    good = tma(tmp_path / "good.docx", "Two words.")
    over = tma(tmp_path / "over.docx", "One two three four five six seven.")
    assert invoke("check", str(good), "-r", str(rubric))[0] == 0
    assert invoke("check", str(good), str(over), "-r", str(rubric))[0] == 1


def test_output_file_is_written_whole_and_format_follows_its_suffix(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    doc = tma(tmp_path / "a.docx", "Two words.")
    target = tmp_path / "report.json"
    code, out, _ = invoke("check", str(doc), "-r", str(rubric), "-o", str(target))
    assert (code, out) == (0, "")
    assert (
        json.loads(target.read_text(encoding="utf-8"))["files"][0]["questions"][0]["counted"] == 2
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "r.yaml", "report.json"]


def test_output_to_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    doc = tma(tmp_path / "a.docx", "Two words.")
    code, _, err = invoke(
        "check", str(doc), "-r", str(rubric), "-o", str(tmp_path / "no" / "r.txt")
    )
    assert code == 2 and err.startswith(
        f"tma-check: {tmp_path / 'no' / 'r.txt'}: cannot be written"
    )


def test_wait_for_change_sees_a_save_through_a_temporary_file(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "Two words.")
    from tma_check.watch import fingerprint

    before = fingerprint(str(doc))

    def save_like_word() -> None:
        time.sleep(0.05)
        temporary = tmp_path / "~WRL0001.tmp"
        tma(temporary, "Now three words.")
        doc.rename(tmp_path / "~WRL0002.tmp")
        temporary.rename(doc)
        (tmp_path / "~WRL0002.tmp").unlink()

    saver = threading.Thread(target=save_like_word)
    saver.start()
    after = wait_for_change(str(doc), before, interval=0.02, settle=0.05)
    saver.join()
    assert after != before and after == fingerprint(str(doc))


def test_watch_runs_again_after_each_save(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "Two words.")
    runs: list[int] = []
    naps = iter(range(1000))

    def sleep(seconds: float) -> None:
        if next(naps) == 3:  # the student saves while tma-check waits
            tma(doc, "Now three words.")

    from tma_check.api import check_file

    rubric = load_rubric(str(_write(tmp_path / "r.yaml", RUBRIC)))
    watch(
        str(doc),
        lambda: runs.append(check_file(str(doc), rubric).questions[0].counted or 0),
        sleep=sleep,
        rounds=1,
    )
    assert runs == [2, 3]


def test_rubric_show_folds_extends_and_says_where_values_came_from(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "mine.yaml",
        "extends: ou-default\ntitle: Mine\nleeway: 5\nquestions: [{id: Q1, limit: 100}]\n",
    )
    code, out, _ = invoke("rubric", "show", str(path))
    assert code == 0
    lines = out.splitlines()
    assert f"title: 'Mine'  # {path}:2" in lines
    assert f"leeway: 5  # {path}:3" in lines
    assert "  - question-text  # ou-default (preset):14" in lines
    assert "declared_tolerance: 2  # default" in lines
    shown = _write(tmp_path / "shown.yaml", out)
    assert [q.limit for q in load_rubric(str(shown)).questions] == [100]


def test_policy_presets_leave_out_what_the_policies_say() -> None:
    expected = {
        "warwick-wmg": (10, {"question-text", "declarations", "reference-list", "appendices"}),
        "york-st-john": (
            10,
            {"declarations", "tables", "captions", "footnotes", "reference-list", "appendices"},
        ),
        "sheffield-english": (5, {"question-text", "declarations", "footnotes", "reference-list"}),
        "auckland-law": (5, {"question-text", "declarations", "reference-list", "appendices"}),
        "exeter-humanities": (
            0,
            {"question-text", "declarations", "captions", "reference-list", "appendices"},
        ),
        "apa7": (0, {"declarations"}),
    }
    for name, (leeway, rules) in expected.items():
        rubric = load_rubric(name)
        assert (rubric.leeway, {use.id for use in rubric.exclude}) == (leeway, rules), name


def test_expand_skips_lock_files_and_finds_documents_in_folders(tmp_path: Path) -> None:
    tma(tmp_path / "b" / "two.docx", "x")
    tma(tmp_path / "a.docx", "x")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    files, notes = expand([str(tmp_path)])
    assert [Path(f).relative_to(tmp_path).as_posix() for f in files] == ["a.docx", "b/two.docx"]
    assert notes == [
        f"{tmp_path / '~$a.docx'}: skipped: Word's lock file for a document that is open"
    ]


def test_every_policy_preset_cites_its_source() -> None:
    for name, path in presets().items():
        text = path.read_text(encoding="utf-8")
        assert text.startswith(
            "# yaml-language-server: $schema=../tma_check/rubric/rubric.schema.json"
        )
        if name != "example-tma02":
            assert "source" in dict(load_rubric(name).origins), name
            assert "# Source:" in text, name


def test_a_report_never_overwrites_a_document(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    doc = tma(tmp_path / "a.docx", "Two words.")
    other = tma(tmp_path / "other.docx", "Mine.")
    before = (doc.read_bytes(), other.read_bytes())
    code, _, err = invoke("check", str(doc), "-r", str(rubric), "-o", str(doc))
    assert code == 2 and "is a Word document name; tma-check never writes over a document" in err
    code, _, err = invoke("count", str(tmp_path), "-o", str(tmp_path / "report.txt"))
    assert code == 0
    code, _, err = invoke("explain", str(doc), "-r", str(rubric), "-o", str(other))
    assert code == 2 and err.startswith(f"tma-check: {other}: is a Word document name")
    link = tmp_path / "link.txt"
    link.symlink_to(doc)
    code, _, err = invoke("check", str(doc), "-r", str(rubric), "-o", str(link))
    assert code == 2 and "is one of the files being read" in err
    assert (doc.read_bytes(), other.read_bytes()) == before


def test_a_preset_alone_applies_its_rules_to_the_questions_the_document_states(
    tmp_path: Path,
) -> None:
    answer = " ".join(["word"] * 40)
    doc = write_docx(
        tmp_path / "a.docx",
        para(run("Q1) Describe the model (20 words)", "<w:b/>"))
        + para(" ".join(["word"] * 30))
        + para(run("Q2) Evaluate the model (50 words)", "<w:b/>"))
        + para(f"{answer} (see Appendix A)"),
    )
    code, out, _ = invoke("check", str(doc), "-r", "sheffield-english", "--format", "plain")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        f"{doc}: file: note: sheffield-english (preset) lists no questions and no limit: its rules "
        "applied to the questions and limits read from the document "
        "(tma-check rubric infer shows them)"
    )
    assert f"{doc}: Q1: error: over limit by 10 words (50.0%), beyond the 5% leeway" in lines
    # sheffield-english counts appendix pointers: all 43 words of Q2's answer
    assert f"{doc}: Q2: ok: 43 of 50 words (86.0%)" in lines
    code, out, _ = invoke("check", str(doc), "-r", "ou-default", "--format", "plain")
    assert f"{doc}: Q2: ok: 40 of 50 words (80.0%)" in out.splitlines()
    code, out, _ = invoke("check", str(doc), "-r", "ou-default", "--limit", "60")
    assert code == 1  # the questions' total, 70 words, against --limit


def test_no_questions_no_limit_and_no_rubric_is_not_a_pass(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "essay.docx", para("An essay with no numbered questions at all."))
    code, out, _ = invoke("check", str(doc))
    assert code == 2
    assert f"{doc}: file: error: not checked: no word limit found in the document" in out
    assert f"{doc}: Document: note: 8 words (no limit)" in out


def test_strict_in_the_configuration_holds_with_an_explicit_rubric(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC.replace("limit: 5", "limit: 5, minimum: 4"))
    (tmp_path / ".tma-check.yaml").write_text("rubrics: {}\nstrict: true\n", encoding="utf-8")
    doc = tma(tmp_path / "a.docx", "Two words.")  # under the minimum: a warning
    assert invoke("check", str(doc), "-r", str(rubric))[0] == 1


def test_a_question_heading_written_twice_is_reported(tmp_path: Path) -> None:
    rubric = _write(tmp_path / "r.yaml", RUBRIC)
    body = (
        para("Q1) Describe it.", style="Heading1")
        + para("One.")
        + para("Q1) Describe it.", style="Heading1")
        + para("Two.")
    )
    doc = write_docx(tmp_path / "twice.docx", body)
    code, out, _ = invoke("check", str(doc), "-r", str(rubric), "-q")
    assert code == 0
    assert out == (
        f"{doc}: Q1: warning: Q1 is written twice; the second time ('Q1) Describe it.') is kept apart "
        "as 'Q1 (again)' and counts toward no question\n"
    )


def test_rubric_infer_never_writes_over_the_document(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "Two words.")
    before = doc.read_bytes()
    code, _, err = invoke("rubric", "infer", str(doc), "-o", str(doc))
    assert (
        code == 2
        and err
        == f"tma-check: {doc}: is a Word document name; tma-check never writes over a document\n"
    )
    code, _, err = invoke("rubric", "infer", str(doc), "-o", str(tmp_path / "notes.txt"))
    assert code == 2 and "name a .yaml, .yml file" in err
    code, _, err = invoke("rubric", "infer", str(doc), "-o", str(tmp_path / "missing" / "r.yaml"))
    assert code == 2 and "cannot be written" in err and "Traceback" not in err
    assert doc.read_bytes() == before
    code, _, err = invoke("check", str(doc), "-r", "example-tma02", "-o", str(tmp_path / "r.yaml"))
    assert code == 2 and "is a rubric or configuration file name" in err


def test_report_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    doc = tma(tmp_path / "a.docx", "Two words.")
    target = tmp_path / "report.txt"
    old = os.umask(0o022)
    try:
        invoke("count", str(doc), "-o", str(target))
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_watch_refuses_a_missing_file(tmp_path: Path) -> None:
    code, _, err = invoke("check", str(tmp_path / "gone.docx"), "-r", "example-tma02", "--watch")
    assert (code, err) == (2, f"tma-check: {tmp_path / 'gone.docx'}: no such file to watch\n")


def test_quiet_means_plain_lines_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from tma_check import cli as command_line

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("os.get_terminal_size", lambda: __import__("os").terminal_size((100, 40)))
    assert command_line.make_style("auto", "auto", False, None, quiet=True).resolved() == "plain"
    assert command_line.make_style("auto", "auto", False, None).resolved() == "table"


def test_rubric_show_round_trips_numbers_and_keeps_the_policy_source(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "odd.yaml",
        "title: Odd\nsource: a handbook\nleeway: 0.0000001\ntotal_marks: 12.3456789\n"
        "questions: [{id: Q1, marks: 12.3456789}]\n",
    )
    code, out, _ = invoke("rubric", "show", str(path))
    assert code == 0
    assert f"source: 'a handbook'  # {path}:2" in out.splitlines()
    shown = load_rubric(str(_write(tmp_path / "shown.yaml", out)))
    original = load_rubric(str(path))
    assert (shown.leeway, shown.total_marks, shown.policy) == (
        original.leeway,
        original.total_marks,
        "a handbook",
    )


def test_small_conveniences_a_user_reaches_for(tmp_path: Path) -> None:
    doc = write_docx(
        tmp_path / "q.docx",
        para("Question 1", style="Heading1")
        + para(" ".join(["word"] * 30))
        + para("Question 2", style="Heading1")
        + para(" ".join(["word"] * 20)),
    )
    rubric = tmp_path / "r.yaml"
    rubric.write_text("questions:\n  - {id: 1, minimum: 25}\n  - {id: 2, limit: 30}\n", "utf-8")
    code, out, _ = invoke("check", str(doc), "-r", str(rubric), "--format", "plain")
    assert code == 0  # "id: 1" names question 1
    assert f"{doc}: 1: ok: 32 words, at least 25 asked (no upper limit)" in out.splitlines()
    code, out, _ = invoke("explain", str(doc), "-Q", "Q2", "--format", "plain")
    assert code == 0 and "== Question 2" in out and "== Question 1" not in out
    code, out, _ = invoke("check", str(doc), "--format", "json")
    assert (code, json.loads(out)["files"][0]["status"]) == (2, "unchecked")
    with pytest.raises(ValueError, match="minimum 50 is above the limit 40"):
        check_file(str(doc), None, limit=40, minimum=50)
