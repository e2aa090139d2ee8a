"""Shared fixtures. Tests build their documents in code (see builders.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

# Compiled patterns are cached between runs (tma_check.lazyre); the tests keep theirs in a
# folder of their own, never in the user's cache, removed when the tests end.
if "TMA_CHECK_CACHE_DIR" not in os.environ:
    _cache = tempfile.mkdtemp(prefix="tma-check-test-cache-")
    os.environ["TMA_CHECK_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)

# A corpus of real documents: TMA_CHECK_CORPUS, or a shared/corpus folder beside the checkout.
CORPUS = Path(
    os.environ.get("TMA_CHECK_CORPUS")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real .docx files; the test is skipped without it."""
    if not (CORPUS / "files").is_dir():
        pytest.skip("the shared corpus is not beside this checkout")
    return CORPUS
