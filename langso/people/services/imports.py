"""Importing residents from a CSV or XLSX file: check every row, show each problem, then import
all the good rows in one transaction or nothing at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.phones import normalize_phone
from langso.common.text import nfc, normalize_text, parse_number
from langso.people.models import Ethnicity, ImportBatch, ImportStatus, Membership, Person
from langso.people.services.columns import (
    COLUMN_LABELS,
    FALSE_WORDS,
    GENDER_WORDS,
    ORGANIZATION_KEYS,
    REQUIRED,
    TRUE_WORDS,
    column_key,
    is_residents_header,
)
from langso.people.services.registry import ensure_organization
from langso.people.services.tabular import UNREADABLE_REASONS, UnreadableFile, read_table
from langso.people.services.tallies import tally_new_people
from langso.places.models import Unit, UnitKind
from langso.places.selectors import units_in_subtree

#: every problem an import can report; the message is translated when it is shown
ERROR_MESSAGES = {
    **UNREADABLE_REASONS,
    "missing_columns": gettext_lazy("Required columns are missing: {columns}."),
    "too_many_rows": gettext_lazy("The file has more than {limit} rows. Split it into smaller files."),
    "no_rows": gettext_lazy("The file has a header but no rows of people."),
    "required": gettext_lazy("This value is required."),
    "bad_gender": gettext_lazy("“{value}” is not a gender: write Nam, Nữ or Khác."),
    "bad_year": gettext_lazy("“{value}” is not a year: write four digits, e.g. 1956."),
    "future_year": gettext_lazy("The birth year {value} is in the future."),
    "ancient_year": gettext_lazy("The birth year {value} is too far in the past."),
    "unknown_ethnicity": gettext_lazy("“{value}” is not one of the official ethnic groups."),
    "unknown_village": gettext_lazy("No village with code “{value}” in your area."),
    "bad_phone": gettext_lazy("“{value}” is not a valid phone number."),
    "phone_without_consent": gettext_lazy(
        "A phone number is kept only with the person's consent: mark the consent column or leave the "
        "phone empty."
    ),
    "bad_flag": gettext_lazy("“{value}” is not a yes/no answer: write x for yes, leave empty for no."),
    "unknown_organization": gettext_lazy("“{value}” is not a known organization."),
    "duplicate_in_file": gettext_lazy("The same person as row {other}."),
    "already_registered": gettext_lazy("This person is already registered in this village."),
}


def error_message(error: dict[str, Any]) -> str:
    """The translated text of one stored import error."""
    params = dict(error.get("params", {}))
    if "columns" in params:
        params["columns"] = ", ".join(str(COLUMN_LABELS[key]) for key in params["columns"].split(","))
    return str(ERROR_MESSAGES[error["code"]]).format(**params)


class ImportConflict(Exception):
    """The file changed meaning since it was checked (someone registered the same people)."""


@dataclass
class _Context:
    villages: Mapping[str, tuple[int, int | None, int | None]]  # code -> (id, commune id, province id)
    ethnicities: dict[str, int]
    this_year: int


def _ethnicity_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for ethnicity_id, code, name in Ethnicity.objects.values_list("id", "code", "name"):
        folded = normalize_text(name)
        lookup[code] = lookup[str(int(code))] = lookup[_squeeze(folded)] = ethnicity_id
    for alias, target in {"khmer": "khome", "mong": "hmong", "san chi": "sanchay"}.items():
        if target in lookup:
            lookup[_squeeze(alias)] = lookup[target]
    return lookup


def _squeeze(folded: str) -> str:
    """An ethnic group's name without spaces, hyphens or apostrophes: "H'Mông", "Hmông" and
    "Hmong" are the same group."""
    return "".join(ch for ch in folded if ch.isalnum())


def _context_for(scope_unit: Unit) -> _Context:
    rows = units_in_subtree(scope_unit, kind=UnitKind.VILLAGE).values_list(
        "code", "id", "parent_id", "parent__parent_id"
    )
    villages = {code: (pk, commune_id, province_id) for code, pk, commune_id, province_id in rows}
    return _Context(villages, _ethnicity_lookup(), timezone.localdate().year)


def _error(row: int, column: str, code: str, **params: Any) -> dict[str, Any]:
    return {"row": row, "column": column, "code": code, "params": {k: str(v) for k, v in params.items()}}


def _flag(value: str, row: int, column: str, errors: list[dict[str, Any]]) -> bool:
    folded = normalize_text(value)
    if folded in TRUE_WORDS:
        return True
    if folded not in FALSE_WORDS:
        errors.append(_error(row, column, "bad_flag", value=value))
    return False


def _check_row(
    number: int, cells: dict[str, str], context: _Context
) -> tuple[dict[str, Any] | None, list[dict]]:
    """The clean values of one row, or None with the row's errors."""
    errors: list[dict[str, Any]] = []
    for key in REQUIRED:
        if not cells.get(key, "").strip():
            errors.append(_error(number, key, "required"))
    name = nfc(" ".join(cells.get("full_name", "").split()))
    gender = GENDER_WORDS.get(normalize_text(cells.get("gender", "")))
    if cells.get("gender") and gender is None:
        errors.append(_error(number, "gender", "bad_gender", value=cells["gender"]))
    birth_year = None
    raw_year = cells.get("birth_year", "").strip()
    if raw_year:
        if parse_number(raw_year) is None or len(raw_year) != 4:
            errors.append(_error(number, "birth_year", "bad_year", value=raw_year))
        elif int(raw_year) > context.this_year:
            errors.append(_error(number, "birth_year", "future_year", value=raw_year))
        elif int(raw_year) < context.this_year - 120:
            errors.append(_error(number, "birth_year", "ancient_year", value=raw_year))
        else:
            birth_year = int(raw_year)
    raw_ethnicity = cells.get("ethnicity", "").strip()
    ethnicity_id = context.ethnicities.get(_squeeze(normalize_text(raw_ethnicity)))
    if raw_ethnicity and ethnicity_id is None:
        errors.append(_error(number, "ethnicity", "unknown_ethnicity", value=raw_ethnicity))
    village_code = cells.get("village_code", "").strip()
    village = context.villages.get(village_code)
    if village_code and village is None:
        errors.append(_error(number, "village_code", "unknown_village", value=village_code))
    phone = ""
    raw_phone = cells.get("phone", "").strip()
    consent = _flag(cells.get("phone_consent", ""), number, "phone_consent", errors)
    if raw_phone:
        phone = normalize_phone(raw_phone) or ""
        if not phone:
            errors.append(_error(number, "phone", "bad_phone", value=raw_phone))
        elif not consent:
            errors.append(_error(number, "phone_consent", "phone_without_consent"))
    is_cadre = _flag(cells.get("is_cadre", ""), number, "is_cadre", errors)
    is_ocop = _flag(cells.get("is_ocop_subject", ""), number, "is_ocop_subject", errors)
    organizations = []
    for word in filter(
        None, (w.strip() for w in cells.get("organizations", "").replace(";", ",").split(","))
    ):
        kind = ORGANIZATION_KEYS.get(normalize_text(word))
        if kind is None:
            errors.append(_error(number, "organizations", "unknown_organization", value=word))
        elif kind not in organizations:
            organizations.append(kind)
    if errors or village is None:
        return None, errors
    return {
        "row": number,
        "full_name": name,
        "search_name": normalize_text(name),
        "gender": gender,
        "birth_year": birth_year,
        "ethnicity_id": ethnicity_id,
        "village_id": village[0],
        "commune_id": village[1],
        "province_id": village[2],
        "phone": phone,
        "is_cadre": is_cadre,
        "is_ocop_subject": is_ocop,
        "organizations": organizations,
    }, []


