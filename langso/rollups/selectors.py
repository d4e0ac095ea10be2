"""Reading the roll-up store: the units a fact is added to (a village and every unit above it)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from langso.places.models import Unit, UnitKind, ancestor_paths

# Both statements are written out rather than built as querysets: they run once per fact counted,
# and building a join through the ORM, or planning a recursive query, cost more than the lookups.
# A unit's ancestors are the units at the prefixes of its materialized path: one unique-index probe
# each, however large the tree.
_UNITS_AT_PATHS = "SELECT path, id FROM {units} WHERE path IN ({paths})"
_VILLAGE_PATHS = "SELECT id, path FROM {units} WHERE kind = %s {only}"


def ancestry_by_village(village_ids: Iterable[int] | None) -> dict[int, tuple[int, ...]]:
    """Per village id, the ids of the village and of every unit above it, the village first (two
    queries); every village when `village_ids` is None (the rebuild)."""
    params: list[str | int] = [UnitKind.VILLAGE.value]
    only = ""
    if village_ids is not None:
        ids = sorted(set(village_ids))
        if not ids:
            return {}
        only = "AND id IN (" + ", ".join(["%s"] * len(ids)) + ")"
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(_VILLAGE_PATHS.format(units=_units_table(), only=only), params)
        paths = dict(cursor.fetchall())
    return ancestry_by_path(paths)


def ancestry_by_path(village_paths: dict[int, str]) -> dict[int, tuple[int, ...]]:
    """Per village id, given the village's path, the ids of the village and of every unit above it,
    the village first (one query)."""
    wanted = {prefix for path in village_paths.values() for prefix in ancestor_paths(path)}
    if not wanted:
        return {}
    ids: dict[str, int] = {}
    placeholders = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(_UNITS_AT_PATHS.format(units=_units_table(), paths=placeholders), sorted(wanted))
        ids.update(cursor.fetchall())
    return {
        village_id: tuple(ids[prefix] for prefix in reversed(ancestor_paths(path)))
        for village_id, path in village_paths.items()
    }


def _units_table() -> str:
    return connection.ops.quote_name(Unit._meta.db_table)


__all__ = ["ancestry_by_path", "ancestry_by_village"]
