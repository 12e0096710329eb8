"""The public API's value types are dataclasses as far as :mod:`dataclasses` can tell, without a
run importing it (``zonelint.values``): each is compared with the dataclass ``@dataclass`` makes
of the same fields (stated here, as plugins see them): fields, parameters, ``__init__`` defaults,
``repr``, ``==``, ``hash``, frozenness, ``replace``, ``asdict``, pickling."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from zonelint import Finding, Option, Problem, SourceFile
from zonelint.fix import Change, Fix

NEW = object()  # a default_factory field: (name, NEW, factory)

#: class -> (its @dataclass parameters, its fields: (name,) or (name, default) or (name, NEW, factory))
SPECS = {
    SourceFile: ({"eq": False}, [("path",), ("display",), ("reported", True), ("noqa", NEW, dict),
                                 ("disabled", frozenset()), ("included_from", None), ("text", None),
                                 ("scanned", False), ("generated", NEW, set), ("uri", None)]),
    Problem: ({}, [("code",), ("message",), ("file",), ("line",), ("column", 1), ("owner", None), ("record", None),
                   ("help", None)]),
    Option: ({"frozen": True}, [("type",), ("default",), ("help",), ("item", None)]),
    Change: ({"frozen": True, "slots": True}, [("kind",), ("path",), ("line",), ("column", 0), ("end_line", 0),
                                               ("part", ""), ("index", 0), ("text", None), ("old", None),
                                               ("rdtype", "")]),
    Fix: ({"frozen": True, "slots": True}, [("description",), ("changes",), ("zones", frozenset())]),
}

SF = SourceFile("a.zone", "a.zone")
CHANGE = Change("replace", "a.zone", 3, 1, 3, "ttl", 0, "300", "3600", "A")
#: class -> positional arguments of two instances, the second different in its last field
SAMPLES = {
    SourceFile: (("a.zone", "a.zone"), ("a.zone", "a.zone", False)),
    Problem: (("ZL001", "bad", SF, 3), ("ZL001", "bad", SF, 3, 2, "x.", None, "help")),
    Option: ((int, 3, "a number"), (list, [], "names", str)),
    Change: (("replace", "a.zone", 3), tuple(CHANGE.pack())),
    Fix: (("a fix", (CHANGE,)), ("a fix", (CHANGE,), frozenset({"a.zone"}))),
}


def reference(cls):
    """The dataclass ``@dataclass`` makes of the fields of ``cls`` as SPECS states them."""
    params, fields = SPECS[cls]
    ns = {"__annotations__": {f[0]: cls.__dict__["__annotations__"][f[0]] for f in fields},
          "__qualname__": cls.__qualname__, "__module__": cls.__module__}
    for f in fields:
        if len(f) == 3:
            ns[f[0]] = dataclasses.field(default_factory=f[2])
        elif len(f) == 2:
            ns[f[0]] = f[1]
    if cls is Fix:
        ns["__post_init__"] = Fix.__post_init__
    return dataclasses.dataclass(**params)(type(cls.__name__, (), ns))


def _field_facts(cls) -> list[tuple]:
    return [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash, f.kw_only)
            for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", list(SPECS), ids=lambda c: c.__name__)
def test_a_dataclass_as_dataclasses_sees_it(cls):
    ref = reference(cls)
    assert dataclasses.is_dataclass(cls)
    assert _field_facts(cls) == _field_facts(ref)
    assert repr(cls.__dataclass_params__) == repr(ref.__dataclass_params__)
    assert cls.__match_args__ == ref.__match_args__
    assert (cls.__hash__ is None) == (ref.__hash__ is None)
    first, second = SAMPLES[cls]
    ours, theirs = cls(*first), ref(*first)
    for name, *_ in SPECS[cls][1]:
        assert getattr(ours, name) == getattr(theirs, name), name
    if cls is not SourceFile:  # SourceFile writes its own repr (the display path)
        assert repr(ours).replace(cls.__name__, "X") == repr(theirs).replace(cls.__name__, "X")
    assert (ours == cls(*first)) == (theirs == ref(*first))
    assert (ours == cls(*second)) == (theirs == ref(*second))
    assert (ours == theirs) is False
    if ref.__hash__ is not None and cls is not SourceFile:
        assert hash(ours) == hash(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    changed = dataclasses.replace(ours, **{SPECS[cls][1][-1][0]: getattr(cls(*second), SPECS[cls][1][-1][0])})
    assert type(changed) is cls and getattr(changed, SPECS[cls][1][-1][0]) == getattr(cls(*second), SPECS[cls][1][-1][0])
    if cls is not SourceFile:
        assert repr(pickle.loads(pickle.dumps(ours))) == repr(ours)
        assert repr(copy.deepcopy(ours)) == repr(ours)
    if SPECS[cls][0].get("frozen"):
        name = SPECS[cls][1][0][0]
        for do in (lambda o: setattr(o, name, 1), lambda o: delattr(o, name)):
            with pytest.raises(dataclasses.FrozenInstanceError) as a:
                do(ours)
            with pytest.raises(dataclasses.FrozenInstanceError) as b:
                do(theirs)
            assert str(a.value) == str(b.value)


def test_default_factories_give_each_instance_its_own():
    a, b = SourceFile("a", "a"), SourceFile("b", "b")
    assert a.noqa == {} and a.generated == set() and a.noqa is not b.noqa and a.generated is not b.generated


def test_finding_fields_as_dataclasses_sees_them():
    names = ("code", "rule", "severity", "message", "path", "line", "column", "owner", "record", "file",
             "end_line", "help", "fix")
    assert tuple(f.name for f in dataclasses.fields(Finding)) == names
    assert repr(Finding.__dataclass_params__) == repr(dataclasses.dataclass(
        init=False, repr=False, eq=False, match_args=False)(type("F", (), {})).__dataclass_params__)
