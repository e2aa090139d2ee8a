"""The rubric commands as a user sees them: every error at once, did-you-mean for presets,
the preset list, the schema comment of an inferred rubric, and paths as rubric names."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from builders import docx_bytes, para
from click.testing import CliRunner

from tma_check.cli import cli
from tma_check.errors import RubricError
from tma_check.rubric import load_rubric, presets
from tma_check.rubric.problems import close_name
from tma_check.rubric.schema import SCHEMA_FILE, schema_path
from tma_check.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tma02.docx"
PRESETS = ", ".join(presets())


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def document(folder: Path) -> Path:
    path = folder / "tma.docx"
    path.write_bytes(docx_bytes(para("Q1) Say something.") + para("Something.")))
    return path


# -- rubric validate: every error -----------------------------------------------

FOUR_WRONG_VALUES = """
    title: T
    leway: 10
    exclude:
      - question-text
      - quotes
    questions:
      - id: Q1
        limt: 200
      - id: Q2
        limit: two hundred
"""

SEVEN_WRONG_TOGETHER = """
    title: T
    extends: ou-default
    total_marks: 100
    limit: 100
    minimum: 200
    include: [tables]
    questions:
      - id: Q1
        marks: 10
        limit: 100
        minimum: 300
      - id: Q1
        include: [nope]
        parts:
          - {id: a}
          - {id: a}
