"""Records behave as the frozen dataclasses they replace."""

from __future__ import annotations

import pickle

import pytest

from tma_check.model import Block, Hit, Location
from tma_check.record import FrozenError, as_dict, field, fields, record, replace


@record
class Point:
    x: int
    y: int = 0


@record(frozen=False)
class Bag:
    name: str
    items: list[str] = field(default_factory=list)


def test_init_defaults_repr_and_fields() -> None:
    assert Point(1) == Point(1, 0) == Point(x=1, y=0)
    assert repr(Point(1, 2)) == "Point(x=1, y=2)"
    assert fields(Point(1)) == ("x", "y")
    assert as_dict(Point(3, 4)) == {"x": 3, "y": 4}
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(1, 2, 3)  # type: ignore[call-arg]


def test_equality_and_hash_follow_the_fields_and_the_class() -> None:
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert {Point(1, 2), Point(1, 2)} == {Point(1, 2)}
    assert Point(1, 2) != (1, 2)  # not a tuple
    assert Location("a.yaml", 3) != Point(1, 2)


def test_frozen_records_refuse_changes_and_replace_copies() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenError):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(FrozenError):
        del point.y  # type: ignore[misc]
    moved = replace(point, y=9)
    assert (point, moved) == (Point(1, 2), Point(1, 9))
    with pytest.raises(TypeError, match="no field 'z'"):
        replace(point, z=1)


def test_a_mutable_record_gets_a_fresh_default_and_no_hash() -> None:
    one, two = Bag("a"), Bag("b")
    one.items.append("x")
    assert (one.items, two.items) == (["x"], [])
    one.name = "c"
    assert one == Bag("c", ["x"])
    with pytest.raises(TypeError):
        hash(one)


def test_order_compares_the_fields_in_turn() -> None:
    hits = [Hit(2, 0, 5), Hit(1, 7, 9), Hit(1, 3, 4)]
    assert sorted(hits) == [Hit(1, 3, 4), Hit(1, 7, 9), Hit(2, 0, 5)]
    assert Hit(1, 3, 4) < Hit(1, 3, 5) <= Hit(1, 3, 5)


def test_records_cross_process_boundaries_and_match_by_position() -> None:
    block = Block(0, "paragraph", "Some text.", label="1.")
    assert pickle.loads(pickle.dumps(block)) == block
    match Point(1, 2):
        case Point(x, y):
            assert (x, y) == (1, 2)


@record(order=True)
class Single:
    value: float | None


def test_a_lone_field_compares_as_a_one_tuple_does() -> None:
    nan = float("nan")
    assert Single(nan) == Single(nan)  # the same object, as (nan,) == (nan,)
    assert Single(1.0) < Single(2.0) and not Single(2.0) <= Single(1.0)
    assert not Single(None) < Single(None)  # (None,) < (None,): equal, so not less
    assert hash(Single(3.0)) == hash(Single(3.0))
