"""The grammar of question labels, shared by the splitter and rubric inference.

A label is what a paragraph starts with when it starts a question or a part
of one. Forms read, in any letter case and with or without the prompt on the
same line:

* a word and a number: ``Q1``, ``Q1)``, ``Q.1``, ``Q 1``, ``Question 1``,
  ``Question One``, ``Question # 01:``, ``Task 1`` and ``Task1``, ``Part A``,
  ``Section B``, ``Activity 2``, ``Exercise 3``, ``Unit 4``, ``Case Study #1``,
  ``Essay Question 1``, ``Part IV``; other capitalised words before a number
  (``Quote 1:``, ``Learning Journal Entry 2``) are read too, as *generic*
  labels that only count when several follow in sequence;
* a bare number, letter or roman numeral with its punctuation: ``1.``,
  ``1)``, ``(1)``, ``1 -``, ``a)``, ``(a)``, ``b.``, ``(iv)``, ``iv)``;
* a question number with a part: ``Question 1a``, ``Q1(b)``, ``Q1.2``,
  ``1(a)``, ``1.b``, ``1.2``;
* Word's automatic numbering: the number Word draws (``Block.label``) is
  read exactly like a typed one.

:func:`read` reads the label a text starts with; :func:`of_block` reads a
paragraph's, automatic number first. :func:`same_question` says whether a
rubric's id (``Q1``, ``Question 1``, ``1``, ``Part B``) names a label.
"""

from __future__ import annotations

import functools

from tma_check.lazyre import escape, lazy
from tma_check.model import Block
from tma_check.record import record

# Words that make a label on their own; the first spelling is how ids show them.
KNOWN_WORDS: dict[str, str] = {
    "essay question": "Question",
    "question": "Question",
    "qn": "Q",
    "ques": "Q",
    "q": "Q",
    "part": "Part",
    "task": "Task",
    "section": "Section",
    "activity": "Activity",
    "exercise": "Exercise",
    "unit": "Unit",
    "case study": "Case Study",
    "problem": "Problem",
}
# Words before a number that never label a question: captions, dates, document furniture.
NOT_LABELS = frozenset(
    [
        "figure",
        "fig",
        "table",
        "tab",
        "illustration",
        "image",
        "picture",
        "photo",
        "photograph",
        "chart",
        "graph",
        "diagram",
        "appendix",
        "appendices",
        "annex",
        "attachment",
        "equation",
        "eq",
        "listing",
        "exhibit",
        "plate",
        "map",
        "screenshot",
        "step",
        "stage",
        "phase",
        "chapter",
        "week",
        "day",
        "month",
        "year",
        "version",
        "page",
        "pages",
        "slide",
        "source",
        "note",
        "notes",
        "grade",
        "group",
        "team",
        "room",
        "floor",
        "tel",
        "phone",
        "no",
        "number",
        "vol",
        "volume",
        "issue",
        "edition",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "cue",
        "score",
        "total",
        "mark",
        "marks",
        "word",
        "words",
    ]
)
WORD_NUMBERS = {
    name: value
    for value, name in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        start=1,
    )
}
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

_KNOWN = "|".join(  # longest first: "Qn 1" is not "Q" and "n 1"
    sorted((escape(w).replace(r"\ ", r"\s+") for w in KNOWN_WORDS), key=len, reverse=True)
)
_NUMBER = (
    r"(?:\#\s*)?(?P<num>0*\d{1,3}|(?i:" + "|".join(WORD_NUMBERS) + r")(?![\p{L}\-])"
    r"|[IVXivx]{1,5}(?![\p{L}])|[A-Z](?![\p{L}\p{N}]))"
)
_SUB = (
    r"(?:\s*\((?P<sub1>[a-z]|[ivx]{1,4})\)|(?P<sub2>[a-z])(?![\p{L}\p{N}])"
    r"|\.(?P<sub3>\d{1,2}|[a-z])(?![\p{L}\p{N}]|\.\d))"
)
_JOIN = r"(?:\s*(?:\+|&|and)\s*(?P<also>\d{1,3}))?"
# "Question 1", "Q.1", "Task1", "Case Study #1", "Essay Question 1a"
WORD_LABEL = lazy(
    rf"(?P<word>(?i:{_KNOWN}))(?:\s*[.\-#]?\s*|(?<=\p{{L}}))" + _NUMBER + _SUB + r"?" + _JOIN,
)
# "Quote 1", "Learning Journal Entry 2"
GENERIC_LABEL = lazy(
    r"(?P<word>\p{Lu}[\p{L}’'\-]*(?:\s+\p{Lu}[\p{L}’'\-]*){0,2})(?:\s+\#?|\s*\#)\s*"
    r"(?P<num>0*\d{1,2}|[IVX]{2,4}(?![\p{L}]))" + _JOIN
)
# "1.", "(1)", "1)", "1 -", "a)", "(iv)", "1(a)", "1.b", "1.2", "1.0"
BARE_LABEL = lazy(
    r"(?P<open>\()?(?P<num>\d{1,2}|[ivx]{1,5}|[IVX]{1,5}|[a-zA-Z])"
    r"(?:(?P<zero>\.0)(?!\d))?"
    r"(?:\((?P<sub1>[a-z]|[ivx]{1,4})\)|\.(?P<sub3>1\d|20|[1-9]|[a-z])(?![\p{L}\p{N}]|\.\d)|(?P<sub2>[a-z])(?=\)))?"
)
_AFTER_STRONG = tuple(")].:;,–—-")
_LAST_PART = lazy(r"(?:\((\w{1,4})\)|\.(\d{1,2})|\d([a-z]))$")
_REST_SPACE = lazy(r"[ \t\u00a0]*")


