"""Write an inferred rubric as YAML, with a comment for every doubt.

The emitter is written by hand (not ``yaml.dump``) so that the file can say
where it came from and carry a ``# check: ...`` comment on the line before
each value, or each question, that tma-check is unsure of. Strings are
single-quoted (inner quotes doubled), the one YAML style in which a
backslash is just a backslash, which keeps regular expressions readable.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tma_check.rubric.scalars import number, text

if TYPE_CHECKING:
    from tma_check.infer import Inferred, Note
    from tma_check.model import QuestionSpec

BASE = "ou-default"
_KEYS = ("match", "limit", "minimum", "marks", "prompt")


def _printable(text: str) -> str:
    """One line of printable text: line breaks and control characters become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def rubric_title(inferred: Inferred, source_name: str) -> str:
    """The title guessed from the document, else the file's name."""
    return _printable(inferred.title or "") or Path(source_name).stem or "inferred rubric"


def _comments(notes: list[Note], indent: str) -> list[str]:
    return [f"{indent}# check: {_printable(note.text)}" for note in notes]


def _schema_comment(schema: str | None) -> list[str]:
    """The comment that names the schema, when ``schema`` is a path on one printable line."""
    if not schema or not schema.isprintable() or schema != schema.strip():
        return []
    return [f"# yaml-language-server: $schema={schema}"]


def to_yaml(inferred: Inferred, source_name: str, schema: str | None = None) -> str:
    """A rubric file for what :func:`~tma_check.infer.infer` found, to review and edit.
    ``schema``, the path of the rubric schema, is named in a first-line comment for
    editors (the YAML language server); a path that is not one printable line is left out.
    """
    notes = list(inferred.notes)

    def about(question: str | None, key: str | None) -> list[Note]:
        return [n for n in notes if n.question == question and n.key == key]

    present = {
        "title",
        *(("leeway",) if inferred.leeway is not None else ()),
        *(("limit",) if inferred.limit is not None or inferred.minimum is not None else ()),
    }
    lines = [
        *_schema_comment(schema),
        f"# Rubric inferred by tma-check from {_printable(source_name)}.",
        "# The values were read from the document and may be wrong or",
        "# missing: check each one against the assignment's own guide, above all",
        "# the lines marked 'check:', before you rely on it.",
        *_comments([n for n in notes if n.question is None and n.key not in present], ""),
        f"extends: {BASE}",
        *_comments(about(None, "title"), ""),
        f"title: {text(rubric_title(inferred, source_name))}",
    ]
    if inferred.leeway is not None:
        lines += _comments(about(None, "leeway"), "")
        lines.append(f"leeway: {number(inferred.leeway)}")
    else:
        lines.append(
            "# check: the document states no leeway, so none is allowed; if the module "
            "allows one (often 10%), set it here"
        )
        lines.append("leeway: 0")
    if inferred.limit is not None or inferred.minimum is not None:
        lines += _comments(about(None, "limit"), "")
    if inferred.limit is not None:
        lines.append(f"limit: {number(inferred.limit)}")
    if inferred.minimum is not None:
        lines.append(f"minimum: {number(inferred.minimum)}")
    lines.append("questions:" if inferred.questions else "questions: []")
    for spec in inferred.questions:
        lines += _question(spec, notes, "  ")
    return "\n".join(lines) + "\n"


def _question(spec: QuestionSpec, notes: list[Note], indent: str) -> list[str]:
    """One question (and its parts), as YAML lines at ``indent``."""
    values = {key: getattr(spec, key) for key in _KEYS}
    own = [n for n in notes if n.question == spec.id]
    inner = indent + "  "
    lines = _comments([n for n in own if n.key is None or values.get(n.key) is None], indent)
    lines.append(f"{indent}- id: {text(spec.id)}")
    for key, value in values.items():
        if value is None:
            continue
        lines += _comments([n for n in own if n.key == key], inner)
        written = text(value) if isinstance(value, str) else number(value)
        lines.append(f"{inner}{key}: {written}")
    if spec.parts:
        lines.append(f"{inner}parts:")
        for part in spec.parts:
            lines += _question(part, notes, inner + "  ")
    return lines
