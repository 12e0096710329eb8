"""Plain value classes for the start-up path: what ``@dataclass`` generates (a ``__repr__`` and
an ``__eq__`` over the fields) without its cost at import.

A dataclass compiles the source text of its methods when its module is imported: 2-4 million
instructions a class (frozen ones the most), which a run of a small zone pays for every class on
its way. A class that subclasses :class:`Value`, lists its fields in ``__slots__`` and writes its
own ``__init__`` pays nothing of that. Use it for the internal types every run builds; the public
API's types (``Problem``, ``SourceFile``, ``Option``, ``Fix``) stay dataclasses (``Finding`` is a
slotted class of its own, :mod:`zonelint.model`: a run may hold a hundred thousand).
"""

from __future__ import annotations


def _fields(cls) -> tuple[str, ...]:
    return tuple(n for n in cls.__slots__ if not n.startswith("__"))


class Value:
    """Fields are the ``__slots__`` of the class (in order; a ``"__dict__"`` slot lets instances
    carry other attributes too, which are no fields); two values are equal when they are of the
    same class and their fields are equal; values are not hashable (as a dataclass with
    ``eq=True``), unless the class is a :class:`FrozenValue`."""

    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _fields(type(self)))
        return f"{type(self).__qualname__}({fields})"

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _fields(type(self)))

    __hash__ = None  # type: ignore[assignment]

    def replace(self, **changes):
        """A copy with ``changes`` (as ``dataclasses.replace``; the class's ``__init__`` takes
        its fields by name)."""
        fields = {name: getattr(self, name) for name in _fields(type(self))}
        fields.update(changes)
        return type(self)(**fields)


class FrozenValue(Value):
    """A :class:`Value` that is never changed after ``__init__`` (by convention: nothing stops an
    assignment), so it hashes by its fields."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _fields(type(self))))
