"""Optional columns added to the model after a database was created.

`metadata.create_all` creates missing tables but never alters an existing one, so a database
made before the round-2 columns (organisation.kolada_id, targets/values.source,
assessments.status) would lack them. `add_missing_columns` adds every missing nullable,
non-key column of an existing table (ALTER TABLE … ADD COLUMN: no data is touched).
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from queries.schema import metadata


def missing_columns(engine: Engine) -> list[tuple[str, str]]:
    """(table, column) pairs of the model that an existing table lacks."""
    insp = inspect(engine)
    out = []
    for table in metadata.sorted_tables:
        if not insp.has_table(table.name):
            continue
        have = {c["name"] for c in insp.get_columns(table.name)}
        out += [(table.name, c.name) for c in table.columns if c.name not in have]
    return out


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the missing optional columns; returns "table.column" for each one added. A missing
    required or key column cannot be added this way and raises RuntimeError."""
    added = []
    prep = engine.dialect.identifier_preparer
    for table_name, col_name in missing_columns(engine):
        col = metadata.tables[table_name].c[col_name]
        if not col.nullable or col.primary_key:
            raise RuntimeError(f"kolumnen {table_name}.{col_name} saknas i databasen och kan "
                               "inte läggas till i efterhand")
        sql_type = col.type.compile(dialect=engine.dialect)
        exists = " IF NOT EXISTS" if engine.dialect.name == "postgresql" else ""
        stmt = (f"ALTER TABLE {prep.quote(table_name)} ADD COLUMN{exists} "
                f"{prep.quote(col_name)} {sql_type}")
        try:
            with engine.begin() as conn:
                conn.execute(text(stmt))
        except (OperationalError, ProgrammingError):
            # another process added it between our look and our ALTER
            if (table_name, col_name) in missing_columns(engine):
                raise
            continue
        added.append(f"{table_name}.{col_name}")
    return added
