"""What a linter user reaches for: severities and a summary, standard input, the
configuration flags, colour control, --debug, per-command formats, completion."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import para, write_docx
from click.testing import CliRunner
from commandline import ESC, RUBRIC, invoke, tma, tma_check, write_rubric
from hypothesis import given, settings
from hypothesis import strategies as st

from tma_check.cli import cli
from tma_check.model import DocumentCount
from tma_check.report import Style, render_count


@pytest.fixture
def rubric(tmp_path: Path) -> Path:
    return write_rubric(tmp_path)


# -- plain lines: a severity word on every line, then a summary -------------------


def test_every_plain_line_has_a_severity_and_a_summary_ends_the_report(
    tmp_path: Path, rubric: Path
) -> None:
    good = tma(tmp_path / "good.docx", "Three short words.")
    near = tma(tmp_path / "near.docx", "Seven words make this answer run over.")
    far = tma(tmp_path / "far.docx", "This answer has far too many words for its limit.")
    code, out, err = invoke("check", str(good), str(near), str(far), "-r", str(rubric))
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"{good}: Q1: ok: 3 of 5 words (60.0%)",
        f"{near}: Q1: warning: over limit by 2 words (40.0%), within 50% leeway",
        f"{far}: Q1: error: over limit by 5 words (100.0%), beyond the 50% leeway",
        "3 files, 3 questions: 1 error, 1 warning",
    ]


def test_quiet_keeps_only_problems_and_drops_the_summary(tmp_path: Path, rubric: Path) -> None:
    good = tma(tmp_path / "good.docx", "Three short words.")
    near = tma(tmp_path / "near.docx", "Seven words make this answer run over.")
    code, out, _ = invoke("check", str(good), str(near), "-r", str(rubric), "-q")
    assert code == 0
    assert out == f"{near}: Q1: warning: over limit by 2 words (40.0%), within 50% leeway\n"


def test_an_unreadable_file_alone_is_one_line_and_counts_as_an_error_in_a_batch(
    tmp_path: Path, rubric: Path
) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    code, out, _ = invoke("check", str(broken), "-r", str(rubric))
    assert code == 2
    assert (
        out == f"{broken}: file: error: is not a Word document (.docx): it is not a zip package\n"
    )
    good = tma(tmp_path / "good.docx", "Three short words.")
    code, out, _ = invoke("check", str(broken), str(good), "-r", str(rubric))
    assert code == 2
    assert out.splitlines()[-1] == "2 files, 1 question: 1 error, 0 warnings"


def test_every_command_reports_an_unreadable_file_on_standard_output(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    line = f"{broken}: file: error: is not a Word document (.docx): it is not a zip package\n"
    for command in ("check", "count", "explain"):
        code, out, err = invoke(command, str(broken), "--format", "plain")
        assert (code, out, err) == (2, line, ""), command


def test_a_report_written_to_a_file_leaves_a_verdict_on_the_terminal(
    tmp_path: Path, rubric: Path
) -> None:
    far = tma(tmp_path / "far.docx", "This answer has far too many words for its limit.")
    report = tmp_path / "report.json"
    code, out, err = invoke("check", str(far), "-r", str(rubric), "-o", str(report))
    assert (code, out) == (1, "")
    assert err == f"tma-check: wrote {report}: 1 file, 1 question: 1 error, 0 warnings\n"
    assert report.read_text(encoding="utf-8").startswith("{")
    code, out, err = invoke("count", str(far), "-o", str(tmp_path / "count.csv"))
    assert (code, out) == (0, "")
    assert err == f"tma-check: wrote {tmp_path / 'count.csv'}: 1 file: 0 errors\n"


# -- standard input ---------------------------------------------------------------


def test_a_document_can_come_from_standard_input(tmp_path: Path, rubric: Path) -> None:
    data = tma(tmp_path / "a.docx", "Three short words.").read_bytes()
    code, out, _ = invoke("count", "-", input=data)
    assert (code, out) == (0, "-: 8 words (body 8)\n")
    code, out, _ = invoke("check", "-", "-r", str(rubric), "-q", input=data)
    assert (code, out) == (0, "")
    code, out, _ = invoke("check", "-", "-r", str(rubric), input=data)
    assert out.splitlines()[0] == "-: Q1: ok: 3 of 5 words (60.0%)"


def test_stdin_filename_names_the_document_and_chooses_its_rubric(
    tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tma-check.yaml").write_text(
        'rubrics:\n  "tma*.docx": rubric.yaml\n', encoding="utf-8"
    )
    data = tma(tmp_path / "x" / "a.docx", "Seven words make this answer run over.").read_bytes()
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("check", "-", "--stdin-filename", "tma02.docx", "-q", input=data)
    assert (code, out) == (
        0,
        "tma02.docx: Q1: warning: over limit by 2 words (40.0%), within 50% leeway\n",
    )


def test_standard_input_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    code, _, err = invoke("count", "-", "-", input=b"x")
    assert (code, err) == (2, "tma-check: standard input (-) can be read only once\n")
    doc = tma(tmp_path / "a.docx", "Words.")
    code, _, err = invoke("count", str(doc), "--stdin-filename", "b.docx")
    assert code == 2 and "--stdin-filename is for a document read from standard input" in err
    code, _, err = invoke("count", "-", input=b"PK\x03\x04 broken")
    assert code == 2


# -- configuration flags ------------------------------------------------------------


def _strict_project(tmp_path: Path) -> Path:
    (tmp_path / "rubric.yaml").write_text(RUBRIC, encoding="utf-8")
    (tmp_path / ".tma-check.yaml").write_text(
        'rubrics:\n  "*.docx": rubric.yaml\nstrict: true\n', encoding="utf-8"
    )
    return tma(tmp_path / "near.docx", "Seven words make this answer run over.")


def test_no_strict_overrides_the_configuration(tmp_path: Path) -> None:
    near = _strict_project(tmp_path)
    assert invoke("check", str(near), "-q")[0] == 1  # strict: true makes a warning fail
    assert invoke("check", str(near), "-q", "--no-strict")[0] == 0
    assert invoke("check", str(near), "-q", "--strict")[0] == 1


def test_isolated_reads_no_configuration(tmp_path: Path) -> None:
    near = _strict_project(tmp_path)
    code, out, _ = invoke("check", str(near), "--isolated")
    assert out.splitlines()[0].startswith(f"{near}: file: note: no rubric given")
    assert code == 1  # the limit the prompt states (5), with no leeway: 7 words fail


def test_config_names_the_configuration_to_use(tmp_path: Path) -> None:
    near = _strict_project(tmp_path)
    other = tmp_path / "elsewhere" / "ci.yaml"
    other.parent.mkdir()
    (other.parent / "lenient.yaml").write_text(RUBRIC.replace("leeway: 50", "leeway: 0"))
    other.write_text('rubrics:\n  "*.docx": lenient.yaml\n', encoding="utf-8")
    code, out, _ = invoke("check", str(near), "--config", str(other), "-q")
    assert code == 1  # no leeway in the named configuration's rubric, and not strict
    assert "error: over limit by 2 words (40.0%); no leeway is allowed" in out


def test_configuration_flag_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    near = _strict_project(tmp_path)
    missing = tmp_path / "nope.yaml"
    assert invoke("check", str(near), "--config", str(missing)) == (
        2,
        "",
        f"tma-check: {missing}: no such configuration file (or not a regular file)\n",
    )
    code, _, err = invoke("check", str(near), "--config", str(missing), "--isolated")
    assert (code, err) == (2, "tma-check: --config and --isolated cannot be given together\n")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    code, _, err = invoke("check", str(near), "--config", str(pyproject))
    assert (code, err) == (2, f"tma-check: {pyproject}: has no [tool.tma-check] table\n")


# -- colour ---------------------------------------------------------------------------


def test_colour_follows_the_flag_then_no_color_then_force_color(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "Three short words.")
    table = ("check", str(doc), "--format", "table", "--limit", "10")
    assert ESC not in tma_check(*table).stdout  # not a terminal
    assert ESC in tma_check(*table, "--color", "always").stdout
    assert ESC in tma_check(*table, env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in tma_check(*table, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert ESC in tma_check(*table, "--color", "always", env={"NO_COLOR": "1"}).stdout
    assert ESC not in tma_check(*table, "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert ESC not in tma_check(*table, "--no-color", env={"FORCE_COLOR": "1"}).stdout


def test_explain_without_colour_marks_where_each_span_starts(tmp_path: Path) -> None:
    from tma_check.api import check_file
    from tma_check.report import Style, render_explain
    from tma_check.rubric import load_rubric

    doc = tma(tmp_path / "a.docx", "Three short words.")
    result = check_file(str(doc), load_rubric("ou-default"))
    shown = render_explain(result, None, Style(format="table", color=False, is_terminal=True))
    assert "[question-text: Q1) Describe it. (5 words)]" in shown
    coloured = render_explain(result, None, Style(format="table", color=True, is_terminal=True))
    assert ESC in coloured and "[question-text]" in coloured


# -- --debug, formats per command, completion, watch ------------------------------------


def test_every_command_takes_debug() -> None:
    for command in (
        ["check"],
        ["explain"],
        ["count"],
        ["rubric", "list"],
        ["rubric", "validate"],
        ["rubric", "show"],
        ["rubric", "infer"],
        ["rubric", "schema"],
    ):
        code, out, _ = invoke(*command, "--help")
        assert code == 0 and "--debug" in out, command


def test_an_unexpected_error_is_one_line_or_with_debug_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.api

    def broken(path: str) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(tma_check.api, "count_file", broken)
    doc = tma(tmp_path / "a.docx", "Words.")
    assert invoke("count", str(doc)) == (
        2,
        "",
        "tma-check: internal error (ZeroDivisionError: a bug); rerun with --debug and report it\n",
    )
    result = CliRunner().invoke(cli, ["count", str(doc), "--debug"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_help_lists_only_the_formats_a_command_writes() -> None:
    formats = {}
    for command in ("check", "count", "explain"):
        _, out, _ = invoke(command, "--help")
        found = re.search(r"--format \[([a-z|]+)\]", out)
        assert found, command
        formats[command] = found[1].split("|")
    assert "html" in formats["check"] and "html" not in formats["count"]
    assert formats["explain"] == ["auto", "table", "plain", "json", "html"]
    code, _, err = invoke("count", "x.docx", "--format", "html")
    assert code == 2 and "'html' is not one of" in err


def test_shell_completion_offers_presets_for_rubric() -> None:
    done = tma_check(
        env={
            "_TMA_CHECK_COMPLETE": "bash_complete",
            "COMP_WORDS": "tma-check check -r ou",
            "COMP_CWORD": "3",
        }
    )
    assert "plain,ou-default" in done.stdout.splitlines()


def test_watch_says_when_it_last_checked(
    tmp_path: Path, rubric: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.watch

    monkeypatch.setattr(tma_check.watch, "watch", lambda path, again: again())
    doc = tma(tmp_path / "a.docx", "Three short words.")
    code, _, err = invoke("check", str(doc), "-r", str(rubric), "--watch", "-q")
    assert code == 0
    assert re.fullmatch(
        rf"checked at \d\d:\d\d:\d\d; watching {re.escape(str(doc))} for changes; "
        r"Ctrl-C to stop\n",
        err,
    )


def test_count_names_text_boxes_in_two_words(tmp_path: Path) -> None:
    doc = tma(tmp_path / "a.docx", "Words.")
    _, out, _ = invoke("count", str(doc), "--format", "markdown")
    assert "Text boxes" in out and "Textboxes" not in out
    # the table has a column for text boxes when a file has some
    boxed = DocumentCount("a.docx", 3, (("body", 1), ("textboxes", 2)), None, True)
    out = render_count([boxed], Style(format="table"))
    assert "Text boxes" in out and "Textboxes" not in out


# -- one line shape, one rounding, one order, one stream --------------------------------

PLAIN_LINE = re.compile(r"^(.+?): (.+?): (error|warning|ok|note): (.*)$")


def test_every_plain_line_but_the_summary_has_the_documented_shape(tmp_path: Path) -> None:
    body = (
        para("Q1) Describe it. (5 words)")
        + para("One two three four five six.")
        + para("Introduction", style="Heading1")
        + para("Q1) Describe it again.")
        + para("Seven eight.")
    )
    zero_config = write_docx(tmp_path / "a.docx", body)  # notes, a repeat, an error
    essay = write_docx(tmp_path / "b.docx", para("An essay with no limit stated at all."))
    broken = tmp_path / "c.docx"
    broken.write_bytes(b"not a zip")
    code, out, _ = invoke("check", str(zero_config), str(essay), str(broken), "--format", "plain")
    assert code == 2
    *lines, summary = out.splitlines()
    assert summary == "3 files, 2 questions: 3 errors, 1 warning"
    assert {PLAIN_LINE.match(line).group(2) for line in lines} >= {"file", "Q1"}  # type: ignore[union-attr]
    assert all(PLAIN_LINE.match(line) for line in lines), lines
    assert (
        f"{broken}: file: error: is not a Word document (.docx): it is not a zip package" in lines
    )
    assert any(line.startswith(f"{zero_config}: file: note: no rubric given") for line in lines)
    assert f"{essay}: file: error: not checked: no word limit found in the document" in out


def test_quiet_drops_the_notes_too(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "a.docx", para("Q1) Describe it. (5 words)") + para("One two."))
    code, out, _ = invoke("check", str(doc), "-q")
    assert (code, out) == (0, "")  # within its limit: nothing to say, not even how


@pytest.mark.parametrize(
    ("counted", "shown"), [(2001, "100.1%"), (1999, "99.9%"), (2000, "100.0%"), (1, "0.1%")]
)
def test_a_percentage_never_rounds_across_the_limit(
    tmp_path: Path, counted: int, shown: str
) -> None:
    doc = write_docx(tmp_path / "e.docx", para(" ".join(["word"] * counted)))
    _, out, _ = invoke("check", str(doc), "--limit", "2000", "--format", "plain")
    if counted <= 2000:
        assert f"Document: ok: {counted:,} of 2,000 words ({shown})" in out
    else:
        assert "over limit by 1 word (0.1%)" in out
    _, out, _ = invoke("check", str(doc), "--limit", "2000", "--format", "csv")
    assert f",{shown.rstrip('%')}," in out.splitlines()[1]


@settings(max_examples=2000, derandomize=True)
@given(st.integers(0, 10**7), st.integers(1, 10**7))
def test_a_percentage_is_the_exact_share_rounded_half_up_to_a_tenth(part: int, whole: int) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    from tma_check.amounts import percent

    exact = Decimal(part) * 100 / Decimal(whole)
    expected = exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if part != whole and expected == 100:
        expected = Decimal("100.1") if part > whole else Decimal("99.9")
    elif part and not expected:
        expected = Decimal("0.1")
    assert percent(part, whole) == float(expected)


def test_every_format_lists_the_rules_biggest_first(tmp_path: Path) -> None:
    doc = write_docx(
        tmp_path / "a.docx",
        para("Q1) Describe it. (50 words)")
        + para("Answer words here (see Appendix A for the long list of things) and more."),
    )
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "exclude: [question-text, appendix-pointers]\n"
        "questions:\n  - {id: Q1, match: '^Q1\\)', limit: 50}\n",
        encoding="utf-8",
    )
    _, out, _ = invoke("check", str(doc), "-r", str(rubric), "--format", "json")
    import json

    excluded = json.loads(out)["files"][0]["questions"][0]["excluded"]
    assert list(excluded.items()) == [("appendix-pointers", 9), ("question-text", 5)]
    _, out, _ = invoke("check", str(doc), "-r", str(rubric), "--format", "csv")
    assert "appendix-pointers 9; question-text 5" in out


def test_csv_escapes_control_characters_in_names(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / f"a{ESC}[31mb.docx", para("Short essay."))
    _, out, _ = invoke("check", str(doc), "--limit", "10", "--format", "csv")
    assert ESC not in out and "a\\x1b[31mb.docx" in out


def test_a_part_the_rubric_lists_but_the_answer_lacks_is_reported_once(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "a.docx", para("Q1) Describe it.") + para("One two three."))
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "questions:\n  - {id: Q1, match: '^Q1\\)', limit: 50, parts: [{id: a, limit: 20}]}\n",
        encoding="utf-8",
    )
    _, out, _ = invoke("check", str(doc), "-r", str(rubric), "--format", "plain")
    assert [line for line in out.splitlines() if "'a'" in line] == [
        f"{doc}: Q1 part a: error: not found in Q1: no part labelled 'a'"
    ]


def test_a_limit_with_its_leeway_on_a_line_of_its_own_is_read_as_the_limit(
    tmp_path: Path,
) -> None:
    doc = write_docx(
        tmp_path / "essay.docx",
        para("Reflective essay", style="Heading1")
        + para("2,000 words (+/-10%)")
        + para(" ".join(["word"] * 300)),
    )
    code, out, _ = invoke("check", str(doc), "--format", "plain")
    assert code == 0
    assert f"{doc}: Document: ok: 300 of 2,000 words (15.0%)" in out
    assert "declared" not in out


def test_explain_says_how_the_rubric_was_chosen(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "a.docx", para("Q1) Describe it. (5 words)") + para("One two."))
    _, out, _ = invoke("explain", str(doc), "--format", "plain")
    assert out.splitlines()[1].startswith("  note: no rubric given: checked against one inferred")


def test_validate_quotes_a_pattern_as_the_rubric_writes_it(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("questions:\n  - {id: Q1, match: '^Q1\\)('}\n", encoding="utf-8")
    _, out, _ = invoke("rubric", "validate", str(rubric))
    assert "'^Q1\\)(' is not a valid regular expression" in out


def test_the_library_takes_a_path_and_reports_it_as_text(tmp_path: Path) -> None:
    from tma_check.api import check_file, count_file

    doc = write_docx(tmp_path / "a.docx", para("Some words."))
    result = check_file(doc, None, limit=10)
    assert result.path == str(doc) and isinstance(result.path, str)
    assert count_file(doc).path == str(doc)


def test_a_pattern_with_a_line_break_stays_one_line_in_the_error(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text('questions:\n  - {id: Q1, match: "Q1\\n("}\n', encoding="utf-8")
    _, out, _ = invoke("rubric", "validate", str(rubric))
    (line,) = out.splitlines()
    assert "'Q1\\n(' is not a valid regular expression" in line
