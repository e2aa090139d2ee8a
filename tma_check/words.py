"""Split text into words the way Microsoft Word's word count does.

A word is a maximal run of characters with no separator in it. Separators are
every Unicode space separator (``\\p{Zs}``: space, no-break space, thin space and
the rest), tabs, line and paragraph breaks, and the en and em dashes. Anything
else is part of a word, so ``well-known``, ``and/or``, ``1,517``, ``don't``, a
URL and an e-mail address are one word each, and a mark standing alone between
spaces (``&``, ``?``) is a word of its own.

Refinements follow Word's behaviour for other scripts and invisible
characters (see ``WORD-COUNTING.md``):

* each Chinese, Japanese or Korean character is a word, and a run of other
  characters beside them is one word: ``我用Python写`` is 4;
* so is each full-width form (U+FF01-FF5E: ``ＢＣ`` and ``２０`` are 2 each)
  and each CJK compatibility character (U+3300-33FF, such as ``㌔``);
* so is each CJK punctuation mark and bracket (U+3001-3003 ``、。〃``,
  U+3008-3011 and U+3014-301F such as ``「」『』【】〔〕``), which splits what
  it touches: ``東京、大阪。`` is 6 and ``Tokyo、Osaka。`` is 4;
* a run made only of invisible characters (zero-width spaces and joiners, soft
  hyphens, other format characters) is not a word, and such characters never
  split one.

Where Word's behaviour is not known, these choices are made: the ideographic
space U+3000 is a space like any other; the full-width white parentheses
``｟｠`` (U+FF5F-FF60) and the halfwidth forms of CJK punctuation ``｡｢｣､``
(U+FF61-FF64) are CJK punctuation too, each a word; the halfwidth katakana
middle dot ``･`` (U+FF65), like the katakana middle dot ``・`` it stands
for, and the symbol ``〄`` (U+3004), like ``〒`` and ``〓`` beside it, are
ordinary characters.

The functions return spans (start and end offsets) so that exclusions can be
subtracted from a count exactly. This module is the single place where word
boundaries are decided.
"""

from __future__ import annotations

import re

from tma_check.lazyre import VERSION1, lazy

# Characters that end a word: Unicode space separators, the ASCII and Unicode
# line/paragraph controls, and the en and em dash.
_SEPARATORS = r"\p{Zs}\t\n\v\f\r\x1c-\x1f\x85\u2028\u2029\u2013\u2014"

# Ideographs, kana and Hangul: every one of these is a word by itself.
_CJK = (
    r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}"
    r"\u3005\u3006\u3007\u303B\u30FC"  # iteration marks, ideographic zero, prolonged sound mark
)

# CJK compatibility characters and full-width forms: each a word, like an ideograph.
_CJK_FORMS = r"\u3300-\u33FF\uFF01-\uFF5E"

# CJK punctuation and brackets, with their full-width and halfwidth forms: each a word.
_CJK_PUNCT = r"\u3001-\u3003\u3008-\u3011\u3014-\u301F\uFF5F-\uFF64"

# Every character that is a word by itself, and splits whatever it touches.
_ALONE = _CJK + _CJK_FORMS + _CJK_PUNCT

# Characters that neither make nor break a word.
_INVISIBLE = r"\p{Cf}\u00AD"

# A word starts with a visible character; invisible ones may stand inside or
# after it (starting on a visible character keeps a long run of invisible
# characters from being rescanned at every position).
_VISIBLE = rf"[^{_SEPARATORS}{_ALONE}{_INVISIBLE}]"
_TOKEN = rf"[{_ALONE}]|{_VISIBLE}(?:[{_INVISIBLE}]*{_VISIBLE})*[{_INVISIBLE}]*"


# The full rules, compiled the first time text needs them (CJK, invisible characters).
_TOKENS = lazy(_TOKEN, VERSION1)


# Text with none of these characters splits exactly like str.split() once the
# dashes are spaces (Python's whitespace is the same set as the separators
# above), so it can take a faster road to the same answer.
# The standard library's re scans for them faster than a Unicode property
# class would, so the test is a superset in plain code-point ranges (a test
# checks every code point): the format characters below U+2E80, the Hangul
# Jamo, and everything from U+2E80 up (the CJK and Hangul blocks, the
# full-width forms, the planes beyond the first, and some blocks that need no
# full rules but are rare in an essay). It is written as what it leaves out:
# re compiles that in a third of the time the blocks themselves take, and
# every run pays for the compiling.
_SPECIAL = re.compile(
    "[^\x00-\u00ac\u00ae-\u02e9\u02ec-\u05ff\u0606-\u061b\u061d-\u06dc\u06de-\u070e"
    "\u0710-\u088f\u0892-\u08e1\u08e3-\u10ff\u1200-\u180d\u180f-\u200a\u2010-\u2029"
    "\u202f-\u205f\u2070-\u2e7f]"
)
_PLAIN_TOKEN = re.compile(r"[^\s\u2013\u2014]+")


def _plain(text: str) -> bool:
    return text.isascii() or _SPECIAL.search(text) is None


def word_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of every word in ``text``.

    ``offset`` is added to every position, for text that is a slice of a
    larger string.
    """
    tokens = _PLAIN_TOKEN if _plain(text) else _TOKENS
    if offset:
        return [(m.start() + offset, m.end() + offset) for m in tokens.finditer(text)]
    return [m.span() for m in tokens.finditer(text)]


def _separates(char: str) -> bool:
    """Whether ``char`` is a separator: Python's whitespace is the same set as the
    spaces and breaks above (a test checks every code point), so only the dashes
    need adding."""
    return char.isspace() or char == "\u2013" or char == "\u2014"


def words_touching(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` that overlap ``start`` to ``end`` (a word
    that holds an empty range counts too), as :func:`word_spans` would give them
    for the whole text.

    Only the stretch between the separators around the range is split: a word
    never holds a separator, and splitting starts afresh after one.
    """
    first, last = start, end
    while first > 0 and not _separates(text[first - 1]):
        first -= 1
    while last < len(text) and not _separates(text[last]):
        last += 1
    return [
        (word_start, word_end)
        for word_start, word_end in word_spans(text[first:last], first)
        if word_end > start and word_start < end
    ]


def reference_spans(text: str) -> list[tuple[int, int]]:
    """The spans by the full rules alone, without the shortcut (for tests)."""
    return [m.span() for m in _TOKENS.finditer(text)]


def count_words(text: str) -> int:
    """Return how many words Word would count in ``text``."""
    if _plain(text):
        return len(text.replace("\u2013", " ").replace("\u2014", " ").split())
    return sum(1 for _ in _TOKENS.finditer(text))
