"""Where a rubric file may be named from: one rule for ``extends`` and for the
project configuration's rubric paths.

A path is relative to the file that names it, and stays inside that file's
folder or the one above it (a checkout's ``rubrics/`` beside its
``tma02/``, say); a preset is named by its name. So a rubric or a
configuration from anywhere can read no file elsewhere on the machine.
"""

from __future__ import annotations

import os
from pathlib import Path


def root_of(naming_file: Path) -> Path:
    """The folder above the one that holds ``naming_file``: as far as its paths may go."""
    return naming_file.resolve().parent.parent


def confine(reference: str, naming_file: Path) -> str | None:
    """Why ``reference``, a path in ``naming_file``, may not be read; None if it may."""
    if "\0" in reference:
        return "names a file with a NUL character in it"
    if os.path.isabs(reference):
        return f"{reference!r} is an absolute path; give one relative to this file, or a preset"
    if not (naming_file.parent / reference).resolve().is_relative_to(root_of(naming_file)):
        return (
            f"{reference!r} leads outside this file's folder and the one above it; keep the "
            "rubrics it names there, or name a preset"
        )
    return None
