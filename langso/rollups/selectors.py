"""Reading the roll-up store: the units a fact is added to (a village and every unit above it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from langso.places.models import Unit, UnitKind

#: Each village's id and every unit up its parent links (itself first), however deep the tree. A
#: fixed statement rather than a queryset: it runs once per fact counted, and building a five-level
#: join through the ORM cost twice as long as the database took to answer it.
_ANCESTRY = """
    WITH RECURSIVE chain (village_id, unit_id, parent_id, height) AS (
        SELECT id, id, parent_id, 0 FROM {units} WHERE kind = %s {only}
        UNION ALL
        SELECT chain.village_id, parent.id, parent.parent_id, chain.height + 1
        FROM {units} parent JOIN chain ON parent.id = chain.parent_id
    )
    SELECT village_id, unit_id FROM chain ORDER BY village_id, height
"""


def ancestry_by_village(village_ids: Iterable[int] | None) -> dict[int, tuple[int, ...]]:
    """Per village id, the ids of the village and of every unit above it (one query); every
    village when `village_ids` is None (the rebuild)."""
    params: list[str | int] = [UnitKind.VILLAGE.value]
    only = ""
    if village_ids is not None:
        ids = sorted(set(village_ids))
        if not ids:
            return {}
        only = "AND id IN (" + ", ".join(["%s"] * len(ids)) + ")"
        params += ids
    chains: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            _ANCESTRY.format(units=connection.ops.quote_name(Unit._meta.db_table), only=only), params
        )
        for village_id, unit_id in cursor.fetchall():
            chains.setdefault(village_id, []).append(unit_id)
    return {village_id: tuple(chain) for village_id, chain in chains.items()}


__all__ = ["ancestry_by_village"]