@record
class Label:
    """A label read from the start of a paragraph.

    ``word`` is the label's word as ids show it ("Question", "Part", "Quote";
    empty for a bare number); ``number`` the number as written, normalised
    ("1" for "01" or "One", "B", "iv"); ``style`` says how it counts
    (``digit``, ``letter``, ``roman``) and ``ordinal`` where it comes in its
    sequence. ``sub`` is a part written with the number (``a`` in "Q1a",
    ``2`` in "1.2"). ``end`` is where the label ends in the text it was read
    from, its punctuation and the spaces after it included; ``rest`` the text
    after it. ``closed`` when punctuation, a bracket or the end of the line
    closes it (not only a space). ``generic`` for a word tma-check does not
    know as a label word; ``automatic`` when Word's numbering drew it.
    """

    word: str
    number: str
    style: str
    ordinal: int
    sub: str | None
    end: int
    rest: str
    closed: bool
    generic: bool = False
    automatic: bool = False
    also: int | None = None

    @property
    def bare(self) -> bool:
        return not self.word

    @property
    def kind(self) -> str:
        """What the label numbers: "question" for Q1 and Question 1 alike, else its word."""
        return "question" if self.word in ("Q", "Question") else self.word.lower()

    @property
    def family(self) -> str:
        """Labels of one family number one sequence: the kind and how it counts."""
        return f"{self.kind}/{self.style}"

    @property
    def id(self) -> str:
        """The id reports use: "Q1", "Question 2", "Part B", "Quote 2", "Q1a", "Exercise 5+6".

        A bare number is a question: "1." is "Q1".
        """
        number = self.number + (f"+{self.also}" if self.also else "")
        if self.word == "Question" and self.style != "digit":
            number = str(self.ordinal)
        if self.word == "Q" or (not self.word and self.style == "digit"):
            base = f"Q{number}"
        elif not self.word:
            base = number
        else:
            base = f"{self.word} {number}"
        return base if self.sub is None else join_part(base, self.sub)

    @property
    def parent_id(self) -> str:
        """The id of the question this label's part belongs to (its own id without a part)."""
        return Label(self.word, self.number, self.style, self.ordinal, None, 0, "", True).id


def join_part(parent: str, sub: str, letter: bool | None = None) -> str:
    """A part's id: "Q1a", "Q1(ii)", "Q1.2", "Part B(a)".

    ``letter`` says whether a one-letter ``sub`` is a letter (else it may be
    a roman numeral: i, v, x).
    """
    if sub.isdigit():
        return f"{parent}.{sub}"
    if letter is None:
        letter = sub not in "ivx"
    if len(sub) == 1 and parent[-1:].isdigit() and letter:
        return f"{parent}{sub}"
    return f"{parent}({sub})"


def roman_value(text: str) -> int | None:
    """The value of a roman numeral in either case, or None if it is not one."""
    values = [_ROMAN_VALUES.get(c) for c in text.lower()]
    if not values or any(v is None for v in values):
        return None
    total = 0
    for i, value in enumerate(values):
        assert value is not None
        following = values[i + 1] if i + 1 < len(values) else None
        total += -value if following is not None and value < following else value
    return total if 0 < total < 40 else None


