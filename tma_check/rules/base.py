"""What every exclusion rule is made of, and helpers the rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from tma_check.model import Block, Hit, Section
from tma_check.record import record

Options = Mapping[str, Any]
Apply = Callable[[Section, Options], Iterable[Hit]]


@record
class Option:
    """A setting a rubric may give a rule: its name, default and type."""

    name: str
    default: Any
    help: str
    kind: type | tuple[type, ...] = str
    choices: tuple[Any, ...] = ()


@record
class RuleDef:
    """A registered exclusion rule. ``doc`` is its user documentation."""

    id: str
    doc: str
    options: tuple[Option, ...]
    apply: Apply

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id

    def settings(self, given: Options) -> dict[str, Any]:
        """The rule's options: defaults, overridden by what the rubric gave."""
        values = {option.name: option.default for option in self.options}
        values.update(given)
        return values


def whole(block: Block, note: str = "") -> Hit:
    """A hit covering all of ``block``, its list label included."""
    return Hit(block.index, 0, len(block.text), whole=True, note=note)


def blocks_with_role(section: Section, *roles: str) -> Iterator[Block]:
    for entry in section.entries:
        if entry.role in roles:
            yield entry.block
