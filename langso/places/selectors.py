"""Reads of the hierarchy. Scoping by user lives in accounts.jurisdiction; these are the tree queries."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from langso.places.models import Unit


def subtree_filter(path: str, *, via: str = "") -> Q:
    """Rows whose unit (reached through `via`, e.g. "village") is at `path` or below it."""
    field = f"{via}__path__startswith" if via else "path__startswith"
    return Q(**{field: path})


def units_in_subtree(unit: Unit, *, kind: str | None = None) -> QuerySet[Unit]:
    """The unit and every unit below it, optionally of one kind."""
    units = Unit.objects.filter(subtree_filter(unit.path))
    return units.filter(kind=kind) if kind else units


def ancestors_of(unit: Unit) -> list[Unit]:
    """The units above `unit`, root first (for a breadcrumb), in one query."""
    paths = unit.ancestor_paths[:-1]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))
