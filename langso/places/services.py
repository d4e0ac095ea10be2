"""Writes to the hierarchy: loading official units in bulk and adding villages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from langso.common.text import normalize_text
from langso.places import sources
from langso.places.models import CHILD_KIND, PATH_SEPARATOR, Unit, UnitKind


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _path_of(parent: Unit | None, code: str) -> str:
    return (parent.path if parent else "") + code + PATH_SEPARATOR


@transaction.atomic
def load_vietnam_units() -> LoadResult:
    """Load Vietnam, its 34 provinces and 3,321 communes; running it again changes nothing.

    Names that the data set corrects are updated in place; units are never deleted here,
    because people and reports hang on them.
    """
    country = sources.vietnam_country()
    root, root_created = Unit.objects.get_or_create(
        code=country.code,
        defaults={
            "name": country.name,
            "kind": UnitKind.COUNTRY,
            "division_type": country.division_type,
            "path": _path_of(None, country.code),
            "depth": 0,
        },
    )
    tree = list(sources.vietnam_provinces_and_communes())
    province_result = _upsert_children(root, [province for province, _communes in tree])
    provinces = {unit.code: unit for unit in Unit.objects.filter(parent=root)}
    communes: list[tuple[Unit, Iterable[sources.DivisionRecord]]] = [
        (provinces[province.code], commune_records) for province, commune_records in tree
    ]
    commune_results = [_upsert_children(parent, records) for parent, records in communes]
    return LoadResult(
        created=int(root_created) + province_result.created + sum(r.created for r in commune_results),
        updated=province_result.updated + sum(r.updated for r in commune_results),
        unchanged=int(not root_created)
        + province_result.unchanged
        + sum(r.unchanged for r in commune_results),
    )


def _upsert_children(parent: Unit, records: Iterable[sources.DivisionRecord]) -> LoadResult:
    """Create the missing children of `parent` in one bulk insert and rename the changed ones."""
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=[r.code for r in records])}
    kind = CHILD_KIND[UnitKind(parent.kind)]
    to_create, to_update = [], []
    for record in records:
        unit = existing.get(record.code)
        if unit is None:
            to_create.append(
                Unit(
                    code=record.code,
                    name=record.name,
                    kind=kind,
                    division_type=record.division_type,
                    parent=parent,
                    path=_path_of(parent, record.code),
                    depth=parent.depth + 1,
                )
            )
        elif (unit.name, unit.division_type) != (record.name, record.division_type):
            unit.name, unit.division_type = record.name, record.division_type
            to_update.append(unit)
    Unit.objects.bulk_create(to_create, batch_size=1000)
    Unit.objects.bulk_update(to_update, ["name", "division_type"], batch_size=1000)
    unchanged = len(existing) - len(to_update)
    return LoadResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)


def next_village_code(commune: Unit) -> str:
    """The next free code for a village of `commune`: the commune code, a dash and a serial."""
    prefix = f"{commune.code}-"
    taken = Unit.objects.filter(parent=commune, code__startswith=prefix).values_list("code", flat=True)
    serials = [int(code.removeprefix(prefix)) for code in taken if code.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:03d}"


@transaction.atomic
def create_village(*, commune: Unit, name: str, division_type: str = "thôn") -> Unit:
    """Add a village (thôn, bản, tổ dân phố…) under a commune; the name must be new in that commune."""
    if commune.kind != UnitKind.COMMUNE:
        raise ValidationError(_("Villages can only be created under a commune."))
    # Two officers adding villages at once must not draw the same serial: lock the commune first.
    Unit.objects.select_for_update().filter(pk=commune.pk).first()
    name = " ".join(name.split())
    wanted = normalize_text(name)
    if any(normalize_text(sibling) == wanted for sibling in commune.children.values_list("name", flat=True)):
        raise ValidationError({"name": _("This commune already has a village with that name.")})
    code = next_village_code(commune)
    village = Unit(
        code=code,
        name=name,
        kind=UnitKind.VILLAGE,
        division_type=division_type,
        parent=commune,
        path=_path_of(commune, code),
        depth=commune.depth + 1,
    )
    village.full_clean()
    village.save()
    return village
