"""Count the words of a section, and the words each exclusion rule leaves out.

Rules return spans; a word is left out when a span covers every letter and
digit of it (so the full stop after "(see Appendix A)." does not survive as
a word of its own). When two rules cover the same word it is put down to the
rule that comes first in the registry. A list label is one word, left out
with its paragraph when a rule excludes the whole paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from tma_check.lazyre import lazy
from tma_check.model import (
    DOCUMENT_PARTS,
    Block,
    Document,
    DocumentCount,
    Exclusion,
    Hit,
    Measurement,
    RuleUse,
    Section,
)
from tma_check.words import count_words, word_spans, words_touching

if TYPE_CHECKING:
    from tma_check.rules.base import RuleDef

_ALNUM = lazy(r"[\p{L}\p{N}]")

PART_NAMES = {
    "paragraph": "body",
    "table-cell": "tables",
    "textbox": "textboxes",
    "footnote": "footnotes",
    "endnote": "endnotes",
}


def block_words(block: Block) -> int:
    """Words in a block as Word counts them: its text and its list label."""
    return count_words(block.text) + (1 if block.label else 0)


def block_counts(document: Document) -> list[int]:
    """Every block's word count, by block index: split once, used by every section."""
    return [block_words(block) for block in document.blocks]


def count_document(document: Document, counts: Sequence[int] | None = None) -> DocumentCount:
    """Word's whole-document count with its breakdown (``counts`` from :func:`block_counts`)."""
    if counts is None:
        counts = block_counts(document)
    parts = dict.fromkeys(DOCUMENT_PARTS, 0)
    for block in document.blocks:
        parts[PART_NAMES[block.kind]] += counts[block.index]
    words = parts["body"] + parts["tables"]
    if document.notes_in_stats:
        words += parts["textboxes"] + parts["footnotes"] + parts["endnotes"]
    return DocumentCount(
        path=document.path,
        words=words,
        parts=tuple(parts.items()),
        cached_words=document.cached_words,
        notes_included=document.notes_in_stats,
    )


def _covers(text: str, word: tuple[int, int], hit: Hit) -> bool:
    start, end = word
    if hit.end <= start or hit.start >= end:
        return False
    if hit.start <= start and hit.end >= end:
        return True
    outside = text[start : max(start, hit.start)] + text[min(end, hit.end) : end]
    return _ALNUM.search(outside) is None


def resolve(uses: Iterable[RuleUse]) -> list[tuple[RuleUse, RuleDef]]:
    """Pair each rule a rubric names with its definition, in priority order."""
    from tma_check import rules
    from tma_check.rules.custom import definition

    pairs = [(use, definition(use) if use.custom else rules.get(use.id)) for use in uses]
    return sorted(pairs, key=lambda pair: rules.priority(pair[0].id))


def measure(
    section: Section,
    active: Sequence[tuple[RuleUse, RuleDef]],
    counts: Sequence[int] | None = None,
) -> Measurement:
    """Count ``section`` with the rules in ``active`` (from :func:`resolve`).

    ``counts`` may give each block's word count by block index (from
    :func:`block_counts`), so that blocks no rule touches are not split again.
    """
    by_block: dict[int, list[tuple[str, Hit]]] = {}
    declared: int | None = None
    for use, rule in active:
        for hit in rule.apply(section, rule.settings(use.option_map())):
            by_block.setdefault(hit.block, []).append((use.id, hit))
            if hit.value is not None and declared is None:
                declared = hit.value

    def words_in(block: Block) -> int:
        return counts[block.index] if counts is not None else block_words(block)

    total = 0
    excluded: dict[str, int] = {}
    tallies: list[tuple[str, Hit, int]] = []
    for block in section.blocks:
        hits = by_block.get(block.index)
        words = words_in(block)
        total += words
        if not hits:
            continue
        per_hit = [0] * len(hits)
        if hits[0][1].whole:  # the first rule takes the whole block: no need to split it
            per_hit[0] = words
        else:
            if block.label:
                whole = next((n for n, (_, hit) in enumerate(hits) if hit.whole or hit.label), None)
                if whole is not None:
                    per_hit[whole] += 1
            _share(block.text, words - (1 if block.label else 0), hits, per_hit)
        for (rule_id, hit), left_out in zip(hits, per_hit, strict=True):
            excluded[rule_id] = excluded.get(rule_id, 0) + left_out
            tallies.append((rule_id, hit, left_out))

    blocks = {block.index: block for block in section.blocks}
    exclusions = tuple(
        Exclusion(
            rule=rule_id,
            block=hit.block,
            start=hit.start,
            end=hit.end,
            words=words,
            text=_span_text(blocks[hit.block], hit),
            note=hit.note,
            whole=hit.whole,
            label=hit.label,
        )
        for rule_id, hit, words in sorted(tallies, key=lambda item: (item[1].block, item[1].start))
        if words or hit.note
    )
    order = [use.id for use, _ in active if excluded.get(use.id)]
    ranked = sorted(order, key=lambda rule_id: -excluded[rule_id])  # stable: ties in rule order
    return Measurement(
        section=section,
        total=total,
        counted=total - sum(excluded.values()),
        excluded=tuple((rule_id, excluded[rule_id]) for rule_id in ranked),
        exclusions=exclusions,
        declared=declared,
    )


def counted_words(measurement: Measurement) -> Iterator[tuple[Block, int, int]]:
    """Each word counted toward ``measurement``, in order: its block and its span in the
    block's text (a list label, counted before the text, as ``(0, 0)``).

    The same words :func:`measure` counts, found again from the exclusions it
    kept; used where a report shows a place in the text (where a limit is reached).
    """
    by_block: dict[int, list[tuple[str, Hit]]] = {}
    for e in measurement.exclusions:
        hit = Hit(e.block, e.start, e.end, whole=e.whole, label=e.label)
        by_block.setdefault(e.block, []).append((e.rule, hit))
    for block in measurement.section.blocks:
        hits = by_block.get(block.index, [])
        if any(hit.whole for _, hit in hits):
            continue
        if block.label and not any(hit.label for _, hit in hits):
            yield block, 0, 0
        left_out = {word[0] for _, hit in hits for word in _covered(block.text, hit)}
        for start, end in word_spans(block.text):
            if start not in left_out:
                yield block, start, end


def _span_text(block: Block, hit: Hit) -> str:
    text = block.text[hit.start : hit.end]
    if (hit.whole or hit.label) and block.label:
        return f"{block.label} {text}"
    return text


def _share(text: str, words: int, hits: Sequence[tuple[str, Hit]], per_hit: list[int]) -> None:
    """Add to ``per_hit`` the words of ``text`` (``words`` of them) each hit leaves out:
    a word goes to the first hit that covers it. Only the words around each hit
    are split, never the whole text."""
    taken: set[int] = set()  # where the words already left out start
    for number, (_, hit) in enumerate(hits):
        if hit.whole:  # every word no earlier hit took
            per_hit[number] += words - len(taken)
            return
        for word in _covered(text, hit):
            if word[0] not in taken:
                taken.add(word[0])
                per_hit[number] += 1


def _covered(text: str, hit: Hit) -> Iterator[tuple[int, int]]:
    """The words of ``text`` that ``hit`` leaves out (found around it, not in all the text)."""
    return (word for word in words_touching(text, hit.start, hit.end) if _covers(text, word, hit))
