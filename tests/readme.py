"""The README's fenced blocks, for the tests that run them as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Block:
    language: str
    text: str
    line: int  # of the opening fence, 1-based

    @property
    def commands(self) -> list[str]:
        """A shell block's commands: one per line, without comments or blank lines."""
        found = []
        for raw in self.text.splitlines():
            line = re.sub(r"\s+#\s.*$", "", raw).strip()
            if line and not line.startswith("#"):
                found.append(line)
        return found


def blocks(language: str | None = None) -> list[Block]:
    found = [
        Block(match[1], match[2], README.count("\n", 0, match.start()) + 1)
        for match in _FENCE.finditer(README)
    ]
    return [b for b in found if language is None or b.language == language]


def block_after(marker: str, language: str, nth: int = 0) -> Block:
    """The ``nth`` block in ``language`` after the first line containing ``marker``."""
    start = README.index(marker)
    line = README.count("\n", 0, start) + 1
    after = [b for b in blocks(language) if b.line > line]
    return after[nth]
