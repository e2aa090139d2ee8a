"""Patterns compiled on first use, and their compiled forms kept between runs."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from tma_check import lazyre

PROBE = """
import sys, regex
from tma_check import lazyre
compiled = []
original = regex.compile
def counting(*args, **kwargs):
    compiled.append(args[0])
    return original(*args, **kwargs)
regex.compile = counting
pattern = lazyre.lazy(r"(?i)\\b(\\d+)\\s*words?\\b")
assert pattern.search("about 200 Words here").group(1) == "200"
print(len(compiled))
"""


def run_probe(cache: Path, **env: str) -> int:
    """Run a fresh process that uses one lazy pattern; how many times it compiled it."""
    environment = {k: v for k, v in os.environ.items() if k != "TMA_CHECK_NO_CACHE"}
    environment.update(TMA_CHECK_CACHE_DIR=str(cache), **env)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_a_pattern_compiles_only_when_first_used() -> None:
    pattern = lazyre.lazy(r"never(used)?")
    assert "_compiled" not in vars(pattern)
    assert pattern.fullmatch("neverused") is not None
    assert "_compiled" in vars(pattern) and "fullmatch" in vars(pattern)


def test_the_second_run_reads_the_compiled_pattern_from_the_cache(tmp_path: Path) -> None:
    assert run_probe(tmp_path) == 1  # compiled, and written at exit
    (cached,) = tmp_path.iterdir()
    assert cached.name.startswith("patterns-")
    assert f"-{sys.implementation.cache_tag}-" in cached.name
    assert oct(cached.stat().st_mode & 0o777) == "0o600"
    assert run_probe(tmp_path) == 0  # read back, not compiled


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    assert run_probe(tmp_path, TMA_CHECK_NO_CACHE="1") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "content",
    [
        b"not marshal data at all",
        marshal.dumps({("x", 0): ("not", "a", "pattern")}),
        marshal.dumps([1, 2, 3]),
        b"",
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    run_probe(tmp_path)
    (cached,) = tmp_path.iterdir()
    cached.write_bytes(content)
    assert run_probe(tmp_path) == 1  # compiled again, and the cache is good again
    assert run_probe(tmp_path) == 0


def test_a_cache_damaged_inside_fails_its_checksum_and_is_not_used(tmp_path: Path) -> None:
    run_probe(tmp_path)
    (cached,) = tmp_path.iterdir()
    digest, payload = marshal.loads(cached.read_bytes())
    entries = marshal.loads(payload)
    spoilt = {key: (entry[0], entry[1], b"\x00", *entry[3:]) for key, entry in entries.items()}
    cached.write_bytes(marshal.dumps((digest, marshal.dumps(spoilt))))
    assert run_probe(tmp_path) == 1  # compiled afresh, never handed to the regex module


def test_a_cache_that_is_not_a_regular_file_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    target = Path(lazyre.cache_file() or "").name
    target = folder / Path(target)
    os.mkfifo(target)  # reading this would block
    assert run_probe(folder) == 1
    link = tmp_path / "link"
    link.mkdir()
    real = tmp_path / "elsewhere.marshal"
    run_probe(tmp_path / "fresh")
    (made,) = (tmp_path / "fresh").iterdir()
    real.write_bytes(made.read_bytes())
    (link / made.name).symlink_to(real)
    assert run_probe(link) == 1  # a link is not followed


WARM = """
import sys
from tma_check import lazyre
pattern = lazyre.lazy(r"(?i)\\b(\\d+)\\s*words?\\b")
match = pattern.search("about 1,200 Words here")
print(match.group(1), pattern.sub("N", "3 words"), "regex._main" in sys.modules)
"""


def test_a_cached_pattern_is_made_without_importing_the_regex_parser(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "TMA_CHECK_NO_CACHE"}
    environment["TMA_CHECK_CACHE_DIR"] = str(tmp_path)
    runs = [
        subprocess.run(
            [sys.executable, "-c", WARM],
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs[0] == ["200", "N", "True"]  # compiled: the whole module was needed
    assert runs[1] == ["200", "N", "False"]  # read back: the compiled core alone


def test_the_flags_are_the_regex_modules_own() -> None:
    ours = (lazyre.IGNORECASE, lazyre.MULTILINE, lazyre.VERBOSE, lazyre.VERSION1)
    assert ours == (regex.IGNORECASE, regex.MULTILINE, regex.VERBOSE, regex.VERSION1)


@given(st.text())
def test_escape_is_the_regex_modules_own(text: str) -> None:
    assert lazyre.escape(text) == regex.escape(text)
    assert regex.fullmatch(lazyre.escape(text), text) is not None


def test_a_pattern_that_does_not_compile_raises_the_regex_modules_error() -> None:
    with pytest.raises(lazyre.error):
        lazyre.compiled("(unclosed")