"""


def test_validate_reports_every_error_against_the_schema_then_counts_them(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "bad.yaml", FOUR_WRONG_VALUES)
    code, err, out = invoke("rubric", "validate", str(path))  # errors: the report
    rules = ", ".join(RULES)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:2: leway: unknown key 'leway' (did you mean 'leeway'?); keys here are: title, "
        "limit, minimum, extends, source, leeway, total_marks, declared_tolerance, penalties, "
        "share_tolerance, reference_heading, appendix_heading, exclude, include, questions",
        f"{path}:5: exclude[1]: unknown rule 'quotes'; rules are: {rules} "
        "(did you mean 'quotations'?)",
        f"{path}:8: questions[0].limt: unknown key 'limt' (did you mean 'limit'?); keys here "
        "are: id, match, limit, minimum, marks, leeway, exclude, include, count, prompt, penalties, "
        "parts",
        f"{path}:10: questions[1].limit: must be a whole number, not text",
        f"{path}: 4 errors",
    ]


def test_validate_reports_every_error_across_values(tmp_path: Path) -> None:
    path = write(tmp_path, "sem.yaml", SEVEN_WRONG_TOGETHER)
    code, err, out = invoke("rubric", "validate", str(path))  # errors: the report
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{path}:3: total_marks: the questions' marks add up to 10, not 100",
        f"{path}:5: minimum: minimum 200 is above the limit 100",
        f"{path}:6: include: 'tables' leaves nothing out here, so there is nothing to count "
        "after all",
        f"{path}:11: questions[0].minimum: minimum 300 is above the limit 100",
        f"{path}:12: questions[1].id: question id 'Q1' is used twice",
        f"{path}:12: questions[1].include: unknown rule 'nope'; rules are: {', '.join(RULES)}",
        f"{path}:16: parts: part id 'a' is used twice in Q1",
        f"{path}: 7 errors",
    ]


def test_validate_reports_the_errors_of_the_file_extended_too(tmp_path: Path) -> None:
    write(tmp_path, "module.yaml", "title: Module\nleway: 10\n")
    child = write(tmp_path, "tma01.yaml", "extends: module.yaml\nquestions: [{id: Q1, lim: 3}]\n")
    code, err, _ = invoke("rubric", "validate", str(child))
    lines = err.splitlines()
    assert code == 2 and len(lines) == 3
    assert lines[0].startswith(f"{child}:2: questions[0].lim: unknown key 'lim'")
    assert lines[1].startswith(f"{tmp_path / 'module.yaml'}:2: leway: unknown key 'leway'")
    assert lines[2] == f"{child}: 2 errors"


def test_validate_one_error_is_one_line_and_a_good_file_is_ok(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", "extends: ou-default\nquestions: [{id: Q1, limit: 9}]\n")
    bad = write(tmp_path, "bad.yaml", "title: T\nleeway: -1\n")
    code, out, err = invoke("rubric", "validate", str(good), str(bad), "ou-default")
    assert code == 2
    assert err == ""
    assert out.splitlines() == [
        f"{good}: ok (1 question, 5 rules)",
        f"{bad}:2: leeway: must be at least 0, not -1",
        "ou-default: ok (0 questions, 5 rules)",
    ]
    assert invoke("rubric", "validate", str(good))[0] == 0


def test_a_yaml_syntax_error_stays_one_error(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", "title: T\nleway: 10\nquestions: [\n  {id: Q1\n")
    code, err, out = invoke("rubric", "validate", str(path))  # errors: the report
    (line,) = err.splitlines()
    assert (code, out) == (2, "")
    assert line.startswith(f"{path}:") and "is not valid YAML" in line


def test_validate_escapes_what_it_prints(tmp_path: Path) -> None:
    path = write(tmp_path, "evil.yaml", 'title: T\n"\\e[31mred": 1\n')
    code, err, _ = invoke("rubric", "validate", str(path))
    assert code == 2 and "\x1b" not in err
    assert f"{path}:2: \\x1b[31mred: unknown key '\\x1b[31mred'" in err


def test_check_with_a_bad_rubric_names_the_first_error_and_how_many_more(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "bad.yaml", FOUR_WRONG_VALUES)
    code, _, err = invoke("check", str(document(tmp_path)), "-r", str(path))
    (line,) = err.splitlines()
    assert code == 2
    assert line.startswith(f"tma-check: {path}:2: leway: unknown key 'leway'")
    assert line.endswith("(and 3 more errors; tma-check rubric validate lists them all)")


def test_load_rubric_raises_the_first_error_on_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sem.yaml", SEVEN_WRONG_TOGETHER)
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert str(caught.value) == (
        f"{path}:3: total_marks: the questions' marks add up to 10, not 100 "
        "(and 6 more errors; tma-check rubric validate lists them all)"
    )
    one = write(tmp_path, "one.yaml", "title: T\nleeway: -1\n")
    with pytest.raises(RubricError) as caught:
        load_rubric(one)
    assert str(caught.value) == f"{one}:2: leeway: must be at least 0, not -1"


# -- did you mean ---------------------------------------------------------------


def test_a_misspelt_preset_is_suggested(tmp_path: Path) -> None:
    code, _, err = invoke("check", str(document(tmp_path)), "-r", "ou-defualt")
    assert code == 2
    assert err == (
        "tma-check: ou-defualt: no such rubric file or preset (did you mean 'ou-default'?); "
        f"presets are: {PRESETS}\n"
    )


def test_the_one_preset_a_name_begins_is_suggested() -> None:
    code, out, err = invoke("rubric", "show", "warwick")
    assert (code, out) == (2, "")
    assert err == (
        "tma-check: warwick: no such rubric file or preset (did you mean 'warwick-wmg'?); "
        f"presets are: {PRESETS}\n"
    )
    assert "(did you mean 'ou-default'?)" in invoke("rubric", "show", "OU")[2]


def test_nothing_is_suggested_when_nothing_is_close() -> None:
    code, _, err = invoke("rubric", "show", "zzzz")
    assert code == 2
    assert err == f"tma-check: zzzz: no such rubric file or preset; presets are: {PRESETS}\n"


def test_a_preset_named_as_a_file_is_suggested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err, _ = invoke("rubric", "validate", "ou-default.yaml")
    assert code == 2
    assert err == "ou-default.yaml: no such rubric file (did you mean the preset 'ou-default'?)\n"


def test_a_misspelt_preset_in_extends_is_suggested(tmp_path: Path) -> None:
    path = write(tmp_path, "r.yaml", "title: T\nextends: ou-defualt\n")
    code, err, _ = invoke("rubric", "validate", str(path))
    assert code == 2
    assert err == (
        f"{path}:2: extends: no preset or file 'ou-defualt' (did you mean 'ou-default'?); "
        f"presets are: {PRESETS}\n"
    )


def test_close_name() -> None:
    names = ["apa7", "auckland-law", "ou-default", "warwick-wmg"]
    assert close_name("ou-defualt", names) == "ou-default"
    assert close_name("Warwick", names) == "warwick-wmg"
    assert close_name("APA7", names) == "apa7"
    assert close_name("a", names) is None  # the start of two names
    assert close_name("", names) is None
    assert close_name("harvard", names) is None


# -- rubric list ----------------------------------------------------------------


def test_list_shows_each_preset_in_aligned_columns() -> None:
    code, out, err = invoke("rubric", "list")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert re.split(r"  +", lines[0]) == ["preset", "leeway", "leaves out", "title"]
    starts = [match.start() for match in re.finditer(r"(?:^|(?<=  ))\S", lines[0])]
    assert len(lines) == len(presets()) + 1
    for line, name in zip(lines[1:], presets(), strict=True):
        rubric = load_rubric(name)
        assert re.split(r"  +", line) == [
            name,
            f"{rubric.leeway:g}%",
            ", ".join(use.id for use in rubric.exclude),
            rubric.title,
        ]
        assert [match.start() for match in re.finditer(r"(?:^|(?<=  ))\S", line)] == starts
    ou_default = next(line for line in lines if line.startswith("ou-default "))
    assert re.split(r"  +", ou_default) == [
        "ou-default",
        "10%",
        "question-text, declarations, appendix-pointers, reference-list, appendices",
        "Open University TMA (default conventions)",
    ]


def test_list_as_json() -> None:
    code, out, _ = invoke("rubric", "list", "--format", "json")
    listed = json.loads(out)
    assert code == 0
    assert [item["name"] for item in listed] == list(presets())
    ou_default = next(item for item in listed if item["name"] == "ou-default")
    assert ou_default == {
        "name": "ou-default",
        "path": str(presets()["ou-default"]),
        "title": "Open University TMA (default conventions)",
        "leeway": 10,
        "exclude": [
            "question-text",
            "declarations",
            "appendix-pointers",
            "reference-list",
            "appendices",
        ],
    }


def test_list_escapes_what_a_preset_says_and_exits_2_for_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evil = write(
        tmp_path,
        "evil.yaml",
        'title: "Red \\e[31malert\\u202e"\nleeway: 7.5\nexclude: [{name: "sig\\e", pattern: x}]\n',
    )
    broken = write(tmp_path, "broken.yaml", "leway: 1\n")
    monkeypatch.setattr("tma_check.rubric.presets", lambda: {"evil": evil, "broken": broken})
    code, out, _ = invoke("rubric", "list")
    assert code == 2 and "\x1b" not in out and "\u202e" not in out
    assert [" ".join(line.split()) for line in out.splitlines()[1:]] == [
        "evil 7.5% sig\\x1b Red \\x1b[31malert\\u202e",
        f"broken - - error: {broken}:1: leway: unknown key 'leway' (did you mean 'leeway'?); "
        "keys here are: title, limit, minimum, extends, source, leeway, total_marks, "
        "declared_tolerance, penalties, share_tolerance, reference_heading, appendix_heading, "
        "exclude, include, questions",
    ]
    code, out, _ = invoke("rubric", "list", "--format", "json")
    assert code == 2 and "\x1b" not in out and "\u202e" not in out
    assert json.loads(out)[0]["title"] == "Red \x1b[31malert\u202e"
    assert json.loads(out)[1]["error"].startswith(f"{broken}:1: leway:")


# -- rubric infer: the schema comment ---------------------------------------------


def test_an_inferred_rubric_names_the_schema_relative_to_its_folder(tmp_path: Path) -> None:
    # Beside the schema's own tree (a project that holds its checkout of tma-check):
    # relative. From a folder that shares nothing but the root with it: absolute.
    beside = SCHEMA_FILE.parents[2] / "rubrics"
    code, out, _ = invoke("rubric", "infer", str(EXAMPLE), "-o", "-")
    assert out.splitlines()[0].startswith("# yaml-language-server: $schema=")
    from tma_check.rubric.schema import schema_path

    assert schema_path(beside) == "../tma_check/rubric/rubric.schema.json"
    assert schema_path("/") == SCHEMA_FILE.as_posix()
    target = tmp_path / "rubrics" / "tma02.yaml"
    target.parent.mkdir()
    code, out, err = invoke("rubric", "infer", str(EXAMPLE), "-o", str(target))
    assert (code, out) == (0, "")
    assert re.fullmatch(
        rf"tma-check: wrote {re.escape(str(target))}: 4 questions, \d+ marked '# check:'\n", err
    )
    first, second = target.read_text(encoding="utf-8").splitlines()[:2]
    named = schema_path(target.parent)
    assert first == f"# yaml-language-server: $schema={named}"
    assert second == "# Rubric inferred by tma-check from tma02.docx."
    assert (target.parent / named).resolve() == SCHEMA_FILE.resolve()
    assert SCHEMA_FILE.name == "rubric.schema.json" and SCHEMA_FILE.is_file()
    rubric = load_rubric(target)
    assert [q.id for q in rubric.questions] == ["Q1", "Q2", "Q3", "Part B"]
    assert invoke("rubric", "validate", str(target))[:2] == (
        0,
        f"{target}: ok (4 questions, 5 rules)\n",
    )


def test_an_inferred_rubric_on_the_screen_names_the_schema_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text on the screen may be saved anywhere (``> sub/deeper/r.yaml``), so a path
    relative to the current folder would break; the absolute one never does."""
    monkeypatch.chdir(SCHEMA_FILE.parents[2])  # the folder that holds tma_check
    out = invoke("rubric", "infer", str(EXAMPLE))[1]
    assert out.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}"
    monkeypatch.chdir(tmp_path)
    out = invoke("rubric", "infer", str(EXAMPLE))[1]
    assert out.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}"
    (tmp_path / "r.yaml").write_text(out, encoding="utf-8")
    assert [q.id for q in load_rubric(tmp_path / "r.yaml").questions] == [
        "Q1",
        "Q2",
        "Q3",
        "Part B",
    ]


