"""Cold-path writes and reads through the SQLModel models' tables: SQLAlchemy Core statements built
on `SQLModel.metadata` (so a column the models do not declare is an error before anything runs),
compiled for SQLite and executed on the command's own open `sqlite3` connection — inside its one
`BEGIN IMMEDIATE` transaction, with the signal announcement and the change log. Importing this
module loads SQLModel; the logging path uses `changes.SqlRows` (plain SQL) instead.

`ModelRows` has the same four methods as `changes.SqlRows`, so a `Recorder` writes through either;
`cold_recorder` is the Recorder the cold paths (strain add/edit/archive, `edit`, taper plans,
import) use.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from typing import Any, Iterator

from kratomlog.core.records import NamedTuple

from sqlalchemy import Table, bindparam, delete, insert, literal_column, select, update
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.sql import Executable

from kratomlog.store import schema
from kratomlog.store.changes import Recorder

_DIALECT = sqlite_dialect.dialect(paramstyle="qmark")


def table(name: str) -> Table:
    return schema.SQLModel.metadata.tables[name]


def execute(conn: sqlite3.Connection, statement: Executable) -> sqlite3.Cursor:
    """Run a Core statement (its values bound in it) on the open sqlite3 connection."""
    compiled = statement.compile(dialect=_DIALECT)
    params = compiled.construct_params()
    for name, value in _defaults(compiled):
        if params.get(name) is None:
            params[name] = value
    return conn.execute(str(compiled), [params[name] for name in compiled.positiontup or ()])


def _defaults(compiled: Any) -> tuple[tuple[str, Any], ...]:
    """Python-side defaults of the columns an INSERT was not given (SQLAlchemy's engine would fill
    them in; it is not involved here)."""
    return tuple(
        (column.key, column.default.arg if column.default.is_scalar else column.default.arg(None))
        for column in getattr(compiled, "insert_prefetch", []) if column.default is not None
    )


def rows_as_dicts(conn: sqlite3.Connection, statement: Executable) -> Iterator[dict]:
    cursor = execute(conn, statement)
    names = [c[0] for c in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


class Prepared(NamedTuple):
    sql: str
    order: tuple[str, ...]  # parameter names in placeholder order
    defaults: tuple[tuple[str, Any], ...]  # Python-side defaults of the columns not given

    def run(self, conn: sqlite3.Connection, params: dict) -> sqlite3.Cursor:
        values = dict(self.defaults)
        values.update(params)
        return conn.execute(self.sql, [values[name] for name in self.order])


def prepare(statement: Executable) -> Prepared:
    """Compile once (a column the model does not have is a CompileError here); run many times."""
    compiled = statement.compile(dialect=_DIALECT)
    return Prepared(str(compiled), tuple(compiled.positiontup or ()), _defaults(compiled))


@lru_cache(maxsize=1024)
def _insert(table_name: str, columns: tuple[str, ...]) -> Prepared:
    return prepare(insert(table(table_name)).values({c: bindparam(c) for c in columns}))


def prepared_insert(table_name: str, columns: tuple[str, ...]) -> Prepared:
    """The INSERT of these columns into the model's table, compiled once (bulk writes run it with
    `executemany`)."""
    return _insert(table_name, columns)


@lru_cache(maxsize=1024)
def _update(table_name: str, columns: tuple[str, ...]) -> Prepared:
    target = table(table_name)
    return prepare(update(target).where(target.c.id == bindparam("entry_id_")).values({c: bindparam(c) for c in columns}))


@lru_cache(maxsize=256)
def _delete(table_name: str, key: str) -> Prepared:
    target = table(table_name)
    return prepare(delete(target).where(target.c[key] == bindparam("key_")))


@lru_cache(maxsize=256)
def _select(table_name: str, key: str) -> Prepared:
    target = table(table_name)
    return prepare(select(target).where(target.c[key] == bindparam("key_")).order_by(literal_column("rowid")))


class ModelRows:
    """Row operations of a `Recorder`, as Core statements on the models' tables (each shape
    compiled once per process, so a bulk import runs at plain-SQL speed)."""

    def insert(self, conn: sqlite3.Connection, table_name: str, values: dict) -> int:
        return _insert(table_name, tuple(values)).run(conn, values).lastrowid

    def update(self, conn: sqlite3.Connection, table_name: str, entry_id: int, values: dict) -> None:
        _update(table_name, tuple(values)).run(conn, {**values, "entry_id_": entry_id})

    def delete(self, conn: sqlite3.Connection, table_name: str, key: str, value: Any) -> None:
        _delete(table_name, key).run(conn, {"key_": value})

    def select(self, conn: sqlite3.Connection, table_name: str, key: str, value: Any) -> list[dict]:
        cursor = _select(table_name, key).run(conn, {"key_": value})
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


MODEL_ROWS = ModelRows()


def cold_recorder(conn: sqlite3.Connection, now: int) -> Recorder:
    """The Recorder of the cold paths: every row it adds, edits or deletes goes through the models."""
    return Recorder(conn, now, rows=MODEL_ROWS)


def engine_for(target):
    """A SQLAlchemy engine on an already opened and migrated kratomlog file: a `Database` (whose
    connections are made like its own, an encrypted one with its key) or a plain file's path."""
    from sqlmodel import create_engine

    from kratomlog.store.database import connect_like

    if hasattr(target, "key"):
        return create_engine("sqlite://", creator=lambda: connect_like(target))
    return create_engine(f"sqlite:///{target}")
