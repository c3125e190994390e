"""Each version's line in the history as an audience sees it, kept in the database once made, so
that a visit to the Data page reads the whole history in one query (the table is
:data:`clfj_data.store_tables.history_lines`)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from .store_tables import history_lines, reading


def read_history_lines(engine: Engine, audience: str) -> dict[int, tuple[int, str]]:
    """The stored history lines for ``audience``: version -> (milestones seen, what changed
    from the version before)."""
    query = sa.select(history_lines.c.version, history_lines.c.milestones, history_lines.c.changes).where(
        history_lines.c.audience == audience
    )
    with reading(engine) as connection:
        return {row.version: (row.milestones, row.changes) for row in connection.execute(query)}


def keep_history_lines(engine: Engine, audience: str, lines: dict[int, tuple[int, str]]) -> None:
    """Store history lines (see :func:`read_history_lines`); lines stored already are kept."""
    if not lines:
        return
    rows = [
        {"version": v, "audience": audience, "milestones": count, "changes": changes}
        for v, (count, changes) in lines.items()
    ]
    with engine.begin() as connection:
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        connection.execute(insert(history_lines).values(rows).on_conflict_do_nothing())
