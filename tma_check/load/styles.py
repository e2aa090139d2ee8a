"""Resolve paragraph and character styles from ``word/styles.xml``.

Only what later stages need is resolved: display name, heading level, list
numbering, left indent, and the run properties bold, italic, hidden and
vertical alignment, following ``w:basedOn`` chains.
"""

from __future__ import annotations

from typing import Any

from tma_check.load import ns
from tma_check.record import record

_HEADING_NAME = "heading "
_MAX_CHAIN = 32


def on_off(element: Any) -> bool | None:
    """Value of an on/off property element such as ``<w:b/>``; None if absent."""
    return None if element is None else is_on(element.get(ns.W_VAL))


def is_on(value: str | None) -> bool:
    """Whether an on/off property's ``w:val`` (None when it has none) turns it on."""
    return value not in ("0", "false", "off")


def display_name(name: str) -> str:
    """Word shows built-in styles stored in lower case ("heading 1") capitalised."""
    if name and name == name.lower():
        words = name.split(" ")
        return " ".join("TOC" if word == "toc" else word.capitalize() for word in words)
    return name


@record
class RunStyle:
    bold: bool | None = None
    italic: bool | None = None
    hidden: bool | None = None
    vert: str | None = None

    def over(self, base: RunStyle) -> RunStyle:
        """These properties, falling back to ``base`` where unset."""
        return RunStyle(
            bold=base.bold if self.bold is None else self.bold,
            italic=base.italic if self.italic is None else self.italic,
            hidden=base.hidden if self.hidden is None else self.hidden,
            vert=base.vert if self.vert is None else self.vert,
        )


def run_style(rpr: Any) -> RunStyle:
    """The run properties set directly in a ``w:rPr`` element."""
    if rpr is None:
        return RunStyle()
    vert = rpr.find(ns.VERTALIGN)
    return RunStyle(
        bold=on_off(rpr.find(ns.BOLD)),
        italic=on_off(rpr.find(ns.ITALIC)),
        hidden=on_off(rpr.find(ns.VANISH)),
        vert=None if vert is None else vert.get(ns.W_VAL),
    )


@record
class ParagraphStyle:
    name: str = "Normal"
    heading_level: int | None = None
    num_id: str | None = None
    ilvl: int | None = None
    indent: int | None = None
    run: RunStyle = RunStyle()


@record
class _Raw:
    name: str
    kind: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None
    indent: int | None
    run: RunStyle


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError):
        return None


def left_indent(ppr: Any) -> int | None:
    """Left indent in twentieths of a point set directly in a ``w:pPr``."""
    if ppr is None:
        return None
    ind = ppr.find(ns.IND)
    if ind is None:
        return None
    left = _int(ind.get(ns.LEFT) or ind.get(ns.START))
    return left


def outline_level(ppr: Any) -> int | None:
    if ppr is None:
        return None
    element = ppr.find(ns.OUTLINELVL)
    return None if element is None else _int(element.get(ns.W_VAL))


def numbering(ppr: Any) -> tuple[str | None, int | None]:
    if ppr is None:
        return None, None
    numpr = ppr.find(ns.NUMPR)
    if numpr is None:
        return None, None
    num_id = numpr.find(ns.NUMID)
    ilvl = numpr.find(ns.ILVL)
    return (
        None if num_id is None else num_id.get(ns.W_VAL),
        None if ilvl is None else _int(ilvl.get(ns.W_VAL)),
    )


class Styles:
    """Style lookups for one document, cached."""

    def __init__(self, root: Any | None) -> None:
        self._raw: dict[str, _Raw] = {}
        self.default_paragraph = ""
        self.defaults = RunStyle()
        self._para_cache: dict[str, ParagraphStyle] = {}
        self._char_cache: dict[str, tuple[str, RunStyle]] = {}
        if root is None:
            return
        doc_defaults = root.find(ns.w("docDefaults"))
        if doc_defaults is not None:
            rpr = doc_defaults.find(f"{ns.w('rPrDefault')}/{ns.RPR}")
            self.defaults = run_style(rpr)
        for style in root.iterfind(ns.w("style")):
            style_id = style.get(ns.w("styleId")) or ""
            kind = style.get(ns.W_TYPE) or "paragraph"
            name_el = style.find(ns.w("name"))
            name = display_name(name_el.get(ns.W_VAL, "") if name_el is not None else style_id)
            based = style.find(ns.w("basedOn"))
            ppr = style.find(ns.PPR)
            num_id, ilvl = numbering(ppr)
            self._raw[style_id] = _Raw(
                name=name or style_id,
                kind=kind,
                based_on=None if based is None else based.get(ns.W_VAL),
                outline=outline_level(ppr),
                num_id=num_id,
                ilvl=ilvl,
                indent=left_indent(ppr),
                run=run_style(style.find(ns.RPR)),
            )
            if kind == "paragraph" and style.get(ns.w("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id

    def _chain(self, style_id: str) -> list[_Raw]:
        chain: list[_Raw] = []
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and len(chain) < _MAX_CHAIN:
            seen.add(current)
            raw = self._raw.get(current)
            if raw is None:
                break
            chain.append(raw)
            current = raw.based_on
        return chain

    def paragraph(self, style_id: str | None) -> ParagraphStyle:
        """The resolved paragraph style (the default style when ``style_id`` is None)."""
        key = style_id or self.default_paragraph
        cached = self._para_cache.get(key)
        if cached is not None:
            return cached
        chain = self._chain(key)
        name = chain[0].name if chain else (style_id or "Normal")
        level = _heading_level(name)
        run = RunStyle()
        num_id: str | None = None
        ilvl: int | None = None
        indent: int | None = None
        outline: int | None = None
        for raw in chain:
            run = run.over(raw.run)
            num_id = num_id if num_id is not None else raw.num_id
            ilvl = ilvl if ilvl is not None else raw.ilvl
            indent = indent if indent is not None else raw.indent
            outline = outline if outline is not None else raw.outline
            if level is None:
                level = _heading_level(raw.name)
        if level is None and outline is not None and 0 <= outline <= 8:
            level = outline + 1
        resolved = ParagraphStyle(name, level, num_id, ilvl, indent, run.over(self.defaults))
        self._para_cache[key] = resolved
        return resolved

    def character(self, style_id: str) -> tuple[str, RunStyle]:
        """The display name and resolved run properties of a character style."""
        cached = self._char_cache.get(style_id)
        if cached is not None:
            return cached
        chain = self._chain(style_id)
        run = RunStyle()
        for raw in chain:
            run = run.over(raw.run)
        resolved = (chain[0].name if chain else style_id, run)
        self._char_cache[style_id] = resolved
        return resolved


def _heading_level(name: str) -> int | None:
    lowered = name.lower()
    if lowered.startswith(_HEADING_NAME):
        rest = lowered[len(_HEADING_NAME) :].strip()
        if rest.isascii() and rest.isdigit() and len(rest) <= 2 and 1 <= int(rest) <= 9:
            return int(rest)
    return None