def _number(raw: str) -> tuple[str, str, int] | None:
    """(number as shown, style, ordinal) of a label's number."""
    if raw.isdigit():
        return str(int(raw)), "digit", int(raw)
    lowered = raw.lower()
    if lowered in WORD_NUMBERS:
        return str(WORD_NUMBERS[lowered]), "digit", WORD_NUMBERS[lowered]
    roman = roman_value(raw)
    if roman is not None and (len(raw) > 1 or raw in "IiVvXx"):
        return raw, "roman", roman  # "Part IV"; a lone "i" after "h" is made a letter later
    if len(raw) == 1 and raw.isalpha():
        return raw, "letter", ord(lowered) - ord("a") + 1
    return None


def _closing(text: str, at: int) -> tuple[int, bool]:
    """Where a label ending at ``at`` really ends (its punctuation and spaces), and if closed."""
    tail = text[at:]
    stripped = tail.lstrip(" \t\u00a0")
    gap = len(tail) - len(stripped)
    if not stripped or stripped[0] in "\n\r\v":
        return len(text), True
    if stripped[0] in _AFTER_STRONG:
        end = at + gap + 1
        # "Task 5 – Discuss", "1 -", "Q1):" : the punctuation and the spaces after it
        while end < len(text) and text[end] in ")].:;,–—-":
            end += 1
        end += len(_REST_SPACE.match(text, end).group(0))  # type: ignore[union-attr]
        return end, True
    return at + gap, False


def read(text: str, automatic: bool = False) -> Label | None:
    """The label ``text`` starts with, if it starts with one."""
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    if not body:
        return None
    for reader in (_word_label, _bare_label, _generic_label):
        label = reader(text, lead)
        if label is not None:
            return Label(**{**label.__dict__, "automatic": automatic}) if automatic else label
    return None


def _word_label(text: str, lead: int) -> Label | None:
    match = WORD_LABEL.match(text, lead)
    if match is None:
        return None
    word_text = " ".join(match.group("word").lower().split())
    word = KNOWN_WORDS.get(word_text)
    if word is None:
        return None
    if word == "Q" and not match.group("num")[:1].isdigit():
        return None  # "Q A" is no label; "QA" is a word
    glued = match.group("word")[-1:].isalpha() and match.end("word") == match.start("num")
    if glued and not match.group("num")[:1].isdigit():
        return None  # "Parts", "Taskx": a word that goes on
    number = _number(match.group("num"))
    if number is None:
        return None
    if number[1] == "letter" and word in ("Q", "Question"):
        return None  # "Question A" is rare and "Q A" is never one
    sub = match.group("sub1") or match.group("sub2") or match.group("sub3")
    if sub is not None and number[1] != "digit":
        return None
    end, closed = _closing(text, match.end())
    also = match.group("also")
    return Label(
        word,
        number[0],
        number[1],
        number[2],
        sub,
        end,
        text[end:],
        closed,
        also=int(also) if also else None,
    )


_HASH = lazy(r"\#\s*(?=\d)")


def _bare_label(text: str, lead: int) -> Label | None:
    hashed = _HASH.match(text, lead)  # "#1 Discuss ...", "# 2." read as "1", "2."
    if hashed is not None:
        lead = hashed.end()
    match = BARE_LABEL.match(text, lead)
    if match is None:
        return None
    raw = match.group("num")
    opened = match.group("open") is not None
    after = match.end()
    sub = match.group("sub1") or match.group("sub2") or match.group("sub3")
    if opened:
        if text[after : after + 1] != ")":
            return None
        after += 1
    elif sub is None and match.group("zero") is None:
        nxt = text[after : after + 1]
        if nxt not in (".", ")") and not (raw.isdigit() and nxt in (" ", "\t", "\u00a0")):
            return None
        if nxt == "." and text[after + 1 : after + 2].isdigit():
            return None  # "1.5 million"
    elif match.group("sub2") is not None:
        after += 1  # the ")" of "1a)"
    if not raw.isdigit() and sub is not None:
        return None
    number = _number(raw)
    if number is None:
        return None
    if number[1] != "digit" and not opened and text[after : after + 1] not in (".", ")"):
        return None
    if text[after : after + 2].startswith(".") and text[after + 1 : after + 2].isdigit():
        return None  # "1.1.1": a section three levels down, or a decimal
    end, closed = _closing(text, after)
    if sub is not None and not closed and not text[end : end + 1].isupper():
        return None  # "1.5 million", "2.2 per cent"
    spaced = number[1] == "digit" and not closed and not opened and sub is None
    if spaced and match.group("zero") is None and not text[end : end + 1].isupper():
        return None  # "1 Project Report" is a label (a number, a space); "2019 was" is none
    if not closed and sub is None and number[1] != "digit" and not opened:
        return None
    return Label("", number[0], number[1], number[2], sub, end, text[end:], closed or opened)


