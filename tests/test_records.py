"""`core.records.NamedTuple` behaves as `typing.NamedTuple` for everything kratomlog's record types
use: fields, defaults, keyword and positional construction and their errors, methods and
properties, `_fields`/`_field_defaults`/`_make`/`_replace`/`_asdict`, repr, equality with tuples,
hashing, unpacking, pickling and copying, subclassing, and `match` patterns."""

from __future__ import annotations

import copy
import pickle
import typing

import pytest

from kratomlog.core.records import NamedTuple


class Mine(NamedTuple):
    """A record."""

    at: int
    grams: float
    note: str | None = None
    tags: tuple = ()

    @property
    def heavy(self) -> bool:
        return self.grams > 5

    def twice(self) -> Mine:
        return self._replace(grams=self.grams * 2)


class Theirs(typing.NamedTuple):
    at: int
    grams: float
    note: typing.Optional[str] = None
    tags: tuple = ()

    @property
    def heavy(self) -> bool:
        return self.grams > 5

    def twice(self) -> "Theirs":
        return self._replace(grams=self.grams * 2)


CALLS = [
    ((1, 2.0), {}),
    ((1, 2.0, "n"), {}),
    ((1,), {"grams": 7.5}),
    ((), {"at": 1, "grams": 2.0, "tags": ("a",)}),
    ((1, 2.0, "n", (), "extra"), {}),  # too many
    ((1,), {}),  # missing grams
    ((1, 2.0), {"colour": "red"}),  # unknown keyword
    ((1, 2.0), {"at": 3}),  # twice
]


def _outcome(cls, args, kwargs):
    try:
        made = cls(*args, **kwargs)
    except TypeError:
        return "TypeError"
    return (tuple(made), made.heavy, tuple(made.twice()), made._asdict(), made.at, made[1], made[-1])


@pytest.mark.parametrize("args,kwargs", CALLS)
def test_construction_and_use_match_typing_namedtuple(args, kwargs):
    assert _outcome(Mine, args, kwargs) == _outcome(Theirs, args, kwargs)


def test_class_attributes_match():
    assert Mine._fields == Theirs._fields
    assert Mine._field_defaults == Theirs._field_defaults
    assert Mine.__match_args__ == Theirs.__match_args__
    assert Mine.__doc__ == "A record."
    assert Mine.__name__ == "Mine" and Mine.__qualname__ == "Mine" and Mine.__module__ == __name__
    assert issubclass(Mine, tuple) and type(Mine) is type


def test_values_behave_like_tuples():
    one, other = Mine(1, 2.0), Theirs(1, 2.0)
    assert one == other == (1, 2.0, None, ())
    assert hash(one) == hash(other)
    assert repr(one) == "Mine(at=1, grams=2.0, note=None, tags=())"
    assert repr(other) == "Theirs(at=1, grams=2.0, note=None, tags=())"
    at, grams, note, tags = one
    assert (at, grams, note, tags) == (1, 2.0, None, ())
    assert Mine._make([1, 2.0, "x", ()]) == Theirs._make([1, 2.0, "x", ()])
    with pytest.raises(TypeError):
        Mine._make([1])
    with pytest.raises(ValueError):
        one._replace(colour="red")
    with pytest.raises(AttributeError):
        one.at = 5
    with pytest.raises(AttributeError):
        one.colour = "red"  # no __dict__: __slots__ = ()
    assert sorted([Mine(2, 1.0), Mine(1, 3.0)]) == [(1, 3.0, None, ()), (2, 1.0, None, ())]


def test_pickle_copy_and_match():
    one = Mine(1, 6.0, "n", ("a",))
    assert pickle.loads(pickle.dumps(one)) == one and type(pickle.loads(pickle.dumps(one))) is Mine
    assert copy.copy(one) == one and copy.deepcopy(one) == one
    match one:
        case Mine(at, grams):
            assert (at, grams) == (1, 6.0)
        case _:
            pytest.fail("no match")


def test_subclass_is_an_ordinary_subclass():
    class Child(Mine):
        def label(self) -> str:
            return f"{self.at}:{self.grams}"

    child = Child(1, 2.0)
    assert child.label() == "1:2.0" and child._fields == Mine._fields and isinstance(child, Mine)


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError):
        class Bad(NamedTuple):  # noqa: F841
            a: int = 1
            b: int


def test_kratomlog_declares_its_records_with_it():
    """No module of the program uses typing.NamedTuple (which would bring typing and per-class
    compilation back onto the logging path)."""
    from pathlib import Path

    src = Path(__file__).resolve().parents[1] / "src" / "kratomlog"
    offenders = [
        str(p.relative_to(src)) for p in src.rglob("*.py")
        if "NamedTuple" in p.read_text(encoding="utf-8") and p.name != "records.py"
        and "from kratomlog.core.records import NamedTuple" not in p.read_text(encoding="utf-8")
    ]
    assert offenders == []
