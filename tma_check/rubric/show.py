"""Render a loaded rubric as YAML, each value with the file and line it came from.

The output is itself a valid rubric (with every ``extends`` folded in), so it
can be saved and used as it is.
"""

from __future__ import annotations

from typing import Any

from tma_check.model import Location, PenaltyBand, QuestionSpec, Rubric, RuleUse
from tma_check.rubric.bands import band_yaml
from tma_check.rubric.scalars import scalar
from tma_check.split import DEFAULT_APPENDIX_HEADING, DEFAULT_REFERENCE_HEADING


def _from(where: Location | None) -> str:
    return f"  # {where}" if where is not None else "  # default"


def _rule(use: RuleUse, indent: str) -> str:
    if use.custom:
        ((kind, value),) = use.options
        body = f"{{name: {scalar(use.id)}, {kind}: {scalar(value)}}}"
    elif use.options:
        options = ", ".join(f"{key}: {scalar(value)}" for key, value in use.options)
        body = f"{use.id}: {{{options}}}"
    else:
        body = use.id
    return f"{indent}- {body}{_from(use.where)}"


def _bands(bands: tuple[PenaltyBand, ...], indent: str) -> list[str]:
    if not bands:
        return [f"{indent}penalties: []"]
    return [f"{indent}penalties:", *(f"{indent}  - {band_yaml(band)}" for band in bands)]


def _question(spec: QuestionSpec, indent: str = "  ") -> list[str]:
    lines = [f"{indent}- id: {scalar(spec.id)}{_from(spec.where)}"]
    inner = indent + "  "
    for key in ("match", "limit", "minimum", "marks", "leeway", "prompt"):
        value = getattr(spec, key)
        if value is not None:
            lines.append(f"{inner}{key}: {scalar(value)}")
    if not spec.count:
        lines.append(f"{inner}count: false")
    if spec.exclude:
        lines.append(f"{inner}exclude:")
        lines.extend(_rule(use, inner + "  ") for use in spec.exclude)
    if spec.include:
        lines.append(f"{inner}include: {scalar(list(spec.include))}")
    if spec.penalties is not None:
        lines.extend(_bands(spec.penalties, inner))
    if spec.parts:
        lines.append(f"{inner}parts:")
        for part in spec.parts:
            lines.extend(_question(part, inner + "  "))
    return lines


def render(rubric: Rubric) -> str:
    origins = dict(rubric.origins)

    def line(key: str, value: Any) -> str:
        return f"{key}: {scalar(value)}{_from(origins.get(key))}"

    lines = [f"# the effective rubric of {rubric.source}, with where each value came from"]
    lines.append(line("title", rubric.title))
    if rubric.policy:
        lines.append(line("source", rubric.policy))
    for key in ("limit", "minimum"):
        value = getattr(rubric, key)
        if value is not None:
            lines.append(line(key, value))
    lines.append(line("leeway", rubric.leeway))
    if rubric.penalties:
        lines.append(f"penalties:{_from(origins.get('penalties'))}")
        lines.extend(f"  - {band_yaml(band)}" for band in rubric.penalties)
    lines.append(line("share_tolerance", rubric.share_tolerance))
    if rubric.total_marks is not None:
        lines.append(line("total_marks", rubric.total_marks))
    lines.append(line("declared_tolerance", rubric.declared_tolerance))
    lines.append(line("reference_heading", rubric.references or DEFAULT_REFERENCE_HEADING))
    lines.append(line("appendix_heading", rubric.appendices or DEFAULT_APPENDIX_HEADING))
    lines.append("exclude:" if rubric.exclude else "exclude: []")
    lines.extend(_rule(use, "  ") for use in rubric.exclude)
    lines.append("questions:" if rubric.questions else "questions: []")
    for spec in rubric.questions:
        lines.extend(_question(spec))
    return "\n".join(lines) + "\n"
