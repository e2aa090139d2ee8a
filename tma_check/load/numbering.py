"""Automatic list labels ("1.", "a)", "iv.", a bullet) from ``word/numbering.xml``.

Word counts a list label as one word per numbered or bulleted paragraph. The
label text itself is rebuilt here so that reports and question patterns can
see what the reader sees.
"""

from __future__ import annotations

from typing import Any

from tma_check.load import ns
from tma_check.record import field, record

BULLET = "\u2022"
# Letters and roman numerals grow with the number; past this a label is shown in
# digits, so a list that claims to start at a billion stays a short label.
MAX_LETTERED = 32_767
_INT32 = 1 << 31
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _roman(number: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    if number <= 0:
        return str(number)
    letter = chr(ord("a") + (number - 1) % 26)
    return letter * ((number - 1) // 26 + 1)


def format_number(number: int, fmt: str) -> str:
    if number > MAX_LETTERED and fmt in ("lowerLetter", "upperLetter", "lowerRoman", "upperRoman"):
        return str(number)
    if fmt in ("lowerLetter",):
        return _letters(number)
    if fmt == "upperLetter":
        return _letters(number).upper()
    if fmt == "lowerRoman":
        return _roman(number)
    if fmt == "upperRoman":
        return _roman(number).upper()
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "ordinal":
        suffix = (
            "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        return f"{number}{suffix}"
    if fmt == "none":
        return ""
    return str(number)


@record
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False


@record(frozen=False)
class _Num:
    abstract: str
    overrides: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


def _int(value: str | None, default: int) -> int:
    """A whole number from an attribute, within Word's 32-bit range."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return max(-_INT32, min(number, _INT32 - 1))


def _level(lvl: Any) -> Level:
    def val(tag: str) -> str | None:
        element = lvl.find(ns.w(tag))
        return None if element is None else element.get(ns.W_VAL)

    return Level(
        fmt=val("numFmt") or "decimal",
        text=val("lvlText") or "",
        start=_int(val("start"), 1),
        legal=lvl.find(ns.w("isLgl")) is not None,
    )


class Numbering:
    """Hands out list labels in document order, keeping Word's counters."""

    def __init__(self, root: Any | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[str, list[int]] = {}
        self._started: set[str] = set()
        if root is None:
            return
        for abstract in root.iterfind(ns.w("abstractNum")):
            levels = {}
            for lvl in abstract.iterfind(ns.w("lvl")):
                levels[_int(lvl.get(ns.ILVL), 0)] = _level(lvl)
            self._abstract[abstract.get(ns.w("abstractNumId")) or ""] = levels
        for num in root.iterfind(ns.w("num")):
            abstract_id = num.find(ns.w("abstractNumId"))
            entry = _Num(abstract="" if abstract_id is None else abstract_id.get(ns.W_VAL) or "")
            for override in num.iterfind(ns.w("lvlOverride")):
                ilvl = _int(override.get(ns.ILVL), 0)
                start = override.find(ns.w("startOverride"))
                if start is not None:
                    entry.starts[ilvl] = _int(start.get(ns.W_VAL), 1)
                lvl = override.find(ns.w("lvl"))
                if lvl is not None:
                    entry.overrides[ilvl] = _level(lvl)
            self._nums[num.get(ns.w("numId")) or ""] = entry

    def identity(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Which list a paragraph of ``num_id`` belongs to, and its level's number format.

        Lists that share an abstract definition and override nothing count on
        together in Word, so they are one list here too.
        """
        num = self._nums.get(num_id)
        if num is None or num_id == "0":
            return None
        levels = self._abstract.get(num.abstract, {})
        ilvl = max(0, min(ilvl, 8))
        level = num.overrides.get(ilvl) or levels.get(ilvl) or Level()
        key = num_id if (num.starts or num.overrides) else f"abstract:{num.abstract}"
        return key, level.fmt

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label of the next paragraph in list ``num_id`` at level ``ilvl``.

        Returns None when the paragraph has no visible label.
        """
        num = self._nums.get(num_id)
        if num is None or num_id == "0":
            return None
        levels = self._abstract.get(num.abstract, {})
        ilvl = max(0, min(ilvl, 8))
        level = num.overrides.get(ilvl) or levels.get(ilvl) or Level()
        key = num_id if (num.starts or num.overrides) else f"abstract:{num.abstract}"
        counters = self._counters.setdefault(key, [0] * 9)
        if key not in self._started:
            self._started.add(key)
            for i in range(9):
                lvl_i = num.overrides.get(i) or levels.get(i) or Level()
                counters[i] = num.starts.get(i, lvl_i.start) - 1
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            lvl_d = num.overrides.get(deeper) or levels.get(deeper) or Level()
            counters[deeper] = num.starts.get(deeper, lvl_d.start) - 1
        if level.fmt == "bullet":
            # Bullets are usually a private-use symbol-font character: show a bullet.
            if not level.text.strip():
                return None
            return BULLET if any("\ue000" <= c <= "\uf8ff" for c in level.text) else level.text
        text = level.text
        for i in range(ilvl + 1):
            lvl_i = num.overrides.get(i) or levels.get(i) or Level()
            fmt = "decimal" if level.legal and i < ilvl else lvl_i.fmt
            value = counters[i] if i < ilvl else counters[ilvl]
            text = text.replace(f"%{i + 1}", format_number(max(value, lvl_i.start), fmt))
        text = text.strip()
        return text or None
