"""Parse a rubric's YAML text with PyYAML, keeping the line of every value.

Only plain data is accepted: mappings, lists, strings, numbers, booleans and
null. Tags that would construct objects are refused, nesting is limited
(PyYAML's scanner slows down with every level of brackets) and aliases may
not expand into more than a bounded number of values, so a rubric copied
from a forum cannot run code, hang or exhaust memory. Imported only when a
file is not already in the cache of parsed rubrics (see
:mod:`tma_check.rubric.yamlfile`): PyYAML takes longer to import than most
checks take to run.
"""

from __future__ import annotations

from typing import Any

import yaml

from tma_check.errors import RubricError
from tma_check.rubric.yamlfile import MAX_DEPTH, MAX_VALUES, Lines, Path_

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _TooBig(yaml.MarkedYAMLError):
    """More nesting or more values than any rubric has; ``problem`` says which."""


class _Loader(yaml.SafeLoader):
    """The safe loader, stopping at a node nested too deeply or at too many nodes.

    PyYAML's pure-Python scanner does work for every open bracket on every
    token, so a file of nested lists can take minutes; the checks run as each
    node is composed, so the scanner never reads far past either limit.
    """

    depth: int = 0
    nodes: int = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        self.nodes += 1
        try:
            if self.depth > MAX_DEPTH or self.nodes > MAX_VALUES:
                problem = (
                    f"is nested more than {MAX_DEPTH} levels deep"
                    if self.depth > MAX_DEPTH
                    else f"holds more than {MAX_VALUES:,} values; a rubric is a short text file"
                )
                raise _TooBig(problem=problem, problem_mark=self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Converter:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: Lines = {}
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def convert(self, node: yaml.Node, where: Path_) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise RubricError(
                self.path,
                f"expands to more than {MAX_VALUES:,} values (alias expansion?)",
                line=node.start_mark.line + 1,
            )
        self.lines.setdefault(where, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self._bad_tag(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise RubricError(
                        self.path, "a key must be plain text", line=key_node.start_mark.line + 1
                    )
                key = self.convert(key_node, (*where, "<key>"))
                if key in result:
                    raise RubricError(
                        self.path, f"key {key!r} appears twice", line=key_node.start_mark.line + 1
                    )
                here = (*where, key)
                self.lines[here] = key_node.start_mark.line + 1
                result[key] = self.convert(value_node, here)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.convert(item, (*where, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._bad_tag(node)
        if node.tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError):  # a number of thousands of digits
            raise RubricError(
                self.path,
                f"a number of {len(node.value):,} characters is more than a rubric needs",
                line=node.start_mark.line + 1,
            ) from None

    def _bad_tag(self, node: yaml.Node) -> None:
        raise RubricError(
            self.path,
            f"the tag {node.tag!r} is not allowed; a rubric holds plain data only",
            line=node.start_mark.line + 1,
        )


def _code(character: object) -> str:
    return f"U+{character:04X}" if isinstance(character, int) else repr(character)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse(path: str, text: str) -> tuple[Any, Lines]:
    """The data in ``text`` (read from ``path``) and the line of each value, keyed by its path."""
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except _TooBig as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 0
        raise RubricError(path, str(error.problem), line=line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        problem = _one_line(str(error.problem or error))
        raise RubricError(path, f"is not valid YAML: {problem}", line=line) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        raise RubricError(
            path,
            f"is not valid YAML: the character {_code(error.character)} is not allowed",
            line=line,
        ) from None
    except yaml.YAMLError as error:
        raise RubricError(path, f"is not valid YAML: {_one_line(str(error))}") from None
    except RecursionError:
        raise RubricError(path, "is nested too deeply") from None
    documents = [doc for doc in documents if doc is not None]
    if not documents:
        raise RubricError(path, "is empty; a rubric needs at least a title and questions")
    if len(documents) > 1:
        raise RubricError(
            path,
            "holds several YAML documents; a rubric is one",
            line=documents[1].start_mark.line + 1,
        )
    converter = _Converter(path)
    try:
        value = converter.convert(documents[0], ())
    except RecursionError:
        raise RubricError(path, "is nested too deeply") from None
    return value, converter.lines
