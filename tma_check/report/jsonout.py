"""Machine-readable output: one JSON object with a ``files`` list."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tma_check import __version__
from tma_check.cutoff import find_cutoffs
from tma_check.model import (
    DocumentCount,
    FileResult,
    Measurement,
    Penalty,
    QuestionResult,
    Share,
    TotalResult,
)
from tma_check.penalty import penalty_text
from tma_check.report.common import CountError, Style


def _spans(measurement: Measurement) -> list[dict[str, Any]]:
    return [
        {
            "rule": e.rule,
            "block": e.block,
            "start": e.start,
            "end": e.end,
            "words": e.words,
            "text": e.text,
            **({"note": e.note} if e.note else {}),
        }
        for e in measurement.exclusions
    ]


def _penalty(penalty: Penalty | None) -> dict[str, Any] | None:
    if penalty is None:
        return None
    return {
        "over_percent": round(penalty.over, 1),
        "marks": penalty.marks,
        "percent_of_mark": penalty.percent,
        "cap": penalty.cap,
        "text": penalty_text(penalty),
    }


def _share(share: Share | None) -> dict[str, float] | None:
    if share is None:
        return None
    return {"words": round(share.words, 1), "marks": round(share.marks, 1)}


def _cutoffs(result: QuestionResult) -> list[dict[str, Any]]:
    return [
        {
            "kind": cut.kind,
            "words": cut.words,
            "block": cut.block,
            "end": cut.end,
            "word": cut.word,
            "sentence": cut.sentence,
        }
        for cut in find_cutoffs(result)
    ]


def _question(result: QuestionResult) -> dict[str, Any]:
    m = result.measurement
    spec = result.spec
    return {
        "id": spec.id,
        "limit": spec.limit,
        "minimum": spec.minimum,
        "leeway": result.leeway,
        "marks": spec.marks,
        "counted": None if m is None else m.counted,
        "total": None if m is None else m.total,
        "excluded": {} if m is None else dict(m.excluded),
        "declared": None if m is None else m.declared,
        "status": result.status.value,
        "counts_toward_limit": spec.count,
        "messages": [f.message for f in result.findings],
        "share": _share(result.share),
        "penalty": _penalty(result.penalty),
        "cutoffs": _cutoffs(result),
        "spans": [] if m is None else _spans(m),
        "parts": [_question(part) for part in result.parts],
    }


def _total(total: TotalResult | None) -> dict[str, Any] | None:
    if total is None:
        return None
    return {
        "counted": total.counted,
        "limit": total.limit,
        "minimum": total.minimum,
        "leeway": total.leeway,
        "declared": total.declared,
        "status": total.status.value,
        "messages": [f.message for f in total.findings],
        "penalty": _penalty(total.penalty),
    }


def _section(m: Measurement) -> dict[str, Any]:
    return {
        "kind": m.section.kind,
        "id": m.section.id,
        "title": m.section.title,
        "total": m.total,
        "counted": m.counted,
        "excluded": dict(m.excluded),
        "declared": m.declared,
    }


def file_json(result: FileResult) -> dict[str, Any]:
    rubric = result.rubric
    return {
        "path": result.path,
        "status": result.status.value,
        "error": result.error,
        "rubric": None if rubric is None else {"title": rubric.title, "source": rubric.source},
        "words": result.words,
        "cached_words": result.cached_words,
        "whole_document": bool(rubric is not None and rubric.whole),
        "unchecked": result.unchecked,
        "questions": [_question(q) for q in result.questions],
        "total": _total(result.total),
        "sections": [_section(m) for m in result.others],
        "findings": [
            {"where": f.where, "severity": f.severity.value, "code": f.code, "message": f.message}
            for f in result.findings
        ],
        "notices": list(result.notices),
    }


def render_check(results: Sequence[FileResult], style: Style | None = None) -> str:
    payload = {
        "tool": "tma-check",
        "version": __version__,
        "files": [file_json(r) for r in results],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def render_count(rows: Sequence[DocumentCount | CountError], style: Style | None = None) -> str:
    files: list[dict[str, Any]] = []
    for row in rows:
        if isinstance(row, CountError):
            files.append(
                {
                    "path": row.path,
                    "error": row.message,
                    "words": None,
                    "parts": {},
                    "cached_words": None,
                    "notes_included": None,
                }
            )
        else:
            files.append(
                {
                    "path": row.path,
                    "error": None,
                    "words": row.words,
                    "parts": dict(row.parts),
                    "cached_words": row.cached_words,
                    "notes_included": row.notes_included,
                }
            )
    payload = {"tool": "tma-check", "version": __version__, "files": files}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
