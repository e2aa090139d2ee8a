"""The presets shipped with tma-check, one row each, for ``tma-check rubric list``.

Each row gives a preset's name, its leeway, the rules it leaves out (after
its ``extends``) and its title, as aligned plain-text columns or as JSON.
Text that comes from a rubric is escaped for the terminal.
"""

from __future__ import annotations

import json

from tma_check.record import as_dict, record
from tma_check.rubric.scalars import number
from tma_check.textsafe import visible

_HEADINGS = ("preset", "leeway", "leaves out", "title")


@record
class Preset:
    """One preset as listed; ``error`` says why it could not be loaded (then the rest
    is empty)."""

    name: str
    path: str
    title: str = ""
    leeway: float | None = None
    exclude: tuple[str, ...] = ()
    error: str = ""


def shipped() -> list[Preset]:
    """Every preset, loaded, in name order."""
    from tma_check.errors import RubricError
    from tma_check.rubric import load_rubric, presets

    rows = []
    for name, path in presets().items():
        try:
            rubric = load_rubric(path)
        except RubricError as error:
            rows.append(Preset(name, str(path), error=str(error)))
            continue
        exclude = tuple(use.id for use in rubric.exclude)
        rows.append(Preset(name, str(path), rubric.title, rubric.leeway, exclude))
    return rows


def _cells(preset: Preset) -> tuple[str, ...]:
    """The four columns of one preset's line, escaped."""
    if preset.error:
        cells = (preset.name, "-", "-", f"error: {preset.error}")
    else:
        leeway = "-" if preset.leeway is None else f"{number(preset.leeway)}%"
        cells = (preset.name, leeway, ", ".join(preset.exclude) or "nothing", preset.title)
    return tuple(visible(cell) for cell in cells)


def as_text(presets: list[Preset]) -> str:
    """A heading line, then one line per preset, in columns two spaces apart."""
    rows = [_HEADINGS, *(_cells(preset) for preset in presets)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADINGS))]
    lines = ("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows)
    return "".join(line.rstrip() + "\n" for line in lines)


def as_json(presets: list[Preset]) -> str:
    """A list of objects: name, path, title, leeway, exclude (and error, for a preset that
    could not be loaded). Non-ASCII characters are escaped, so none can drive a terminal."""
    objects = []
    for preset in presets:
        fields = as_dict(preset)
        fields["exclude"] = list(preset.exclude)
        if not preset.error:
            del fields["error"]
        objects.append(fields)
    return json.dumps(objects, indent=2) + "\n"
