"""Parsed rubrics are kept between runs, so a rubric seen before costs no PyYAML import."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tma_check.rubric import yamlfile

PROBE = """
import json, sys
from tma_check.errors import RubricError
from tma_check.rubric import load_rubric
try:
    rubric = load_rubric(sys.argv[1])
    shown = [rubric.title, [(q.id, q.limit, q.marks) for q in rubric.questions], rubric.leeway]
except RubricError as error:
    shown = str(error)
print(json.dumps({"yaml": "yaml" in sys.modules, "rubric": shown}))
"""

RUBRIC = """\
title: TMA 02
leeway: 10
questions:
  - id: Q1
    limit: 200
    marks: 40
  - id: Q2
    limit: 600
    marks: 60
"""


def probe(rubric: Path, cache: Path, **env: str) -> dict[str, object]:
    """Load ``rubric`` in a fresh process: whether PyYAML was imported, and what was read."""
    environment = {k: v for k, v in os.environ.items() if k != "TMA_CHECK_NO_CACHE"}
    environment.update(TMA_CHECK_CACHE_DIR=str(cache), **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(rubric)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("rubrics-*.marshal"))


def test_a_rubric_read_before_is_not_parsed_again(tmp_path: Path) -> None:
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    first = probe(rubric, tmp_path / "cache")
    second = probe(rubric, tmp_path / "cache")
    assert first["yaml"] is True and second["yaml"] is False
    assert (
        first["rubric"]
        == second["rubric"]
        == [
            "TMA 02",
            [["Q1", 200, 40], ["Q2", 600, 60]],
            10,
        ]
    )
    (kept,) = cache_files(tmp_path / "cache")
    assert oct(kept.stat().st_mode & 0o777) == "0o600"


def test_an_edited_rubric_is_parsed_afresh(tmp_path: Path) -> None:
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    probe(rubric, tmp_path / "cache")
    rubric.write_text(RUBRIC.replace("limit: 600", "limit: 650"), encoding="utf-8")
    edited = probe(rubric, tmp_path / "cache")
    assert edited["yaml"] is True
    assert edited["rubric"] == ["TMA 02", [["Q1", 200, 40], ["Q2", 650, 60]], 10]


def test_a_rubric_error_names_the_same_line_from_the_cache(tmp_path: Path) -> None:
    # It parses (so it is kept), but a key is wrong: the line comes from the kept parse.
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC.replace("    marks: 60", "    markz: 60"), encoding="utf-8")
    first = probe(rubric, tmp_path / "cache")
    second = probe(rubric, tmp_path / "cache")
    assert second["yaml"] is False
    assert first["rubric"] == second["rubric"]
    assert f"{rubric}:9:" in str(second["rubric"]) and "markz" in str(second["rubric"])


def test_a_file_that_does_not_parse_is_not_kept(tmp_path: Path) -> None:
    rubric = tmp_path / "broken.yaml"
    rubric.write_text("title: [unclosed\n", encoding="utf-8")
    first = probe(rubric, tmp_path / "cache")
    second = probe(rubric, tmp_path / "cache")
    assert first == second and second["yaml"] is True
    assert "is not valid YAML" in str(second["rubric"])
    assert cache_files(tmp_path / "cache") == []


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    for _ in range(2):
        assert probe(rubric, tmp_path / "cache", TMA_CHECK_NO_CACHE="1")["yaml"] is True
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda value, lines: ({"title": b"bytes are no YAML value"}, lines),
        lambda value, lines: (value, {("title",): "one"}),
        lambda value, lines: (value, {("title", frozenset()): 1}),
        lambda value, lines: (value,),
    ],
    ids=["bytes in the data", "a line that is no number", "a path of other things", "no lines"],
)
def test_a_kept_parse_of_the_wrong_shape_is_parsed_afresh(tmp_path: Path, spoil: object) -> None:
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    probe(rubric, tmp_path / "cache")
    (kept,) = cache_files(tmp_path / "cache")
    entries = marshal.loads(marshal.loads(kept.read_bytes())[1])
    assert callable(spoil)
    spoilt = {key: spoil(*entry) for key, entry in entries.items()}
    payload = marshal.dumps(spoilt)
    from tma_check.diskcache import digest

    kept.write_bytes(marshal.dumps((digest(payload), payload)))  # a good checksum, bad data
    again = probe(rubric, tmp_path / "cache")
    assert again["yaml"] is True and again["rubric"][0] == "TMA 02"  # type: ignore[index]


def test_a_changed_parser_reads_every_file_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMA_CHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TMA_CHECK_NO_CACHE", raising=False)
    before = yamlfile._key(RUBRIC)
    other = tmp_path / "yamlparse.py"
    other.write_text("# another parser\n", encoding="utf-8")
    monkeypatch.setattr(yamlfile, "_PARSER", str(other))
    after = yamlfile._key(RUBRIC)
    assert before is not None and after is not None and before != after
    assert yamlfile._key(RUBRIC + "\n") != after


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own, switched on, for work done in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TMA_CHECK_CACHE_DIR", str(folder))
    monkeypatch.delenv("TMA_CHECK_NO_CACHE", raising=False)
    return folder


def test_a_small_file_that_unfolds_into_a_huge_value_is_refused_at_once(
    tmp_path: Path, cache: Path
) -> None:
    # marshal keeps shared references: 2 KB can hold a list of 100 references to a list of
    # 100 references to... Visiting every path through that would take minutes.
    from tma_check import diskcache

    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    key = yamlfile._key(RUBRIC)
    assert key is not None
    unfolding: list[object] = ["leaf"]
    for _ in range(4):
        unfolding = [unfolding] * 100
    diskcache.write(yamlfile._cache_name(), {key: ({"title": unfolding}, {})})
    assert len(marshal.dumps({key: ({"title": unfolding}, {})})) < 4096
    started = time.perf_counter()
    value, _ = yamlfile.load_yaml(str(rubric))
    assert time.perf_counter() - started < 2
    assert value["title"] == "TMA 02"  # parsed afresh from the file


def test_the_cache_never_grows_past_what_it_can_read(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tma_check import diskcache

    monkeypatch.setattr(diskcache, "MAX_BYTES", 8192)
    for number in range(6):
        rubric = tmp_path / f"r{number}.yaml"
        rubric.write_text(f"title: '{number}{'x' * 2000}'\nquestions: []\n", encoding="utf-8")
        yamlfile.load_yaml(str(rubric))
        (kept,) = cache_files(cache)
        assert kept.stat().st_size <= 8192
    entries = diskcache.read(kept.name)
    titles = sorted(value["title"][0] for value, _ in entries.values())
    assert titles[-1] == "5" and len(titles) < 6  # the newest kept, the oldest let go


def test_a_write_that_fails_leaves_no_file_behind(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    yamlfile.load_yaml(str(rubric))
    assert list(cache.iterdir()) == []


def test_nothing_is_written_into_a_folder_the_user_does_not_own(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as root with another user's home, a cache folder made there would lock that user out
    monkeypatch.setattr(os, "getuid", lambda: os.stat(tmp_path).st_uid + 1)
    rubric = tmp_path / "tma02.yaml"
    rubric.write_text(RUBRIC, encoding="utf-8")
    yamlfile.load_yaml(str(rubric))
    assert not cache.exists()


def test_the_parser_limits_are_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMA_CHECK_CACHE_DIR", "/nonexistent/cache")
    monkeypatch.delenv("TMA_CHECK_NO_CACHE", raising=False)
    before = yamlfile._key(RUBRIC)
    monkeypatch.setattr(yamlfile, "MAX_VALUES", 5)
    assert yamlfile._key(RUBRIC) != before
