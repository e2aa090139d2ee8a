"""Load a rubric (YAML) into a validated, typed :class:`~tma_check.model.Rubric`.

A rubric may ``extends:`` a preset shipped with tma-check (by name, e.g.
``ou-default``) or another rubric file (by a path relative to the extending
file, inside the folder of the rubric named on the command line or the folder
above it: a rubric copied from elsewhere cannot reach further into the disk).
Keys of the extending file replace the base's; ``exclude`` lists are joined
(options of a rule named in both come from the extending file); ``include``
removes rules from the joined list; ``questions`` replace the base's list
when given.

:func:`inspect_rubric` returns every error it finds (for ``tma-check rubric
validate``); :func:`load_rubric` raises the first, saying how many more there are.
A :class:`~pathlib.Path` always names a file; text may name a preset too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tma_check.errors import RubricError
from tma_check.model import Location, QuestionSpec, Rubric, RuleUse
from tma_check.rubric.bands import read_bands
from tma_check.rubric.confine import confine, root_of
from tma_check.rubric.problems import Problems, close_name, did_you_mean, first_of

if TYPE_CHECKING:
    from tma_check.rubric.yamlfile import Lines

# The YAML reader and the schema (built from every rule) are imported when a rubric is
# read, not with this package, which a count or a preset-name check also imports.

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


def _unknown_preset(reference: str) -> str:
    """Why ``reference`` names nothing: the preset it may have meant, and every preset."""
    known = presets()
    names = ", ".join(known) or "none"
    return f"no such rubric file or preset{did_you_mean(reference, known)}; presets are: {names}"


def load_rubric(reference: str | os.PathLike[str]) -> Rubric:
    """Load the rubric a user named: a preset's name or a file's path, as text, or a path
    (a :class:`~pathlib.Path` always names a file). Raises the first
    :class:`~tma_check.errors.RubricError`, saying how many more were found."""
    rubric, errors = inspect_rubric(reference)
    if rubric is None:
        raise first_of(errors)
    return rubric


def inspect_rubric(reference: str | os.PathLike[str]) -> tuple[Rubric | None, list[RubricError]]:
    """The rubric ``reference`` names and every error found in it (and the files it
    extends), in file and line order; the rubric is None when there are errors.

    Every key and value is checked against the schema. The checks across
    values (ids used twice, marks that add up, rules that ``include`` names)
    run once the values themselves are right, as they rely on them; a file
    that cannot be read, or an ``extends`` that leads nowhere, is one error.
    """
    problems = Problems()
    rubric = None
    try:
        path = _path_of(reference)
        layers = _merged(path, chain=(), root=root_of(path), problems=problems)
        if not problems:
            rubric = build(layers, _display_name(path), problems)
    except RubricError as error:
        problems.keep(error)
    errors = problems.in_order()
    return (None if errors else rubric), errors


def _path_of(reference: str | os.PathLike[str]) -> Path:
    """The file ``reference`` names; a name that is no file or preset is an error."""
    text = os.fspath(reference)
    if "\0" in text:
        shown = text.replace("\0", "\\0")
        raise RubricError(shown, "a rubric's name cannot hold a NUL character")
    if not isinstance(reference, str):
        return Path(text)
    try:
        path = locate(reference)
    except KeyError:
        raise RubricError(reference, _unknown_preset(reference)) from None
    if Path(reference).name == reference and not path.exists():
        meant = close_name(path.stem, presets())
        if meant is not None:
            raise RubricError(
                reference, f"no such rubric file (did you mean the preset {meant!r}?)"
            )
    return path


class _Layer:
    """One rubric file's data, where each value came from, and its errors against the
    schema (noted in ``problems``). A file that cannot be read is raised at once."""

    def __init__(self, path: Path, problems: Problems) -> None:
        self.path = path
        self.name = _display_name(path)
        from tma_check.rubric import schema, validate
        from tma_check.rubric.yamlfile import load_yaml

        self.data, self.lines = load_yaml(str(path))
        if not isinstance(self.data, dict):
            raise RubricError(
                self.name, "must be a mapping of keys (title:, questions:, ...)", line=1
            )
        for where, message in validate.validate(self.data, schema.build_schema()):
            problems.add(self.name, message, _line(self.lines, where), _key(where))

    def at(self, *where: Any) -> Location:
        return Location(self.name, _line(self.lines, where))

    def refuse(self, message: str) -> RubricError:
        """An error about this file's ``extends``."""
        return RubricError(self.name, message, self.at("extends").line, "extends")


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


