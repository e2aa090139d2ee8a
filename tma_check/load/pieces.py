"""What single pieces of WordprocessingML stand for, for the walker.

Each function here reads one element (or one value) whole: the characters a
run's content stands for, a symbol, an equation's text, a table cell's span,
the branch of an ``mc:AlternateContent`` to read, the text boxes a drawing
holds. The walker (:mod:`tma_check.load.walk`) decides where they go.
"""

from __future__ import annotations

import re
from typing import Any

from tma_check.load import ns
from tma_check.load.styles import ParagraphStyle, RunStyle, Styles, is_on

# The run properties the walker reads, and what it calls them.
RUN_PROPS = {
    ns.BOLD: "bold",
    ns.ITALIC: "italic",
    ns.VANISH: "hidden",
    ns.VERTALIGN: "vert",
    ns.RSTYLE: "style",
}

# Tracked deletions and moves-from: never text.
SKIPPED = frozenset({ns.DEL, ns.MOVEFROM})

# Run content that stands for one character: tabs and breaks separate words;
# a non-breaking hyphen is a hyphen; a soft hyphen neither makes nor breaks one.
CHARACTERS = {
    ns.TAB: "\t",
    ns.PTAB: "\t",
    ns.BR: "\n",
    ns.CR: "\n",
    ns.NOBREAKHYPHEN: "-",
    ns.SOFTHYPHEN: "\u00ad",
}

# Control characters are nothing a terminal may be sent. XML text can hold C1
# controls and DEL (and a w:sym can name any code): each becomes the replacement
# character, which keeps the count as it was (a mark in a word, or a word of its
# own) while showing that something unprintable stood there. Tabs and line
# breaks stay: they separate words.
_CONTROLS = {
    code: "\ufffd" for code in [*range(0x20), *range(0x7F, 0xA0)] if code not in (9, 10, 13)
}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with each control character (but tab and line breaks) replaced."""
    if text.isprintable() or _CONTROL.search(text) is None:  # the first is quicker
        return text
    return text.translate(_CONTROLS)


def symbol(code: str | None) -> str:
    """The character a ``w:sym`` draws. A symbol font's codes below 0x100 are its
    own glyphs, so a control code stands for the font's glyph at the same place in
    the private-use block (U+F000 + code), a mark Word draws and counts; a lone
    surrogate (half of a character) becomes the replacement character."""
    try:
        char = chr(int(code or "", 16))
    except (ValueError, OverflowError):
        return "\ufffd"
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    if ord(char) in _CONTROLS:
        return chr(0xF000 + ord(char))
    return char


def math_text(math: Any) -> str:
    """The ``m:t`` text of an equation, without tracked deletions and moves-from."""
    pieces = []
    for child in math:
        if child.tag == ns.M_T:
            pieces.append(child.text or "")
        elif child.tag not in SKIPPED:
            pieces.append(math_text(child))
    return "".join(pieces)


def span(cell: Any) -> int:
    """How many grid columns a table cell spans (``w:gridSpan``, 1 by default)."""
    tcpr = cell.find(ns.TCPR)
    if tcpr is None:
        return 1
    grid_span = tcpr.find(ns.GRIDSPAN)
    try:
        return max(1, int(grid_span.get(ns.W_VAL))) if grid_span is not None else 1
    except (TypeError, ValueError):
        return 1


def choose_branch(alternate: Any) -> Any | None:
    """The one branch of ``mc:AlternateContent`` to read.

    That is the first ``mc:Choice`` whose required namespaces are all ones the
    walker understands, else the ``mc:Fallback``.
    """
    for choice in alternate.iterfind(ns.CHOICE):
        prefixes = (choice.get(ns.REQUIRES) or "").split()
        if all(choice.nsmap.get(prefix) in ns.UNDERSTOOD for prefix in prefixes):
            return choice
    return alternate.find(ns.FALLBACK)


def text_boxes(graphic: Any) -> list[Any]:
    """The outermost text boxes (``w:txbxContent``) in a drawing, picture or object."""
    boxes = list(graphic.iter(ns.TXBXCONTENT))
    inner = {id(el) for box in boxes for el in box.iter(ns.TXBXCONTENT) if el is not box}
    return [box for box in boxes if id(box) not in inner]


def has_image(graphic: Any) -> bool:
    """Whether a drawing, picture or object shows a picture."""
    return next(graphic.iter(ns.BLIP, ns.VML_IMAGEDATA), None) is not None


def next_is_paragraph(p: Any) -> bool:
    """Whether the next paragraph, table or content control after ``p`` is a paragraph."""
    following = p.getnext()
    while following is not None and following.tag not in (ns.P, ns.TBL, ns.SDT):
        following = following.getnext()
    return following is not None and following.tag == ns.P


class RunProperties:
    """Runs' properties resolved over their paragraph's style, cached per combination."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self._cache: dict[tuple[Any, ...], tuple[RunStyle, str]] = {}

    def of(self, rpr: Any, style: ParagraphStyle) -> tuple[RunStyle, str]:
        """The properties and character style name that a ``w:rPr`` gives."""
        if rpr is None:
            return style.run, ""
        found: dict[str, str | None] = {}
        for child in rpr:
            name = RUN_PROPS.get(child.tag)
            if name is not None:
                found[name] = child.get(ns.W_VAL)
        return self.resolved(found, style)

    def resolved(self, found: dict[str, str | None], style: ParagraphStyle) -> tuple[RunStyle, str]:
        """Run properties set directly (``found``, by :data:`RUN_PROPS` name) over the style's."""
        if not found:
            return style.run, ""
        key = (id(style), *sorted(found.items(), key=lambda item: item[0]))
        cached = self._cache.get(key)
        if cached is None:
            base = style.run
            char_name = ""
            if "style" in found:
                char_name, char_props = self.styles.character(found["style"] or "")
                base = char_props.over(base)

            def flag(name: str) -> bool | None:
                return None if name not in found else is_on(found[name])

            direct = RunStyle(flag("bold"), flag("italic"), flag("hidden"), found.get("vert"))
            cached = (direct.over(base), char_name)
            self._cache[key] = cached
        return cached
