"""Every real document in the shared corpus: valid ones count, invalid ones fail cleanly.

The corpus lives beside the project (``../shared/corpus``) and is never
copied into it; these tests are skipped where it is absent.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tma_check.api import count_file
from tma_check.errors import DocumentError

# Files the manifest calls valid that are not Word documents at all.
NOT_WORD = {"apache__poi__test-data__integration__stress025.docx"}  # a theme (.thmx) package


def manifest(corpus: Path) -> list[dict[str, str]]:
    with open(corpus / "manifest.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_valid_file_counts_and_every_invalid_file_fails_cleanly(corpus: Path) -> None:
    crashed: list[str] = []
    wrongly_refused: list[str] = []
    wrongly_accepted: list[str] = []
    for row in manifest(corpus):
        path = corpus / "files" / row["file"]
        invalid = row["invalid"] == "1"
        try:
            result = count_file(str(path))
        except DocumentError as error:
            assert "\n" not in str(error) and str(error).startswith(str(path))
            if not invalid and row["file"] not in NOT_WORD:
                wrongly_refused.append(f"{row['file']}: {error.message}")
            continue
        except Exception as error:  # the point is to list every crash
            crashed.append(f"{row['file']}: {type(error).__name__}: {error}")
            continue
        assert result.words >= 0
        if invalid and row["invalid_reason"] != "main_part_xml_error":
            wrongly_accepted.append(row["file"])
    assert crashed == []
    assert wrongly_refused == []
    assert wrongly_accepted == []


def test_the_invalid_files_say_what_they_are(corpus: Path) -> None:
    reasons: dict[str, set[str]] = {}
    for row in manifest(corpus):
        if row["invalid"] != "1" or row["invalid_reason"] == "main_part_xml_error":
            continue
        try:
            count_file(str(corpus / "files" / row["file"]))
        except DocumentError as error:
            reasons.setdefault(row["invalid_reason"], set()).add(error.message.split(";")[0])
    assert reasons["ole_cfb_encrypted_ooxml"] == {"is password-protected"}
    assert reasons["ole_cfb_other"] == {"is an old Word 97-2003 (.doc) file"}
    assert all(
        message.startswith("is damaged") for message in reasons["bad_zip"] | reasons["not_zip"]
    )