def _merged(path: Path, chain: tuple[Path, ...], root: Path, problems: Problems) -> list[_Layer]:
    """The layers from the furthest base to ``path``; files must lie under ``root``."""
    layer = _Layer(path, problems)
    extends = layer.data.get("extends")
    if not isinstance(extends, str):  # absent, or already an error against the schema
        return [layer]
    target = _base_of(layer, extends, chain, root)
    return [*_merged(target, (*chain, path.resolve()), root, problems), layer]


def _base_of(layer: _Layer, extends: str, chain: tuple[Path, ...], root: Path) -> Path:
    """The file ``extends`` names, if it is one a rubric may build on."""
    if len(chain) >= MAX_EXTENDS:
        raise layer.refuse(f"extends more than {MAX_EXTENDS} levels deep")
    problem = None if may_be_preset(extends) else confine(extends, layer.path)
    if problem is not None:
        raise layer.refuse(problem)
    try:
        target = locate(extends, base=layer.path.parent)
    except KeyError:
        known = presets()
        names = ", ".join(known) or "none"
        hint = did_you_mean(extends, known)
        raise layer.refuse(f"no preset or file {extends!r}{hint}; presets are: {names}") from None
    resolved = target.resolve()
    if not _is_preset(resolved) and not resolved.is_relative_to(root):
        raise layer.refuse(
            f"{extends!r} leads outside the first rubric's folder and the one above it; "
            "keep the rubrics it builds on there, or name a preset"
        )
    if not target.is_file():
        raise layer.refuse(f"{extends!r} not found (looked for {target})")
    if resolved in chain or resolved == layer.path.resolve():
        raise layer.refuse(f"{extends!r} extends itself in a loop")
    return target


def _rule_uses(
    layer: _Layer, items: list[Any], where: tuple[Any, ...], problems: Problems
) -> list[RuleUse]:
    """The rules a list names; a name used twice, or a custom rule named like a built-in one,
    is an error (one of the two would be lost) and is left out."""
    from tma_check.rules import RULES

    uses: list[RuleUse] = []
    for i, item in enumerate(items):
        use = _rule_use(layer, item, (*where, i))
        key = _key((*where, i))
        if use.custom and use.id in RULES:
            message = f"a custom rule may not be named {use.id!r}, the id of a built-in rule"
            problems.add(layer.name, message, use.where.line if use.where else 0, key)
        elif any(earlier.id == use.id for earlier in uses):
            problems.add(
                layer.name, f"{use.id!r} is listed twice", use.where.line if use.where else 0, key
            )
        else:
            uses.append(use)
    return uses


def _rule_use(layer: _Layer, item: Any, where: tuple[Any, ...]) -> RuleUse:
    """One item of an ``exclude`` list: a rule's id, a rule with options, or a custom rule."""
    at = layer.at(*where)
    if isinstance(item, str):
        return RuleUse(item, (), at)
    if "name" in item:
        kind = "pattern" if "pattern" in item else "style"
        return RuleUse(item["name"], ((kind, item[kind]),), at, custom=kind)
    ((rule_id, options),) = item.items()
    return RuleUse(rule_id, tuple(sorted((options or {}).items())), at)


def _join(base: list[RuleUse], more: list[RuleUse]) -> list[RuleUse]:
    joined = {use.id: use for use in base}
    for use in more:
        joined[use.id] = use
    return list(joined.values())


def build(layers: list[_Layer], source: str, found: Problems) -> Rubric:
    """Fold the layers into one rubric and check what the schema cannot, noting each
    error in ``found`` (the rubric returned is of use only when there are none)."""
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
                    _question(layer, item, ("questions", i), found) for i, item in enumerate(value)
                ]
            elif key == "penalties":
                values[key] = read_bands(value, layer.at, key, (key,), found)
            elif key not in ("extends", "exclude", "include"):
                values[key] = value
        uses = _rule_uses(layer, layer.data.get("exclude", []), ("exclude",), found)
        exclude = _join(exclude, uses)
        removed = layer.data.get("include", [])
        _check_known(layer, removed, exclude, ("include",), found)
        exclude = [use for use in exclude if use.id not in removed]
    questions = questions or []
    _check_questions(questions, exclude, found)
    for question in questions:
        _check_parts(question, found)
    _check_totals(values, origins, questions, found)
    total = values.get("total_marks")
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
        limit=values.get("limit"),
        minimum=values.get("minimum"),
        penalties=values.get("penalties", ()),
        share_tolerance=float(values.get("share_tolerance", 10.0)),
    )


