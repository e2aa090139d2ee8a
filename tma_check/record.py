"""Plain data classes, made cheaply: what :mod:`dataclasses` makes, at a fraction of the cost.

Every stage passes its results on as small immutable records. With
:func:`dataclasses.dataclass` each class costs about a millisecond to
create (it compiles six methods one by one, and importing the module brings
in :mod:`inspect`), which every run of the command paid some 60 times
before doing any work. :func:`record` makes the same class from its
annotated fields, compiling only its ``__init__``, and that only when the
first instance is made (the other methods are closures over the fields'
names):

* ``__init__`` taking the fields in order, defaults after them (a
  :class:`Factory` default makes a fresh value for each instance);
* ``__repr__``, and ``__eq__``/``__hash__`` over the fields (records of
  different classes are never equal);
* with ``order=True``, ``<``, ``<=``, ``>`` and ``>=`` comparing the fields
  in order, as tuples do;
* unless ``frozen=False``, no attribute can be set or deleted after
  ``__init__``.

:func:`replace` makes a copy with some fields changed, as
:func:`dataclasses.replace` does. A record pickles like any object, so
results cross process boundaries in a batch.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter, ge, gt, le, lt
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        """Tells type checkers that :func:`record` makes classes as dataclasses does
        (PEP 681); nothing at run time."""
        return lambda function: function


T = TypeVar("T")

_FIELDS = "__record_fields__"


class Factory:
    """A default made afresh for each instance (see :func:`field`)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A default made afresh for each instance, as in
    ``notes: list[str] = field(default_factory=list)``."""
    return cast(T, Factory(default_factory))


class FrozenError(AttributeError):
    """An attribute of a frozen record was set or deleted."""


def _refuse_set(self: object, name: str, value: object) -> None:
    raise FrozenError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")


def _refuse_delete(self: object, name: str) -> None:
    raise FrozenError(f"cannot delete field {name!r} of a frozen {type(self).__name__}")


def _fields(cls: type) -> dict[str, Any]:
    """Each field's name and default (:data:`_NO_DEFAULT` for none), base classes first."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        for name in getattr(klass, "__annotations__", {}):  # its own: 3.10 and later
            found[name] = vars(klass).get(name, _NO_DEFAULT)
    return found


_NO_DEFAULT = object()


def _init_source(fields: dict[str, Any], frozen: bool) -> str:
    """A record's ``__init__``, as Python source: the one method compiled per class,
    since taking its arguments by name is what makes it fast."""
    params = []
    sets = []
    for field, default in fields.items():
        if default is _NO_DEFAULT:
            params.append(field)
        elif isinstance(default, Factory):
            params.append(f"{field}=_MISSING")
        else:
            params.append(f"{field}=_default_{field}")
        value = field
        if isinstance(default, Factory):
            value = f"_default_{field}.make() if {field} is _MISSING else {field}"
        # frozen: straight into the instance's dict, past the refusing __setattr__
        sets.append(
            f"    _fields[{field!r}] = {value}" if frozen else f"    self.{field} = {value}"
        )
    lines = [
        f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):",
        *(["    _fields = self.__dict__"] if frozen and sets else []),
        *(sets or ["    pass"]),
    ]
    return "\n".join(lines) + "\n"


def _methods(cls: type, names: tuple[str, ...], order: bool) -> dict[str, Callable[..., Any]]:
    """``__repr__``, ``__eq__``, ``__hash__`` and, with ``order``, the comparisons:
    closures over the tuple of the fields' values, read in C by
    :func:`operator.attrgetter` (which gives a lone field's value bare, so that
    one is put in a tuple of its own, as a dataclass does)."""
    values: Callable[[Any], Any]
    if len(names) > 1:
        values = attrgetter(*names)
    elif names:
        only = attrgetter(names[0])
        values = lambda instance: (only(instance),)  # noqa: E731 - a closure, named below
    else:
        values = lambda instance: ()  # noqa: E731

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    made: dict[str, Callable[..., Any]] = {
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
    }
    if order:
        for method, compare in (("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)):
            made[method] = _comparison(values, compare)
    for method, function in made.items():
        function.__qualname__ = f"{cls.__qualname__}.{method}"
    return made


def _comparison(
    values: Callable[[Any], Any], compare: Callable[[Any, Any], Any]
) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compare(values(self), values(other))

    method.__name__ = compare.__name__.join(("__", "__"))
    return method


def _compiled_init(cls: type, fields: dict[str, Any], frozen: bool) -> Callable[..., None]:
    scope: dict[str, Any] = {"_MISSING": _NO_DEFAULT}
    scope.update({f"_default_{field}": default for field, default in fields.items()})
    exec(_init_source(fields, frozen), scope)  # our own source, from names
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _first_init(cls: type, fields: dict[str, Any], frozen: bool) -> Callable[..., None]:
    """An ``__init__`` that compiles the real one when the first instance is made, and
    puts it in its place: a command makes instances of only some of its records."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = _compiled_init(cls, fields, frozen)
        setattr(cls, "__init__", init)  # noqa: B010 - replacing this very method
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _make(cls: type[T], frozen: bool, order: bool) -> type[T]:
    fields = _fields(cls)
    setattr(cls, "__init__", _first_init(cls, fields, frozen))  # noqa: B010 - the class being made
    for method, function in _methods(cls, tuple(fields), order).items():
        setattr(cls, method, function)
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]  # mutable: equal, so not hashable
    else:
        cls.__setattr__ = _refuse_set  # type: ignore[method-assign]
        cls.__delattr__ = _refuse_delete  # type: ignore[method-assign]
    for field, default in fields.items():  # class attributes would shadow nothing: drop them
        if default is not _NO_DEFAULT and field in cls.__dict__:
            delattr(cls, field)
    setattr(cls, _FIELDS, tuple(fields))
    setattr(cls, "__match_args__", tuple(fields))  # noqa: B010 - not a declared attribute
    return cls


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T], /) -> type[T]: ...


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(*, frozen: bool = True, order: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, frozen: bool = True, order: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """Make ``cls`` a record: ``@record``, ``@record(frozen=False)``, ``@record(order=True)``."""
    if cls is not None:
        return _make(cls, frozen, order)
    return lambda klass: _make(klass, frozen, order)


def fields(instance: object) -> tuple[str, ...]:
    """The names of a record's fields, in order."""
    return getattr(type(instance), _FIELDS)  # type: ignore[no-any-return]


def replace(instance: T, **changes: Any) -> T:
    """A copy of the record ``instance`` with ``changes`` made to its fields."""
    names = fields(instance)
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field {sorted(unknown)[0]!r}")
    values = {name: changes[name] if name in changes else getattr(instance, name) for name in names}
    return type(instance)(**values)


def as_dict(instance: object) -> dict[str, Any]:
    """A record's fields and values (not copied deeply)."""
    return {name: getattr(instance, name) for name in fields(instance)}
