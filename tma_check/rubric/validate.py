"""Check a rubric's data against its JSON Schema, each error with the path of its key.

This interprets the subset of JSON Schema that :mod:`tma_check.rubric.schema`
builds (types, properties, required keys, enums, bounds, lists, ``anyOf``
chosen by the shape of the value, and the ``regex`` format), in words a
student can act on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tma_check import lazyre
from tma_check.lazyre import compiled
from tma_check.patterns import compile_cost

MAX_PATTERN = 2_000  # characters: compiling takes time in proportion

_JSON_TYPES = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "nothing",
}


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _JSON_TYPES[name])


Error = tuple[tuple[Any, ...], str]


def validate(value: Any, schema: dict[str, Any], where: tuple[Any, ...] = ()) -> Iterator[Error]:
    """Yield (path, message) for every way ``value`` breaks ``schema``."""
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else list(types)
        if not any(_is_type(value, name) for name in names):
            wanted = " or ".join(_EXPECTED[name] for name in names)
            yield where, f"must be {wanted}, not {_type_name(value)}"
            return
    if "anyOf" in schema:
        yield from _any_of(value, schema, where)
        return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(map(str, schema["enum"]))
        if schema.get("title") == "rule id":
            hint = _did_you_mean(value, schema["enum"])
            yield where, f"unknown rule {value!r}; rules are: {choices}{hint}"
        else:
            yield where, f"{value!r} is not one of: {choices}"
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            yield where, "must not be empty"
        if schema.get("format") == "regex":
            yield from _pattern(value, where)
    if isinstance(value, float) and value != value:
        yield where, "must be a number, not .nan"
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield where, f"must be at least {schema['minimum']}, not {value}"
        if "maximum" in schema and value > schema["maximum"]:
            yield where, f"must be at most {schema['maximum']}, not {value}"
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            yield where, f"must be more than {schema['exclusiveMinimum']}, not {value}"
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            yield from validate(item, schema["items"], (*where, i))
    if isinstance(value, dict):
        yield from _object(value, schema, where)


def _pattern(value: str, where: tuple[Any, ...]) -> Iterator[Error]:
    """A regular expression: short enough to compile at once, and valid."""
    if len(value) > MAX_PATTERN:
        yield where, f"is a pattern of {len(value):,} characters; at most {MAX_PATTERN:,} please"
        return
    costly = compile_cost(value)
    if costly is not None:
        yield where, f"{_quoted(value[:40])} {costly}"
        return
    try:
        compiled(value)
    except lazyre.error as error:
        yield where, f"{_quoted(value)} is not a valid regular expression ({error})"
    except RecursionError:
        yield where, f"{_quoted(value[:40])}... nests its groups too deeply to compile"


def _quoted(pattern: str) -> str:
    """A pattern in quotes as the rubric has it: ``'^Q1\\)'``, not its Python repr, which
    doubles every backslash; a line break or other control character in it is shown as
    an escape, so the message stays one line."""
    from tma_check.textsafe import visible

    return f"'{visible(pattern)}'"


def _object(
    value: dict[str, Any], schema: dict[str, Any], where: tuple[Any, ...]
) -> Iterator[Error]:
    properties = schema.get("properties", {})
    for key in schema.get("required", []):
        if key not in value:
            yield where, f"is missing the required key {key!r}"
    names = schema.get("propertyNames", {}).get("enum")
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        yield where, f"must have at least {schema['minProperties']} key(s), has {len(value)}"
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        yield (
            where,
            f"must have at most {schema['maxProperties']} key(s), has {', '.join(map(str, value))}",
        )
    for key, item in value.items():
        if names is not None and key not in names:
            hint = _did_you_mean(key, names)
            yield (*where, key), f"unknown rule {key!r}; rules are: {', '.join(names)}{hint}"
        elif key in properties:
            yield from validate(item, properties[key], (*where, key))
        elif schema.get("additionalProperties") is False:
            known = ", ".join(properties) or "none"
            hint = _did_you_mean(key, list(properties))
            yield (*where, key), f"unknown key {key!r}{hint}; keys here are: {known}"


def _did_you_mean(word: Any, choices: list[str]) -> str:
    import difflib  # only when there is an error to explain

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _any_of(value: Any, schema: dict[str, Any], where: tuple[Any, ...]) -> Iterator[Error]:
    """Validate against the branch whose shape fits: its type and required keys."""
    for branch in schema["anyOf"]:
        types = branch.get("type")
        names = [types] if isinstance(types, str) else list(types or [])
        if names and not any(_is_type(value, name) for name in names):
            continue
        if isinstance(value, dict) and not all(key in value for key in branch.get("required", [])):
            continue
        if isinstance(value, dict) and "required" not in branch and "name" in value:
            continue
        yield from validate(value, branch, where)
        return
    if isinstance(value, dict) and "name" in value:
        yield where, "a custom rule needs a 'pattern' (regular expression) or a 'style'"
        return
    yield where, f"must be {schema.get('description', 'something else')}"
