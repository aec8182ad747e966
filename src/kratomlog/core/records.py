"""`NamedTuple` for kratomlog's record types: `class Dose(NamedTuple): at: int; note: str | None = None`
behaves as with `typing.NamedTuple` (a tuple subclass with named fields, defaults, methods and
properties, `_fields`, `_field_defaults`, `_make`, `_replace`, `_asdict`, pickling, equality).

Why not `typing.NamedTuple`: it goes through `collections.namedtuple`, which compiles a `__new__`
for every class (about 0.13 ms each, and a `dose` defines some forty record types), and importing
`typing` itself costs about 2 ms — together a sixth of a logging command. Here every class shares
the same few functions, and nothing is compiled at run time. Annotations stay strings
(`from __future__ import annotations`): they are never evaluated.
"""

from __future__ import annotations

from operator import itemgetter

_KEPT = ("__module__", "__qualname__", "__doc__", "__annotations__", "__classcell__")


def _bind(cls, args: tuple, kwargs: dict) -> tuple:
    """The field values of `cls(*args, **kwargs)`, with the defaults; TypeError as Python's own."""
    fields = cls._fields
    if len(args) > len(fields):
        raise TypeError(f"{cls.__name__}() takes {len(fields)} arguments but {len(args)} were given")
    values = list(args)
    for name in fields[len(args):]:
        if name in kwargs:
            values.append(kwargs.pop(name))
        elif name in cls._field_defaults:
            values.append(cls._field_defaults[name])
        else:
            raise TypeError(f"{cls.__name__}() missing required argument: {name!r}")
    if kwargs:
        name = next(iter(kwargs))
        problem = "multiple values for argument" if name in fields else "an unexpected keyword argument"
        raise TypeError(f"{cls.__name__}() got {problem} {name!r}")
    return tuple(values)


def _new_taking(count: int):
    def __new__(cls, *args, **kwargs):
        if kwargs or len(args) != count:
            args = _bind(cls, args, kwargs)
        return tuple.__new__(cls, args)

    return __new__


def _make(cls, iterable):
    made = tuple.__new__(cls, iterable)
    if len(made) != len(cls._fields):
        raise TypeError(f"expected {len(cls._fields)} arguments, got {len(made)}")
    return made


def _replace(self, **changes):
    made = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"got unexpected field names: {list(changes)!r}")
    return made


def _asdict(self) -> dict:
    return dict(zip(self._fields, self))


def _repr(self) -> str:
    shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
    return f"{self.__class__.__name__}({shown})"


def _getnewargs(self) -> tuple:
    return tuple(self)


class _RecordType(type):
    """Turns `class X(NamedTuple): …` into a plain tuple subclass (whose own type is `type`, so a
    subclass of X is an ordinary subclass, as with typing.NamedTuple)."""

    def __new__(mcls, name, bases, namespace):
        if namespace.get("_is_root"):
            return super().__new__(mcls, name, bases, namespace)
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = {field: namespace[field] for field in fields if field in namespace}
        seen_default = False
        for field in fields:
            if field in defaults:
                seen_default = True
            elif seen_default:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default field(s)")
        body = {
            "__slots__": (),
            "_fields": fields,
            "_field_defaults": defaults,
            "__match_args__": fields,
            "__new__": _new_taking(len(fields)),
            "_make": classmethod(_make),
            "_replace": _replace,
            "_asdict": _asdict,
            "__repr__": _repr,
            "__getnewargs__": _getnewargs,
        }
        for index, field in enumerate(fields):
            body[field] = property(itemgetter(index), doc=f"Alias for field number {index}")
        for key, value in namespace.items():
            if key in _KEPT or (key not in fields and key != "_is_root"):
                body[key] = value
        return type.__new__(type, name, (tuple,), body)


class NamedTuple(metaclass=_RecordType):
    """Base of a record type (see the module's docstring)."""

    _is_root = True
