"""Reading the roll-up store: the units a fact is added to (a village and every unit above it)."""

from __future__ import annotations

from collections.abc import Iterable

from langso.places.models import Unit, UnitKind

#: how many levels a tree may have above a village (country, province, regency, district…)
LEVELS_ABOVE = 5
#: a village's id and its ancestors' ids, as the fields of one query following the parent links
PARENT_CHAIN = ["id", *("__".join(["parent"] * level) + "_id" for level in range(1, LEVELS_ABOVE + 1))]


def ancestry_by_village(village_ids: Iterable[int] | None) -> dict[int, tuple[int, ...]]:
    """Per village id, the ids of the village and of every unit above it, in one query following
    the parent links; every village when `village_ids` is None (the rebuild)."""
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE)
    if village_ids is not None:
        villages = villages.filter(pk__in=set(village_ids))
    return {
        chain[0]: tuple(unit_id for unit_id in chain if unit_id is not None)
        for chain in villages.values_list(*PARENT_CHAIN)
    }


__all__ = ["PARENT_CHAIN", "ancestry_by_village"]