def test_schema_path_on_another_drive_is_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert schema_path(SCHEMA_FILE.parent) == "rubric.schema.json"
    assert schema_path(SCHEMA_FILE.parent / "sub") == "../rubric.schema.json"

    def other_drive(path: str, start: str) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(os.path, "relpath", other_drive)
    assert schema_path(tmp_path) == SCHEMA_FILE.as_posix()


# -- load_rubric takes a path ---------------------------------------------------


def test_a_path_always_names_a_file_never_a_preset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = write(tmp_path, "ou-default", "title: My own\nleeway: 3\n")
    monkeypatch.chdir(tmp_path)
    assert load_rubric(Path("ou-default")).title == "My own"
    assert load_rubric(own).leeway == 3
    assert load_rubric("ou-default").title == "Open University TMA (default conventions)"
    with pytest.raises(RubricError) as caught:
        load_rubric(Path("warwick-wmg"))
    assert str(caught.value) == "warwick-wmg: no such rubric file"


def test_any_path_like_names_a_file(tmp_path: Path) -> None:
    class Named(os.PathLike[str]):
        def __fspath__(self) -> str:
            return str(tmp_path / "r.yaml")

    write(tmp_path, "r.yaml", "title: From a path-like\n")
    assert load_rubric(Named()).title == "From a path-like"
    with pytest.raises(RubricError, match="cannot hold a NUL character"):
        load_rubric(Path("r\0.yaml"))
