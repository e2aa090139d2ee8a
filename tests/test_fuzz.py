"""A short fuzz run: mutated documents and random rubrics end in a result or a clean error.

The mutations live in ``fuzzing.py``; ``scripts/fuzz.py`` runs them for as
long as you like. Here hypothesis drives them with a fixed budget (about 200
inputs), derandomized so that every run tries the same inputs, with its own
deadline off: the time bound is asserted directly.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import fuzzing
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tma_check import patterns
from tma_check.model import Rubric

TIME_LIMIT = 5.0  # seconds for any one input
SEEDS = fuzzing.seed_documents()

FUZZ = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def rubric(folder: Path) -> Rubric:
    return fuzzing.fixed_rubric(folder)


@pytest.fixture(scope="module")
def documents(folder: Path) -> list[Path]:
    paths = []
    for number, data in enumerate(SEEDS):
        path = folder / f"seed{number}.docx"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.fixture(scope="module", autouse=True)
def quick_patterns() -> Iterator[None]:
    """Catastrophic random patterns are stopped sooner than in real use, to keep this quick."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "PATTERN_TIMEOUT", 0.05)
        patch.setattr(patterns, "PATTERN_BUDGET", 0.2)
        yield


def timed(run: str, started: float) -> None:
    seconds = time.perf_counter() - started
    assert run in ("ok", "DocumentError", "RubricError"), run
    assert seconds < TIME_LIMIT, f"took {seconds:.1f}s"


def test_the_seed_documents_are_read_cleanly(documents: list[Path], rubric: Rubric) -> None:
    assert [fuzzing.run_document(path, rubric) for path in documents] == ["ok"] * len(documents)


@settings(FUZZ, max_examples=100)
@given(seed=st.sampled_from(range(len(SEEDS))), rng=st.randoms(use_true_random=False))
def test_mutated_documents_end_in_a_result_or_a_clean_error(
    folder: Path, rubric: Rubric, seed: int, rng: random.Random
) -> None:
    path = folder / "mutated.docx"
    path.write_bytes(fuzzing.mutate_document(SEEDS[seed], rng))
    started = time.perf_counter()
    timed(fuzzing.run_document(path, rubric), started)


@settings(FUZZ, max_examples=60)
@given(rng=st.randoms(use_true_random=False))
def test_random_rubrics_end_in_a_result_or_a_clean_error(
    folder: Path, documents: list[Path], rng: random.Random
) -> None:
    path = folder / "random.yaml"
    path.write_text(fuzzing.random_rubric_text(rng), encoding="utf-8", errors="surrogatepass")
    started = time.perf_counter()
    timed(fuzzing.run_rubric(path, documents), started)


@settings(FUZZ, max_examples=40)
@given(rng=st.randoms(use_true_random=False))
def test_valid_random_rubrics_run_their_patterns_in_bounded_time(
    folder: Path, documents: list[Path], rng: random.Random
) -> None:
    path = folder / "valid.yaml"
    path.write_text(fuzzing.valid_rubric_text(rng), encoding="utf-8")
    started = time.perf_counter()
    timed(fuzzing.run_rubric(path, documents), started)