def _check_totals(
    values: dict[str, Any],
    origins: dict[str, Location],
    questions: list[QuestionSpec],
    problems: Problems,
) -> None:
    """The whole rubric's minimum is below its limit, and the marks add up to the total."""
    limit, minimum = values.get("limit"), values.get("minimum")
    if limit is not None and minimum is not None and minimum > limit:
        where = origins["minimum"]
        message = f"minimum {minimum} is above the limit {limit}"
        problems.add(where.file, message, where.line, "minimum")
    total = values.get("total_marks")
    if total is None:
        return
    marks = sum(q.marks or 0 for q in questions)
    if abs(marks - total) > 1e-9:
        where = origins["total_marks"]
        message = f"the questions' marks add up to {marks:g}, not {total:g}"
        problems.add(where.file, message, where.line, "total_marks")


def _check_parts(question: QuestionSpec, problems: Problems) -> None:
    """Parts of one question have ids of their own."""
    seen: set[str] = set()
    for part in question.parts:
        file = part.where.file if part.where else "rubric"
        line = part.where.line if part.where else 0
        if part.id in seen:
            message = f"part id {part.id!r} is used twice in {question.id}"
            problems.add(file, message, line, "parts")
        seen.add(part.id)
        _check_parts(part, problems)


def _question(
    layer: _Layer, item: dict[str, Any], where: tuple[Any, ...], problems: Problems
) -> QuestionSpec:
    leeway = item.get("leeway")
    limit, minimum = item.get("limit"), item.get("minimum")
    if isinstance(limit, int) and isinstance(minimum, int) and minimum > limit:
        message = f"minimum {minimum} is above the limit {limit}"
        problems.add(
            layer.name, message, layer.at(*where, "minimum").line, _key((*where, "minimum"))
        )
    parts = tuple(
        _question(layer, part, (*where, "parts", i), problems)
        for i, part in enumerate(item.get("parts", []))
    )
    return QuestionSpec(
        id=str(item["id"]),  # "id: 1" names question 1
        match=item.get("match"),
        limit=item.get("limit"),
        minimum=item.get("minimum"),
        marks=item.get("marks"),
        leeway=None if leeway is None else float(leeway),
        exclude=tuple(_rule_uses(layer, item.get("exclude", []), (*where, "exclude"), problems)),
        include=tuple(item.get("include", [])),
        count=item.get("count", True),
        prompt=item.get("prompt"),
        where=layer.at(*where),
        parts=parts,
        penalties=(
            read_bands(
                item["penalties"],
                layer.at,
                _key((*where, "penalties")),
                (*where, "penalties"),
                problems,
            )
            if "penalties" in item
            else None
        ),
    )


def _check_known(
    layer: _Layer,
    ids: list[str],
    exclude: list[RuleUse],
    where: tuple[Any, ...],
    problems: Problems,
) -> None:
    """Every id in ``ids`` must name a rule that ``exclude`` has in force."""
    from tma_check.rules import RULES

    names = [*RULES, *(use.id for use in exclude if use.id not in RULES)]
    in_force = {use.id for use in exclude}
    for i, rule_id in enumerate(ids):
        line = _line(layer.lines, (*where, i))
        if rule_id not in names:
            message = f"unknown rule {rule_id!r}; rules are: {', '.join(names)}"
            problems.add(layer.name, message, line, _key(where))
        elif rule_id not in in_force:
            message = f"{rule_id!r} leaves nothing out here, so there is nothing to count after all"
            problems.add(layer.name, message, line, _key(where))


def _check_questions(
    questions: list[QuestionSpec], exclude: list[RuleUse], problems: Problems
) -> None:
    """Question ids are used once, minimums are below limits, and what a question
    ``include``s is a rule the whole rubric leaves out."""
    from tma_check.rules import RULES

    seen: set[str] = set()
    customs = [use.id for use in exclude if use.id not in RULES]
    customs += [use.id for q in questions for use in q.exclude if use.id not in RULES]
    in_force = {use.id for use in exclude}
    for i, question in enumerate(questions):
        file = question.where.file if question.where else "rubric"
        line = question.where.line if question.where else 0
        key = f"questions[{i}]"
        if question.id in seen:
            problems.add(file, f"question id {question.id!r} is used twice", line, f"{key}.id")
        seen.add(question.id)
        for rule_id in question.include:
            if rule_id not in RULES and rule_id not in customs:
                known = ", ".join([*RULES, *dict.fromkeys(customs)])
                message = f"unknown rule {rule_id!r}; rules are: {known}"
                problems.add(file, message, line, f"{key}.include")
            elif rule_id not in in_force:
                message = (
                    f"{rule_id!r} is not left out for the whole rubric, so there is nothing "
                    "to count after all"
                )
                problems.add(file, message, line, f"{key}.include")
