"""The reads behind every student page (the question page, a live class's stage), run on the
database driver itself. Measured in process, SQLAlchemy's execution context and result
set-up took twice the time of the query on SQLite; so a statement built once is compiled
once per dialect, run on a pooled connection's driver, and its row is turned into values by
the column types' own result processors, as SQLAlchemy would."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Dialect

from quizapp.extensions import db


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # the parameters' order for a positional driver
    constants: dict[str, Any]  # values the statement itself holds ("teacher", ",")
    binders: Mapping[str, Callable[[Any], Any]]  # a value as the driver takes it (0 as "$[0]")
    # A column as Python has it (JSON text as a list), for the columns that need one.
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]


class HotRead:
    """A SELECT built once, whose first row is read many times a second."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def first(self, parameters: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row for these parameters, as plain values; None where there is none."""
        engine = db.engine
        dialect = engine.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            compiled = self._compiled[dialect.name] = self._compile(dialect, parameters)
        values = {**compiled.constants, **parameters}
        for name, bind in compiled.binders.items():
            values[name] = bind(values[name])
        bound: Sequence[Any] | Mapping[str, Any] = (
            values if compiled.names is None else [values[name] for name in compiled.names]
        )
        raw = engine.raw_connection()
        try:
            postgres = dialect.name == "postgresql"
            row = _fetch_one(raw.driver_connection, compiled.sql, bound, postgres=postgres)
        except Exception:
            raw.invalidate()  # whatever went wrong, this connection is not handed out again
            raise
        finally:
            raw.close()
        if row is None:
            return None
        values_out = list(row)
        for index, process in compiled.processors:
            values_out[index] = process(values_out[index])
        return tuple(values_out)

    def _compile(self, dialect: Dialect, parameters: Mapping[str, Any]) -> _Compiled:
        compiled = self.statement.compile(dialect=dialect)
        state = compiled.construct_expanded_state(dict(parameters))
        constants = {k: v for k, v in state.parameters.items() if k not in parameters}
        positional = dialect.paramstyle in {"qmark", "numeric", "format"}
        names = tuple(state.positiontup or ()) if positional else None
        binders = {
            name: bind
            for name, parameter in compiled.binds.items()
            if (bind := parameter.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        processors = tuple(
            (index, process)
            for index, column in enumerate(self.statement.selected_columns)
            if (process := column.type.dialect_impl(dialect).result_processor(dialect, None))
        )
        return _Compiled(state.statement, names, constants, binders, processors)


def _fetch_one(
    driver: Any, sql: str, parameters: Sequence[Any] | Mapping[str, Any], *, postgres: bool
) -> tuple[Any, ...] | None:
    """One row on the driver's own connection. On PostgreSQL the statement runs outside a
    transaction: one round trip instead of three (BEGIN, SELECT, ROLLBACK), and a read needs
    none; SQLite's module opens none for a SELECT."""
    if postgres:
        driver.autocommit = True
    try:
        cursor = driver.cursor()
        try:
            cursor.execute(sql, parameters)
            row = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        if postgres:
            driver.autocommit = False
    return None if row is None else tuple(row)