def _identity(row: dict[str, Any]) -> tuple[str, int, int]:
    return row["search_name"], row["birth_year"], row["village_id"]


def _registered_identities(village_ids: set[int]) -> set[tuple[str, int, int]]:
    return set(
        Person.objects.filter(village_id__in=village_ids).values_list(
            "search_name", "birth_year", "village_id"
        )
    )


def _mark_duplicates(rows: list[dict[str, Any]], errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows that repeat an earlier row of the file, or a person already registered, become errors."""
    registered = _registered_identities({row["village_id"] for row in rows})
    first_row_of: dict[tuple[str, int, int], int] = {}
    kept = []
    for row in rows:
        identity = _identity(row)
        if identity in first_row_of:
            errors.append(_error(row["row"], "full_name", "duplicate_in_file", other=first_row_of[identity]))
        elif identity in registered:
            errors.append(_error(row["row"], "full_name", "already_registered"))
        else:
            first_row_of[identity] = row["row"]
            kept.append(row)
    return kept


def check_file(
    *, file_name: str, content: bytes, scope_unit: Unit
) -> tuple[list[dict[str, Any]], list[dict]]:
    """Read and check a residents file: the good rows and every problem, nothing written."""
    try:
        sheet = read_table(file_name, content, is_header=is_residents_header)
    except UnreadableFile as error:
        return [], [_error(0, "", error.reason)]
    keys = [column_key(cell) for cell in sheet.header]
    missing = [key for key in REQUIRED if key not in keys]
    if missing:
        return [], [_error(1, "", "missing_columns", columns=",".join(missing))]
    context = _context_for(scope_unit)
    good: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    limit = settings.LANGSO_IMPORT_MAX_ROWS
    seen = 0
    for number, values in sheet.rows:
        if not any(values):
            continue
        seen += 1
        if seen > limit:
            return [], [_error(0, "", "too_many_rows", limit=limit)]
        cells = {key: value for key, value in zip(keys, values, strict=False) if key}
        row, row_errors = _check_row(number, cells, context)
        errors.extend(row_errors)
        if row is not None:
            good.append(row)
    if seen == 0:
        return [], [_error(0, "", "no_rows")]
    good = _mark_duplicates(good, errors)
    errors.sort(key=lambda error: (error["row"], error["column"]))
    return good, errors


@transaction.atomic
def preview_import(*, actor: User, scope_unit: Unit, file_name: str, content: bytes) -> ImportBatch:
    """Check a file and keep the result for the actor to confirm; nothing is imported yet."""
    if not jurisdiction.may(actor, Action.IMPORT_PEOPLE, scope_unit):
        raise PermissionDenied
    rows, errors = check_file(file_name=file_name, content=content, scope_unit=scope_unit)
    total = len({r["row"] for r in rows} | {e["row"] for e in errors if e["row"] > 1})
    batch = ImportBatch(
        created_by=actor,
        scope_unit=scope_unit,
        file_name=file_name[:255],
        valid_rows=rows,
        errors=errors,
        total_rows=total,
    )
    batch.full_clean()
    batch.save()
    return batch


@transaction.atomic
def commit_import(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Import every good row of a checked file in one transaction; a second call does nothing.

    If someone registered the same people since the check, nothing is imported and ImportConflict
    is raised, so that the user checks the file again.
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        return batch
    if batch.created_by_id != actor.pk or not jurisdiction.may(actor, Action.IMPORT_PEOPLE, batch.scope_unit):
        raise PermissionDenied
    rows = batch.valid_rows
    if not rows:
        raise ValidationError(_("There are no good rows to import."))
    if _registered_identities({row["village_id"] for row in rows}) & {_identity(row) for row in rows}:
        raise ImportConflict(
            _(
                "Some of these people were registered after the file was checked. "
                "Upload the file again to check it."
            )
        )
    now = timezone.now()
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"langso:import:{batch.pk}")
    people = [
        Person(
            full_name=row["full_name"],
            search_name=row["search_name"],
            gender=row["gender"],
            birth_year=row["birth_year"],
            ethnicity_id=row["ethnicity_id"],
            village_id=row["village_id"],
            commune_id=row["commune_id"],
            province_id=row["province_id"],
            phone=row["phone"],
            phone_consent_at=now if row["phone"] else None,
            is_cadre=row["is_cadre"],
            is_ocop_subject=row["is_ocop_subject"],
            client_uuid=uuid.uuid5(namespace, str(row["row"])),
        )
        for row in rows
    ]
    Person.objects.bulk_create(people, batch_size=1000)
    tally_new_people(people)
    _create_memberships(rows, namespace)
    batch.status = ImportStatus.COMMITTED
    batch.imported_count = len(people)
    batch.committed_at = now
    batch.valid_rows = []  # the people are in the registry now; keep no second copy
    batch.save(update_fields=["status", "imported_count", "committed_at", "valid_rows"])
    return batch


def _create_memberships(rows: list[dict[str, Any]], namespace: uuid.UUID) -> None:
    wanted = [(row, kind) for row in rows for kind in row["organizations"]]
    if not wanted:
        return
    person_ids = dict(
        Person.objects.filter(
            client_uuid__in=[uuid.uuid5(namespace, str(row["row"])) for row in rows]
        ).values_list("client_uuid", "id")
    )
    communes = {c.pk: c for c in Unit.objects.filter(id__in={row["commune_id"] for row, _kind in wanted})}
    organizations = {}
    memberships = []
    for row, kind in wanted:
        key = (row["commune_id"], kind)
        if key not in organizations:
            organizations[key] = ensure_organization(kind=kind, unit=communes[row["commune_id"]]).pk
        person_id = person_ids[uuid.uuid5(namespace, str(row["row"]))]
        memberships.append(Membership(person_id=person_id, organization_id=organizations[key]))
    Membership.objects.bulk_create(memberships, batch_size=1000)


@transaction.atomic
def cancel_import(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Drop a checked file without importing anything."""
    if batch.created_by_id != actor.pk:
        raise PermissionDenied
    if batch.status == ImportStatus.PREVIEWED:
        batch.status = ImportStatus.CANCELLED
        batch.valid_rows = []
        batch.save(update_fields=["status", "valid_rows"])
    return batch
