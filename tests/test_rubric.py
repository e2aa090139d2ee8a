"""Rubric files: what loads, what merges through ``extends``, and every error's wording."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tma_check.errors import RubricError
from tma_check.rubric import load_rubric, presets
from tma_check.rules import RULES


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD = """
    title: Example module, TMA 02
    extends: ou-default
    leeway: 5
    total_marks: 20
    questions:
      - id: Q1
        match: '^Q1\\)'
        limit: 200
        marks: 10
      - id: Part B
        match: '^Part B\\b'
        marks: 10
"""


def test_a_good_rubric_loads_with_its_base(tmp_path: Path) -> None:
    rubric = load_rubric(str(write(tmp_path, "tma02.yaml", GOOD)))
    assert rubric.title == "Example module, TMA 02"
    assert rubric.leeway == 5  # the extending file wins over ou-default's 10
    assert [q.id for q in rubric.questions] == ["Q1", "Part B"]
    assert rubric.questions[0].limit == 200 and rubric.questions[1].limit is None
    assert [use.id for use in rubric.exclude] == [
        "question-text",
        "declarations",
        "appendix-pointers",
        "reference-list",
        "appendices",
    ]
    origins = dict(rubric.origins)
    assert origins["leeway"].file.endswith("tma02.yaml") and origins["leeway"].line == 3
    assert origins["exclude"].file == "ou-default (preset)"


def test_presets_are_shipped_and_valid() -> None:
    names = presets()
    assert "ou-default" in names
    for name in names:
        assert load_rubric(name).title


def test_extends_a_relative_file_and_include_undoes_an_exclude(tmp_path: Path) -> None:
    write(
        tmp_path,
        "module.yaml",
        "title: Module\nleeway: 10\nexclude: [question-text, reference-list]\n",
    )
    (tmp_path / "tma").mkdir()
    child = write(
        tmp_path / "tma",
        "tma01.yaml",
        "extends: ../module.yaml\ninclude: [reference-list]\nexclude: [declarations]\nquestions: [{id: Q1}]\n",
    )
    rubric = load_rubric(str(child))
    assert rubric.title == "Module"
    assert [use.id for use in rubric.exclude] == ["question-text", "declarations"]


def test_rule_options_and_per_question_overrides(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.yaml",
        """
        exclude:
          - appendix-pointers:
              targets: [appendix]
        questions:
          - id: Q1
            include: [appendix-pointers]
            exclude: [question-text]
            count: false
            prompt: 2
        """,
    )
    rubric = load_rubric(str(path))
    assert rubric.exclude[0].option_map() == {"targets": ["appendix"]}
    question = rubric.questions[0]
    assert [use.id for use in rubric.rules_for(question)] == ["question-text"]
    assert question.count is False and question.prompt == 2


def error_for(tmp_path: Path, text: str, name: str = "bad.yaml") -> str:
    path = write(tmp_path, name, text)
    with pytest.raises(RubricError) as caught:
        load_rubric(str(path))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unknown_key_names_file_line_key_and_the_keys_that_exist(tmp_path: Path) -> None:
    message = error_for(tmp_path, "title: T\nleway: 10\n")
    assert message.startswith(f"{tmp_path / 'bad.yaml'}:2: leway: unknown key 'leway'")
    assert "leeway" in message


def test_unknown_question_key(tmp_path: Path) -> None:
    message = error_for(tmp_path, "questions:\n  - id: Q1\n    limt: 200\n")
    assert ":3: questions[0].limt: unknown key 'limt'" in message


def test_wrong_type_is_explained(tmp_path: Path) -> None:
    message = error_for(tmp_path, "questions:\n  - id: Q1\n    limit: two hundred\n")
    assert ":3: questions[0].limit: must be a whole number, not text" in message


def test_unknown_rule_lists_the_rules(tmp_path: Path) -> None:
    message = error_for(tmp_path, "exclude:\n  - question-text\n  - quotes\n")
    assert ":3: exclude[1]: unknown rule 'quotes'; rules are: " in message
    for rule_id in RULES:
        assert rule_id in message


def test_unknown_rule_with_options(tmp_path: Path) -> None:
    message = error_for(tmp_path, "exclude:\n  - quotes: {min_words: 3}\n")
    assert ":2: exclude[0].quotes: unknown rule 'quotes'; rules are: question-text" in message


def test_unknown_rule_option(tmp_path: Path) -> None:
    message = error_for(tmp_path, "exclude:\n  - appendix-pointers:\n      target: [figure]\n")
    assert (
        ":3: exclude[0].appendix-pointers.target: unknown key 'target' (did you mean 'targets'?); keys here are: targets"
        in message
    )


def test_invalid_match_pattern(tmp_path: Path) -> None:
    message = error_for(tmp_path, "questions:\n  - id: Q1\n    match: '^Q1)'\n")
    assert ":3: questions[0].match: '^Q1)' is not a valid regular expression" in message


def test_missing_extends_target_lists_presets(tmp_path: Path) -> None:
    message = error_for(tmp_path, "title: T\nextends: ou-defualt\n")
    assert (
        ":2: extends: no preset or file 'ou-defualt' (did you mean 'ou-default'?); presets are: "
        in message
    )
    assert "ou-default" in message


def test_extends_loop(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\n")
    message = error_for(tmp_path, "extends: a.yaml\n", name="b.yaml")
    assert "extends itself in a loop" in message


def test_extends_absolute_path_is_refused(tmp_path: Path) -> None:
    other = write(tmp_path, "other.yaml", "title: other\n")
    message = error_for(tmp_path, f"extends: {other}\n")
    assert "is an absolute path" in message


def test_marks_must_add_up_to_the_total(tmp_path: Path) -> None:
    message = error_for(
        tmp_path, "total_marks: 100\nquestions:\n  - {id: Q1, marks: 60}\n  - {id: Q2, marks: 30}\n"
    )
    assert ":1: total_marks: the questions' marks add up to 90, not 100" in message


def test_duplicate_question_id(tmp_path: Path) -> None:
    message = error_for(tmp_path, "questions:\n  - id: Q1\n  - id: Q1\n")
    assert ":3: questions[1].id: question id 'Q1' is used twice" in message


def test_minimum_above_limit(tmp_path: Path) -> None:
    message = error_for(tmp_path, "questions:\n  - {id: Q1, limit: 100, minimum: 200}\n")
    assert "minimum 200 is above the limit 100" in message


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "must be a mapping" in error_for(tmp_path, "- just\n- a list\n")


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, "title: T\nquestions: [\n  {id: Q1\n")
    assert "is not valid YAML" in message and "bad.yaml:" in message


def test_object_constructing_tags_are_refused(tmp_path: Path) -> None:
    message = error_for(tmp_path, "title: !!python/object/apply:os.system ['echo hi']\n")
    assert ":1: " in message and "is not allowed" in message


def test_alias_expansion_is_bounded(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 8):
        lines.append(f"a{n}: &a{n} [{', '.join(['*a' if n == 1 else f'*a{n - 1}'] * 10)}]")
    message = error_for(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than" in message


def test_non_utf8_rubric(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(RubricError, match="is not UTF-8 text"):
        load_rubric(str(path))


def test_missing_rubric_file_names_presets(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="no such rubric file"):
        load_rubric(str(tmp_path / "nope.yaml"))
    with pytest.raises(RubricError, match=r"presets are: .*ou-default"):
        load_rubric("no-such-preset")


def test_shipped_json_schema_is_the_one_the_validator_uses() -> None:
    from tma_check.rubric.schema import schema_json

    shipped = Path(__file__).parent.parent / "tma_check" / "rubric" / "rubric.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_json(), (
        "run: tma-check rubric schema > " + str(shipped)
    )


def test_a_custom_rule_may_not_take_a_built_in_name_or_repeat(tmp_path: Path) -> None:
    message = error_for(tmp_path, "exclude:\n  - tables\n  - {name: tables, pattern: x}\n")
    assert (
        ":3: exclude[1]: a custom rule may not be named 'tables', the id of a built-in rule"
        in message
    )
    message = error_for(
        tmp_path, "exclude:\n  - {name: sig, pattern: x}\n  - {name: sig, style: Code}\n"
    )
    assert ":3: exclude[1]: 'sig' is listed twice" in message


def test_including_a_rule_that_is_not_in_force_is_an_error(tmp_path: Path) -> None:
    message = error_for(tmp_path, "exclude: [question-text]\ninclude: [tables]\n")
    assert (
        ":2: include: 'tables' leaves nothing out here, so there is nothing to count after all"
        in message
    )
    message = error_for(
        tmp_path, "exclude: [question-text]\nquestions:\n  - {id: Q1, include: [tables]}\n"
    )
    assert "questions[0].include: 'tables' is not left out for the whole rubric" in message
