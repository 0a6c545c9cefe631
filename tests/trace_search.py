"""Search every text column of every table of a database for given strings (erasure checks)."""

from __future__ import annotations

from sqlalchemy import String, Text, column, inspect, select, table
from sqlalchemy.engine import Engine


def text_columns(engine: Engine) -> dict[str, list[str]]:
    """Every table of the database (as it is, not as our metadata says) and its text columns."""
    found = inspect(engine)
    out: dict[str, list[str]] = {}
    for name in found.get_table_names():
        cols = [c["name"] for c in found.get_columns(name) if isinstance(c["type"], String | Text)]
        out[name] = cols
    return out


def traces(engine: Engine, *needles: str) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text cell that contains one of the needles."""
    hits = []
    with engine.connect() as conn:
        for name, cols in text_columns(engine).items():
            for col in cols:
                for needle in needles:
                    c = column(col)
                    stmt = select(c).select_from(table(name, c)).where(c.contains(needle))
                    if conn.execute(stmt.limit(1)).first() is not None:
                        hits.append((name, col, needle))
    return hits


def rows_naming(engine: Engine, column_name: str, value: int) -> list[str]:
    """Tables having a column of this name with a row holding this value."""
    hits = []
    found = inspect(engine)
    with engine.connect() as conn:
        for name in found.get_table_names():
            if column_name in {c["name"] for c in found.get_columns(name)}:
                c = column(column_name)
                if conn.execute(select(c).select_from(table(name, c)).where(c == value)).first():
                    hits.append(name)
    return hits
