"""Reading the roll-up store: the units a fact is added to (a village and every unit above it but
the root), the units whose tallies make up a unit's figures (the root's are its children's), and a
metric's totals per unit."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Sum

from langso.common.sql import placeholders
from langso.places.models import Unit, UnitKind, ancestor_paths
from langso.rollups.models import Tally

#: The root of the tree (the country) is not tallied: every fact in the country would otherwise
#: update, and wait on, the same few rows. Its figures are the sum of its children's.

# Both statements are written out rather than built as querysets: they run once per fact counted,
# and building a join through the ORM, or planning a recursive query, cost more than the lookups.
# A unit's ancestors are the units at the prefixes of its materialized path: one unique-index probe
# each, however large the tree.
_UNITS_AT_PATHS = "SELECT path, id FROM {units} WHERE path IN ({paths})"
_VILLAGE_PATHS = "SELECT id, path FROM {units} WHERE kind = %s {only}"


def ancestry_by_village(village_ids: Iterable[int] | None) -> dict[int, tuple[int, ...]]:
    """Per village id, the ids of the village and of every unit above it but the root, the village
    first (two queries); every village when `village_ids` is None (the rebuild)."""
    params: list[str | int] = [UnitKind.VILLAGE.value]
    only = ""
    if village_ids is not None:
        ids = sorted(set(village_ids))
        if not ids:
            return {}
        only = f"AND id IN ({placeholders(len(ids))})"
        params += ids
    with connection.cursor() as cursor:
        cursor.execute(_VILLAGE_PATHS.format(units=_units_table(), only=only), params)
        paths = dict(cursor.fetchall())
    return ancestry_by_path(paths)


def ancestry_by_path(village_paths: dict[int, str]) -> dict[int, tuple[int, ...]]:
    """Per village id, given the village's path, the ids of the village and of every unit above it
    but the root, the village first (one query)."""
    wanted = {prefix for path in village_paths.values() for prefix in _tallied_paths(path)}
    if not wanted:
        return {}
    statement = _UNITS_AT_PATHS.format(units=_units_table(), paths=placeholders(len(wanted)))
    with connection.cursor() as cursor:
        cursor.execute(statement, sorted(wanted))
        ids: dict[str, int] = dict(cursor.fetchall())
    return {
        village_id: tuple(ids[prefix] for prefix in reversed(_tallied_paths(path)))
        for village_id, path in village_paths.items()
    }


def _tallied_paths(path: str) -> list[str]:
    return ancestor_paths(path)[1:]  # root first: left out


def tallied_units(units: Iterable[Unit]) -> dict[int, list[int]]:
    """Per unit id, the ids of the units whose tallies add up to its figures: the unit itself, or
    the root's children for the root (one query, only when the root is among `units`)."""
    units = list(units)
    roots = [unit.pk for unit in units if unit.parent_id is None]
    children: dict[int, list[int]] = {root: [] for root in roots}
    if roots:
        for child_id, parent_id in Unit.objects.filter(parent__in=roots).values_list("pk", "parent_id"):
            children[parent_id].append(child_id)
    return {unit.pk: children.get(unit.pk, [unit.pk]) for unit in units}


def totals_of(metric: str, period_kind: str, units: Iterable[Unit]) -> dict[int, int]:
    """Per unit id, the sum of every tally of `metric` in `period_kind` at the unit (one query): for
    a metric tallied in a single kind, such as residents by birth cohort, all it ever counted."""
    parts = tallied_units(units)
    rows = (
        Tally.objects.filter(
            metric=metric, period_kind=period_kind, unit_id__in={i for ids in parts.values() for i in ids}
        )
        .values_list("unit_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    totals: dict[int, int] = dict(rows)
    return {unit_id: sum(totals.get(i, 0) for i in ids) for unit_id, ids in parts.items()}


def _units_table() -> str:
    return connection.ops.quote_name(Unit._meta.db_table)


__all__ = ["ancestry_by_path", "ancestry_by_village", "tallied_units", "totals_of"]
