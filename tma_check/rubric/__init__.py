"""Load a rubric (YAML) into a validated, typed :class:`~tma_check.model.Rubric`.

A rubric may ``extends:`` a preset shipped with tma-check (by name, e.g.
``ou-default``) or another rubric file (by a path relative to the extending
file, inside the folder of the rubric named on the command line or the folder
above it: a rubric copied from elsewhere cannot reach further into the disk).
Keys of the extending file replace the base's; ``exclude`` lists are joined
(options of a rule named in both come from the extending file); ``include``
removes rules from the joined list; ``questions`` replace the base's list
when given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tma_check.errors import RubricError
from tma_check.model import Location, QuestionSpec, Rubric, RuleUse
from tma_check.rubric import schema, validate
from tma_check.rubric.yamlfile import Lines, load_yaml

MAX_EXTENDS = 10
_RUBRIC_SUFFIXES = (".yaml", ".yml")


def preset_dirs() -> list[Path]:
    """Where presets live: inside the installed package, or the source tree."""
    here = Path(__file__).resolve().parent.parent
    return [path for path in (here / "presets", here.parent / "rubrics") if path.is_dir()]


def presets() -> dict[str, Path]:
    """Every preset by name."""
    found: dict[str, Path] = {}
    for folder in reversed(preset_dirs()):
        for path in sorted(folder.glob("*.yaml")):
            found[path.stem] = path
    return dict(sorted(found.items()))


def may_be_preset(reference: str) -> bool:
    """A name with no folder and no .yaml suffix may name a preset; anything else is a path."""
    return (
        "/" not in reference
        and os.sep not in reference
        and not reference.lower().endswith(_RUBRIC_SUFFIXES)
    )


def locate(reference: str, base: Path | None = None) -> Path:
    """The file a ``--rubric`` value or an ``extends`` names."""
    candidate = Path(reference)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if not may_be_preset(reference):
        return candidate
    known = presets()
    if reference in known:
        return known[reference]
    if candidate.exists():
        return candidate
    raise KeyError(reference)


def load_rubric(reference: str) -> Rubric:
    """Load the rubric a user named: a file path or a preset name."""
    if "\0" in reference:
        shown = reference.replace("\0", "\\0")
        raise RubricError(shown, "a rubric's name cannot hold a NUL character")
    try:
        path = locate(reference)
    except KeyError:
        names = ", ".join(presets()) or "none"
        raise RubricError(
            reference, f"no such rubric file or preset; presets are: {names}"
        ) from None
    root = path.resolve().parent.parent
    return build(_merged(path, chain=(), root=root), _display_name(path))


class _Layer:
    """One rubric file's validated data and where each value came from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = _display_name(path)
        self.data, self.lines = load_yaml(str(path))
        if not isinstance(self.data, dict):
            raise RubricError(
                self.name, "must be a mapping of keys (title:, questions:, ...)", line=1
            )
        errors = list(validate.validate(self.data, schema.build_schema()))
        if errors:
            where, message = errors[0]
            raise RubricError(self.name, message, line=_line(self.lines, where), key=_key(where))

    def at(self, *where: Any) -> Location:
        return Location(self.name, _line(self.lines, where))


def _display_name(path: Path) -> str:
    """How messages name a rubric file: a preset by its name, others by the path given."""
    resolved = path.resolve()
    for folder in preset_dirs():
        if resolved.parent == folder.resolve():
            return f"{path.stem} (preset)"
    return str(path)


def _line(lines: Lines, where: tuple[Any, ...]) -> int:
    while where and where not in lines:
        where = where[:-1]
    return lines.get(where, 0)