def _generic_label(text: str, lead: int) -> Label | None:
    match = GENERIC_LABEL.match(text, lead)
    if match is None:
        return None
    words = match.group("word").split()
    if words[-1].lower().strip("’'-") in NOT_LABELS or words[0].lower() in NOT_LABELS:
        return None
    if any(w.lower() in KNOWN_WORDS or w.lower().rstrip("s") in KNOWN_WORDS for w in words):
        return None  # "Assessment Part 2": the known word inside is the label, not at the start
    number = _number(match.group("num"))
    if number is None:
        return None
    end, closed = _closing(text, match.end())
    if not closed and not text[end : end + 1].isupper():
        return None  # "Entry 1: ...", "Entry 1 Discuss ..."; not "Quote 1 shows"
    word = words[-1] if len(words) > 1 else words[0]
    word = word[:1].upper() + word[1:].lower() if word.isupper() and len(word) > 1 else word
    also = match.group("also")
    return Label(
        word,
        number[0],
        number[1],
        number[2],
        None,
        end,
        text[end:],
        closed,
        generic=True,
        also=int(also) if also else None,
    )


def of_block(block: Block) -> Label | None:
    """The label a paragraph starts with: its automatic number, else the typed text.

    An automatic number that draws a word ("Question %1") reads as typed text
    would; a bullet is no label. For an automatic label, ``end`` and ``rest``
    refer to the paragraph's own text, which does not hold the number.
    """
    drawn = block.label if block.label and block.list_format != "bullet" else None
    return _of_text(block.text, drawn)


# The recogniser, the splitter and inference each ask for the label of most paragraphs:
# read each once (a label is immutable; the cache holds a few documents' paragraphs).
@functools.lru_cache(maxsize=16_384)
def _of_text(text: str, drawn: str | None) -> Label | None:
    """:func:`of_block` for a paragraph's ``text`` and its automatic number ``drawn``."""
    if drawn:
        label = read(drawn, automatic=True)
        if label is not None and label.rest.strip() in ("", ")"):
            return Label(**{**label.__dict__, "end": 0, "rest": text, "closed": True})
        if label is not None:
            joined = read(f"{drawn} {text}", automatic=True)
            if joined is not None:
                shift = len(drawn) + 1
                return Label(**{**joined.__dict__, "end": max(0, joined.end - shift)})
    return read(text)


# -- naming the same question -------------------------------------------------


@functools.lru_cache(maxsize=4_096)  # ids and labels, compared with one another many times
def normal_id(text: str) -> tuple[str, str, int, str, int] | None:
    """A question id reduced so that "Q1", "Question 1", "Question One" and "1" are equal.

    Returns (kind, letters or numbers, ordinal, part, joined number), or None
    for an id that is no label ("Introduction").
    """
    given = " ".join(text.split())
    for attempt in (given, given + ")", given.title(), given.title() + ")"):
        label = read(attempt)
        if label is None or label.rest.strip(") "):
            continue
        kind = label.kind or ("question" if label.style == "digit" else "")
        counting = "letters" if label.style == "letter" else "numbers"
        return kind, counting, label.ordinal, (label.sub or "").lower(), label.also or 0
    return None


def same_question(rubric_id: str, label_id: str) -> bool:
    """Does a rubric's question id name the question a label (or heading) starts?"""
    mine, theirs = normal_id(rubric_id), normal_id(label_id)
    if mine is None or theirs is None:
        return " ".join(rubric_id.casefold().split()) == " ".join(label_id.casefold().split())
    return mine == theirs


def same_part(part_id: str, unit_id: str) -> bool:
    """Does a rubric's part id name a part: "a", "(a)" or "Q1a" for "Question 1a" or "Q1(a)"?"""
    if same_question(part_id, unit_id):
        return True
    last = _LAST_PART.search(unit_id)
    if last is None:
        return False
    own = next(group for group in last.groups() if group)
    return own.casefold() == part_id.strip(" ().").casefold()
