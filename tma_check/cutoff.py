"""Where in the text a question's limit is reached, and where its leeway ends.

"Over by 57 words" leaves a student to find which 57; a cutoff names the last
word within the limit (and within the leeway), the paragraph it is in, and
the sentence, so that the explain view and the HTML page can mark the place.
Cutoffs are found only for a question over its limit, and only when a
report shows them.
"""

from __future__ import annotations

from typing import Literal

from tma_check.lazyre import lazy
from tma_check.measure import counted_words
from tma_check.model import QuestionResult
from tma_check.record import record

CutKind = Literal["limit", "leeway"]
SENTENCE_END = lazy(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
MAX_SENTENCE = 160  # characters of a sentence shown; a longer one is shortened around the word


@record
class Cutoff:
    """The last word counted within a limit (``kind`` limit) or within the leeway.

    ``words`` is how many words that is (the limit, or the limit and its
    leeway); ``block`` and ``end`` place the point just after that word in
    the block's text (``end`` 0 for a list label); ``word`` is the word and
    ``sentence`` the sentence it ends or stands in.
    """

    kind: CutKind
    words: int
    block: int
    end: int
    word: str
    sentence: str

    def describe(self) -> str:
        """ "the limit (200 words) is reached at 'teams', in: 'Good leaders build teams.'" """
        if self.kind == "limit":
            where = f"the limit ({self.words:,} words) is reached at {self.word!r}"
        else:
            where = f"the leeway ({self.words:,} words) runs out at {self.word!r}"
        return f"{where}, in: {self.sentence!r}" if self.sentence else where


def leeway_words(limit: int, leeway: float) -> int:
    """The most words within ``limit`` and its ``leeway`` percent (more fails)."""
    return int(limit * (100 + leeway) // 100)


def find_cutoffs(result: QuestionResult) -> tuple[Cutoff, ...]:
    """The limit's cutoff and the leeway's, for a question over its limit (else none)."""
    m, spec = result.measurement, result.spec
    if m is None or not spec.count or spec.limit is None or m.counted <= spec.limit:
        return ()
    wanted: dict[int, CutKind] = {spec.limit: "limit"}
    most = leeway_words(spec.limit, result.leeway)
    if most > spec.limit and m.counted > most:
        wanted[most] = "leeway"
    found: list[Cutoff] = []
    for number, (block, start, end) in enumerate(counted_words(m), start=1):
        kind = wanted.get(number)
        if kind is None:
            continue
        word = block.label or "" if end == 0 else block.text[start:end]
        found.append(Cutoff(kind, number, block.index, end, word, sentence(block.text, start, end)))
        if len(found) == len(wanted):
            break
    return tuple(found)


def sentence(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` that holds the word at ``start:end``, on one line and at
    most :data:`MAX_SENTENCE` characters (shortened around the word with "…")."""
    begin = 0
    for stop in SENTENCE_END.finditer(text, 0, start):
        begin = stop.end()
    after = SENTENCE_END.search(text, max(start, end - 1))
    finish = after.end() if after is not None else len(text)
    raw = text[begin:finish]
    lead = len(raw) - len(raw.lstrip())
    shown = " ".join(raw.split())
    if len(shown) <= MAX_SENTENCE:
        return shown
    at = max(0, min(start - begin - lead, len(shown)))
    half = MAX_SENTENCE // 2
    left = max(0, at - half)
    right = min(len(shown), left + MAX_SENTENCE)
    left = max(0, right - MAX_SENTENCE)
    return ("…" if left else "") + shown[left:right].strip() + ("…" if right < len(shown) else "")
