"""The JSON Schema of a rubric file (checked by :mod:`tma_check.rubric.validate`).

The schema is built here from the rule registry, so rule ids and their
options cannot drift from the code; the copy shipped for editors
(``rubric.schema.json``) is checked against it by the tests. The validator
interprets the subset of JSON Schema the schema uses and reports each error
with the file, the line and the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tma_check import rules
from tma_check.rules.base import Option

SCHEMA_ID = "tma-check-rubric"
SCHEMA_FILE = Path(__file__).resolve().with_name("rubric.schema.json")


def _option_schema(option: Option) -> dict[str, Any]:
    kinds = option.kind if isinstance(option.kind, tuple) else (option.kind,)
    names: list[str] = []
    for kind in kinds:
        name = {
            str: "string",
            int: "integer",
            float: "number",
            bool: "boolean",
            list: "array",
            tuple: "array",
        }[kind]
        if name not in names:
            names.append(name)
    schema: dict[str, Any] = {"description": option.help}
    schema["type"] = names[0] if len(names) == 1 else names
    if option.choices:
        schema["enum"] = list(option.choices)
    return schema


def _rule_with_options() -> dict[str, Any]:
    properties = {
        rule.id: {
            "description": rule.summary,
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {option.name: _option_schema(option) for option in rule.options},
        }
        for rule in rules.RULES.values()
    }
    return {
        "description": "A rule with options: {rule-id: {option: value}}",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"enum": list(rules.RULES)},
        "properties": properties,
    }


def _custom(kind: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "type": "object",
        "required": ["name", kind],
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1, "description": "the rule's name in reports"},
            kind: {
                "type": "string",
                "minLength": 1,
                **({"format": "regex"} if kind == "pattern" else {}),
            },
        },
    }


PART_DEPTH = 2  # parts, and parts of parts


def _parts(question: dict[str, Any], depth: int) -> dict[str, Any]:
    """The schema of a question's ``parts``: questions without rules of their own."""
    properties = {
        k: v for k, v in question.items() if k not in ("exclude", "include", "parts", "penalties")
    }
    properties["id"] = {
        "type": ["string", "integer"],
        "minLength": 1,
        "description": "the part's id, e.g. a, (a) or Q1a",
    }
    if depth > 1:
        properties["parts"] = _parts(question, depth - 1)
    return {
        "description": "sub-questions: their words count toward the question too",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": properties,
        },
    }


def build_schema() -> dict[str, Any]:
    """The rubric schema, as a JSON-compatible dict."""
    rule_ids = list(rules.RULES)
    exclude = {
        "description": "Rules that leave words out of the count.",
        "type": "array",
        "items": {
            "description": "a rule id, a rule with options {rule-id: {option: value}}, "
            "or a custom rule {name: ..., pattern: ...} or {name: ..., style: ...}",
            "anyOf": [
                {
                    "type": "string",
                    "title": "rule id",
                    "enum": rule_ids,
                    "description": "a rule id",
                },
                _custom("pattern", "A custom rule: leave out matches of a regular expression."),
                _custom("style", "A custom rule: leave out text in a Word style."),
                _rule_with_options(),
            ],
        },
    }
    include = {
        "description": "Rule ids (or custom rule names) to count after all, undoing an exclude.",
        "type": "array",
        "items": {"type": "string"},
    }
    leeway = {
        "type": "number",
        "minimum": 0,
        "maximum": 100,
        "description": "percent over the limit tolerated",
    }
    penalties = {
        "description": "Penalty bands: what work more than `over` percent over its limit "
        "loses, up to the next band (in increasing order of over).",
        "type": "array",
        "items": {
            "type": "object",
            "required": ["over"],
            "additionalProperties": False,
            "properties": {
                "over": {
                    "type": "number",
                    "minimum": 0,
                    "description": "the band is for work more than this percent over the limit",
                },
                "deduct": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "description": "marks deducted",
                },
                "deduct_percent": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 100,
                    "description": "percent of the mark deducted",
                },
                "cap": {
                    "type": "number",
                    "minimum": 0,
                    "description": "the mark is capped at this (a pass mark, say)",
                },
                "per": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "description": "deduct again for every further `per` percent over "
                    "(or part of it) beyond `over`",
                },
            },
        },
    }
    question = {
        "type": "object",
        "required": ["id"],
        "additionalProperties": False,
        "properties": {
            "id": {
                "type": ["string", "integer"],
                "minLength": 1,
                "description": "the question's id, e.g. Q1, Part B or 1",
            },
            "match": {
                "type": "string",
                "minLength": 1,
                "format": "regex",
                "description": "regular expression tested against the start of a paragraph",
            },
            "limit": {"type": "integer", "minimum": 1, "description": "word limit"},
            "minimum": {"type": "integer", "minimum": 0, "description": "fewest words expected"},
            "marks": {"type": "number", "minimum": 0, "description": "marks available"},
            "leeway": leeway,
            "exclude": exclude,
            "include": include,
            "count": {"type": "boolean", "description": "false: show the words but check no limit"},
            "prompt": {
                "type": "integer",
                "minimum": 1,
                "description": "paragraphs of question text",
            },
            "penalties": penalties,
        },
    }
    properties: dict[str, Any] = question["properties"]  # type: ignore[assignment]
    properties["parts"] = _parts(properties, PART_DEPTH)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tma-check rubric",
        "description": "Word limits, marks and exclusion rules for one assignment.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "description": "the assignment's name"},
            "limit": {
                "type": "integer",
                "minimum": 1,
                "description": "word limit of the whole document (the questions' total, "
                "or the one piece of writing when there are no questions)",
            },
            "minimum": {
                "type": "integer",
                "minimum": 0,
                "description": "fewest words expected in the whole document",
            },
            "extends": {
                "type": "string",
                "description": "a preset name or a relative path to a rubric",
            },
            "source": {"type": "string", "description": "where the policy comes from (a web page)"},
            "leeway": leeway,
            "total_marks": {
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "marks must add up to this",
            },
            "declared_tolerance": {
                "type": "number",
                "minimum": 0,
                "description": "percent a declared count may differ before a warning",
            },
            "penalties": penalties,
            "share_tolerance": {
                "type": "number",
                "minimum": 0,
                "maximum": 100,
                "description": "percentage points a question's share of the words may differ "
                "from its share of the marks before a warning (100: never)",
            },
            "reference_heading": {"type": "string", "format": "regex"},
            "appendix_heading": {"type": "string", "format": "regex"},
            "exclude": exclude,
            "include": include,
            "questions": {"type": "array", "items": question},
        },
    }


def schema_json() -> str:
    import json

    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_path(folder: str | os.PathLike[str]) -> str:
    """How a rubric in ``folder`` names :data:`SCHEMA_FILE` in its first-line comment for
    the YAML language server: a POSIX path relative to ``folder`` when the two share a
    folder below the top of the file system (a project's ``rubrics/`` and its checkout
    of tma-check, say), else the absolute path."""
    target = SCHEMA_FILE
    here = Path(folder).resolve()
    try:
        relative = Path(os.path.relpath(target, here))
        shared = Path(os.path.commonpath([target, here]))
    except ValueError:  # another drive
        return target.as_posix()
    if shared == Path(shared.anchor):
        return target.as_posix()
    return relative.as_posix()