def _key(where: tuple[Any, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _is_preset(path: Path) -> bool:
    return any(path.parent == folder.resolve() for folder in preset_dirs())


def _merged(path: Path, chain: tuple[Path, ...], root: Path) -> list[_Layer]:
    """The layers from the furthest base to ``path``; files must lie under ``root``."""
    layer = _Layer(path)
    extends = layer.data.get("extends")
    if extends is None:
        return [layer]
    where = layer.at("extends")
    if len(chain) >= MAX_EXTENDS:
        raise RubricError(
            layer.name, f"extends more than {MAX_EXTENDS} levels deep", where.line, "extends"
        )
    if "\0" in extends:
        raise RubricError(
            layer.name, "names a file with a NUL character in it", where.line, "extends"
        )
    if os.path.isabs(extends):
        raise RubricError(
            layer.name,
            f"{extends!r} is an absolute path; name a preset or a path relative to this file",
            where.line,
            "extends",
        )
    try:
        target = locate(extends, base=path.parent)
    except KeyError:
        names = ", ".join(presets()) or "none"
        raise RubricError(
            layer.name,
            f"no preset or file {extends!r}; presets are: {names}",
            where.line,
            "extends",
        ) from None
    resolved = target.resolve()
    if not _is_preset(resolved) and not resolved.is_relative_to(root):
        raise RubricError(
            layer.name,
            f"{extends!r} leads outside this rubric's folder and the one above it; "
            "keep the rubrics it builds on there, or name a preset",
            where.line,
            "extends",
        )
    if not target.is_file():
        raise RubricError(
            layer.name, f"{extends!r} not found (looked for {target})", where.line, "extends"
        )
    if resolved in chain or resolved == path.resolve():
        raise RubricError(
            layer.name, f"{extends!r} extends itself in a loop", where.line, "extends"
        )
    return [*_merged(target, (*chain, path.resolve()), root), layer]


def _rule_uses(layer: _Layer, items: list[Any], where: tuple[Any, ...]) -> list[RuleUse]:
    """The rules a list names; a name used twice, or a custom rule named like a built-in one,
    is an error (one of the two would be lost)."""
    from tma_check.rules import RULES

    uses: list[RuleUse] = []
    for i, item in enumerate(items):
        at = layer.at(*where, i)
        if isinstance(item, str):
            use = RuleUse(item, (), at)
        elif "name" in item:
            kind = "pattern" if "pattern" in item else "style"
            use = RuleUse(item["name"], ((kind, item[kind]),), at, custom=kind)
            if use.id in RULES:
                raise RubricError(
                    layer.name,
                    f"a custom rule may not be named {use.id!r}, the id of a built-in rule",
                    at.line,
                    _key((*where, i)),
                )
        else:
            ((rule_id, options),) = item.items()
            use = RuleUse(rule_id, tuple(sorted((options or {}).items())), at)
        if any(earlier.id == use.id for earlier in uses):
            raise RubricError(layer.name, f"{use.id!r} is listed twice", at.line, _key((*where, i)))
        uses.append(use)
    return uses


def _join(base: list[RuleUse], more: list[RuleUse]) -> list[RuleUse]:
    joined = {use.id: use for use in base}
    for use in more:
        joined[use.id] = use
    return list(joined.values())


def build(layers: list[_Layer], source: str) -> Rubric:
    """Fold the layers into one rubric and check what the schema cannot."""
    values: dict[str, Any] = {}
    origins: dict[str, Location] = {}
    exclude: list[RuleUse] = []
    questions: list[QuestionSpec] | None = None
    for layer in layers:
        for key, value in layer.data.items():
            if key != "extends":
                origins[key] = layer.at(key)
            if key == "questions":
                questions = [
                    _question(layer, item, ("questions", i)) for i, item in enumerate(value)
                ]
            elif key not in ("extends", "exclude", "include"):
                values[key] = value
        exclude = _join(exclude, _rule_uses(layer, layer.data.get("exclude", []), ("exclude",)))
        removed = layer.data.get("include", [])
        _check_known(layer, removed, exclude, ("include",))
        exclude = [use for use in exclude if use.id not in removed]
    questions = questions or []
    _check_questions(questions, exclude)
    for question in questions:
        _check_parts(question)
    limit, minimum = values.get("limit"), values.get("minimum")
    if limit is not None and minimum is not None and minimum > limit:
        where = origins["minimum"]
        raise RubricError(
            where.file, f"minimum {minimum} is above the limit {limit}", where.line, "minimum"
        )
    total = values.get("total_marks")
    if total is not None:
        marks = sum(q.marks or 0 for q in questions)
        if abs(marks - total) > 1e-9:
            where = origins["total_marks"]
            raise RubricError(
                where.file,
                f"the questions' marks add up to {marks:g}, not {total:g}",
                where.line,
                "total_marks",
            )
    return Rubric(
        title=values.get("title") or Path(source).stem,
        source=source,
        policy=values.get("source", ""),
        leeway=float(values.get("leeway", 0)),
        total_marks=None if total is None else float(total),
        exclude=tuple(exclude),
        questions=tuple(questions),
        references=values.get("reference_heading", ""),
        appendices=values.get("appendix_heading", ""),
        declared_tolerance=float(values.get("declared_tolerance", 2.0)),
        origins=tuple(origins.items()),
        limit=limit,
        minimum=minimum,
    )


def _check_parts(question: QuestionSpec) -> None:
    """Parts of one question have ids of their own, and minimums below their limits."""
    seen: set[str] = set()
    for part in question.parts:
        file = part.where.file if part.where else "rubric"
        line = part.where.line if part.where else 0
        if part.id in seen:
            raise RubricError(
                file, f"part id {part.id!r} is used twice in {question.id}", line, "parts"
            )
        seen.add(part.id)
        if part.limit is not None and part.minimum is not None and part.minimum > part.limit:
            raise RubricError(
                file, f"minimum {part.minimum} is above the limit {part.limit}", line, "minimum"
            )
        _check_parts(part)


def _question(layer: _Layer, item: dict[str, Any], where: tuple[Any, ...]) -> QuestionSpec:
    leeway = item.get("leeway")
    parts = tuple(
        _question(layer, part, (*where, "parts", i)) for i, part in enumerate(item.get("parts", []))
    )
    return QuestionSpec(
        id=str(item["id"]),  # "id: 1" names question 1
        match=item.get("match"),
        limit=item.get("limit"),
        minimum=item.get("minimum"),
        marks=item.get("marks"),
        leeway=None if leeway is None else float(leeway),
        exclude=tuple(_rule_uses(layer, item.get("exclude", []), (*where, "exclude"))),
        include=tuple(item.get("include", [])),
        count=item.get("count", True),
        prompt=item.get("prompt"),
        where=layer.at(*where),
        parts=parts,
    )


def _check_known(
    layer: _Layer, ids: list[str], exclude: list[RuleUse], where: tuple[Any, ...]
) -> None:
    """Every id in ``ids`` must name a rule that ``exclude`` has in force."""
    from tma_check.rules import RULES

    names = [*RULES, *(use.id for use in exclude if use.id not in RULES)]
    in_force = {use.id for use in exclude}
    for i, rule_id in enumerate(ids):
        line = _line(layer.lines, (*where, i))
        if rule_id not in names:
            known = ", ".join(names)
            raise RubricError(
                layer.name, f"unknown rule {rule_id!r}; rules are: {known}", line, _key(where)
            )
        if rule_id not in in_force:
            raise RubricError(
                layer.name,
                f"{rule_id!r} leaves nothing out here, so there is nothing to count after all",
                line,
                _key(where),
            )


def _check_questions(questions: list[QuestionSpec], exclude: list[RuleUse]) -> None:
    from tma_check.rules import RULES

    seen: set[str] = set()
    customs = [use.id for use in exclude if use.id not in RULES]
    customs += [use.id for q in questions for use in q.exclude if use.id not in RULES]
    for i, question in enumerate(questions):
        file = question.where.file if question.where else "rubric"
        line = question.where.line if question.where else 0
        if question.id in seen:
            raise RubricError(
                file, f"question id {question.id!r} is used twice", line, f"questions[{i}].id"
            )
        seen.add(question.id)
        if (
            question.limit is not None
            and question.minimum is not None
            and question.minimum > question.limit
        ):
            raise RubricError(
                file,
                f"minimum {question.minimum} is above the limit {question.limit}",
                line,
                f"questions[{i}].minimum",
            )
        in_force = {use.id for use in exclude}
        for rule_id in question.include:
            if rule_id not in RULES and rule_id not in customs:
                known = ", ".join([*RULES, *dict.fromkeys(customs)])
                raise RubricError(
                    file,
                    f"unknown rule {rule_id!r}; rules are: {known}",
                    line,
                    f"questions[{i}].include",
                )
            if rule_id not in in_force:
                raise RubricError(
                    file,
                    f"{rule_id!r} is not left out for the whole rubric, so there is nothing "
                    "to count after all",
                    line,
                    f"questions[{i}].include",
                )
